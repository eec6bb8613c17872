"""Issue 13: every official document KHTH produces can be registered and then prints the
register's number, on the DOCX and on the print page: reports, plans, inspection conclusions
and reviews (typed documents and coordination's exchange reports already did)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.docsystem.register.actions import Outgoing, RegisterError, register_outgoing
from khth.documents.render.docx import render_docx
from khth.inspections.documents import conclusion_document
from khth.plans.documents import plan_document
from khth.reports.actions import submit_report
from khth.reports.documents import report_document
from khth.reviews.actions import create_review, finish_review
from khth.reviews.documents import review_document
from khth.reviews.registration import register_review, review_registration
from khth.units.actions import update_unit
from tests.documents.helpers import docx_text
from tests.inspections import conftest as inspection_fixtures
from tests.plans import conftest as plan_fixtures
from tests.reports import conftest as report_fixtures
from tests.reports.conftest import fill

# The fixtures of the rooms whose documents are registered here.
division = inspection_fixtures.division
planned = inspection_fixtures.planned
regiment_plan = plan_fixtures.regiment_plan
company_report = report_fixtures.company_report

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 8, 2)


def test_a_registered_report_prints_its_number(world: Any, company_report: Any) -> None:
    update_unit(world.unit("C1"), by=None, admin_abbr="ĐĐ1")
    po = world.users["po_c1"]
    report = submit_report(fill(company_report, po), by=po)
    before = report_document(report)
    assert before.header.number == "Số:       /BC-ĐĐ1"
    registered = register_outgoing(
        world.unit("C1"), Outgoing("bc-dinh-ky", DAY, "Báo cáo tháng 7", report=report), by=po
    )
    assert registered.number_text == "Số: 01/BC-ĐĐ1"
    after = report_document(report)
    assert after.header.number == "Số: 01/BC-ĐĐ1"
    assert "ngày 02 tháng 8 năm 2024" in after.header.place_date
    assert "Số: 01/BC-ĐĐ1" in docx_text(render_docx(after))
    page = world.client("po_c1").get(f"/reports/{report.pk}/print/").content.decode()
    assert "01/BC-ĐĐ1" in page


def test_a_registered_plan_prints_its_number(world: Any, regiment_plan: Any) -> None:
    officer = world.users["cu_r"]
    register_outgoing(
        world.unit("R"), Outgoing("kh-ctd-nam", DAY, "Kế hoạch năm", plan=regiment_plan), by=officer
    )
    assert plan_document(regiment_plan).header.number.startswith("Số: 01/KH-")
    page = world.client("cu_r").get(f"/plans/{regiment_plan.pk}/print/").content.decode()
    assert "01/KH-" in page


def test_an_inspection_conclusion_links_to_the_register(division: Any, planned: Any) -> None:
    po = division.users["po_d"]
    assert conclusion_document(planned).header.number.startswith("Số:       /")
    response = division.client("po_d").post(
        "/api/v1/register/outgoing",
        {
            "unit_code": "D",
            "kind_code": "tb-ket-luan-kiem-tra",
            "dated": "2024-04-20",
            "summary": "Kết luận kiểm tra quý I/2024",
            "inspection_id": planned.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["inspection_id"] == planned.pk
    assert conclusion_document(planned).header.number.startswith("Số: 01/TB-")
    # Registered once; and only by the inspecting unit.
    with pytest.raises(RegisterError):
        register_outgoing(
            division.unit("D"),
            Outgoing("tb-ket-luan-kiem-tra", DAY, "Lần hai", inspection=planned),
            by=po,
        )


def test_a_review_is_registered_through_its_room(world: Any) -> None:
    officer = world.users["cu_r"]
    review = create_review(
        world.unit("R"),
        title="Báo cáo sơ kết 6 tháng đầu năm 2024",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=officer,
        today=DAY,
    )
    with pytest.raises(RegisterError, match="đã hoàn thành"):
        register_review(review, by=officer, dated=DAY)
    review = finish_review(review, by=officer)
    registered = register_review(review, by=officer, dated=DAY)
    assert (registered.source_kind, registered.source_id) == ("review", review.pk)
    assert review_registration(review) == registered
    assert review_document(review).header.number == registered.number_text
    with pytest.raises(RegisterError, match="đã vào sổ"):
        register_review(review, by=officer, dated=DAY)
