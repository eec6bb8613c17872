"""Who may see and do what with inspections. Built on khth.units.access, like every object type.

Reading has two depths:

- **the whole inspection** — for people who see the inspecting unit (``by_unit``): every
  inspected unit's findings and remedies, the conclusion, the notice (DOCX);
- **their part of it** — for the people of an inspected unit (or of a unit that owns one of its
  remedies): the header (who inspects whom, when, on what), and only the findings about units in
  their own scope and the remedies those findings led to or their units own. Never another
  inspected unit's findings: two regiments inspected together do not read each other's faults.

Anyone else gets 404. Planning and recording are done by the inspecting unit's own people
(``inspection.manage`` held *at* ``by_unit``, not inherited from above); closing a remedy by the
owner unit's own people (``inspection.respond`` held *at* the owner unit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from khth.inspections.followup import DUE_SOON_DAYS
from khth.inspections.models import Finding, Inspection, Remedy
from khth.units.access import READ, Scope, get_visible, holders_at, scope_for
from khth.units.models import Unit
from khth.web.lists import counted_first

MANAGE = "inspection.manage"
RESPOND = "inspection.respond"


def _reach(scope: Scope, prefix: str = "") -> Q:
    """An inspection the scope reaches: its inspecting unit, one of its inspected units, or the
    owner of one of its remedies is in the user's subtrees."""
    return (
        scope.q(f"{prefix}by_unit__path")
        | scope.q(f"{prefix}units__path")
        | scope.q(f"{prefix}findings__remedies__owner__path")
    )


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    scope = scope_for(user)
    ids = Inspection.objects.filter(_reach(scope)).values("pk")
    # A subquery rather than .distinct(): the joins through units and remedies repeat rows.
    return Inspection.objects.filter(pk__in=ids)


def get_inspection_for_user(user: Any, pk: int, *, permission: str = READ) -> Inspection:
    """404 outside the scope; 403 for ``MANAGE`` without it at the inspecting unit."""
    rows = visible_inspections(user).select_related("by_unit", "by_unit__parent")
    inspection = get_visible(rows, pk, "inspection")
    if permission == MANAGE and not can_manage(user, inspection):
        raise PermissionDenied(MANAGE)
    return inspection


def sees_whole(user: Any, inspection: Inspection) -> bool:
    """The whole inspection: the user sees the inspecting unit."""
    return scope_for(user).allows(inspection.by_unit, READ)


def can_manage(user: Any, inspection: Inspection) -> bool:
    return scope_for(user).holds_at(inspection.by_unit, MANAGE)


def can_plan_at(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, MANAGE)


def can_respond(user: Any, remedy: Remedy) -> bool:
    return scope_for(user).holds_at(remedy.owner, RESPOND)


def findings_for(user: Any, inspection: Inspection) -> QuerySet[Finding]:
    """The inspection's findings the user may read: all of them, or those about units in the
    user's scope and those with a remedy a unit in the scope owns."""
    findings = inspection.findings.all()
    if sees_whole(user, inspection):
        return findings
    scope = scope_for(user)
    ids = findings.filter(scope.q("unit__path") | scope.q("remedies__owner__path")).values("pk")
    return inspection.findings.filter(pk__in=ids)


def remedies_for(user: Any, inspection: Inspection) -> QuerySet[Remedy]:
    """The inspection's remedies the user may read (see ``visible_remedies``)."""
    return visible_remedies(user).filter(finding__inspection=inspection)


def visible_remedies(user: Any) -> QuerySet[Remedy]:
    """Remedies the user may read: those of inspections made by a unit in the user's scope, of
    findings about a unit in it, and those a unit in it owns."""
    scope = scope_for(user)
    return Remedy.objects.filter(
        scope.q("finding__inspection__by_unit__path")
        | scope.q("finding__unit__path")
        | scope.q("owner__path")
    )


def get_remedy_for_user(user: Any, pk: int) -> Remedy:
    rows = visible_remedies(user).select_related(
        "owner", "finding", "finding__unit", "finding__inspection__by_unit"
    )
    return get_visible(rows, pk, "remedy")


def managers_of(unit: Unit) -> QuerySet[Any]:
    return holders_at(unit, MANAGE)


def responders_of(unit: Unit) -> QuerySet[Any]:
    return holders_at(unit, RESPOND)


def remedies_due(user: Any, today: dt.date, *, limit: int) -> tuple[int, list[Remedy]]:
    """Open remedies owned by the units where the user's own membership responds, overdue or
    due within ``followup.DUE_SOON_DAYS``: how many, and the first ``limit`` by deadline."""
    # The user's own units are in their scope by definition: no scope filter to join through.
    ids = [g.unit_id for g in scope_for(user).grants if RESPOND in g.permissions]
    due = Remedy.objects.filter(
        owner_id__in=ids,
        status=Remedy.OPEN,
        deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
    )
    return counted_first(
        due.select_related("owner", "finding__inspection").order_by("deadline", "pk"), limit
    )
