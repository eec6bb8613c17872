"""Timeliness and reporting rates: states at deadline boundaries, the matrix and its rates, scope,
bounded queries, and the reporter's "due soon / overdue" list."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khth.periods import Period, parse_period
from khth.regulations.access import active_regulation
from khth.reports.access import DUE_WITHIN_DAYS, due_reports
from khth.reports.actions import create_request, open_report, submit_report
from khth.reports.consolidation.coverage import COUNTED, for_period
from khth.reports.models import Report
from khth.reports.rates import build_matrix, resolve_span
from khth.reports.timeliness import State, deadline_for, rates
from khth.units.actions import create_unit
from tests.conftest import FOUNDED
from tests.reports.conftest import MONTHLY, PERIOD, fill

JULY = parse_period(PERIOD)
JUNE = parse_period("202406")


def monthly() -> Any:
    return active_regulation().report_template(MONTHLY)


def deadline(level: str, period: Period = JULY) -> dt.date:
    return deadline_for(monthly(), level, period)


def at_local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def submitted(world: Any, code: str, when: dt.datetime, period: str = PERIOD) -> Report:
    """``code``'s monthly report, filled and submitted at ``when`` (local time)."""
    by = world.users["cu_r"]
    with time_machine.travel(when, tick=False):
        report = open_report(world.unit(code), MONTHLY, period, by=by)
        return submit_report(fill(report, by), by=by)


def matrix_states(
    world: Any, root: str, today: dt.date, periods: list[Period] | None = None
) -> Any:
    return build_matrix(world.unit(root), monthly(), periods or [JULY], today)


def every_state(world: Any, root: str, today: dt.date) -> dict[str, State]:
    """Every unit of the subtree that owes July's report and its state, from the whole list
    the consolidation reads: what the matrix counts in SQL must agree with it."""
    _scope, coverage, _own = for_period(world.unit(root), monthly(), JULY, today, COUNTED)
    return {c.unit.code: c.state for c in coverage}


def states_by_unit(matrix: Any, index: int = 0) -> dict[str, State | None]:
    return {
        row.unit.code: (row.cells[index].state if row.cells[index] else None) for row in matrix.rows
    }


# --- states at the deadline boundaries (through the database) --------------------------------


@pytest.mark.parametrize(
    ("submitted_days", "hour", "today_days", "expected"),
    [
        # Submitted late in the evening of the deadline day, local time: still on time.
        (0, 23, 1, State.ON_TIME),
        # Just after midnight, the day after the deadline: late.
        (1, 0, 1, State.LATE),
        (-5, 9, 10, State.ON_TIME),
        (3, 9, 3, State.LATE),
        # Nothing submitted: not due up to and including the deadline day, missing after it.
        (None, 0, -1, State.NOT_DUE),
        (None, 0, 0, State.NOT_DUE),
        (None, 0, 1, State.MISSING),
    ],
)
def test_state_at_deadline_boundaries(world, submitted_days, hour, today_days, expected):
    due = deadline("dai-doi")
    if submitted_days is not None:
        submitted(world, "C1", at_local(due + dt.timedelta(days=submitted_days), hour, 1))
    matrix = matrix_states(world, "B1", due + dt.timedelta(days=today_days))
    assert states_by_unit(matrix)["C1"] == expected
    cell = matrix.rows[0].cells[0]
    assert cell is not None and cell.deadline == due


def test_a_draft_is_not_a_submission(world, company_report):
    due = deadline("dai-doi")
    fill(company_report, world.users["po_c1"])
    matrix = matrix_states(world, "B1", due + dt.timedelta(days=1))
    cell = matrix.rows[0].cells[0]
    assert cell is not None
    assert (cell.state, cell.status, cell.report_id) == (State.MISSING, "draft", company_report.pk)


def test_a_returned_report_keeps_its_first_submission(world):
    from khth.reports.actions import return_report

    due = deadline("dai-doi")
    report = submitted(world, "C1", at_local(due, 10))
    with time_machine.travel(at_local(due + dt.timedelta(days=3), 10), tick=False):
        return_report(report, by=world.users["cu_r"], comment="Bổ sung số liệu")
    cell = matrix_states(world, "B1", due + dt.timedelta(days=5)).rows[0].cells[0]
    assert cell is not None and (cell.state, cell.status) == (State.ON_TIME, "returned")


