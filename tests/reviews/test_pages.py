"""Review pages through HTTP: the unit's list and the new-review form (span presets), the
review page with its figures, charts and links, the draft's prefilled narrative, the editor
with its revision check, «Hoàn thành», and scope."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khth.reviews.actions import create_review
from khth.reviews.forms import months_back
from khth.reviews.models import Review
from tests.reviews.conftest import END, START, TODAY

pytestmark = pytest.mark.django_db


def regiment_review(world: Any, **kwargs: Any) -> Review:
    return create_review(
        world.unit("R"),
        title=kwargs.pop("title", "Báo cáo tổng kết 5 năm thực hiện Quy chế, 2020 – 2024"),
        starts_on=kwargs.pop("starts_on", START),
        ends_on=kwargs.pop("ends_on", END),
        by=world.users["cu_r"],
        today=TODAY,
        **kwargs,
    )


def text_of(response: Any) -> str:
    return str(response.content.decode())


# --- the unit's page and the form ------------------------------------------------------------


def test_the_navigation_leads_to_the_users_unit(world):
    client = world.client("cu_r")
    # The menu links straight to the user's unit page; its own address redirects there.
    assert f'href="{reverse("review-unit", args=["R"])}"' in text_of(client.get("/"))
    response = client.get(reverse("reviews-home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("review-unit", args=["R"])


def test_only_people_holding_inspection_manage_at_the_unit_get_the_form(world):
    assert "Soạn sơ kết, tổng kết" in text_of(world.client("cu_r").get("/reviews/unit/R/"))
    # The commander reads B1's reviews but does not write them; the division's admin manages
    # accounts, not reviews.
    for username, code in (("cmd_b1", "B1"), ("admin_d", "D"), ("cu_r", "B1")):
        client = world.client(username)
        response = client.get(f"/reviews/unit/{code}/")
        assert response.status_code == 200
        assert 'data-testid="new-review"' not in text_of(response), username
        post = client.post(f"/reviews/unit/{code}/new/", {"span": "1y", "ends_on": "2024-12-31"})
        assert post.status_code == 403, username


@pytest.mark.parametrize(
    ("span", "ends_on", "starts_on"),
    [
        ("6m", "2024-06-30", dt.date(2024, 1, 1)),
        ("1y", "2024-12-31", dt.date(2024, 1, 1)),
        ("2y", "2019-12-31", dt.date(2018, 1, 1)),
        ("5y", "2022-07-25", dt.date(2017, 7, 26)),
        ("6m", "2024-06-14", dt.date(2023, 12, 15)),
    ],
)
def test_span_presets_end_on_the_chosen_day(world, span, ends_on, starts_on):
    client = world.client("cu_r")
    response = client.post(
        "/reviews/unit/R/new/", {"span": span, "ends_on": ends_on, "indicators": ["dang-vien"]}
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.starts_on, review.ends_on.isoformat()) == (starts_on, ends_on)
    assert review.indicators == ["dang-vien"]
    assert response["Location"] == reverse("review-detail", args=[review.pk])


def test_months_back_keeps_the_day_within_the_month():
    assert months_back(dt.date(2024, 8, 30), 6) == dt.date(2024, 2, 29)
    assert months_back(dt.date(2024, 12, 31), 60) == dt.date(2020, 1, 1)


def test_custom_dates_and_their_errors_keep_the_input(world):
    client = world.client("cu_r")
    ok = client.post(
        "/reviews/unit/R/new/",
        {
            "span": "custom",
            "starts_on": "2017-08-01",
            "ends_on": "2019-07-31",
            "title": "Sơ kết 2 năm thực hiện Quy chế",
        },
    )
    assert ok.status_code == 302
    review = Review.objects.get()
    assert (review.starts_on, review.ends_on) == (dt.date(2017, 8, 1), dt.date(2019, 7, 31))
    assert review.title == "Sơ kết 2 năm thực hiện Quy chế"
    # Without a start, or a start after the end: the form again, with what was typed.
    missing = client.post(
        "/reviews/unit/R/new/", {"span": "custom", "ends_on": "2019-07-31", "title": "Thử"}
    )
    assert missing.status_code == 400
    assert "Ghi ngày bắt đầu" in text_of(missing) and 'value="Thử"' in text_of(missing)
    backwards = client.post(
        "/reviews/unit/R/new/",
        {"span": "custom", "starts_on": "2020-01-01", "ends_on": "2019-07-31"},
    )
    assert backwards.status_code == 400
    assert "Ngày bắt đầu sau ngày kết thúc" in text_of(backwards)
    too_long = client.post(
        "/reviews/unit/R/new/",
        {"span": "custom", "starts_on": "2000-01-01", "ends_on": "2019-07-31"},
    )
    assert too_long.status_code == 400
    assert "tối đa 10 năm" in text_of(too_long)
    assert Review.objects.count() == 1


def test_the_list_shows_the_units_reviews(world):
    review = regiment_review(world)
    other = create_review(
        world.unit("B1"),
        title="Sơ kết 6 tháng",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=world.users["po_b1"],
        today=TODAY,
    )
    page = text_of(world.client("cu_r").get("/reviews/unit/R/"))
    assert f'data-review="{review.pk}"' in page and f'data-review="{other.pk}"' not in page
    assert "01/01/2020 – 31/12/2024" in page


# --- the draft -------------------------------------------------------------------------------


def test_the_draft_starts_from_what_the_figures_say(history):
    review = regiment_review(history)
    weak = review.sections["han-che"]
    # The areas found weak in two units, by name, and the reporting shortfall.
    assert "Công tác tư tưởng, quản lý kỷ luật: hạn chế ở 2 đơn vị qua kiểm tra" in weak
    assert "Công tác xây dựng Đảng: hạn chế ở 2 đơn vị qua kiểm tra" in weak
    late = re.search(r"(\d+) lượt báo cáo chậm hoặc không gửi", weak)
    assert late is not None and int(late.group(1)) == 570 - 8  # owed − on time (test_figures)
    # Numbered places for the key tasks and groups of solutions only the officer can write.
    assert review.sections["nhiem-vu-trong-tam"].count("<li>") == 3
    assert "(Nhóm giải pháp thứ 1)" in review.sections["giai-phap"]
    assert "uu-diem" not in review.sections


# --- the review's page -----------------------------------------------------------------------

PAGE_MAX_QUERIES = 430  # 361 when written: the figures (test_figures) and the page around them


def test_the_page_shows_the_figures_with_charts_and_links(history):
    review = regiment_review(history)
    client = history.client("cu_r")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/reviews/{review.pk}/")
    assert response.status_code == 200
    assert len(captured.captured_queries) <= PAGE_MAX_QUERIES
    page = text_of(response)
    assert 'data-testid="live-note"' in page and "không được lưu" in page
    # Charts: timeliness, one per indicator, the levels.
    for chart in (
        "chart-timeliness",
        "chart-trend-gdct-ty-le",
        "chart-trend-dang-vien",
        "chart-levels",
    ):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart}"' in page
    # The figures, each linked to its source where it has one.
    assert reverse("consolidation", args=["R", "bc-nam", "2023"]) in page
    assert "/reports/rates/R/?template=bc-thang&amp;from=202201&amp;to=202212" in page
    assert "/plans/" in page and "Kế hoạch CTĐ, CTCT năm 2023" in page
    assert "/evaluations/unit/R/?period=2023" in page
    assert "3 tập thể, 3 cá nhân" in page
    assert "/awards/R/?starts_on=2020-01-01&amp;ends_on=2024-12-31" in page
    assert "/inspections/unit/R/recurring/?start=2020-01-01&amp;end=2024-12-31" in page
    assert "Đơn vị Quyết thắng" in page
    assert "Công tác xây dựng Đảng: 2 đơn vị" in page
    # Under «Kết quả», in the outline, between the narrative sections.
    results = page.index('data-section="ket-qua"')
    assert results < page.index('data-testid="figures"') < page.index('data-section="danh-gia"')
    assert "(Nhiệm vụ trọng tâm thứ 1)" in page


def test_totals_of_the_timeliness_table(history):
    review = regiment_review(history)
    page = text_of(history.client("cu_r").get(f"/reviews/{review.pk}/"))
    total = re.search(r'data-testid="timeliness-total">(.*?)</tr>', page, re.S)
    assert total is not None
    cells = re.findall(r"<th[^>]*>([^<]*)</th>", total.group(1))
    assert cells == ["Cộng", "570", "8", "3", "559", "1,4%"]


# --- editing ---------------------------------------------------------------------------------


def edit(client: Any, review: Review, revision: int, **fields: Any) -> Any:
    data = {
        "revision": str(revision),
        "title": review.title,
        "indicators": ["dang-vien", "ket-nap"],
        "section-uu-diem": "<p>Duy trì nghiêm chế độ báo cáo.</p>",
        **fields,
    }
    return client.post(f"/reviews/{review.pk}/edit/", data)


def test_editing_the_narrative_title_and_indicators(world):
    review = regiment_review(world)
    client = world.client("cu_r")
    page = client.get(f"/reviews/{review.pk}/edit/")
    assert page.status_code == 200
    assert 'data-testid="section-uu-diem"' in text_of(page) and "web/editor.js" in text_of(page)
    response = edit(
        client,
        review,
        review.revision,
        title="Tổng kết 5 năm",
        **{"section-uu-diem": "<p>Tốt <script>alert(1)</script></p>"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.title == "Tổng kết 5 năm"
    assert review.indicators == ["dang-vien", "ket-nap"]
    assert review.sections["uu-diem"] == "<p>Tốt </p>"
    assert review.revision == 2
    # Sections not posted keep their text.
    assert "(Nhóm giải pháp thứ 1)" in review.sections["giai-phap"]


def test_a_save_on_a_stale_revision_is_refused_and_keeps_the_input(world):
    review = regiment_review(world)
    client = world.client("cu_r")
    assert edit(client, review, 1).status_code == 302
    response = edit(
        client, review, 1, **{"section-nguyen-nhan": "<p>Do nhận thức chưa đầy đủ.</p>"}
    )
    assert response.status_code == 409
    page = text_of(response)
    assert 'data-testid="conflict"' in page and "đã được người khác sửa" in page
    assert "Do nhận thức chưa đầy đủ." in page
    assert 'name="revision" value="1"' in page
    review.refresh_from_db()
    assert review.revision == 2 and "nguyen-nhan" not in review.sections


def test_finishing_closes_the_review_to_edits(world):
    review = regiment_review(world)
    client = world.client("cu_r")
    response = edit(client, review, 1, then="finish")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.FINAL
    page = client.get(f"/reviews/{review.pk}/edit/")
    assert page.status_code == 302
    detail = text_of(client.get(f"/reviews/{review.pk}/"))
    assert "Đã hoàn thành" in detail and f'href="/reviews/{review.pk}/edit/"' not in detail
    again = client.post(f"/reviews/{review.pk}/finish/", follow=True)
    assert "Bản sơ kết, tổng kết đã hoàn thành" in text_of(again)


def test_the_finish_button(world):
    review = regiment_review(world)
    response = world.client("cu_r").post(f"/reviews/{review.pk}/finish/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.FINAL


# --- scope -----------------------------------------------------------------------------------


def test_scope_of_the_pages(world):
    review = regiment_review(world)
    paths = [
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/edit/",
        f"/reviews/{review.pk}/export.docx",
        f"/reviews/{review.pk}/export.xlsx",
    ]
    # A company's officer and an account without a unit do not see the regiment's review.
    for username in ("po_c1", "nobody"):
        client = world.client(username)
        for path in paths:
            assert client.get(path).status_code == 404, (username, path)
        assert client.post(f"/reviews/{review.pk}/finish/").status_code == 404
    # The division's admin sees it, but does not write it.
    admin = world.client("admin_d")
    assert admin.get(paths[0]).status_code == 200
    assert admin.get(paths[1]).status_code == 403
    assert admin.post(f"/reviews/{review.pk}/finish/").status_code == 403
    assert world.client("po_c1").get("/reviews/unit/R/").status_code == 404
