"""Follow-up of inspections: the state of a remedy on a given day, and the weaknesses that come
back («khâu yếu, mặt yếu») — in one unit across inspections, and across units.

Both are pure functions of their arguments (the day is an argument, never the clock), tested
with tables; ``recurring_in`` only reads the facts from the database and hands them over.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import Q
from django.utils.translation import gettext_noop

from khth.inspections.models import Finding, Inspection, Remedy
from khth.units.models import Unit

# --- remedy states ---------------------------------------------------------------------------

State = Literal["open", "due_soon", "overdue", "closed"]
OPEN: State = "open"
DUE_SOON: State = "due_soon"
OVERDUE: State = "overdue"
CLOSED: State = "closed"
STATES: tuple[State, ...] = (OVERDUE, DUE_SOON, OPEN, CLOSED)  # the order lists show them in
STATE_LABELS: dict[State, str] = {
    OPEN: gettext_noop("Đang khắc phục"),
    DUE_SOON: gettext_noop("Sắp đến hạn"),
    OVERDUE: gettext_noop("Quá hạn"),
    CLOSED: gettext_noop("Đã khắc phục"),
}
# A remedy is "due soon" from this many days before its deadline up to the deadline itself
# (a KHTH default: a week is the shortest span a unit plans its work in).
DUE_SOON_DAYS = 7
# ``khth inspections remind`` tells both sides of an overdue remedy once, then again every this
# many days while it stays open — a daily run does not repeat itself every day.
REMIND_EVERY_DAYS = 7


def remedy_state(status: str, deadline: dt.date, today: dt.date) -> State:
    """Closed; or, while open: overdue the day after the deadline, due soon from
    ``DUE_SOON_DAYS`` days before it up to and including the deadline day, open before that."""
    if status == Remedy.CLOSED:
        return CLOSED
    if today > deadline:
        return OVERDUE
    if (deadline - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return OPEN


def state_of(remedy: Remedy, today: dt.date) -> State:
    return remedy_state(remedy.status, remedy.deadline, today)


def open_past_deadline(today: dt.date) -> Q:
    """The database filter of overdue remedies on ``today`` (``remedy_state`` == OVERDUE)."""
    return Q(status=Remedy.OPEN, deadline__lt=today)


def state_q(state: str, today: dt.date) -> Q:
    """The database filter of the remedies in ``state`` on ``today``, by the same boundaries as
    ``remedy_state``; an unknown state filters nothing out."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if state == OVERDUE:
        return open_past_deadline(today)
    if state == DUE_SOON:
        return Q(status=Remedy.OPEN, deadline__gte=today, deadline__lte=soon)
    if state == OPEN:
        return Q(status=Remedy.OPEN, deadline__gt=soon)
    if state == CLOSED:
        return Q(status=Remedy.CLOSED)
    return Q()


# --- recurring weaknesses --------------------------------------------------------------------

WEAK_KINDS = (Finding.WEAKNESS, Finding.VIOLATION)


@dataclass(frozen=True)
class Fact:
    """One weakness or violation: which unit, in which area, found by which inspection."""

    unit: str  # unit code
    area: str  # area code
    inspection: int  # inspection id
    kind: str = Finding.WEAKNESS


@dataclass(frozen=True)
class UnitRecurrence:
    """An area where one unit was found weak by ``len(inspections)`` ≥ 2 different inspections."""

    unit: str
    area: str
    inspections: tuple[int, ...]
    findings: int


@dataclass(frozen=True)
class AreaRecurrence:
    """An area where ``len(units)`` ≥ 2 different units were found weak."""

    area: str
    units: tuple[str, ...]
    inspections: tuple[int, ...]
    findings: int


@dataclass(frozen=True)
class Recurring:
    by_unit: tuple[UnitRecurrence, ...]
    by_area: tuple[AreaRecurrence, ...]

    @property
    def empty(self) -> bool:
        return not self.by_unit and not self.by_area


def recurring_weaknesses(
    facts: Iterable[Fact], *, min_inspections: int = 2, min_units: int = 2
) -> Recurring:
    """Per unit, the areas in which it was found weak by at least ``min_inspections`` different
    inspections; across units, the areas in which at least ``min_units`` different units were
    found weak. Strengths are not weaknesses and are left out, whatever the caller passes. Two
    findings of one inspection in one unit and area count as one inspection.

    Ordered by how often (most first), then by code, so the same facts give the same list."""
    per_unit: dict[tuple[str, str], set[int]] = defaultdict(set)
    per_unit_count: dict[tuple[str, str], int] = defaultdict(int)
    area_units: dict[str, set[str]] = defaultdict(set)
    area_inspections: dict[str, set[int]] = defaultdict(set)
    area_count: dict[str, int] = defaultdict(int)
    for fact in facts:
        if fact.kind not in WEAK_KINDS:
            continue
        per_unit[(fact.unit, fact.area)].add(fact.inspection)
        per_unit_count[(fact.unit, fact.area)] += 1
        area_units[fact.area].add(fact.unit)
        area_inspections[fact.area].add(fact.inspection)
        area_count[fact.area] += 1
    by_unit = [
        UnitRecurrence(unit, area, tuple(sorted(found)), per_unit_count[(unit, area)])
        for (unit, area), found in per_unit.items()
        if len(found) >= min_inspections
    ]
    by_unit.sort(key=lambda r: (-len(r.inspections), r.unit, r.area))
    by_area = [
        AreaRecurrence(
            area, tuple(sorted(units)), tuple(sorted(area_inspections[area])), area_count[area]
        )
        for area, units in area_units.items()
        if len(units) >= min_units
    ]
    by_area.sort(key=lambda r: (-len(r.units), r.area))
    return Recurring(tuple(by_unit), tuple(by_area))


def default_span(today: dt.date) -> tuple[dt.date, dt.date]:
    """From 1 January two years back to ``today``: at least two full years of inspections."""
    return dt.date(today.year - 2, 1, 1), today


def weakness_facts(root: Unit, start: dt.date, end: dt.date) -> list[Fact]:
    """Weaknesses and violations found in ``root``'s subtree (``root`` included) by inspections
    that started within [start, end], by any inspecting unit. One query."""
    rows = Finding.objects.filter(
        unit__path__startswith=root.path,
        kind__in=WEAK_KINDS,
        inspection__starts_on__gte=start,
        inspection__starts_on__lte=end,
    ).values_list("unit__code", "area", "inspection_id", "kind")
    return [Fact(unit, area, inspection, kind) for unit, area, inspection, kind in rows]


def recurring_in(root: Unit, start: dt.date, end: dt.date) -> Recurring:
    return recurring_weaknesses(weakness_facts(root, start, end))


def inspections_by_id(ids: Iterable[int]) -> dict[int, Inspection]:
    return {i.pk: i for i in Inspection.objects.filter(pk__in=set(ids)).select_related("by_unit")}
