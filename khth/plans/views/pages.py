"""Plan pages: the unit's planning page and a plan's page. (Being built: see docs/plans.md.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


@login_required
def unit_plans(request: HttpRequest, unit_code: str) -> HttpResponse:
    raise NotImplementedError


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/", unit_plans, name="plan-unit"),
    path("<int:pk>/", plan_detail, name="plan-detail"),
]
