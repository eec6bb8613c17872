"""Document system pages: a unit's compliance, record books, typed documents. (Being built.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


@login_required
def unit_records(request: HttpRequest, unit_code: str) -> HttpResponse:
    raise NotImplementedError


@login_required
def record_book(request: HttpRequest, unit_code: str, book_code: str) -> HttpResponse:
    raise NotImplementedError


@login_required
def typed_document(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/", unit_records, name="records-unit"),
    path("unit/<str:unit_code>/books/<str:book_code>/", record_book, name="record-book"),
    path("documents/<int:pk>/", typed_document, name="typed-document-detail"),
]
