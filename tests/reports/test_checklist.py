"""The completeness check as a checklist: progress before anything is wrong, every required item
a link to its field, full outline numbers, calm on a blank report and red only for wrong figures
or after a refused submission; the same checklist live, on the editor and on the report's page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from khth.reports.actions import template
from khth.reports.completeness import check
from khth.reports.models import Report
from khth.reports.template import entered_indicators, outline
from tests.reports.conftest import complete_content, fill
from tests.reports.test_pages import form_data

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "khth" / "web" / "static" / "web" / "khth.css"


def required_count(report: Report) -> int:
    blank = check(template(report), {}, {}, set())
    return len(blank.items)


def items(body: str) -> list[tuple[str, str, str]]:
    """(class, code, state) of each checklist item."""
    return re.findall(r'<li class="([^"]*)" data-code="([^"]+)" data-state="([^"]+)"', body)


def test_a_blank_report_shows_calm_progress_not_a_wall_of_red(world: Any, company_report):
    body = world.client("po_c1").get(f"/reports/{company_report.pk}/edit/").content.decode()
    total = required_count(company_report)
    assert total > 20
    assert f"0/{total} đã đủ" in body
    assert f'<progress value="0" max="{total}"' in body
    listed = items(body)
    assert len(listed) == total
    assert {state for _cls, _code, state in listed} == {"missing"}
    assert not [cls for cls, _code, _state in listed if "bad" in cls.split()]
    checklist = body[
        body.index('id="completeness"') : body.index('data-testid="completeness-verdict"')
    ]
    assert 'class="bad"' not in checklist and "tag bad" not in checklist
    assert "Thiếu nội dung theo quy định" not in checklist


def test_each_item_links_to_its_field_by_its_full_number(world: Any, company_report):
    body = world.client("po_c1").get(f"/reports/{company_report.pk}/edit/").content.decode()
    # A sub-section is named by its whole number path, as a reader finds it in the outline.
    assert '<a href="#muc-uu-diem">IV.1. Ưu điểm</a>' in body
    assert '<a href="#muc-giao-duc-chinh-tri">III.1.' in body
    assert "mục 1. Ưu điểm" not in body
    assert '<a href="#chi-tieu-quan-so">Quân số</a>' in body
    # Every link lands on an element of the page that holds the field.
    for anchor in re.findall(r'<a href="#((?:muc|chi-tieu)-[^"]+)"', body):
        assert f'id="{anchor}"' in body, anchor
    assert re.search(r'<tr id="chi-tieu-quan-so"[^>]*>.*?id="v-quan-so"', body, re.S)


def test_progress_counts_what_is_written_and_justified(world: Any, company_report):
    content = complete_content(company_report)
    assert content.sections is not None
    del content.sections["tinh-hinh"]
    data = form_data(company_report)
    data["section-tinh-hinh"] = ""
    data["justify-section-han-che"] = "Chưa đánh giá"
    data["section-han-che"] = ""
    body = world.client("as_c1").post(f"/reports/{company_report.pk}/check/", data)
    text = body.content.decode()
    total = required_count(company_report)
    assert f"{total - 2}/{total} đã đủ" in text
    assert "1 mục đã ghi lý do" in text
    states = {code: state for _cls, code, state in items(text)}
    assert states["tinh-hinh"] == "missing"
    assert states["han-che"] == "justified"
    assert states["quan-so"] == "done"


def test_a_wrong_figure_is_red_at_once(world: Any, company_report):
    data = form_data(company_report, **{"value-dang-vien": "500"})  # more than the personnel
    text = world.client("as_c1").post(f"/reports/{company_report.pk}/check/", data)
    problems = text.content.decode().split('data-testid="completeness-problems"')[1]
    assert '<li class="bad"' in problems.split("</ul>")[0]


def test_missing_items_turn_red_after_a_refused_submission(world: Any, company_report):
    client = world.client("po_c1")
    data = form_data(company_report, **{"section-tinh-hinh": "", "then": "submit"})
    response = client.post(f"/reports/{company_report.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"].endswith("?submit=refused")
    body = client.get(response["Location"]).content.decode()
    listed = {code: cls for cls, code, _state in items(body)}
    assert "bad" in listed["tinh-hinh"].split()
    assert '<input type="hidden" name="strict" value="1">' in body
    # The live check keeps the red while the form says so.
    data = form_data(company_report, **{"section-tinh-hinh": "", "strict": "1"})
    body = client.post(f"/reports/{company_report.pk}/check/", data).content.decode()
    assert "bad" in {code: cls for cls, code, _state in items(body)}["tinh-hinh"].split()


def test_the_report_page_shows_the_same_checklist(world: Any, company_report):
    fill(company_report, world.users["as_c1"])
    body = world.client("po_b1").get(f"/reports/{company_report.pk}/").content.decode()
    total = required_count(company_report)
    assert f"{total}/{total} đã đủ" in body
    assert 'data-testid="checklist"' in body
    assert 'id="muc-uu-diem"' in body and 'href="#muc-uu-diem"' in body
    assert "reports/checklist.js" in body


def test_every_required_item_is_on_the_checklist(world: Any, company_report):
    tmpl = template(company_report)
    result = check(tmpl, {}, {}, set())
    leaves = {r.code for r in outline(tmpl) if r.is_leaf and r.required}
    required = {i.code for i in entered_indicators(tmpl) if i.required}
    assert {i.code for i in result.items if i.kind == "section"} == leaves
    assert {i.code for i in result.items if i.kind == "indicator"} >= required


def test_problem_lists_are_in_the_body_font():
    # A monospace font draws Vietnamese accents badly: the lists of problems use the body font.
    css = CSS.read_text(encoding="utf-8")
    for rule in re.findall(r"([^{}]*)\{([^}]*)\}", css):
        if ".problems" in rule[0]:
            assert "monospace" not in rule[1], rule
