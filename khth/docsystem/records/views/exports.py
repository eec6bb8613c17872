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

from khth.docsystem.records.access import get_readable_typed
from khth.docsystem.records.actions import RecordError, book_of
from khth.docsystem.records.documents import (
    book_data,
    book_document,
    book_file_names,
    book_spreadsheet,
    typed_document,
    typed_file_names,
)
from khth.documents.heading import chain_asked
from khth.units.access import get_unit_for_user
from khth.units.regulation import regulation_for
from khth.web.downloads import download


@login_required
@require_GET
def book_export(
    request: HttpRequest, unit_code: str, book_code: str, extension: str
) -> HttpResponse:
    """``extension`` comes from the URL pattern: "docx" on the book's template, or "xlsx"."""
    unit = get_unit_for_user(request.user, unit_code)
    try:
        book = book_of(unit, book_code)
    except RecordError:
        raise Http404("book not kept at this level") from None
    data = book_data(unit, book, regulation_for(unit))
    made = book_document(data) if extension == "docx" else book_spreadsheet(data)
    return download(made, book_file_names(data))


@login_required
@require_GET
def typed_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document, registration = get_readable_typed(request.user, pk)
    # ``?send_to=party|command|both``: the chain it goes up ({% send_to_links %}).
    send_to = chain_asked(request.GET.get("send_to"))
    made = typed_document(document, registration=registration, send_to=send_to)
    return download(made, typed_file_names(document))


urlpatterns: list[URLPattern] = [
    path(
        "unit/<str:unit_code>/books/<str:book_code>/export.docx",
        book_export,
        {"extension": "docx"},
        name="record-book-docx",
    ),
    path(
        "unit/<str:unit_code>/books/<str:book_code>/export.xlsx",
        book_export,
        {"extension": "xlsx"},
        name="record-book-xlsx",
    ),
    path("documents/<int:pk>/export.docx", typed_docx, name="typed-document-docx"),
]
