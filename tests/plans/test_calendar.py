"""The activity schedule calendar: week and month views, the unit filter, drafts, scope, the
query count, and the same selection as an .ics file.

B1's schedule for week 28/2024 (8–14 July) is approved; C1's for the same week is a draft.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from khth.plans.actions import amend_plan, save_plan
from khth.plans.content import EntryIn, PlanContent
from khth.plans.views.calendar import window
from tests.plans.conftest import at

pytestmark = pytest.mark.django_db

WEEK_URL = "/plans/calendar/{code}/?view=week&date=2024-07-10"
MONTH_URL = "/plans/calendar/{code}/?view=month&date=2024-07-10"


def cell(page: str, day: str) -> str:
    """The HTML of one day's cell."""
    match = re.search(rf'data-date="{day}">(.*?)</td>', page, re.DOTALL)
    assert match, day
    return match.group(1)


def test_the_week_window_runs_monday_to_sunday():
    shown = window("week", dt.date(2024, 7, 10))
    assert (shown.first, shown.last) == (dt.date(2024, 7, 8), dt.date(2024, 7, 14))
    assert shown.label == "Tuần 28/2024"
    assert (shown.previous, shown.following) == (dt.date(2024, 7, 1), dt.date(2024, 7, 15))


def test_the_month_window_covers_whole_weeks():
    shown = window("month", dt.date(2024, 7, 10))
    assert (shown.first, shown.last) == (dt.date(2024, 7, 1), dt.date(2024, 8, 4))
    assert shown.label == "Tháng 7/2024"
    assert (shown.previous, shown.following) == (dt.date(2024, 6, 1), dt.date(2024, 8, 1))
    december = window("month", dt.date(2024, 12, 31))
    assert december.following == dt.date(2025, 1, 1)
    assert december.first.weekday() == 0 and december.last.weekday() == 6


def test_the_week_shows_entries_on_their_days(world, battalion_schedule):
    response = world.client("po_b1").get(WEEK_URL.format(code="B1"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Tuần 28/2024 (08/07/2024 – 14/07/2024)" in page
    monday = cell(page, "2024-07-08")
    assert "07:30–09:00" in monday
    assert "Giao ban tuần, triển khai nhiệm vụ" in monday
    assert "Hội trường Tiểu đoàn 1" in monday
    assert "Tổ chức hội nghị quân nhân" in cell(page, "2024-07-10")
    assert "calendar-entry" not in cell(page, "2024-07-09")
    assert 'data-testid="calendar-empty"' not in page
    assert f'href="/plans/{battalion_schedule.pk}/"' in page
    # Navigation keeps the view.
    assert 'href="/plans/calendar/B1/?view=week&amp;date=2024-07-01"' in page
    assert 'href="/plans/calendar/B1/?view=week&amp;date=2024-07-15"' in page


def test_the_month_shows_entries_on_their_days(world, battalion_schedule):
    page = world.client("po_b1").get(MONTH_URL.format(code="B1")).content.decode()
    assert "Tháng 7/2024" in page
    assert "Giao ban tuần" in cell(page, "2024-07-08")
    assert "07:30–09:00" in cell(page, "2024-07-08")
    assert "Tổ chức hội nghị quân nhân" in cell(page, "2024-07-10")
    # Days of the neighbouring months are there, greyed.
    assert 'class=" outside" data-date="2024-08-04"' in page
    assert 'href="/plans/calendar/B1/?view=month&amp;date=2024-06-01"' in page
    assert 'href="/plans/calendar/B1/?view=month&amp;date=2024-08-01"' in page


def test_an_empty_week_says_so(world, battalion_schedule):
    page = world.client("po_b1").get("/plans/calendar/B1/?date=2024-08-14").content.decode()
    assert 'data-testid="calendar-empty"' in page
    assert "calendar-entry" not in page


def test_a_bad_date_falls_back_to_today(world):
    assert world.client("po_b1").get("/plans/calendar/B1/?date=hôm-qua").status_code == 200


def test_a_superior_sees_the_subtree_with_drafts_labelled(
    world, battalion_schedule, company_schedule
):
    page = world.client("po_b1").get(WEEK_URL.format(code="B1")).content.decode()
    tuesday = cell(page, "2024-07-09")
    assert "Đọc báo, nghe tin thời sự" in tuesday
    assert 'data-testid="draft-label"' in tuesday
    assert "Đại đội 1" in tuesday  # which unit, when the calendar holds several
    monday = cell(page, "2024-07-08")
    assert "Giao ban tuần" in monday and "draft-label" not in monday
    # The filter offers the unit and its direct subordinates.
    for code in ["B1", "C1", "C2"]:
        assert f'name="unit" value="{code}"' in page


def test_filter_by_unit(world, battalion_schedule, company_schedule):
    client = world.client("po_b1")
    page = client.get(WEEK_URL.format(code="B1") + "&unit=C1").content.decode()
    assert "Đọc báo, nghe tin thời sự" in page
    assert "Giao ban tuần" not in page
    assert 'name="unit" value="C1" checked' in page
    # The ticked units travel with the navigation and the .ics link.
    assert "date=2024-07-15&amp;unit=C1" in page
    assert "schedule.ics?view=week&amp;date=2024-07-10&amp;unit=C1" in page
    both = client.get(WEEK_URL.format(code="B1") + "&unit=C1&unit=B1").content.decode()
    assert "Đọc báo" in both and "Giao ban tuần" in both


def test_a_calendar_stops_at_the_direct_subordinates(world, battalion_schedule, company_schedule):
    # The regiment's calendar holds the regiment and its battalions; a company's schedule is
    # on its battalion's calendar, which the filter links to.
    page = world.client("cu_r").get(WEEK_URL.format(code="R")).content.decode()
    assert 'name="unit" value="B1"' in page and 'name="unit" value="C1"' not in page
    assert "Giao ban tuần" in page and "Đọc báo, nghe tin thời sự" not in page
    assert 'href="/plans/calendar/B1/"' in page


def test_a_unit_outside_the_subtree_cannot_be_filtered_in(world, battalion_schedule):
    # C1's officer asks for B1 through the filter of his own calendar: ignored.
    page = world.client("po_c1").get(WEEK_URL.format(code="C1") + "&unit=B1").content.decode()
    assert "Giao ban tuần" not in page
    assert 'data-testid="calendar-filter"' not in page  # a company has nothing to filter


def test_a_draft_amendment_does_not_hide_the_schedule_in_force(world, battalion_schedule):
    po = world.users["po_b1"]
    draft = amend_plan(battalion_schedule, by=po, note="Đổi giờ giao ban")
    moved = EntryIn(starts_at=at(8, 13), content="Giao ban tuần (dời giờ)", lead="Chính trị viên")
    save_plan(draft, PlanContent(entries=[moved]), by=po, base_revision=draft.revision)
    page = world.client("po_b1").get(WEEK_URL.format(code="B1")).content.decode()
    assert "Giao ban tuần, triển khai nhiệm vụ" in page
    assert "dời giờ" not in page


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("po_b1", "B1", 200),
        ("cu_r", "B1", 200),
        ("cu_r", "R", 200),
        ("cmd_b1", "B1", 200),
        ("po_c1", "B1", 404),
        ("po_c1", "C2", 404),
        ("po_c1", "C1", 200),
        ("nobody", "B1", 404),
        ("po_b1", "NO-SUCH", 404),
    ],
)
def test_calendar_scope(world, battalion_schedule, username, code, status):
    client = world.client(username)
    for url in [f"/plans/calendar/{code}/", f"/plans/calendar/{code}/schedule.ics"]:
        assert client.get(url).status_code == status, url


