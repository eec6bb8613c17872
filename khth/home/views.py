"""The home page: the user's units and what is due. It reads every app, so it stands above them
all (docs/architecture.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.lib import clock
from khth.regulations.access import active_regulation
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
        "home/home.html",
        {
            "homes": homes,
            "level_names": level_names,
            "due_items": due_items(request.user, clock.today()),
        },
    )
