"""The cascade: what superiors' issued plans assign to a unit, and whether a plan covers it.

An item is assigned to the units listed in its ``assignees``; it reaches those units only (a
battalion passes a target on to its companies by assigning it again in its own plan). The plan
in force of a series is its latest issued version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
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
    """Items of superiors' issued plans overlapping [starts_on, ends_on] assigned to ``unit``."""
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
        out.append(
            _assigned(
                plans[t.plan_id],
                "target",
                t.key,
                t.text,
                template=t.template_code,
                indicator=t.indicator_code,
                comparison=t.comparison,
                value=t.value,
                due_on=t.due_on,
            )
        )
    tasks = Task.objects.filter(plan_id__in=plans, assignees=unit).order_by("plan", "position")
    for k in tasks:
        out.append(
            _assigned(
                plans[k.plan_id], "task", k.key, k.title, starts_on=k.starts_on, ends_on=k.ends_on
            )
        )
    return out


def _assigned(plan: Plan, kind: str, key: uuid.UUID, text: str, **details: Any) -> Assigned:
    """An item of ``plan`` with where it comes from; ``details`` are the kind's own fields."""
    return Assigned(
        kind=kind,
        key=key,
        text=text,
        plan_id=plan.pk,
        plan_title=plan.title,
        from_unit=plan.unit.short_name or plan.unit.name,
        **details,
    )


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
