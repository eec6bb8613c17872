"""Consolidation (tổng hợp) through the database: every aggregation rule against the pure
reference, drafts, the tree as it was, coverage, the frozen snapshot, the drill-down, scope
isolation of the page and the API, and a query count that does not grow with the subtree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.regulations.actions import load_regulation
from khth.regulations.loader import default_regulation_path
from khth.reports.actions import (
    Content,
    accept_report,
    create_request,
    open_report,
    open_request_report,
    return_report,
    save_report,
    submit_report,
    template,
)
from khth.reports.consolidation import KINDS, Counts, as_json, consolidate, snapshot
from khth.reports.expectations import expected_reports
from khth.reports.models import Report
from khth.reports.rollup import Count, rollup_flat
from khth.reports.timeliness import State, deadline_for
from khth.units.actions import create_unit, move_unit
from tests.conftest import FOUNDED
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

D = Decimal
TZ = ZoneInfo(settings.TIME_ZONE)

# The default monthly template has no min / max / last / none indicator: a deployment's edited
# regulation adds them (same codes in every template that shares the core indicators).
EXTRA_INDICATORS = """\
      - code: diem-cao-nhat
        name: Điểm kiểm tra nhận thức cao nhất
        type: decimal
        section: giao-duc-chinh-tri
        min: 0
        max: 10
        aggregation: max
        basis: default
      - code: diem-thap-nhat
        name: Điểm kiểm tra nhận thức thấp nhất
        type: decimal
        section: giao-duc-chinh-tri
        min: 0
        max: 10
        aggregation: min
        basis: default
      - code: ngay-huan-luyen
        name: Số ngày huấn luyện
        type: integer
        section: ctd-trong-nhiem-vu
        min: 0
        aggregation: count_condition
        condition: {op: ">=", value: 20}
        basis: default
      - code: quan-so-cuoi-ky
        name: Quân số cuối kỳ
        type: integer
        section: tinh-hinh
        min: 0
        aggregation: last
        basis: default
      - code: danh-gia-tinh-hinh
        name: Đánh giá chung tình hình
        type: text
        section: tinh-hinh
        aggregation: last
        basis: default
      - code: ghi-chu
        name: Ghi chú của đơn vị
        type: text
        section: tinh-hinh
        aggregation: none
        basis: default