def test_deadline_depends_on_the_level(world):
    # Companies report to the battalion before the battalion reports up (per-level offsets).
    assert deadline("dai-doi") < deadline("tieu-doan") < deadline("trung-doan")
    day = deadline("dai-doi") + dt.timedelta(days=1)
    assert day <= deadline("tieu-doan")
    assert every_state(world, "R", day) == {
        "B1": State.NOT_DUE,
        "C1": State.MISSING,
        "C2": State.MISSING,
        "B2": State.NOT_DUE,
        "C3": State.MISSING,
    }


# --- the matrix and its rates ------------------------------------------------------------------


def test_rates_leave_out_reports_not_yet_due(world):
    today = deadline("tieu-doan")
    assert deadline("dai-doi") < today
    submitted(world, "C1", at_local(deadline("dai-doi"), 8))  # on time
    submitted(world, "C2", at_local(today, 8))  # late: companies were due earlier
    submitted(world, "B2", at_local(deadline("dai-doi") - dt.timedelta(days=1), 8))  # on time
    # B1 (not due: today is its deadline) and C3 (missing) send nothing.
    matrix = matrix_states(world, "R", today, [JUNE, JULY])

    # The rows are the direct subordinates; the companies are counted below their battalion.
    assert [(row.unit.code, row.depth) for row in matrix.rows] == [("B1", 1), ("B2", 1)]
    assert states_by_unit(matrix, 1) == {"B1": State.NOT_DUE, "B2": State.ON_TIME}
    b1, b2 = (row.below for row in matrix.rows)
    assert b1 is not None and b2 is not None
    # Over both periods: every company missing in June; in July C1 on time, C2 late, C3 missing.
    assert (b1.expected, b1.on_time, b1.late, b1.missing) == (4, 1, 1, 2)
    assert (b2.expected, b2.missing) == (2, 2)
    june, july = matrix.period_rates
    assert (july.expected, july.not_due, july.on_time, july.late, july.missing) == (5, 1, 2, 1, 1)
    assert (july.on_time_pct, july.late_pct, july.missing_pct) == (50.0, 25.0, 25.0)
    assert (june.expected, june.missing, june.missing_pct) == (5, 5, 100.0)
    total = matrix.total
    assert (total.expected, total.not_due, total.on_time, total.late, total.missing) == (
        10,
        1,
        2,
        1,
        6,
    )
    assert (total.on_time_pct, total.late_pct, total.missing_pct) == (22.2, 11.1, 66.7)


def test_the_rows_stop_at_the_direct_subordinates_and_count_the_units_below(world):
    today = deadline("tieu-doan")
    submitted(world, "C1", at_local(deadline("dai-doi"), 8))  # on time
    submitted(world, "C2", at_local(today, 8))  # late
    everyone = Counter(every_state(world, "R", today).values())
    matrix = build_matrix(world.unit("R"), monthly(), [JULY], today)
    assert [(row.unit.code, row.depth) for row in matrix.rows] == [("B1", 1), ("B2", 1)]
    b1, b2 = matrix.rows
    assert b1.below is not None and b2.below is not None
    assert (b1.below.expected, b1.below.on_time, b1.below.late) == (2, 1, 1)
    assert (b2.below.expected, b2.below.missing) == (1, 1)
    # The totals are the whole subtree's, as before.
    assert matrix.period_rates == [rates(everyone)] and matrix.total == rates(everyone)
    july = "?template=bc-thang&from=202407&to=202407"
    page = world.client("cu_r").get("/reports/rates/R/" + july).content.decode()
    assert 'data-unit="C1"' not in page
    assert "1/2 đúng hạn" in page and 'href="/reports/rates/B1/?template=' in page