def test_calendar_needs_a_login(client, world):
    for url in ["/plans/calendar/B1/", "/plans/calendar/B1/schedule.ics"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login"), url


def test_the_query_count_is_bounded(
    world, battalion_schedule, company_schedule, django_assert_max_num_queries
):
    # More entries do not mean more queries.
    po = world.users["po_c1"]
    extra = [
        EntryIn(starts_at=at(day, 7), content=f"Hoạt động ngày {day}", lead="Chính trị viên")
        for day in range(8, 15)
    ]
    save_plan(
        company_schedule, PlanContent(entries=extra), by=po, base_revision=company_schedule.revision
    )
    client = world.client("po_b1")
    with django_assert_max_num_queries(10):
        page = client.get(MONTH_URL.format(code="B1")).content.decode()
    assert page.count('data-testid="calendar-entry"') == 9
    with django_assert_max_num_queries(10):
        ics = client.get("/plans/calendar/B1/schedule.ics?view=month&date=2024-07-10")
    assert len(icalendar.Calendar.from_ical(ics.content).walk("VEVENT")) == 9


def test_the_calendar_file_has_the_same_selection(world, battalion_schedule, company_schedule):
    client = world.client("po_b1")
    response = client.get("/plans/calendar/B1/schedule.ics?view=week&date=2024-07-10&unit=C1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        'filename="lich-hoat-dong-tieu-doan-1-tuan-28-2024.ics"' in response["Content-Disposition"]
    )
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "[Dự thảo] Đọc báo, nghe tin thời sự"
    assert event.decoded("DTSTART") == at(9, 19)
    everything = client.get("/plans/calendar/B1/schedule.ics?view=week&date=2024-07-10").content
    events = icalendar.Calendar.from_ical(everything).walk("VEVENT")
    assert len(events) == 3
    # Several units in one file: each event says whose it is.
    assert any("Đơn vị: Tiểu đoàn 1" in str(e["DESCRIPTION"]) for e in events)
