"""Synthesis for reviews: a six-month review of B1 draws, section by section, on the monthly
reports its unit and companies sent over the span; a unit counts once however many months it
wrote the same thing, each sentence says its month, and the draft goes in unedited."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from khth.reports.actions import open_report, save_report, submit_report
from khth.reports.models import Report
from khth.reviews.actions import (
    ReviewError,
    create_review,
    finish_review,
    insert_synthesis_draft,
    save_review,
)
from khth.reviews.models import Review
from tests.reports.conftest import MONTHLY, complete_content
from tests.synthesis.conftest import OFFICERS, SECTION

TEXTS = {
    ("C1", "202407"): "<p>Tổ chức 12 buổi học tập chính trị cho bộ đội.</p>",
    ("C1", "202408"): "<p>Tổ chức 10 buổi học tập chính trị cho bộ đội.</p>",
    ("C2", "202408"): (
        "<p>Tổ chức 8 buổi học tập chính trị cho bộ đội.</p>"
        "<p>Có 1 đồng chí vi phạm kỷ luật, đã xử lý theo quy định.</p>"
    ),
    # Outside the span: never read.
    ("C2", "202401"): "<p>Tổ chức hội thi tìm hiểu lịch sử đơn vị.</p>",
}


def sent(world: Any, code: str, period: str, html: str) -> Report:
    by = world.users[OFFICERS[code]]
    report = open_report(world.unit(code), MONTHLY, period, by=by)
    content = complete_content(report)
    assert content.sections is not None
    content = replace(content, sections={**content.sections, SECTION: html})
    report = save_report(report, content, by=by, base_version=report.version)
    return submit_report(report, by=by)


@pytest.fixture
def monthly(world: Any) -> dict[tuple[str, str], Report]:
    return {key: sent(world, *key, html) for key, html in TEXTS.items()}


@pytest.fixture
def review(world: Any, monthly: dict[tuple[str, str], Report]) -> Review:
    return create_review(
        world.unit("B1"),
        title="Sơ kết 6 tháng cuối năm 2024",
        starts_on=dt.date(2024, 7, 1),
        ends_on=dt.date(2024, 12, 31),
        by=world.users["po_b1"],
        today=dt.date(2025, 1, 5),
    )


def page(review: Review, section: str = SECTION) -> str:
    return f"/reviews/{review.pk}/tong-hop/{section}/"


def test_the_page_groups_the_months_of_the_span_by_unit(world, review, monthly):
    response = world.client("po_b1").get(page(review))
    assert response.status_code == 200
    body = response.content.decode()
    # C1 said it in two months and C2 in one: 2 units, not 3 sentences' worth of units, of the
    # 3 that report monthly (B1 itself sent nothing and is named).
    assert "2/3 đơn vị" in body
    assert "Tiểu đoàn 1" in body.split('data-testid="silent"')[1]
    assert "Tháng 7/2024" in body or "tháng 7/2024" in body
    assert f"/reports/{monthly[('C1', '202407')].pk}/#muc-{SECTION}" in body
    assert "lịch sử đơn vị" not in body  # January is outside the span
    assert "Cần chú ý" in body  # the violation


def test_the_draft_goes_in_unedited_and_blocks_finishing_until_edited(world, review):
    po = world.users["po_b1"]
    review = insert_synthesis_draft(review, SECTION, scope="children", by=po)
    assert SECTION in review.unedited
    assert "2/3 đơn vị (Đại đội 1, Đại đội 2)" in review.sections[SECTION]
    # A unit's months are not added up (a headcount would double): the range, with sources.
    assert "30 buổi" not in review.sections[SECTION]
    kept = review.syntheses[SECTION]
    assert kept["written"] == 2 and kept["groups"]
    edit = world.client("po_b1").get(f"/reviews/{review.pk}/edit/").content.decode()
    assert f'data-testid="unedited-{SECTION}"' in edit
    with pytest.raises(ReviewError, match="chưa biên tập"):
        finish_review(review, by=po)
    # Saving the same text leaves it unedited; changing it makes it the unit's own.
    review = save_review(
        review, by=po, base_revision=review.revision, sections={SECTION: review.sections[SECTION]}
    )
    assert SECTION in review.unedited
    review = save_review(
        review,
        by=po,
        base_revision=review.revision,
        sections={SECTION: "<p>Tiểu đoàn tổ chức 30 buổi học tập chính trị.</p>"},
    )
    assert review.unedited == []
    assert finish_review(review, by=po).status == Review.FINAL
    detail = world.client("cmd_b1").get(f"/reviews/{review.pk}/").content.decode()
    assert f'data-testid="kept-{SECTION}"' in detail  # «Nguồn tổng hợp» stays


def test_the_draft_never_overwrites_the_units_own_text(world, review):
    po = world.users["po_b1"]
    review = save_review(
        review, by=po, base_revision=review.revision, sections={SECTION: "<p>Của đơn vị.</p>"}
    )
    with pytest.raises(ReviewError, match="đã có nội dung"):
        insert_synthesis_draft(review, SECTION, scope="children", by=po)
    review.refresh_from_db()
    assert review.sections[SECTION] == "<p>Của đơn vị.</p>"
    assert review.unedited == [] and review.syntheses == {}


def test_posting_inserts_and_goes_to_the_editor(world, review):
    response = world.client("po_b1").post(page(review), {"scope": "children"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/reviews/{review.pk}/edit/#muc-{SECTION}")
    review.refresh_from_db()
    assert review.unedited == [SECTION]


def test_scope_and_permissions(world, review):
    # C2's officer does not see B1's review; B1's commander reads it but does not write it.
    assert world.client("po_c2").get(page(review)).status_code == 404
    assert world.client("po_c2").post(page(review), {"scope": "children"}).status_code == 404
    assert world.client("po_c2").get(f"/api/v1/reviews/{review.pk}/synthesis").status_code == 404
    assert world.client("cmd_b1").get(page(review)).status_code == 200
    assert world.client("cmd_b1").post(page(review), {"scope": "children"}).status_code == 403
    review.refresh_from_db()
    assert review.unedited == []


def test_a_section_the_periodic_reports_do_not_have_is_not_offered(world, monthly):
    review = create_review(
        world.unit("B1"),
        title="Sơ kết 2 năm thực hiện Quy chế",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2024, 12, 31),
        by=world.users["po_b1"],
        today=dt.date(2025, 1, 5),
        kind=Review.IMPLEMENTATION,
        subject="Quy chế công tác kế hoạch – tổng hợp",
    )
    client = world.client("po_b1")
    assert client.get(page(review, "quan-triet")).status_code == 404
    answer = client.get(f"/api/v1/reviews/{review.pk}/synthesis?section=quan-triet")
    assert answer.status_code == 400
    assert "quan-triet" in answer.json()["detail"]


def test_the_api_gives_the_groups_with_their_source_reports(world, review, monthly):
    answer = world.client("po_b1").get(
        f"/api/v1/reviews/{review.pk}/synthesis?section={SECTION}&scope=subtree"
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["review_id"] == review.pk and data["scope"] == "subtree"
    (section,) = data["sections"]
    assert section["section"] == SECTION and section["written"] == 2
    sources = {s["report_id"] for g in section["groups"] for s in g["sentences"]}
    span = {r.pk for (code, period), r in monthly.items() if period != "202401"}
    assert sources == span
    assert any(g["is_problem"] for g in section["groups"])


def test_a_span_without_monthly_reports_reads_the_finest_there_are(world):
    """A review of a half-year whose monthly reports were never kept in KHTH reads the
    half-year reports instead, and says so."""
    by = world.users["po_c1"]
    report = open_report(world.unit("C1"), "bc-6-thang", "2024S1", by=by)
    content = complete_content(report)
    assert content.sections is not None
    content = replace(
        content, sections={**content.sections, SECTION: "<p>Tổ chức 40 buổi học tập.</p>"}
    )
    submit_report(save_report(report, content, by=by, base_version=report.version), by=by)
    review = create_review(
        world.unit("B1"),
        title="Sơ kết 6 tháng đầu năm 2024",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=world.users["po_b1"],
        today=dt.date(2024, 7, 5),
    )
    body = world.client("po_b1").get(page(review)).content.decode()
    assert "40 buổi học tập" in body
    assert "nguồn: Báo cáo" in body and "6 tháng" in body
