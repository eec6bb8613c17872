"""A deployment runs on an edited regulation without a change of code."""

from __future__ import annotations

from typing import Any

import pytest

from khth.regulations.access import active_regulation, level_codes, requirements_for_level
from khth.regulations.actions import load_regulation
from tests.regulations.helpers import new_version, to_yaml

pytestmark = pytest.mark.django_db


def test_renamed_level_and_extra_indicator(default_text: str) -> None:
    load_regulation(default_text, "default.yaml", by=None)
    # Rename the company level everywhere it is referenced, as an editor would with search and
    # replace, and add an indicator with a rule on it.
    edited = (
        default_text.replace("dai-doi", "dai-doi-doc-lap")
        .replace("name: Đại đội và tương đương", "name: Đại đội độc lập")
        .replace('version: "2017.1-khth.5"', 'version: "2017.1-qk7.1"')
        .replace(
            "    rules: &core-rules\n",
            "      - code: hoc-tap-nghi-quyet\n"
            "        name: Số người học tập nghị quyết\n"
            "        type: integer\n"
            "        unit: người\n"
            "        section: giao-duc-chinh-tri\n"
            "        min: 0\n"
            "        aggregation: sum\n"
            "        basis: default\n"
            "    rules: &core-rules\n"
            "      - code: hoc-tap-nghi-quyet-khong-qua-quan-so\n"
            "        expression: {left: hoc-tap-nghi-quyet, op: '<=', right: quan-so}\n"
            "        message: Số người học tập nghị quyết không được lớn hơn quân số\n"
            "        basis: default\n",
        )
    )
    version, created = load_regulation(edited, "qk7.yaml", by=None)
    assert created and version.is_active
    assert "dai-doi-doc-lap" in level_codes()
    assert "dai-doi" not in level_codes()
    reg = active_regulation()
    requirements = requirements_for_level(reg, "dai-doi-doc-lap")
    assert requirements.level.name == "Đại đội độc lập"
    assert {r.code: r.deadline_working_days for r in requirements.reports}["bc-thang"] == 2
    quarterly = reg.report_template("bc-quy")
    assert "hoc-tap-nghi-quyet" in {i.code for i in quarterly.indicators}
    assert quarterly.rules[0].code == "hoc-tap-nghi-quyet-khong-qua-quan-so"


def test_removing_a_level_and_changing_deadlines(default_data: dict[str, Any]) -> None:
    # A deployment without platoons and with longer deadlines everywhere.
    default_data["levels"] = [lv for lv in default_data["levels"] if lv["code"] != "trung-doi"]
    for template in default_data["report_templates"]:
        template["deadlines"] = {k: v + 1 for k, v in template["deadlines"].items()}
    load_regulation(to_yaml(new_version(default_data, "2017.1-x.1")), "x.yaml", by=None)
    assert level_codes()[-1] == "dai-doi"
    company = requirements_for_level(active_regulation(), "dai-doi")
    assert {r.code: r.deadline_working_days for r in company.reports}["bc-thang"] == 3
