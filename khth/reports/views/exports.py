"""Report pages: exports — the official DOCX, the XLSX of figures and the print page.

Each fetches the report through the one access helper (404 outside the user's scope) and goes
through khth.documents, like the CLI. ``?drafts=1`` counts subordinates' drafts in a
consolidation's figures; the document then says so.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.documents.output import attachment
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_xlsx
from khth.reports.access import get_report_for_user
from khth.reports.documents import figures_for, file_names, indicator_table, report_document
from khth.web.printing import print_response


def _download(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    figures = figures_for(report, include_drafts=request.GET.get("drafts") == "1")
    if extension == "docx":
        body = render_docx(report_document(report, figures))
    else:
        body = render_xlsx(indicator_table(report, figures))
    return attachment(body, file_names(report), extension)


@login_required
@require_GET
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "xlsx")


@login_required
@require_GET
def print_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    figures = figures_for(report, include_drafts=request.GET.get("drafts") == "1")
    document = report_document(report, figures)
    return print_response(request, "reports/print.html", document, report.unit, report=report)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export_docx, name="report-export-docx"),
    path("<int:pk>/export.xlsx", export_xlsx, name="report-export-xlsx"),
    path("<int:pk>/print/", print_page, name="report-print"),
]
