"""Who may see and do what with evaluations. Built on khth.units.access, like every object type.

Reading follows the subtree. The unit's own people self-assess (``evaluation.assess`` held at
the unit); its direct superior's review (``evaluation.assess`` held at the parent); the
competent level decides (``evaluation.decide`` held at the superior ``decided_levels_up``
levels above — the regiment for a company by default).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from khth.evaluations.models import Evaluation
from khth.regulations.schema import Regulation
from khth.units.access import READ, get_visible, holders_at, scope_for
from khth.units.models import Unit, path_ids

ASSESS = "evaluation.assess"
DECIDE = "evaluation.decide"
# Roles of the workflow, checked by ``can``; the permission codes above are what roles hold.
SELF = "self"
REVIEW = "review"
DECISION = "decision"


def visible_evaluations(user: Any) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(scope_for(user).q("unit__path"))


def get_evaluation_for_user(user: Any, pk: int) -> Evaluation:
    rows = visible_evaluations(user).select_related("unit", "unit__parent", "regulation")
    return get_visible(rows, pk, "evaluation")


def decider_id(unit: Unit, regulation: Regulation) -> int | None:
    """The unit that decides ``unit``'s level: ``decided_levels_up`` above it, or its topmost
    superior when it has fewer; None for a root."""
    ids = path_ids(unit.path)[:-1]
    if not ids:
        return None
    up = regulation.evaluation.decided_levels_up
    return ids[-up] if len(ids) >= up else ids[0]


def can(user: Any, unit: Unit, role: str, regulation: Regulation) -> bool:
    scope = scope_for(user)
    if role == SELF:
        return scope.holds_at(unit, ASSESS)
    if role == REVIEW:
        return unit.parent is not None and scope.holds_at(unit.parent, ASSESS)
    if role == DECISION:
        decider = decider_id(unit, regulation)
        return decider is not None and any(
            g.unit_id == decider and DECIDE in g.permissions for g in scope.grants
        )
    return scope.allows(unit, READ)


def assessors_of(unit: Unit) -> QuerySet[Any]:
    return holders_at(unit, ASSESS)


def reviewers_of(unit: Unit) -> QuerySet[Any]:
    if unit.parent is None:
        return assessors_of(unit).none()
    return holders_at(unit.parent, ASSESS)


def deciders_of(unit: Unit, regulation: Regulation) -> QuerySet[Any]:
    decider = decider_id(unit, regulation)
    if decider is None:
        return assessors_of(unit).none()
    return holders_at(Unit.objects.get(pk=decider), DECIDE)
