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

from khth.documents.heading import chain_asked
from khth.reports.access import get_report_for_user
from khth.reports.documents import figures_for, file_names, indicator_table, report_document
from khth.reports.documents.figures import Figures
from khth.reports.models import Report
from khth.web.downloads import download
from khth.web.printing import print_response


def _report(request: HttpRequest, pk: int) -> tuple[Report, Figures]:
    report = get_report_for_user(request.user, pk)
    return report, figures_for(report, include_drafts=request.GET.get("drafts") == "1")


@login_required
@require_GET
def export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """``extension`` comes from the URL pattern: "docx", or "xlsx" for the figures;
    ``?send_to=party|command|both`` the chain the DOCX goes up (``{% send_to_links %}``)."""
    report, figures = _report(request, pk)
    if extension == "docx":
        send_to = chain_asked(request.GET.get("send_to"))
        return download(report_document(report, figures, send_to=send_to), file_names(report))
    return download(indicator_table(report, figures), file_names(report))


@login_required
@require_GET
def print_page(request: HttpRequest, pk: int) -> HttpResponse:
    report, figures = _report(request, pk)
    document = report_document(report, figures)
    return print_response(request, "reports/print.html", document, report.unit, report=report)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export, {"extension": "docx"}, name="report-export-docx"),
    path("<int:pk>/export.xlsx", export, {"extension": "xlsx"}, name="report-export-xlsx"),
    path("<int:pk>/print/", print_page, name="report-print"),
]