"""


@pytest.fixture
def all_rules(world: Any) -> Any:
    """The world on a regulation whose monthly template uses every aggregation rule."""
    text = default_regulation_path().read_text(encoding="utf-8")
    edited = text.replace('version: "2017.1-khth.5"', 'version: "2017.1-thu.1"').replace(
        "    rules: &core-rules\n", EXTRA_INDICATORS + "    rules: &core-rules\n", 1
    )
    version, created = load_regulation(edited, "thu.yaml", by=None)
    assert created and version.is_active
    return world


def at(day: int, hour: int, month: int = 7) -> dt.datetime:
    """A local time; July 2024's company deadline is the 16th, the battalion's the 17th."""
    return dt.datetime(2024, month, day, hour, tzinfo=TZ)


AFTER_DEADLINES = dt.date(2024, 9, 30)

# Own values of each unit (the rest of each report is the complete default content).
OWN: dict[str, dict[str, Any]] = {
    "C1": {
        "quan-so": 100,
        "gdct-tham-gia": 90,
        "nhan-thuc-so-kiem-tra": 50,
        "nhan-thuc-kha-gioi": 40,
        "nhan-thuc-diem": 8,
        "vi-pham-nghiem-trong": 1,
        "dang-vien": 30,
        "chinh-sach-kinh-phi": "0,1",
        "diem-cao-nhat": "9,5",
        "diem-thap-nhat": "4,25",
        "ngay-huan-luyen": 22,
        "quan-so-cuoi-ky": 101,
        "danh-gia-tinh-hinh": "C1 ổn định",
        "ghi-chu": "Ghi chú của C1",
    },
    "C2": {
        "quan-so": 10,
        "gdct-tham-gia": 9,
        "nhan-thuc-so-kiem-tra": 10,
        "nhan-thuc-kha-gioi": 1,
        "nhan-thuc-diem": 6,
        "hoan-thanh-nhiem-vu": "không",
        "chinh-sach-kinh-phi": "0,2",
        "diem-cao-nhat": 7,
        "diem-thap-nhat": "3,5",
        "ngay-huan-luyen": 18,
        "quan-so-cuoi-ky": 11,
        "danh-gia-tinh-hinh": "C2 ổn định",
        "ghi-chu": "Ghi chú của C2",
    },
    "B1": {
        "quan-so": 20,
        "gdct-tham-gia": 20,
        "nhan-thuc-so-kiem-tra": 20,
        "nhan-thuc-kha-gioi": 20,
        "nhan-thuc-diem": 7,
        "diem-cao-nhat": 8,
        "diem-thap-nhat": 5,
        "ngay-huan-luyen": 25,
        "quan-so-cuoi-ky": 21,
        "danh-gia-tinh-hinh": "B1 tốt",
        "ghi-chu": "Ghi chú của B1",
    },
    "C3": {"quan-so": 50, "gdct-tham-gia": 45, "ngay-huan-luyen": 30},
    "B2": {"quan-so": 5, "gdct-tham-gia": 5},
    "R": {"quan-so": 30, "gdct-tham-gia": 30},
}


def prepared(world: Any, code: str, period: str = PERIOD, **numbers: Any) -> Report:
    by = world.users["cu_r"]
    report = open_report(world.unit(code), MONTHLY, period, by=by)
    known = {i.code for i in template(report).indicators}
    own = {k: v for k, v in {**OWN.get(code, {}), **numbers}.items() if k in known}
    return fill(report, by, own)


def submitted(world: Any, code: str, when: dt.datetime, period: str = PERIOD) -> Report:
    with time_machine.travel(when, tick=False):
        return submit_report(prepared(world, code, period), by=world.users["cu_r"])


def values(c: Any) -> dict[str, Any]:
    return {code: f.value for code, f in c.indicators.items()}


def test_every_rule_through_the_database_by_hand_and_against_the_reference(all_rules):
    world = all_rules
    submitted(world, "C1", at(15, 8))
    submitted(world, "C2", at(15, 9))
    submitted(world, "B1", at(16, 10))
    c = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    got = values(c)
    assert got["quan-so"] == 130
    # (90 + 9 + 20) / (100 + 10 + 20), recomputed from the sums — not 93,3 %, the average of
    # the units' own 90 %, 90 % and 100 %.
    assert got["gdct-ty-le"].quantize(D("0.0001")) == D("91.5385")
    assert c.indicators["gdct-ty-le"].display == "91,5%"
    # Weighted by the number tested: (8·50 + 6·10 + 7·20) / 80.
    assert got["nhan-thuc-diem"] == D("7.5")
    assert got["diem-cao-nhat"] == D("9.5")
    assert got["diem-thap-nhat"] == D("3.5")
    assert got["hoan-thanh-nhiem-vu"] == Count(2, 3)
    assert c.indicators["hoan-thanh-nhiem-vu"].display == "2/3"
    assert got["don-vi-vi-pham-nghiem-trong"] == Count(1, 3)
    assert got["ngay-huan-luyen"] == Count(2, 3)
    assert got["quan-so-cuoi-ky"] == 21  # B1 submitted last
    assert got["danh-gia-tinh-hinh"] == "B1 tốt"
    assert got["ghi-chu"] == (
        ("B1", "Ghi chú của B1"),
        ("C1", "Ghi chú của C1"),
        ("C2", "Ghi chú của C2"),
    )
    # 0,1 + 0,2 is 0,3 on every database (SQLite would sum binary floats).
    assert got["chinh-sach-kinh-phi"] == D("0.3")
    assert as_json(c)["indicators"]["chinh-sach-kinh-phi"] == "0.3"
    assert c.indicators["quan-so"].contributors == 3

    # The SQL path agrees with the pure reference on the same rows, for every indicator.
    for unit in ("B1", "R", "D", "C1"):
        c = consolidate(world.unit(unit), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
        reference = rollup_flat(c.template, c.rows())
        assert {i.code for i in c.template.indicators} <= set(reference)
        for code, figure in c.indicators.items():
            assert (figure.value, figure.contributors) == (
                reference[code].value,
                reference[code].contributors,
            ), (unit, code)


def test_reference_agrees_on_the_default_template_with_the_whole_tree(world):
    for code, hour in (("C1", 8), ("C2", 9), ("C3", 10), ("B1", 11), ("B2", 12), ("R", 13)):
        submitted(world, code, at(16, hour))
    c = consolidate(world.unit("D"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert c.template.code == MONTHLY
    reference = rollup_flat(c.template, c.rows())
    assert {code: (f.value, f.contributors) for code, f in c.indicators.items()} == {
        code: (r.value, r.contributors) for code, r in reference.items()
    }
    assert c.indicators["quan-so"].value == 100 + 10 + 20 + 50 + 5 + 30


def test_drafts_are_left_out_unless_asked_for_and_then_marked(world):
    submitted(world, "C1", at(15, 8))
    prepared(world, "C2")  # a draft
    b1 = world.unit("B1")
    c = consolidate(b1, MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert c.indicators["quan-so"].value == 100
    assert not c.includes_drafts
    assert [row.unit.code for row in c.missing] == ["C2"]
    assert as_json(c)["includes_drafts"] is False

    c = consolidate(b1, MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES, include_drafts=True)
    assert c.indicators["quan-so"].value == 110
    assert c.includes_drafts
    assert [row.unit.code for row in c.drafts] == ["C2"]
    # Still missing as a submission: a draft is not a report received.
    assert [row.unit.code for row in c.missing] == ["C2"]
    assert as_json(c)["includes_drafts"] is True


def test_the_units_own_report_counts_while_it_is_being_written(world):
    submitted(world, "C1", at(15, 8))
    prepared(world, "B1")  # the battalion's own draft: the one the synthesis is for
    c = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert c.indicators["quan-so"].value == 120
    assert c.own_report is not None and c.own_report.status == Report.DRAFT
    # One level up it is an ordinary draft, left out.
    r = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert r.indicators["quan-so"].value == 100


def test_the_tree_is_the_one_of_the_periods_last_day(world):
    for code in ("C1", "C2", "C3"):
        submitted(world, code, at(15, 8))
    # C2 moves to B2 in August: July still counts it under B1.
    move_unit(world.unit("C2"), world.unit("B2"), by=None, on=dt.date(2024, 8, 5))
    b1 = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    b2 = consolidate(world.unit("B2"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert b1.indicators["quan-so"].value == 110
    assert b2.indicators["quan-so"].value == 50
    assert sorted(row.unit.code for row in b1.coverage) == ["C1", "C2"]
    assert [row.unit.code for row in b2.coverage] == ["C3"]
    # August: C2 is B2's now.
    with time_machine.travel(at(20, 8, month=9), tick=False):
        submit_report(prepared(world, "C2", "202408"), by=world.users["cu_r"])
    b1 = consolidate(world.unit("B1"), MONTHLY, period_id="202408", today=AFTER_DEADLINES)
    b2 = consolidate(world.unit("B2"), MONTHLY, period_id="202408", today=AFTER_DEADLINES)
    assert b1.indicators["quan-so"].value is None
    assert b2.indicators["quan-so"].value == 10
    # A unit created after the period is not expected for it.
    create_unit(
        code="C9", name="Đại đội 9", short_name="C9", level="dai-doi", parent=world.unit("B1"),
        by=None, valid_from=dt.date(2024, 9, 1),
    )  # fmt: skip
    b1 = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert "C9" not in [row.unit.code for row in b1.coverage]


def test_coverage_lists_missing_late_and_not_accepted(world):
    # Company deadline for July 2024: 2 working days after the cut-off on the 14th.
    on_time = submitted(world, "C1", at(15, 8))
    submitted(world, "C2", at(26, 8))  # late
    accept_report(on_time, by=world.users["cu_r"])
    r = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    states = {row.unit.code: row for row in r.coverage}
    assert sorted(states) == ["B1", "B2", "C1", "C2", "C3"]
    assert [row.unit.code for row in r.late] == ["C2"]
    assert sorted(row.unit.code for row in r.missing) == ["B1", "B2", "C3"]
    assert [row.unit.code for row in r.not_accepted] == ["C2"]
    assert states["C3"].state == "missing"
    assert states["C1"].state == "on_time" and states["C1"].status == Report.ACCEPTED
    data = as_json(r)
    assert sorted(data["missing"]) == ["B1", "B2", "C3"]
    assert data["late"] == ["C2"]
    assert data["not_accepted"] == ["C2"]
    # Before the deadline a unit that has not reported is not due yet — and still not in the
    # figures.
    early = consolidate(world.unit("B2"), MONTHLY, period_id=PERIOD, today=dt.date(2024, 7, 15))
    assert early.coverage[0].state == "not_due"
    assert [row.unit.code for row in early.missing] == ["C3"]


def test_coverage_follows_the_rules_of_expectations_at_the_deadline_boundary(world):
    tmpl = active_regulation().report_template(MONTHLY)
    july = parse_period(PERIOD)
    due = deadline_for(tmpl, "dai-doi", july)
    last_minute = dt.datetime.combine(due, dt.time(23, 59), tzinfo=TZ)
    submitted(world, "C1", last_minute)
    submitted(world, "C2", last_minute + dt.timedelta(minutes=1))
    prepared(world, "B2")
    for today in (due, due + dt.timedelta(days=1), AFTER_DEADLINES):
        expected = expected_reports(world.unit("R"), tmpl, july, today)
        c = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=today)
        assert [
            (r.unit.code, r.parent_id, r.depth, r.deadline, r.state, r.report and r.report.pk)
            for r in c.coverage
        ] == [
            (e.unit.code, e.parent_id, e.depth, e.deadline, e.state, e.report and e.report.pk)
            for e in expected
        ]
    states = {r.unit.code: r.state for r in c.coverage}
    assert (states["C1"], states["C2"]) == (State.ON_TIME, State.LATE)


@pytest.mark.parametrize("include_drafts", [False, True])
def test_counts_and_first_rows_agree_with_the_whole_list(
    world, include_drafts, django_assert_num_queries
):
    """The consolidation counts in SQL and reads only the rows a page shows; the whole list,
    read when asked for, says the same: every state, drafts counted or not, a report returned,
    one sent late and sent back, the unit's own report left out."""
    by = world.users["cu_r"]
    accept_report(submitted(world, "C1", at(15, 8)), by=by)  # on time, accepted
    late = submitted(world, "C2", at(26, 8))  # late, waiting
    return_report(submitted(world, "B1", at(26, 9)), by=by, comment="Sửa quân số")  # late, back
    prepared(world, "C3")  # a draft
    prepared(world, "R")  # the unit's own: not among those that owe it
    c = consolidate(
        world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES,
        include_drafts=include_drafts,
    )  # fmt: skip
    assert c.own_report is not None and c.own_report.status == Report.DRAFT
    # The direct subordinates come with it; the first rows of a list are one query each, and
    # the whole list one more, read when asked for.
    assert [row.unit.code for row in c.children] == ["B1", "B2"]
    with django_assert_num_queries(len(KINDS)):
        firsts = {kind: [row.unit.code for row in c.first(kind, 2)] for kind in KINDS}
    with django_assert_num_queries(1):
        rows = c.coverage
    assert c.counts == Counts.of(rows)
    assert (c.counts.expected, c.counts.missing, c.counts.late) == (5, 3, 2)
    assert c.counts.not_accepted == 1 and c.counts.attention == 4 and c.counts.in_order == 1
    assert c.counts.drafts == (2 if include_drafts else 0)  # B1 returned, C3 a draft
    assert c.counts.counted == (4 if include_drafts else 2)
    for kind in KINDS:
        assert firsts[kind] == [row.unit.code for row in rows if getattr(row, kind)][:2], kind
        assert c.first(kind, 2) == [row for row in rows if getattr(row, kind)][:2], kind
    assert [row.unit.code for row in c.children] == [r.unit.code for r in rows if r.depth == 1]
    assert late.pk in {row.report.pk for row in c.first("not_accepted", 10) if row.report}


