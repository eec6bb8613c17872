"""Remedy states at the deadline boundaries, and recurring weaknesses — pure functions tested
with tables (the day is an argument), then the facts as read from the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.inspections.actions import InspectionData, add_finding, plan_inspection
from khth.inspections.followup import (
    DUE_SOON_DAYS,
    AreaRecurrence,
    Fact,
    UnitRecurrence,
    recurring_in,
    recurring_weaknesses,
    remedy_state,
    weakness_facts,
)
from khth.inspections.models import Finding, Inspection, Remedy

DEADLINE = dt.date(2024, 4, 30)


def day(offset: int) -> dt.date:
    return DEADLINE + dt.timedelta(days=offset)


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        (Remedy.OPEN, day(-30), "open"),
        (Remedy.OPEN, day(-DUE_SOON_DAYS - 1), "open"),  # 8 days before: not yet
        (Remedy.OPEN, day(-DUE_SOON_DAYS), "due_soon"),  # 7 days before: due soon
        (Remedy.OPEN, day(-1), "due_soon"),
        (Remedy.OPEN, day(0), "due_soon"),  # the deadline day itself is still in time
        (Remedy.OPEN, day(1), "overdue"),  # the day after
        (Remedy.OPEN, day(400), "overdue"),
        (Remedy.CLOSED, day(-30), "closed"),
        (Remedy.CLOSED, day(0), "closed"),
        (Remedy.CLOSED, day(1), "closed"),  # closed late is closed, not overdue
    ],
)
def test_remedy_state(status, today, expected):
    assert remedy_state(status, DEADLINE, today) == expected


W, V, S = Finding.WEAKNESS, Finding.VIOLATION, Finding.STRENGTH

RECURRING_CASES = [
    pytest.param([], (), (), id="nothing found"),
    pytest.param(
        [Fact("R", "dang", 1, W)],
        (),
        (),
        id="once is not recurring",
    ),
    pytest.param(
        [Fact("R", "dang", 1, W), Fact("R", "dang", 1, V)],
        (),
        (),
        id="two findings of one inspection count once",
    ),
    pytest.param(
        [Fact("R", "dang", 1, W), Fact("R", "dang", 2, V)],
        (UnitRecurrence("R", "dang", (1, 2), 2),),
        (),
        id="one unit, one area, two inspections (weakness then violation)",
    ),
    pytest.param(
        [Fact("R", "dang", 1, S), Fact("R", "dang", 2, S), Fact("R2", "dang", 2, S)],
        (),
        (),
        id="strengths are not weaknesses",
    ),
    pytest.param(
        [Fact("R", "dang", 1, W), Fact("R", "docs", 2, W)],
        (),
        (),
        id="two areas once each",
    ),
    pytest.param(
        [Fact("R", "dang", 1, W), Fact("R2", "dang", 1, W)],
        (),
        (AreaRecurrence("dang", ("R", "R2"), (1,), 2),),
        id="two units weak in one area in the same inspection",
    ),
    pytest.param(
        [
            Fact("R", "dang", 1, W),
            Fact("R", "dang", 3, W),
            Fact("R", "dang", 5, V),
            Fact("R2", "dang", 3, W),
            Fact("R2", "docs", 3, W),
            Fact("R2", "docs", 4, W),
            Fact("C1", "docs", 4, W),
            Fact("C1", "docs", 4, W),
            Fact("B2", "docs", 6, V),
        ],
        (
            UnitRecurrence("R", "dang", (1, 3, 5), 3),
            UnitRecurrence("R2", "docs", (3, 4), 2),
        ),
        (
            AreaRecurrence("docs", ("B2", "C1", "R2"), (3, 4, 6), 5),
            AreaRecurrence("dang", ("R", "R2"), (1, 3, 5), 4),
        ),
        id="many: most frequent first",
    ),
]


@pytest.mark.parametrize(("facts", "by_unit", "by_area"), RECURRING_CASES)
def test_recurring_weaknesses(facts, by_unit, by_area):
    found = recurring_weaknesses(facts)
    assert found.by_unit == by_unit
    assert found.by_area == by_area
    assert found.empty == (not by_unit and not by_area)


def test_thresholds_are_arguments():
    facts = [Fact("R", "dang", 1), Fact("R", "dang", 2), Fact("R2", "dang", 2)]
    assert recurring_weaknesses(facts, min_inspections=3, min_units=3).empty
    found = recurring_weaknesses(facts, min_inspections=1, min_units=1)
    assert [(r.unit, r.area) for r in found.by_unit] == [("R", "dang"), ("R2", "dang")]


# --- read from the database ------------------------------------------------------------------


def inspect(
    world: Any, by: str, units: list[str], start: dt.date, findings: list[tuple[str, str, str]]
) -> Inspection:
    """An inspection by ``by`` of ``units`` that started on ``start``, with ``findings``:
    (unit code, kind, area)."""
    po = world.users["po_d"] if by == "D" else world.users["cu_r"]
    inspection = plan_inspection(
        world.unit(by),
        InspectionData(
            title=f"Kiểm tra {start}",
            starts_on=start,
            ends_on=start + dt.timedelta(days=2),
            units=units,
            areas=["xay-dung-dang", "he-thong-van-kien"],
        ),
        by=po,
    )
    for unit, kind, area in findings:
        add_finding(inspection, unit_code=unit, kind=kind, area=area, text="…", by=po)
    return inspection


@pytest.mark.django_db
def test_facts_follow_the_subtree_and_the_span(division):
    party, docs = "xay-dung-dang", "he-thong-van-kien"
    first = inspect(
        division, "D", ["R", "R2"], dt.date(2023, 3, 1), [("R", W, party), ("R2", V, docs)]
    )
    second = inspect(division, "R", ["B1", "B2"], dt.date(2024, 3, 1), [("B1", W, docs)])
    third = inspect(division, "D", ["R"], dt.date(2024, 9, 1), [("R", W, party), ("R", S, docs)])
    inspect(division, "D", ["R"], dt.date(2025, 2, 1), [("R", W, docs)])  # after the span

    span = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    facts = set(weakness_facts(division.unit("R"), *span))
    assert facts == {
        Fact("R", party, first.pk, W),
        Fact("B1", docs, second.pk, W),
        Fact("R", party, third.pk, W),
    }
    found = recurring_in(division.unit("R"), *span)
    assert found.by_unit == (UnitRecurrence("R", party, (first.pk, third.pk), 2),)
    assert found.by_area == ()
    # The division's view adds R2: the document system is weak in two units (B1 and R2).
    found = recurring_in(division.unit("D"), *span)
    assert found.by_area == (AreaRecurrence(docs, ("B1", "R2"), (first.pk, second.pk), 2),)
    # A span that ends before the third inspection: nothing recurs in R any more.
    assert recurring_in(division.unit("R"), dt.date(2023, 1, 1), dt.date(2024, 6, 30)).empty
