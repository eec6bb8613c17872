"""The conclusion notice as DOCX, for those who see the whole inspection: the notice covers
every inspected unit, so an inspected unit's people (who see only their part) get 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.inspections import access
from khth.inspections.documents import conclusion_document, conclusion_file_names
from khth.web.downloads import download


@login_required
@require_GET
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_inspection_for_user(request.user, pk)
    if not access.sees_whole(request.user, inspection):
        raise PermissionDenied("the notice covers other units")
    return download(conclusion_document(inspection), conclusion_file_names(inspection))


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export_docx, name="inspection-export-docx"),
]