def test_consolidate_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    for code in ("C1", "C2", "C3", "B1", "B2"):
        submitted(world, code, at(15, 8))
    regiment = world.unit("R")
    template = consolidate(regiment, MONTHLY, period_id=PERIOD).template
    version = Report.objects.get(unit__code="C1").regulation_id
    # The unit's place, who reported counted with the weighted averages, the direct
    # subordinates, the GROUP BY, the texts: never one per unit.
    with django_assert_num_queries(5):
        c = consolidate(regiment, MONTHLY, period_id=PERIOD, template=template, version_id=version)
    with django_assert_num_queries(1):  # every unit that owes the report, when asked for
        assert len(c.coverage) == 5
    with django_assert_num_queries(0):
        assert len(c.missing) == 0 and len(c.units) == 6


def test_snapshot_is_frozen_at_submission(world):
    c1 = submitted(world, "C1", at(15, 8))
    c2 = submitted(world, "C2", at(15, 9))
    assert c1.consolidated is None  # a company has no subordinates
    b1 = submitted(world, "B1", at(16, 10))
    frozen = Report.objects.get(pk=b1.pk).consolidated
    assert frozen is not None
    assert frozen["unit"] == "B1"
    assert frozen["period"] == PERIOD
    assert frozen["indicators"]["quan-so"] == "130"
    assert frozen["indicators"]["gdct-ty-le"] == "91.5385"
    assert frozen["indicators"]["hoan-thanh-nhiem-vu"] == "2/3"
    assert frozen["missing"] == []
    units = [t["unit"] for t in frozen["sections"]["tinh-hinh"]]
    assert units[0] == "B1" and sorted(units[1:]) == ["C1", "C2"]  # own text first
    assert frozen == snapshot(Report.objects.get(pk=b1.pk))

    # C2 is returned, corrected and resubmitted: the battalion's frozen figures do not move.
    po = world.users["cu_r"]
    c2 = return_report(c2, by=po, comment="Sửa quân số")
    c2 = save_report(c2, Content(values={"quan-so": "12"}), by=po, base_version=c2.version)
    submit_report(c2, by=po)
    assert Report.objects.get(pk=b1.pk).consolidated == frozen
    now = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD)
    assert now.indicators["quan-so"].value == 132


