"""Register pages: the outgoing and incoming registers of a unit, a registered document.
(Being built.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


@login_required
def unit_register(request: HttpRequest, unit_code: str) -> HttpResponse:
    raise NotImplementedError


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/", unit_register, name="register-unit"),
    path("<int:pk>/", document, name="register-document"),
]
