"""The cascade: what superiors' issued plans assign to a unit, and whether a plan covers it.

An item is assigned to the units listed in its ``assignees``; it reaches those units only (a
battalion passes a target on to its companies by assigning it again in its own plan). The plan
in force of a series is its latest issued version.

An item is asked of a plan when the item's own days overlap the plan's (a task: its window; a
target: from its plan's start to its due date), not merely its plan's: a task of May and June
is not asked of a December plan. It is not asked again of a plan whose days all fall in another
plan of the unit, in force, that already carries it («Nhận thực hiện» once for the year is
enough for every month of it).

Apps above plans may ask plans for more items without plans importing them: an app registers an
``ItemSource`` with ``add_item_source`` in its ``AppConfig.ready()`` (khth.reviews: the key tasks
a finished review sets for the next period). Their items are asked, offered («Nhận thực hiện»)
and checked exactly like a superior's; ``plan_id`` is 0 for them, ``plan_title`` says where they
come from.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from khth.plans.models import Plan, Target, Task
from khth.units.models import Unit


@dataclass(frozen=True)
class Assigned:
    kind: str  # "target" or "task"
    key: uuid.UUID
    text: str
    plan_id: int
    plan_title: str
    from_unit: str
    template: str = ""
    indicator: str = ""
    comparison: str = ""
    value: Decimal | None = None
    due_on: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    # The days the item asks for (see the module's docstring).
    span_starts_on: dt.date | None = None
    span_ends_on: dt.date | None = None
    # Title of the unit's plan in force that carries the item for the days asked about; set by
    # ``mark_taken``. Such an item is offered, not demanded.
    taken_in: str = ""


# (unit, first day, last day) -> items asked of the unit's plans over those days.
ItemSource = Callable[[Unit, dt.date, dt.date], list[Assigned]]
_SOURCES: list[ItemSource] = []


def add_item_source(source: ItemSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def issued_in_force(plans: Iterable[Plan]) -> list[Plan]:
    """The latest issued version of each series among ``plans``."""
    latest: dict[uuid.UUID, Plan] = {}
    for plan in plans:
        if plan.status != Plan.ISSUED:
            continue
        held = latest.get(plan.series)
        if held is None or plan.version > held.version:
            latest[plan.series] = plan
    return sorted(latest.values(), key=lambda p: (p.starts_on, p.pk))


def assigned_items(unit: Unit, starts_on: dt.date, ends_on: dt.date) -> list[Assigned]:
    """Items assigned to ``unit`` by superiors' issued plans whose own days overlap
    [starts_on, ends_on], then the items of the registered sources."""
    extra = [item for source in _SOURCES for item in source(unit, starts_on, ends_on)]
    return _from_plans(unit, starts_on, ends_on) + [
        a for a in extra if overlap(a, starts_on, ends_on) is not None
    ]


def _from_plans(unit: Unit, starts_on: dt.date, ends_on: dt.date) -> list[Assigned]:
    ancestors = Unit.objects.ancestors_of(unit)
    candidates = Plan.objects.filter(
        unit__in=ancestors, status=Plan.ISSUED, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("unit")
    plans = {p.pk: p for p in issued_in_force(candidates)}
    if not plans:
        return []
    out: list[Assigned] = []
    targets = Target.objects.filter(plan_id__in=plans, assignees=unit).order_by("plan", "position")
    for t in targets:
        plan = plans[t.plan_id]
        out.append(
            _assigned(
                plan,
                "target",
                t.key,
                t.text,
                (plan.starts_on, t.due_on or plan.ends_on),
                template=t.template_code,
                indicator=t.indicator_code,
                comparison=t.comparison,
                value=t.value,
                due_on=t.due_on,
            )
        )
    tasks = Task.objects.filter(plan_id__in=plans, assignees=unit).order_by("plan", "position")
    for k in tasks:
        plan = plans[k.plan_id]
        out.append(
            _assigned(
                plan,
                "task",
                k.key,
                k.title,
                (k.starts_on or plan.starts_on, k.ends_on or plan.ends_on),
                starts_on=k.starts_on,
                ends_on=k.ends_on,
            )
        )
    return [a for a in out if overlap(a, starts_on, ends_on) is not None]


def _assigned(
    plan: Plan,
    kind: str,
    key: uuid.UUID,
    text: str,
    days: tuple[dt.date, dt.date],
    **details: Any,
) -> Assigned:
    """An item of ``plan`` with where it comes from and the ``days`` it asks for; ``details``
    are the kind's own fields."""
    # A due date before the plan's start, or a window typed backwards, still names its days.
    first, last = sorted(days)
    return Assigned(
        kind=kind,
        key=key,
        text=text,
        plan_id=plan.pk,
        plan_title=plan.title,
        from_unit=plan.unit.short_name or plan.unit.name,
        span_starts_on=first,
        span_ends_on=last,
        **details,
    )


def overlap(item: Assigned, starts_on: dt.date, ends_on: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days of [starts_on, ends_on] the item asks for, or None when it asks for none."""
    first = max(item.span_starts_on or starts_on, starts_on)
    last = min(item.span_ends_on or ends_on, ends_on)
    return (first, last) if first <= last else None


def mark_taken(
    unit: Unit, items: list[Assigned], starts_on: dt.date, ends_on: dt.date, series: uuid.UUID
) -> list[Assigned]:
    """``items`` with ``taken_in`` set where another plan of ``unit`` (not of ``series``: a
    plan's own earlier version does not excuse its amendment) is in force, carries the item and
    holds all the days of [starts_on, ends_on] that the item asks for. A draft does not count:
    it may still be discarded."""
    keys = [a.key for a in items]
    if not keys:
        return items
    carried: dict[uuid.UUID, list[Plan]] = {}
    for model in (Target, Task):
        rows = (
            model.objects.filter(
                plan__unit=unit, plan__status__in=Plan.IN_FORCE, assigned_key__in=keys
            )
            .exclude(plan__series=series)
            .select_related("plan")
        )
        for row in rows:
            if row.assigned_key is not None:
                carried.setdefault(row.assigned_key, []).append(row.plan)
    in_force = {
        p.pk for p in _latest_in_force(unit, {p.series for ps in carried.values() for p in ps})
    }
    out = []
    for item in items:
        days = overlap(item, starts_on, ends_on)
        holder = next(
            (
                p
                for p in carried.get(item.key, [])
                if p.pk in in_force
                and days is not None
                and p.starts_on <= days[0]
                and days[1] <= p.ends_on
            ),
            None,
        )
        out.append(replace(item, taken_in=holder.title) if holder is not None else item)
    return out


def _latest_in_force(unit: Unit, series: set[uuid.UUID]) -> list[Plan]:
    """The version in force of each of ``series``: its latest approved or issued one (an
    amendment still in draft leaves the earlier version in force)."""
    latest: dict[uuid.UUID, Plan] = {}
    plans = Plan.objects.filter(unit=unit, series__in=series, status__in=Plan.IN_FORCE)
    for plan in plans.only("pk", "series", "version"):
        held = latest.get(plan.series)
        if held is None or plan.version > held.version:
            latest[plan.series] = plan
    return list(latest.values())


def is_weaker(comparison: str, assigned: Decimal | None, own: Decimal | None) -> bool:
    """Whether ``own`` asks less than ``assigned`` under ``comparison`` (the assigned one's)."""
    if assigned is None:
        return False
    if own is None:
        return True
    if comparison in {">=", ">"}:
        return own < assigned
    if comparison in {"<=", "<"}:
        return own > assigned
    return own != assigned