def test_sections_side_by_side_for_direct_subordinates_only(world):
    submitted(world, "C1", at(15, 8))
    submitted(world, "C3", at(15, 8))
    submitted(world, "B1", at(16, 8))
    prepared(world, "R")
    r = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    section = next(s for s in r.sections if s.code == "tinh-hinh")
    assert "Trung đoàn 1" in section.own
    # B1 is a direct subordinate; C1 and C3 are not (B2 has not submitted).
    assert [unit.code for unit, _html in section.subordinates] == ["B1"]
    assert "Tiểu đoàn 1" in section.subordinates[0][1]
    assert {s.code for s in r.sections} >= {"tinh-hinh", "giao-duc-chinh-tri", "giai-phap"}


def test_drilldown_lists_each_contributing_unit(all_rules):
    world = all_rules
    submitted(world, "C1", at(15, 8))
    submitted(world, "C2", at(15, 9))
    prepared(world, "B1")
    c = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    rows = c.drilldown("quan-so")
    assert rows[0].unit.code == "B1"  # tree order: the unit before its subordinates
    assert {r.unit.code: r.value for r in rows} == {"B1": 20, "C1": 100, "C2": 10}
    assert sum(D(str(r.value)) for r in rows) == c.indicators["quan-so"].value
    ratio = {r.unit.code: r for r in c.drilldown("gdct-ty-le")}
    assert ratio["C1"].display == "90,0%"
    assert ratio["C1"].detail == "90/100"
    weighted = {r.unit.code: r.detail for r in c.drilldown("nhan-thuc-diem")}
    assert weighted["C2"] == "trọng số 10"
    condition = {r.unit.code: r.value for r in c.drilldown("don-vi-vi-pham-nghiem-trong")}
    assert condition == {"B1": False, "C1": True, "C2": False}
    flags = {r.unit.code: r.display for r in c.drilldown("hoan-thanh-nhiem-vu")}
    assert flags == {"B1": "Có", "C1": "Có", "C2": "Không"}
    assert {r.unit.code: r.value for r in c.drilldown("ghi-chu")} == {
        "B1": "Ghi chú của B1",
        "C1": "Ghi chú của C1",
        "C2": "Ghi chú của C2",
    }
    with pytest.raises(KeyError):
        c.drilldown("khong-co")


