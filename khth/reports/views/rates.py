"""Report pages: the reporting-rate matrix of a subtree (subordinates × periods)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.lib import clock
from khth.regulations.access import active_regulation
from khth.reports.rates import SpanError, matrix_for, rated_templates
from khth.units.access import get_unit_for_user, scope_for
from khth.units.models import Unit


@login_required
@require_GET
def rates_home(request: HttpRequest) -> HttpResponse:
    """The matrix of the user's own (highest) unit."""
    scope = scope_for(request.user)
    unit = Unit.objects.filter(pk__in=scope.home_unit_ids).order_by("depth", "path").first()
    if unit is None:
        raise Http404("no unit")
    return redirect("report-rates", unit_code=unit.code)


@login_required
@require_GET
def rates_page(request: HttpRequest, unit_code: str) -> HttpResponse:
    """?template=&from=&to= (period ids); by default the last periods up to today's."""
    unit = get_unit_for_user(request.user, unit_code)
    regulation = active_regulation()
    params = {key: request.GET.get(key, "").strip() for key in ("template", "from", "to")}
    context = {
        "unit": unit,
        "templates": rated_templates(regulation),
        "params": params,
        "matrix": None,
        "error": "",
    }
    try:
        context["matrix"] = matrix_for(
            unit,
            params["template"] or None,
            params["from"] or None,
            params["to"] or None,
            clock.today(),
            scope=scope_for(request.user),
        )
    except SpanError as exc:
        context["error"] = str(exc)
        return render(request, "reports/rates.html", context, status=400)
    return render(request, "reports/rates.html", context)


urlpatterns: list[URLPattern] = [
    path("rates/", rates_home, name="report-rates-home"),
    path("rates/<str:unit_code>/", rates_page, name="report-rates"),
]
