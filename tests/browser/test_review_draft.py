"""A 5-year review draft for the division shows timeliness and indicator trends with charts and
the awards count, and exports to DOCX: the division's political officer drafts it through the
form, reads the figures on the page, writes a strength in the editor and downloads the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from khth.accounts.actions import create_user
from khth.awards.models import Award
from tests.browser.test_scope_in_browser import log_in
from tests.conftest import PASSWORD
from tests.documents.helpers import docx_text
from tests.reviews.conftest import YEARLY, numbers, send

pytestmark = pytest.mark.browser

# (unit, year, late, party members) — yearly reports (bc-nam) of three companies.
SENT = (
    ("C1", 2022, False, 30),
    ("C2", 2022, True, 20),
    ("C1", 2023, False, 33),
    ("C3", 2023, False, 25),
    ("C1", 2024, False, 36),
    ("C2", 2024, False, 24),
    ("C3", 2024, True, 28),
)
AWARDS = (
    ("C1", Award.COLLECTIVE, "don-vi-tien-tien", dt.date(2023, 12, 20)),
    ("R", Award.COLLECTIVE, "don-vi-quyet-thang", dt.date(2024, 12, 30)),
    ("B2", Award.COLLECTIVE, "giay-khen", dt.date(2022, 6, 1)),
    ("C2", Award.INDIVIDUAL, "chien-si-thi-dua-co-so", dt.date(2024, 1, 5)),
    ("C3", Award.INDIVIDUAL, "chien-si-tien-tien", dt.date(2021, 1, 5)),
)
STRENGTH = "Chế độ báo cáo năm được các đại đội thực hiện ngày càng nền nếp."


def prepare(world) -> None:
    create_user(
        username="po_d",
        full_name="Đinh Văn Đoàn",
        unit=world.unit("D"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    for code, year, late, members in SENT:
        values = numbers(100, 95, members, 1)
        send(world, code, YEARLY, str(year), late=late, values=values)
    for number, (code, recipient, title, day) in enumerate(AWARDS, start=1):
        Award.objects.create(
            unit=world.unit(code),
            recipient=recipient,
            person_name="Trần Văn Thi" if recipient == Award.INDIVIDUAL else "",
            title_code=title,
            issuer="Thủ trưởng Sư đoàn",
            decision_number=f"{number}/QĐ-SĐ",
            decision_date=day,
            created_at=timezone.now(),
            created_by=world.users["cu_r"],
        )


def members_in(year: int) -> int:
    return sum(m for _code, y, _late, m in SENT if y == year)


def test_a_five_year_review_for_the_division(page, world):
    prepare(world)
    log_in(page, "po_d")
    page.get_by_role("link", name="Sơ kết, tổng kết").click()
    page.wait_for_url("**/reviews/unit/D/")
    form = page.get_by_test_id("new-review")
    form.get_by_label("Tên báo cáo").fill("Báo cáo tổng kết 5 năm thực hiện Quy chế, 2020 – 2024")
    form.get_by_label("5 năm").check()
    form.get_by_label("Đến ngày").fill("2024-12-31")
    # The default indicators are ticked; party members among them.
    assert form.get_by_label("Số đảng viên (người)").is_checked()
    form.get_by_role("button", name="Lập dự thảo").click()
    page.wait_for_url("**/reviews/*/")
    assert "01/01/2020 đến 31/12/2024" in page.locator("main").inner_text()

    # Timeliness: a table per year and its chart. Seven units owe 19 reports a year (months,
    # quarters, halves, the year).
    timeliness = page.get_by_test_id("timeliness")
    assert timeliness.locator("svg#chart-timeliness").is_visible()
    assert timeliness.locator("svg#chart-timeliness g.column").count() == 5
    row_2024 = timeliness.locator('tr[data-bin="Năm 2024"]')
    assert row_2024.get_by_test_id("expected").inner_text() == str(7 * 19)
    assert row_2024.get_by_test_id("on-time").inner_text() == "2"
    assert row_2024.get_by_test_id("late").inner_text() == "1"

    # Indicator trends: a table with the yearly figures, linked to their consolidations, and a
    # line chart per indicator.
    trends = page.get_by_test_id("trends")
    members = trends.locator('tr[data-indicator="dang-vien"] td')
    assert [members.nth(i).inner_text() for i in range(2, 7)] == [
        "—",
        "—",
        str(members_in(2022)),
        str(members_in(2023)),
        str(members_in(2024)),
    ]
    link = trends.locator('tr[data-indicator="dang-vien"] a').first
    assert link.get_attribute("href") == "/reports/consolidation/D/bc-nam/2022/"
    chart = trends.locator("svg#chart-trend-dang-vien")
    assert chart.is_visible()
    assert chart.locator("g.point").count() == 5
    assert chart.locator("polyline").count() == 1
    assert trends.locator("svg.chart").count() == 5

    assert page.get_by_test_id("awards-count").inner_text().startswith("3 tập thể, 2 cá nhân")

    # The officer writes a strength in the editor and saves.
    page.get_by_role("link", name="Viết, sửa báo cáo").click()
    area = page.get_by_test_id("section-uu-diem")
    area.click()
    area.type(STRENGTH)
    page.get_by_role("button", name="Lưu", exact=True).last.click()
    page.wait_for_load_state()
    assert "Đã lưu báo cáo sơ kết, tổng kết." in page.locator("main").inner_text()
    page.get_by_role("link", name="Xem", exact=True).click()
    assert STRENGTH in page.locator('[data-section="uu-diem"]').inner_text()

    with page.expect_download() as info:
        page.get_by_test_id("export-docx").click()
    text = docx_text(Path(info.value.path()).read_bytes())
    for expected in [
        "SƯ ĐOÀN 330",
        "BÁO CÁO",
        "Tổng kết 5 năm thực hiện Quy chế, 2020 – 2024",
        "Thực hiện chế độ báo cáo định kỳ (tháng, quý, 6 tháng, năm)",
        f"Năm 2024\n{7 * 19}\n2\n1\n",
        f"Số đảng viên\nngười\n–\n–\n{members_in(2022)}\n{members_in(2023)}\n{members_in(2024)}",
        "Khen thưởng: 3 tập thể, 2 cá nhân",
        STRENGTH,
        "CHÍNH ỦY",
    ]:
        assert expected in text, expected