def test_an_ad_hoc_request_consolidates_the_requests_reports(world):
    by = world.users["cu_r"]
    request = create_request(
        from_unit=world.unit("R"),
        template_code="bc-dot-xuat",
        title="Báo cáo mưa lũ",
        content="<p>Tình hình thiệt hại</p>",
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2024, 9, 10),
        deadline=dt.date(2024, 9, 12),
        addressees=[world.unit("C1"), world.unit("C3")],
        by=by,
    )
    report = open_request_report(request, world.unit("C1"), by=by)
    content = Content(
        sections={code: f"<p>{code} của C1</p>" for code in ("su-viec", "nguyen-nhan", "xu-ly")}
    )
    report = save_report(report, content, by=by, base_version=report.version)
    with time_machine.travel(at(11, 9, month=9), tick=False):
        assert submit_report(report, by=by).consolidated is None
    c = consolidate(world.unit("R"), "bc-dot-xuat", request=request, today=dt.date(2024, 9, 20))
    assert c.label == "Báo cáo mưa lũ"
    assert sorted(row.unit.code for row in c.coverage) == ["C1", "C3"]
    assert [row.unit.code for row in c.missing] == ["C3"]
    section = next(s for s in c.sections if s.code == "su-viec")
    assert [(unit.code, html) for unit, html in section.subordinates] == [
        ("C1", "<p>su-viec của C1</p>")
    ]
    data = as_json(c)
    assert data["request"] == request.pk and data["period"] == ""


