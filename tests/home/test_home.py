"""The home page, "Việc cần làm": each block for the roles who act on it, what is due within
two weeks by date, what is overdue and by how many days, the review queue with a link to each
report, subordinates that have not reported — and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine

from khth.lib import clock
from khth.periods import period_of
from khth.regulations.access import active_regulation
from khth.reports.actions import (
    Content,
    create_request,
    open_report,
    open_request_report,
    save_report,
    submit_report,
)
from khth.reports.models import Report
from khth.reports.timeliness import deadline_for
from khth.units.actions import create_unit, dissolve_unit
from tests.conftest import FOUNDED
from tests.reports.conftest import MONTHLY, fill

# A month ahead of the real date: memberships start on the day the world is built, so the home
# is looked at on later days only.
JULY = period_of(clock.today() + dt.timedelta(days=70), "monthly")
PERIOD = JULY.id


def deadline(level: str) -> dt.date:
    return deadline_for(active_regulation().report_template(MONTHLY), level, JULY)


def home(world: Any, username: str, today: dt.date) -> str:
    with time_machine.travel(dt.datetime.combine(today, dt.time(9)), tick=False):
        response = world.client(username).get("/")
    assert response.status_code == 200
    body: str = response.content.decode()
    return body


def block(body: str, name: str) -> str:
    found = re.search(rf'data-testid="todo-{name}">(.*?)</section>', body, re.DOTALL)
    return str(found.group(1)) if found else ""


def submitted(world: Any, code: str) -> Report:
    by = world.users["cu_r"]
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=by)
    return submit_report(fill(report, by), by=by)


def test_a_report_due_in_ten_days_is_listed_under_its_date(world):
    due = deadline("dai-doi")
    body = home(world, "po_c1", due - dt.timedelta(days=10))
    due_block = block(body, "due")
    assert JULY.label in due_block
    assert due.strftime("%d/%m/%Y") in due_block  # the date heading
    assert f"/reports/open/C1/{MONTHLY}/{PERIOD}/" in due_block
    assert JULY.label not in block(body, "overdue")


def test_an_overdue_report_says_by_how_many_days(world):
    due = deadline("dai-doi")
    body = home(world, "po_c1", due + dt.timedelta(days=3))
    overdue = block(body, "overdue")
    assert JULY.label in overdue
    assert "quá hạn 3 ngày" in overdue


def test_the_battalion_sees_what_waits_for_its_review(world):
    with time_machine.travel(dt.datetime.combine(deadline("dai-doi"), dt.time(8)), tick=False):
        c1 = submitted(world, "C1")
        c2 = submitted(world, "C2")
    body = home(world, "po_b1", deadline("dai-doi") + dt.timedelta(days=1))
    queue = block(body, "review")
    assert "Chờ tiếp nhận (2)" in queue
    assert f'href="/reports/{c1.pk}/"' in queue
    assert f'href="/reports/{c2.pk}/"' in queue
    # The regiment reviews B1 and B2, not the companies below them.
    assert "Chờ tiếp nhận (0)" in block(home(world, "cu_r", deadline("dai-doi")), "review")


def test_an_ad_hoc_report_waiting_for_review_is_named_by_its_request(world):
    by = world.users["cu_r"]
    day = deadline("dai-doi")
    with time_machine.travel(dt.datetime.combine(day, dt.time(8)), tick=False):
        request = create_request(
            from_unit=world.unit("R"),
            template_code="bc-dot-xuat",
            title="Báo cáo tình hình mưa lũ",
            content="<p>Tình hình thiệt hại</p>",
            period_start=day - dt.timedelta(days=10),
            period_end=day,
            deadline=day + dt.timedelta(days=3),
            addressees=[world.unit("C1")],
            by=by,
        )
        report = open_request_report(request, world.unit("C1"), by=by)
        sections = {code: f"<p>{code}</p>" for code in ("su-viec", "nguyen-nhan", "xu-ly")}
        report = save_report(report, Content(sections=sections), by=by, base_version=report.version)
        submit_report(report, by=by)
    queue = block(home(world, "po_b1", day + dt.timedelta(days=1)), "review")
    assert f'href="/reports/{report.pk}/"' in queue
    assert "Đại đội 1 · «Báo cáo tình hình mưa lũ»" in queue


def test_subordinates_that_have_not_reported(world):
    with time_machine.travel(dt.datetime.combine(deadline("dai-doi"), dt.time(8)), tick=False):
        submitted(world, "C1")
    day = deadline("dai-doi") + dt.timedelta(days=1)
    unreported = block(home(world, "po_b1", day), "unreported")
    july = [line for line in unreported.splitlines() if JULY.label in line]
    assert [line for line in july if "Đại đội 2" in line]
    assert not [line for line in july if "Đại đội 1" in line]
    assert 'href="/reports/rates/B1/"' in unreported


def test_each_block_only_for_the_roles_who_act_on_it(world):
    day = deadline("dai-doi") + dt.timedelta(days=1)
    commander = home(world, "cmd_b1", day)  # reads only
    assert block(commander, "unreported")
    for name in ("due", "overdue", "review", "documents", "remedies"):
        assert block(commander, name) == "", name
    company = home(world, "po_c1", day)  # prepares; a company has no subordinates to review
    assert block(company, "due") and block(company, "documents") and block(company, "remedies")
    admin = home(world, "admin_d", day)  # manages accounts and units, none of this work
    assert 'data-testid="todo-' not in admin
    assert 'data-testid="home-unit"' in admin


def test_the_home_costs_the_same_queries_whatever_the_tree(world, django_assert_max_num_queries):
    # 40 more battalions under the regiment, each with a submitted report waiting for review.
    by = world.users["cu_r"]
    day = deadline("tieu-doan") + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(deadline("tieu-doan"), dt.time(8)), tick=False):
        for i in range(40):
            unit = create_unit(
                code=f"BX{i}",
                name=f"Tiểu đoàn {100 + i}",
                short_name=f"d{100 + i}",
                level="tieu-doan",
                parent=world.unit("R"),
                by=None,
                valid_from=FOUNDED,
            )
            submit_report(fill(open_report(unit, MONTHLY, PERIOD, by=by), by=by), by=by)
    with time_machine.travel(dt.datetime.combine(day, dt.time(9)), tick=False):
        client = world.client("cu_r")  # logged in that day: a session does not last months
        with django_assert_max_num_queries(31):
            response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    queue = block(body, "review")
    assert "Chờ tiếp nhận (40)" in queue
    assert queue.count('href="/reports/') == 10 + 1  # the first ten, and "xem tất cả"
    assert "Xem tất cả" in queue


def test_each_home_unit_says_how_many_active_units_its_scope_holds(world):
    dissolve_unit(world.unit("C2"), by=None, on=clock.today())
    expected = {"po_c1": 1, "po_b1": 2, "cu_r": 5, "admin_d": 6}  # C2 dissolved
    for username, size in expected.items():
        body = world.client(username).get("/").content.decode()
        assert f"· {size} đơn vị trong phạm vi" in body, username
