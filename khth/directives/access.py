"""Who may see and do what with directives. Built on khth.units.access, like every object type.

- A directive is read by the people of its unit's subtree (the superior that entered it and
  every unit below, which must follow it) and by those above its unit.
- Entering and editing a directive: ``plan.prepare`` held at the directive's unit itself (the
  planning side of the unit, which pushes the directive down; no permission of its own, so the
  regulation's roles need no change).
- A unit's study record, plan link and results are the unit's own: read along the subtree like
  everything else, written only by the unit's own people holding ``report.prepare`` there (a
  superior reads them in the matrix, never writes them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from khth.directives.models import Directive, PlanLink, Result, Study
from khth.units.access import get_visible, scope_for
from khth.units.models import Unit, UnitQuerySet, path_ids

ENTER = "plan.prepare"
RECORD = "report.prepare"


def visible_directives(user: Any) -> QuerySet[Directive]:
    """Directives entered in the user's subtrees, and those entered above the user's units,
    which reach them."""
    scope = scope_for(user)
    above = {pk for path in scope.paths() for pk in path_ids(path)}
    return Directive.objects.filter(scope.q("unit__path") | Q(unit_id__in=sorted(above)))


def visible_studies(user: Any) -> QuerySet[Study]:
    return Study.objects.filter(scope_for(user).q("unit__path"))


def visible_plan_links(user: Any) -> QuerySet[PlanLink]:
    return PlanLink.objects.filter(scope_for(user).q("unit__path"))


def visible_results(user: Any) -> QuerySet[Result]:
    return Result.objects.filter(scope_for(user).q("unit__path"))


def can_enter(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, ENTER)


def can_record(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, RECORD)


def follows(directive: Directive, unit: Unit) -> bool:
    """Whether ``unit`` must follow ``directive``: in its unit's subtree, active, and of one of
    its levels when it names levels."""
    if not unit.path.startswith(directive.unit.path):
        return False
    if unit.valid_to is not None:
        return False
    return not directive.levels or unit.level in directive.levels


def followers(directive: Directive, below: Unit | None = None) -> UnitQuerySet:
    """The active units that must follow ``directive``, within ``below``'s subtree if given."""
    rows = Unit.objects.subtree_of(below or directive.unit).filter(
        path__startswith=directive.unit.path, valid_to__isnull=True
    )
    return rows.filter(level__in=directive.levels) if directive.levels else rows


def get_directive_for_user(user: Any, pk: int, *, enter: bool = False) -> Directive:
    """404 outside what the user may read; 403 without ``plan.prepare`` at its unit when
    ``enter`` (editing it)."""
    rows = visible_directives(user).select_related("unit", "unit__parent", "created_by")
    found = get_visible(rows, pk, "directive")
    if enter and not can_enter(user, found.unit):
        raise PermissionDenied(ENTER)
    return found


def _checked(user: Any, unit: Unit, write: bool) -> None:
    if write and not can_record(user, unit):
        raise PermissionDenied(RECORD)


def get_study_for_user(user: Any, pk: int, *, write: bool = False) -> Study:
    """404 outside the scope; 403 inside it without ``report.prepare`` at the unit when
    ``write``."""
    rows = visible_studies(user).select_related("unit", "directive", "directive__unit")
    found = get_visible(rows, pk, "study")
    _checked(user, found.unit, write)
    return found


def get_plan_link_for_user(user: Any, pk: int, *, write: bool = False) -> PlanLink:
    rows = visible_plan_links(user).select_related("unit", "directive", "directive__unit", "plan")
    found = get_visible(rows, pk, "plan link")
    _checked(user, found.unit, write)
    return found


def get_result_for_user(user: Any, pk: int, *, write: bool = False) -> Result:
    rows = visible_results(user).select_related("unit", "directive", "directive__unit")
    found = get_visible(rows, pk, "result")
    _checked(user, found.unit, write)
    return found