# --- pages and API --------------------------------------------------------------------------


def page(code: str = "B1", period: str = PERIOD) -> str:
    return f"/reports/consolidation/{code}/{MONTHLY}/{period}/"


def api(code: str = "B1", period: str = PERIOD) -> str:
    return f"/api/v1/consolidations/{code}/{MONTHLY}/{period}"


@pytest.mark.parametrize(
    ("username", "unit", "status"),
    [
        ("cmd_b1", "B1", 200),  # a commander reads his battalion's synthesis
        ("cu_r", "B1", 200),
        ("cu_r", "R", 200),
        ("po_c1", "B1", 404),  # a company officer does not see the battalion's
        ("po_c1", "C1", 200),
        ("po_c2", "C1", 404),  # nor a sibling company's
        ("cmd_b1", "R", 404),
        ("nobody", "B1", 404),
    ],
)
def test_scope_of_page_drilldown_and_api(world, username, unit, status):
    submitted(world, "C1", at(15, 8))
    client = world.client(username)
    assert client.get(page(unit)).status_code == status
    assert client.get(page(unit) + "drilldown/quan-so/").status_code == status
    assert client.get(api(unit)).status_code == status
    assert client.get(api(unit) + "/drilldown/quan-so").status_code == status


def test_anonymous_is_sent_to_login(world):
    from django.test import Client

    response = Client().get(page())
    assert response.status_code == 302
    assert Client().get(api()).status_code == 401