def test_nothing_due_gives_zero_rates_not_a_division_by_zero(world):
    matrix = matrix_states(world, "B1", deadline("dai-doi") - dt.timedelta(days=1))
    assert matrix.total.not_due == 2
    assert (matrix.total.on_time_pct, matrix.total.missing_pct) == (0.0, 0.0)


def test_a_unit_dissolved_since_stays_in_the_periods_it_owed(world):
    from khth.units.actions import dissolve_unit

    dissolve_unit(world.unit("C2"), by=None, on=dt.date(2024, 7, 1), reason="Giải thể")
    matrix = matrix_states(world, "B1", dt.date(2024, 8, 30), [JUNE, JULY])
    rows = {row.unit.code: row for row in matrix.rows}
    assert [row.unit.code for row in matrix.rows] == ["C1", "C2"]
    assert rows["C2"].cells[0] is not None  # owed June
    assert rows["C2"].cells[1] is None  # not July: gone before its last day


@pytest.mark.parametrize(
    ("from_id", "to_id", "expected"),
    [
        (None, None, ["202402", "202403", "202404", "202405", "202406", "202407"]),
        ("202406", None, ["202406", "202407"]),
        (None, "202403", ["202310", "202311", "202312", "202401", "202402", "202403"]),
        ("202312", "202401", ["202312", "202401"]),
    ],
)
def test_span_defaults_to_the_last_six_periods(world, from_id, to_id, expected):
    periods = resolve_span(monthly(), from_id, to_id, dt.date(2024, 7, 20))
    assert [p.id for p in periods] == expected


@pytest.mark.parametrize(
    ("from_id", "to_id", "message"),
    [
        ("2024Q1", None, "không đúng loại kỳ"),
        ("202413", None, "tháng phải từ 1 đến 12"),
        ("202407", "202401", "sau kỳ cuối"),
        ("202001", "202407", "Tối đa 24 kỳ"),
    ],
)
def test_bad_spans_are_refused_with_a_reason(world, from_id, to_id, message):
    from khth.reports.rates import SpanError

    with pytest.raises(SpanError, match=message):
        resolve_span(monthly(), from_id, to_id, dt.date(2024, 7, 20))


# --- the page and the API: scope ----------------------------------------------------------------

JULY_ONLY = "?template=bc-thang&from=202407&to=202407"


@pytest.mark.parametrize("username", ["po_c1", "po_c2", "nobody"])
def test_outside_the_subtree_is_404(world, username):
    client = world.client(username)
    assert client.get("/reports/rates/B1/").status_code == 404
    assert client.get("/api/v1/rates/B1").status_code == 404


def test_commander_sees_the_battalion_matrix_with_its_companies_only(world):
    report = submitted(world, "C1", at_local(deadline("dai-doi"), 9))
    client = world.client("cmd_b1")
    page = client.get("/reports/rates/B1/" + JULY_ONLY)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-unit="C1"' in html and 'data-unit="C2"' in html
    assert 'data-unit="C3"' not in html and 'data-unit="B2"' not in html
    assert 'data-unit="B1"' not in html  # the root is the one asking, not a row
    assert f"/reports/{report.pk}/" in html
    assert "Đúng hạn" in html and "Chưa gửi (quá hạn)" in html

    data = client.get("/api/v1/rates/B1" + JULY_ONLY).json()
    assert [row["unit_code"] for row in data["rows"]] == ["C1", "C2"]
    c1, c2 = (row["cells"][0] for row in data["rows"])
    assert (c1["state"], c1["status"], c1["report_id"]) == ("on_time", "submitted", report.pk)
    assert (c2["state"], c2["status"], c2["report_id"]) == ("missing", None, None)
    assert data["rates"]["total"] == {
        "expected": 2,
        "due": 2,
        "on_time": 1,
        "late": 0,
        "missing": 1,
        "not_due": 0,
        "on_time_pct": 50.0,
        "late_pct": 0.0,
        "missing_pct": 50.0,
    }
    assert [p["period"] for p in data["rates"]["periods"]] == ["202407"]


