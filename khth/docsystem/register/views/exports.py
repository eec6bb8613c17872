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
from khth.documents.output import attachment
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.regulations.access import active_regulation
from khth.units.access import get_unit_for_user

DIRECTIONS = {RegisteredDocument.OUTGOING, RegisteredDocument.INCOMING}


def _register(
    request: HttpRequest, unit_code: str, direction: str, year: int, extension: str
) -> HttpResponse:
    if direction not in DIRECTIONS or not 1900 <= year <= 2999:
        raise Http404("no such register")
    unit = get_unit_for_user(request.user, unit_code)
    data = register_of(visible_documents(request.user), unit, direction, year, active_regulation())
    if extension == "docx":
        body = render_docx(register_document(data))
    else:
        body = render_workbook(register_spreadsheet(data))
    return attachment(body, register_file_names(data), extension)


@login_required
@require_GET
def register_xlsx(request: HttpRequest, unit_code: str, direction: str, year: int) -> HttpResponse:
    return _register(request, unit_code, direction, year, "xlsx")


@login_required
@require_GET
def register_docx(request: HttpRequest, unit_code: str, direction: str, year: int) -> HttpResponse:
    return _register(request, unit_code, direction, year, "docx")


urlpatterns: list[URLPattern] = [
    path(
        "unit/<str:unit_code>/<str:direction>/<int:year>.xlsx", register_xlsx, name="register-xlsx"
    ),
    path(
        "unit/<str:unit_code>/<str:direction>/<int:year>.docx", register_docx, name="register-docx"
    ),
]