def test_page_shows_figures_coverage_narrative_and_the_drafts_toggle(world):
    submitted(world, "C1", at(15, 8))
    prepared(world, "C2")
    client = world.client("cmd_b1")
    html = client.get(page()).content.decode()
    assert 'data-indicator="quan-so"' in html
    assert "/drilldown/quan-so/" in html
    assert "Tính cả báo cáo dự thảo" in html
    assert 'data-testid="drafts-included"' not in html
    assert "Nội dung Đặc điểm tình hình của Đại đội 1" in html
    assert 'data-unit="C2"' in html and "Dự thảo" in html

    html = client.get(page() + "?drafts=1").content.decode()
    assert 'data-testid="drafts-included"' in html
    assert "Nội dung Đặc điểm tình hình của Đại đội 2" in html
    assert 'data-unit="C1"' in html  # submitted, not yet accepted

    accept_report(Report.objects.get(unit__code="C1"), by=world.users["cu_r"])
    html = client.get(page()).content.decode()
    assert 'data-unit="C1"' not in html  # nothing to see: only units needing attention are listed
    assert "1 đơn vị đã gửi đúng hạn và đã được tiếp nhận" in html

    fragment = client.get(page() + "drilldown/quan-so/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text
    assert 'data-unit="C1"' in text and "100" in text
    assert client.get(page() + "drilldown/khong-co/").status_code == 404
    assert client.get(page(period="2024Q3")).status_code == 404
    assert client.get(f"/reports/consolidation/B1/khong-co/{PERIOD}/").status_code == 404


def test_api_returns_the_json_shape(world):
    submitted(world, "C1", at(15, 8))
    prepared(world, "C2")
    client = world.client("cu_r")
    body = client.get(api(), {"include_drafts": "false"}).json()
    assert set(body) >= {"unit", "template", "period", "indicators", "missing", "late", "sections"}
    assert body["unit"] == "B1" and body["template"] == MONTHLY and body["period"] == PERIOD
    assert body["indicators"]["quan-so"] == "100"
    assert body["indicators"]["gdct-ty-le"] == "90"
    assert body["missing"] == ["C2"] and body["missing_count"] == 1
    assert body["sections"]["tinh-hinh"][0]["unit"] == "C1"
    with_drafts = client.get(api(), {"include_drafts": "true"}).json()
    assert with_drafts["includes_drafts"] is True
    assert with_drafts["indicators"]["quan-so"] == "110"
    rows = client.get(api() + "/drilldown/quan-so", {"include_drafts": "true"}).json()
    assert sorted((r["unit"], r["value"]) for r in rows) == [("C1", "100"), ("C2", "10")]
    assert client.get(api() + "/drilldown/khong-co").status_code == 404
    assert client.get(api(period="2024Q3")).status_code == 404


def _grow(world: Any, battalions: int, companies: int, tag: str) -> None:
    """More battalions with companies under R, every report submitted."""
    regiment = world.unit("R")
    for b in range(battalions):
        battalion = create_unit(
            code=f"{tag}B{b}", name=f"Tiểu đoàn {tag}{b}", short_name=f"d{tag}{b}",
            level="tieu-doan", parent=regiment, by=None, valid_from=FOUNDED,
        )  # fmt: skip
        submitted(world, battalion.code, at(16, 8))
        for c in range(companies):
            company = create_unit(
                code=f"{tag}B{b}C{c}", name=f"Đại đội {tag}{b}{c}", short_name=f"c{tag}{b}{c}",
                level="dai-doi", parent=battalion, by=None, valid_from=FOUNDED,
            )  # fmt: skip
            submitted(world, company.code, at(15, 8))


def test_query_count_does_not_grow_with_the_subtree(world, django_assert_max_num_queries):
    client = world.client("cu_r")
    _grow(world, 6, 3, "X")  # R and 29 units under it
    # Session, user, scope, regulation, unit; the consolidation's 5 (its place in the tree, who
    # reported counted with the weighted averages, the direct subordinates, the GROUP BY, the
    # texts); the rows shown (the page: the first units needing attention; the drill-down:
    # every unit that owes the report, then the values; the API: the first of each of its three
    # lists); and the page frame's own. 14 or 15 today.
    bound = 16
    with django_assert_max_num_queries(bound):
        assert client.get(page("R")).status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get(page("R") + "drilldown/gdct-ty-le/").status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get(api("R")).status_code == 200
    _grow(world, 6, 4, "Y")  # doubled: R and 59 units under it
    c = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER_DEADLINES)
    assert len(c.coverage) == 59
    with django_assert_max_num_queries(bound):
        assert client.get(page("R")).status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get(page("R") + "drilldown/gdct-ty-le/").status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get(api("R")).status_code == 200
