"""A superior's own report: beside each of its own figures, its subordinates' subtotal and
whether the field takes the headquarters' own figure or the whole unit's; text prefilled from
the subordinates is marked «chưa biên tập» and is not written until someone edits it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.regulations.schema.reports import Indicator
from khth.reports.actions import open_report, submit_report
from khth.reports.models import Report, SectionText
from khth.reports.rollup import OWN_FIGURE, WHOLE_FIGURE, entered_as
from tests.reports.conftest import MONTHLY, PERIOD, fill
from tests.reports.test_pages import form_data

pytestmark = pytest.mark.django_db


def sent(world: Any, code: str, user: str, personnel: int) -> Report:
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=world.users[user])
    return submit_report(
        fill(report, world.users[user], {"quan-so": personnel}), by=world.users[user]
    )


@pytest.fixture
def battalion_report(world: Any) -> Report:
    """C1 (120 people) and C2 (80) have sent theirs; then B1 opens its own."""
    sent(world, "C1", "po_c1", 120)
    sent(world, "C2", "po_c2", 80)
    return open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])


def span(body: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</span>', body, re.S)
    assert match, testid
    return match.group(1)


def test_each_own_figure_shows_the_subordinates_subtotal(world: Any, battalion_report):
    client = world.client("po_b1")
    data = form_data(battalion_report, **{"value-quan-so": "15"})  # the battalion HQ's own
    assert client.post(f"/reports/{battalion_report.pk}/edit/", data).status_code == 302
    body = client.get(f"/reports/{battalion_report.pk}/edit/").content.decode()
    # 120 + 80 from the companies; the battalion's own 15 is not in it.
    assert span(body, "below-quan-so") == "Cấp dưới: 200"
    assert "báo cáo đã gửi của 2/2 đơn vị" in body
    assert "Chỉ ghi số của riêng cơ quan Tiểu đoàn 1" in span(body, "entered-as-quan-so")
    # The boolean counted over the units: "2/2" of the companies said yes.
    assert span(body, "below-hoan-thanh-nhiem-vu") == "Cấp dưới: 2/2"


def test_a_company_without_subordinates_sees_no_subtotal(world: Any, company_report):
    body = world.client("po_c1").get(f"/reports/{company_report.pk}/edit/").content.decode()
    assert 'data-testid="below-' not in body
    assert 'data-testid="entered-as-' not in body


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        ("sum", OWN_FIGURE),
        ("ratio", OWN_FIGURE),
        ("weighted_average", OWN_FIGURE),
        ("min", OWN_FIGURE),
        ("max", OWN_FIGURE),
        ("count_true", OWN_FIGURE),
        ("count_condition", OWN_FIGURE),
        ("none", OWN_FIGURE),
        ("last", WHOLE_FIGURE),
    ],
)
def test_the_rule_decides_own_or_whole(aggregation: str, expected: str):
    indicator = Indicator.model_validate(
        {
            "code": "x",
            "name": "X",
            "type": "integer",
            "section": "s",
            "aggregation": aggregation,
            "basis": "default",
        }
    )
    assert entered_as(indicator) == expected


def test_a_last_value_indicator_asks_for_the_whole_units_figure(world: Any, edited_regulation):
    def last_news(data: dict[str, Any]) -> None:
        for template in data["report_templates"]:
            for indicator in template.get("indicators", []):
                if indicator["code"] == "tin-bai":
                    indicator["aggregation"] = "last"

    edited_regulation(last_news, "2017.1-khth.9-last")
    sent(world, "C1", "po_c1", 120)
    report = open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])
    body = world.client("po_b1").get(f"/reports/{report.pk}/edit/").content.decode()
    assert "Ghi số của toàn đơn vị" in span(body, "entered-as-tin-bai")
    assert "riêng cơ quan" in span(body, "entered-as-quan-so")


def states(body: str) -> dict[str, str]:
    return dict(re.findall(r'data-code="([^"]+)" data-state="([^"]+)"', body))


def test_prefilled_text_is_unedited_until_someone_edits_it(world: Any, battalion_report):
    prefilled = SectionText.objects.get(report=battalion_report, section_code="tinh-hinh")
    assert prefilled.prefilled and "Đại đội 1" in prefilled.html
    client = world.client("po_b1")
    body = client.get(f"/reports/{battalion_report.pk}/edit/").content.decode()
    assert 'data-testid="unedited-tinh-hinh"' in body
    assert states(body)["tinh-hinh"] == "unedited"
    assert "chưa biên tập" in body

    # Sent back as it came (the live check, or a save of other fields): still not written.
    data = form_data(battalion_report, **{"section-tinh-hinh": prefilled.html})
    body = client.post(f"/reports/{battalion_report.pk}/check/", data).content.decode()
    assert states(body)["tinh-hinh"] == "unedited"
    client.post(f"/reports/{battalion_report.pk}/edit/", dict(data, then="submit"))
    assert Report.objects.get(pk=battalion_report.pk).status == Report.DRAFT
    assert SectionText.objects.get(pk=prefilled.pk).prefilled

    # Edited: now the battalion's own synthesis.
    edited = prefilled.html + "<p>Tiểu đoàn tổng hợp: tình hình ổn định.</p>"
    report = Report.objects.get(pk=battalion_report.pk)
    data = form_data(report, **{"section-tinh-hinh": edited})
    body = client.post(f"/reports/{report.pk}/check/", data).content.decode()
    assert states(body)["tinh-hinh"] == "done"
    client.post(f"/reports/{report.pk}/edit/", data)
    assert not SectionText.objects.get(pk=prefilled.pk).prefilled
    body = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert 'data-testid="unedited-tinh-hinh"' not in body
