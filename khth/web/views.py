"""The home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.audit.actions import history_of
from khth.lib import clock
from khth.regulations.access import active_regulation, requirements_for_level
from khth.regulations.models import RegulationVersion
from khth.reports.rates import due_items
from khth.units.access import scope_for
from khth.units.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    level_names = {level.code: level.name for level in active_regulation().levels}
    role_names = {role.code: role.name for role in active_regulation().roles}
    homes = []
    for grant in scope.grants:
        unit = Unit.objects.get(pk=grant.unit_id)
        children = unit.children.filter(valid_to__isnull=True).annotate(
            active_below=Count("children", filter=Q(children__valid_to__isnull=True))
        )
        size = Unit.objects.subtree_of(unit).filter(valid_to__isnull=True).count()
        homes.append(
            {
                "unit": unit,
                "role": role_names.get(grant.role, grant.role),
                "children": children,
                "size": size,
            }
        )
    return render(
        request,
        "web/home.html",
        {
            "homes": homes,
            "level_names": level_names,
            "due_items": due_items(request.user, clock.today()),
        },
    )


@login_required
def regulation_page(request: HttpRequest) -> HttpResponse:
    """The regulation in force: levels, and what each level must produce and keep."""
    regulation = active_regulation()
    level = request.GET.get("level") or regulation.levels[-2].code
    known = {lv.code for lv in regulation.levels}
    requirements = requirements_for_level(regulation, level) if level in known else None
    versions = list(RegulationVersion.objects.order_by("-loaded_at"))
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
        },
    )
