"""Evaluation pages. (Being built: see docs/evaluation.md.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


@login_required
def unit_evaluations(request: HttpRequest, unit_code: str) -> HttpResponse:
    raise NotImplementedError


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/", unit_evaluations, name="evaluation-unit"),
    path("<int:pk>/", evaluation_detail, name="evaluation-detail"),
]