def test_a_company_sees_its_own_empty_matrix(world):
    response = world.client("po_c1").get("/reports/rates/C1/")
    assert response.status_code == 200
    assert "Không có đơn vị trực thuộc nào" in response.content.decode()


def test_rates_home_goes_to_the_users_unit(world):
    response = world.client("cmd_b1").get("/reports/rates/")
    assert response.status_code == 302 and response["Location"] == "/reports/rates/B1/"


def test_bad_parameters_are_a_clear_400(world):
    client = world.client("cu_r")
    page = client.get("/reports/rates/R/?template=bc-thang&from=2024Q1")
    assert page.status_code == 400
    assert "không đúng loại kỳ" in page.content.decode()
    api = client.get("/api/v1/rates/R?template=khong-co")
    assert api.status_code == 400 and "khong-co" in api.json()["detail"]
    assert client.get("/api/v1/rates/R?template=bc-dot-xuat").status_code == 400


def test_rates_are_in_the_openapi_schema(world):
    schema = world.client("cu_r").get("/api/v1/openapi.json").json()
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/rates/{unit_code}"]["get"]["parameters"]
    }
    assert {"unit_code", "template", "from", "to"} <= parameters


# --- bounded queries ----------------------------------------------------------------------------

SPAN = "?template=bc-thang&from=202402&to=202407"
MAX_QUERIES = 30


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_subtree(world, django_assert_max_num_queries):
    submitted(world, "C1", at_local(deadline("dai-doi"), 9))
    client = world.client("cu_r")
    count_queries(client, "/reports/rates/R/" + SPAN)  # warm caches (regulation, session)
    page_small = count_queries(client, "/reports/rates/R/" + SPAN)
    api_small = count_queries(client, "/api/v1/rates/R" + SPAN)

    # More than double the subtree (5 → 13 units below R), with reports for some of the new units.
    parents = {"B1": world.unit("B1"), "B2": world.unit("B2")}
    r = world.unit("R")
    b3 = create_unit(
        code="B3",
        name="Tiểu đoàn 3",
        short_name="d3",
        level="tieu-doan",
        parent=r,
        by=None,
        valid_from=FOUNDED,
    )
    parents["B3"] = b3
    for index, parent in enumerate(["B1", "B2", "B3", "B3", "B3", "B1", "B2"], start=4):
        create_unit(
            code=f"C{index}",
            name=f"Đại đội {index}",
            short_name=f"c{index}",
            level="dai-doi",
            parent=parents[parent],
            by=None,
            valid_from=FOUNDED,
        )
    for code in ("C4", "C5", "B3"):
        submitted(world, code, at_local(deadline("dai-doi"), 9))

    assert count_queries(client, "/reports/rates/R/" + SPAN) == page_small
    assert count_queries(client, "/api/v1/rates/R" + SPAN) == api_small
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/reports/rates/R/" + SPAN)
    # One row per battalion; the companies count in their battalion's column.
    assert response.content.decode().count('data-unit="') == 3


# --- due soon / overdue for the reporter (the home page's list) ----------------------------------


def july_items(items: list[Any]) -> list[Any]:
    return [i for i in items if i.title == monthly().name and i.period_label == JULY.label]


def test_due_soon_before_the_deadline(world):
    due = deadline("dai-doi")
    today = due - dt.timedelta(days=2)
    items = july_items(due_reports(world.users["po_c1"], today))
    assert len(items) == 1
    item = items[0]
    assert (item.unit.code, item.deadline, item.days_late(today)) == ("C1", due, -2)
    assert item.link == f"/reports/open/C1/{MONTHLY}/{PERIOD}/"


def test_not_listed_while_the_deadline_is_far(world):
    due = deadline("dai-doi")
    too_early = due - dt.timedelta(days=DUE_WITHIN_DAYS + 1)
    assert july_items(due_reports(world.users["po_c1"], too_early)) == []
    in_window = due - dt.timedelta(DUE_WITHIN_DAYS)
    assert len(july_items(due_reports(world.users["po_c1"], in_window))) == 1


