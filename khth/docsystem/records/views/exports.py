"""Record book and typed document downloads: a book as DOCX on its template or as XLSX, a typed
document as its official DOCX.

Each fetches through the access helpers (404 outside the user's subtree, for a book the unit's
level does not keep, and for a typed document registered at a secrecy level the user may not
read) and goes through khth.docsystem.records.documents, like ``khth books export``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.docsystem.records.actions import RecordError, book_of
from khth.docsystem.records.documents import (
    book_data,
    book_document,
    book_file_names,
    book_spreadsheet,
    get_readable_typed,
    typed_document,
    typed_file_names,
)
from khth.documents.output import attachment
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.regulations.access import active_regulation
from khth.units.access import get_unit_for_user


def _book(request: HttpRequest, unit_code: str, book_code: str, extension: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_code)
    try:
        book = book_of(unit, book_code)
    except RecordError:
        raise Http404("book not kept at this level") from None
    data = book_data(unit, book, active_regulation())
    if extension == "docx":
        body = render_docx(book_document(data))
    else:
        body = render_workbook(book_spreadsheet(data))
    return attachment(body, book_file_names(data), extension)


@login_required
@require_GET
def book_docx(request: HttpRequest, unit_code: str, book_code: str) -> HttpResponse:
    return _book(request, unit_code, book_code, "docx")


@login_required
@require_GET
def book_xlsx(request: HttpRequest, unit_code: str, book_code: str) -> HttpResponse:
    return _book(request, unit_code, book_code, "xlsx")


@login_required
@require_GET
def typed_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document, registration = get_readable_typed(request.user, pk)
    body = render_docx(typed_document(document, registration=registration))
    return attachment(body, typed_file_names(document), "docx")


urlpatterns: list[URLPattern] = [
    path(
        "unit/<str:unit_code>/books/<str:book_code>/export.docx",
        book_docx,
        name="record-book-docx",
    ),
    path(
        "unit/<str:unit_code>/books/<str:book_code>/export.xlsx",
        book_xlsx,
        name="record-book-xlsx",
    ),
    path("documents/<int:pk>/export.docx", typed_docx, name="typed-document-docx"),
]
