"""A directive's follow-up as XLSX: every unit of the shown unit's subtree that must follow it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.directives import access
from khth.directives.documents import matrix_file_names, matrix_spreadsheet
from khth.directives.matrix import full_rows
from khth.directives.views.pages import node_of
from khth.web.downloads import download


@login_required
@require_GET
def directive_export(request: HttpRequest, pk: int) -> HttpResponse:
    directive = access.get_directive_for_user(request.user, pk)
    node = node_of(request, directive)
    book = matrix_spreadsheet(directive, node, full_rows(directive, node))
    return download(book, matrix_file_names(directive, node))


urlpatterns: list[URLPattern] = [
    path("d/<int:pk>/export.xlsx", directive_export, name="directive-export"),
]