def test_overdue_after_the_deadline_until_submitted(world):
    due = deadline("dai-doi")
    day_after = due + dt.timedelta(days=1)
    items = july_items(due_reports(world.users["po_c1"], day_after))
    assert [i.days_late(day_after) for i in items] == [1]
    everything = due_reports(world.users["po_c1"], day_after)
    assert everything == sorted(everything, key=lambda i: i.deadline)

    submitted(world, "C1", at_local(day_after, 9))
    assert july_items(due_reports(world.users["po_c1"], day_after)) == []
    # A draft is not a submission: C2's report still shows for C2's officer.
    open_report(world.unit("C2"), MONTHLY, PERIOD, by=world.users["po_c2"])
    assert len(july_items(due_reports(world.users["po_c2"], day_after))) == 1


def test_only_people_who_prepare_their_own_unit(world):
    day_after = deadline("dai-doi") + dt.timedelta(days=1)
    assert due_reports(world.users["cmd_b1"], day_after) == []  # commander: reads only
    assert due_reports(world.users["nobody"], day_after) == []
    assert {i.unit.code for i in due_reports(world.users["as_c1"], day_after)} == {"C1"}
    assert {i.unit.code for i in due_reports(world.users["po_c2"], day_after)} == {"C2"}
    # The regiment's officer is reminded of the regiment's reports, not of every company's.
    assert {i.unit.code for i in due_reports(world.users["cu_r"], day_after)} <= {"R"}


def test_ad_hoc_requests_addressed_to_the_unit(world):
    from django.utils import timezone

    today = timezone.localdate()
    request = create_request(
        from_unit=world.unit("B1"),
        template_code="bc-dot-xuat",
        title="Báo cáo tình hình bão lũ",
        content="<p>Thiệt hại, lực lượng tham gia.</p>",
        period_start=today - dt.timedelta(days=7),
        period_end=today,
        deadline=today + dt.timedelta(days=2),
        addressees=[world.unit("C1")],
        by=world.users["cu_r"],
    )

    def ad_hoc(user: str, day: dt.date) -> list[Any]:
        return [
            i for i in due_reports(world.users[user], day) if i.period_label == "Báo cáo đột xuất"
        ]

    assert [(i.title, i.days_late(today), i.link) for i in ad_hoc("po_c1", today)] == [
        ("Báo cáo tình hình bão lũ", -2, f"/reports/requests/{request.pk}/")
    ]
    assert not ad_hoc("po_c2", today)
    later = today + dt.timedelta(days=3)
    assert [i.days_late(later) for i in ad_hoc("po_c1", later)] == [1]


def test_the_units_below_count_under_their_own_branch(world):
    """Three levels down: each unit is counted under the direct subordinate whose subtree holds
    it (read off the path in SQL), and the totals agree with the whole list."""
    for code, level, parent in [("R2", "trung-doan", "D"), ("B3", "tieu-doan", "R2")]:
        world.units[code] = create_unit(
            code=code, name=code, short_name=code, level=level, parent=world.unit(parent),
            by=None, valid_from=FOUNDED,
        )  # fmt: skip
    for number in range(4, 7):
        world.units[f"C{number}"] = create_unit(
            code=f"C{number}", name=f"Đại đội {number}", short_name=f"C{number}",
            level="dai-doi", parent=world.unit("B3"), by=None, valid_from=FOUNDED,
        )  # fmt: skip
    today = deadline("tieu-doan")
    submitted(world, "C1", at_local(deadline("dai-doi"), 8))  # on time
    submitted(world, "C5", at_local(today, 8))  # late
    matrix = matrix_states(world, "D", today)
    assert [row.unit.code for row in matrix.rows] == ["R", "R2"]
    r, r2 = (row.below for row in matrix.rows)
    assert r is not None and r2 is not None
    assert (r.expected, r.on_time, r.late, r.missing, r.not_due) == (5, 1, 0, 2, 2)
    assert (r2.expected, r2.on_time, r2.late, r2.missing, r2.not_due) == (4, 0, 1, 2, 1)
    everyone = Counter(every_state(world, "D", today).values())
    assert matrix.total == rates(everyone) and everyone.total() == 11
