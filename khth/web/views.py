"""The regulation page: the regulation in force, for everyone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.audit.actions import history_of
from khth.regulations.access import active_regulation, requirements_for_level
from khth.regulations.burden import burden_by_level, heavier_than_above, table_rows, warning_lines
from khth.regulations.models import RegulationVersion
from khth.units.access import scope_for


@login_required
def regulation_page(request: HttpRequest) -> HttpResponse:
    """The regulation in force: levels, and what each level must produce and keep."""
    regulation = active_regulation()
    level = request.GET.get("level") or regulation.levels[-2].code
    known = {lv.code for lv in regulation.levels}
    requirements = requirements_for_level(regulation, level) if level in known else None
    versions = list(RegulationVersion.objects.order_by("-loaded_at"))
    burdens = burden_by_level(regulation)
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
        },
    )
