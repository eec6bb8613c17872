"""The outgoing and incoming registers of a unit for a year, as XLSX and DOCX on the columns of
Decree 30/2020/NĐ-CP.

The unit comes through the scope (404 outside the user's subtree) and the documents through
``visible_documents``: a document marked at a secrecy level the user may not read is left out,
as it is left out of the register page and the search.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.docsystem.register.access import visible_documents
from khth.docsystem.register.documents import (
    register_document,
    register_file_names,
    register_of,
    register_spreadsheet,
)
from khth.docsystem.register.models import RegisteredDocument
from khth.regulations.access import active_regulation
from khth.units.access import get_unit_for_user
from khth.web.downloads import download

DIRECTIONS = {RegisteredDocument.OUTGOING, RegisteredDocument.INCOMING}


@login_required
@require_GET
def register_export(
    request: HttpRequest, unit_code: str, direction: str, year: int, extension: str
) -> HttpResponse:
    """``extension`` comes from the URL pattern: "xlsx", or "docx" as the official register."""
    if direction not in DIRECTIONS or not 1900 <= year <= 2999:
        raise Http404("no such register")
    unit = get_unit_for_user(request.user, unit_code)
    data = register_of(visible_documents(request.user), unit, direction, year, active_regulation())
    made = register_document(data) if extension == "docx" else register_spreadsheet(data)
    return download(made, register_file_names(data))


urlpatterns: list[URLPattern] = [
    path(
        "unit/<str:unit_code>/<str:direction>/<int:year>.xlsx",
        register_export,
        {"extension": "xlsx"},
        name="register-xlsx",
    ),
    path(
        "unit/<str:unit_code>/<str:direction>/<int:year>.docx",
        register_export,
        {"extension": "docx"},
        name="register-docx",
    ),
]
