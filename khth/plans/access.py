"""Who may see and do what with plans. Built on khth.units.access, like every object type.

Reading follows the subtree. Preparing and approving are done by the unit's own people (a superior
never edits a subordinate's plan). What a superior assigns reaches a subordinate through
``assigned_items`` (khth.plans.cascade), never by reading the superior's plan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from khth.plans.models import Plan, Task
from khth.units.access import READ, get_visible, holders_at, scope_for
from khth.units.models import Unit

PREPARE = "plan.prepare"
APPROVE = "plan.approve"


def visible_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(scope_for(user).q("unit__path"))


def get_plan_for_user(user: Any, pk: int, *, permission: str = READ) -> Plan:
    """404 outside the scope; 403 inside it without ``permission``."""
    rows = visible_plans(user).select_related("unit", "unit__parent", "regulation")
    found = get_visible(rows, pk, "plan")
    if not can(user, found.unit, permission):
        raise PermissionDenied(permission)
    return found


def can(user: Any, unit: Unit, permission: str) -> bool:
    scope = scope_for(user)
    if permission in {PREPARE, APPROVE}:
        return scope.holds_at(unit, permission)
    return scope.allows(unit, permission)


def can_report_progress(user: Any, task: Task, plan: Plan) -> bool:
    """The unit that leads the task reports its progress; so may the plan's own unit."""
    scope = scope_for(user)
    if scope.holds_at(plan.unit, PREPARE):
        return True
    return task.lead_unit is not None and scope.holds_at(task.lead_unit, PREPARE)


def preparers_of(unit: Unit) -> QuerySet[Any]:
    return holders_at(unit, PREPARE)
