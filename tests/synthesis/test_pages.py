"""The synthesis page of a report's section, the ways to it from the report's pages, and who
may see it and insert its draft."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.reports.models import Report
from khth.units.actions import create_unit
from tests.conftest import FOUNDED
from tests.synthesis.conftest import SECTION, page, request_reports, sent

pytestmark = pytest.mark.django_db


def test_the_battalion_officer_sees_the_groups_their_units_and_sources(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    response = world.client("po_b1").get(page(battalion_report))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tổng hợp nội dung mục III.1." in body
    groups = re.findall(r'data-testid="group-units">(.*?)</b>', body, re.S)
    assert groups, body
    # Largest first: the group both companies wrote about comes first, "2/2 đơn vị".
    assert groups[0].startswith("Đại đội 1, Đại đội 2") or groups[0].startswith(
        "Đại đội 2, Đại đội 1"
    )
    assert re.findall(r'data-testid="group-count">(.*?)</span>', body)[0] == "2/2 đơn vị"
    # Each sentence links to the section of the report it was written in.
    c1 = f'href="/reports/{company_reports["C1"].pk}/#muc-{SECTION}"'
    assert c1 in body
    # Figures added up with their parts; a percentage only by part.
    figures = re.findall(r'data-testid="group-figures">(.*?)</ul>', body, re.S)
    assert "<li>20 buổi (Đại đội 1: 12, Đại đội 2: 8)</li>" in figures[0]
    assert "<li>Đại đội 1: 98%, Đại đội 2: 97%</li>" in figures[0]
    # The discipline problem stands out, with the term found.
    problem = body[body.index('data-testid="group-problem"') :]
    assert "Cần chú ý" in problem[:200] and "vi phạm" in problem[:200]
    assert "Có 1 đồng chí vi phạm kỷ luật" in problem
    assert "Đưa bản nháp vào báo cáo" in body
    # Never a dead end: back to the report, and to the editor at this section.
    assert f'href="/reports/{battalion_report.pk}/#muc-{SECTION}"' in body
    assert f'href="/reports/{battalion_report.pk}/edit/#muc-{SECTION}"' in body


@pytest.mark.parametrize(
    ("username", "status", "can_insert"),
    [
        ("po_b1", 200, True),
        ("cmd_b1", 200, False),  # reads the battalion's report; writes nothing
        ("cu_r", 200, False),  # the superior reads it; a superior never edits it
        ("po_c1", 404, False),  # a company's officer does not see the battalion's report
        ("po_c2", 404, False),
        ("nobody", 404, False),
    ],
)
def test_page_and_insertion_follow_the_scope(
    world: Any, battalion_report: Report, username: str, status: int, can_insert: bool
):
    client = world.client(username)
    response = client.get(page(battalion_report))
    assert response.status_code == status
    if status == 200:
        assert ("Đưa bản nháp vào báo cáo" in response.content.decode()) is can_insert
    posted = client.post(page(battalion_report), {"scope": "children"})
    assert posted.status_code == (302 if can_insert else 403 if status == 200 else 404)


def test_an_unknown_section_or_a_heading_is_not_found(world: Any, battalion_report: Report):
    client = world.client("po_b1")
    assert client.get(page(battalion_report, "khong-co")).status_code == 404
    # «Kết quả tiến hành các mặt công tác» only groups its subsections: no text of its own.
    assert client.get(page(battalion_report, "ket-qua")).status_code == 404


def test_a_bad_scope_is_said_not_failed(world: Any, battalion_report: Report):
    client = world.client("po_b1")
    response = client.get(page(battalion_report) + "?scope=ca-nuoc")
    assert response.status_code == 200
    assert "Phạm vi tổng hợp «ca-nuoc» không hợp lệ" in response.content.decode()
    posted = client.post(page(battalion_report), {"scope": "ca-nuoc"}, follow=True)
    assert "Phạm vi tổng hợp «ca-nuoc» không hợp lệ" in posted.content.decode()


def test_the_editor_and_the_read_page_lead_to_the_synthesis(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    link = f'href="{page(battalion_report)}"'
    client = world.client("po_b1")
    assert link in client.get(f"/reports/{battalion_report.pk}/edit/").content.decode()
    assert link in client.get(f"/reports/{battalion_report.pk}/").content.decode()
    # A company has no subordinates: nothing to synthesise, no link.
    company = world.client("po_c1").get(f"/reports/{company_reports['C1'].pk}/").content.decode()
    assert "/tong-hop/" not in company


def test_the_read_page_shows_where_a_drafted_text_came_from(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    world.client("po_b1").post(page(battalion_report), {"scope": "children"})
    # The superior reviewing the battalion's report sees the sources, linked.
    body = world.client("cu_r").get(f"/reports/{battalion_report.pk}/").content.decode()
    kept = body[body.index(f'data-testid="kept-{SECTION}"') :]
    kept = kept[: kept.index("</details>")]
    assert "Nguồn tổng hợp" in kept
    assert "2/2 đơn vị" in kept
    for report in company_reports.values():
        assert f'href="/reports/{report.pk}/#muc-{SECTION}"' in kept
    # Only the drafted section has sources.
    assert body.count('data-testid="kept-') == 1


def test_an_ad_hoc_requests_report_is_synthesised_from_the_addressees_below(world: Any):
    battalion = request_reports(world)
    response = world.client("po_b1").get(page(battalion, "su-viec"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đại đội 1" in body and "Đại đội 2" in body
    assert "Đưa bản nháp vào báo cáo" in body


def _grow(world: Any, companies: int, tag: str) -> None:
    """More companies under B1, each with its report sent."""
    for n in range(companies):
        code = f"{tag}{n}"
        create_unit(
            code=code, name=f"Đại đội {code}", short_name=f"c{code}", level="dai-doi",
            parent=world.unit("B1"), by=None, valid_from=FOUNDED,
        )  # fmt: skip
        sent(world, code, {SECTION: f"<p>Tổ chức {n + 2} buổi học tập chính trị.</p>"})


def test_the_page_costs_the_same_queries_whatever_the_subtree(
    world: Any, battalion_report: Report, django_assert_max_num_queries
):
    client = world.client("po_b1")
    _grow(world, 3, "X")
    # Session, user, scope, the report, its regulation, the tree and reports of the period (2),
    # the texts, the section's own text, and the page frame's own (notifications…).
    bound = 12
    for scope in ("children", "subtree"):
        with django_assert_max_num_queries(bound):
            assert client.get(page(battalion_report) + f"?scope={scope}").status_code == 200
    _grow(world, 6, "Y")
    for scope in ("children", "subtree"):
        with django_assert_max_num_queries(bound):
            assert client.get(page(battalion_report) + f"?scope={scope}").status_code == 200
