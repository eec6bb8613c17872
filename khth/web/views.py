"""The regulation page: the regulations in force, for everyone: the base, which one the user's
units follow, and the variants beside it with their scopes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.audit.actions import history_of
from khth.regulations.access import (
    active_regulation,
    regulations_in_force,
    requirements_for_level,
)
from khth.regulations.burden import burden_by_level, heavier_than_above, table_rows, warning_lines
from khth.regulations.models import RegulationVersion
from khth.units.access import scope_for
from khth.units.models import RegulationScope, Unit
from khth.units.regulation import scopes_in_force, versions_for


@login_required
def regulation_page(request: HttpRequest) -> HttpResponse:
    """The regulation in force: levels, and what each level must produce and keep."""
    regulation = active_regulation()
    level = request.GET.get("level") or regulation.levels[-2].code
    known = {lv.code for lv in regulation.levels}
    requirements = requirements_for_level(regulation, level) if level in known else None
    versions = list(RegulationVersion.objects.order_by("-loaded_at"))
    burdens = burden_by_level(regulation)
    scope = scope_for(request.user)
    # Which regulation the user's own units follow (a variant in a scope, else the base).
    own_units = list(Unit.objects.filter(pk__in=scope.home_unit_ids).order_by("path"))
    followed = versions_for(own_units)
    in_force = sorted((v for v in versions if v.is_active), key=lambda v: (not v.is_base, v.code))
    # Scopes are shown where the user may read their root (or they have none: a unit type
    # anywhere); the others only as a count, so the page names no unit outside their subtree.
    scopes = scopes_in_force()
    shown = [s for s in scopes if s.root is None or scope.allows(s.root, "unit.view")]
    return render(
        request,
        "web/regulation.html",
        {
            "regulation": regulation,
            "versions": versions,
            # Regulation versions are system-wide; their history is shown to everyone who may
            # read an audit trail anywhere.
            "history": history_of(*versions)[:50]
            if scope_for(request.user).has_anywhere("audit.view")
            else None,
            "level": level,
            "requirements": requirements,
            # The paperwork each level owes in a year (khth.regulations.burden), a row per level.
            "burden_rows": table_rows(regulation, burdens),
            "burden_warnings": warning_lines(regulation, heavier_than_above(burdens)),
            "own_units": [(unit, followed[unit.pk]) for unit in own_units],
            "in_force": [
                (v, [s for s in shown if s.code == v.code], _hidden(scopes, shown, v.code))
                for v in in_force
            ],
            "unit_type_names": {
                t.code: t.name for r in regulations_in_force() for t in r.unit_types
            },
        },
    )


def _hidden(scopes: list[RegulationScope], shown: list[RegulationScope], code: str) -> int:
    return sum(1 for s in scopes if s.code == code) - sum(1 for s in shown if s.code == code)
