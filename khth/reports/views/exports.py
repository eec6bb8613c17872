"""Report pages: exports — the official DOCX, the XLSX of figures and the print page.

Each fetches the report through the one access helper (404 outside the user's scope) and goes
through khth.documents, like the CLI. ``?drafts=1`` counts subordinates' drafts in a
consolidation's figures; the document then says so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.documents.model import Document
from khth.documents.render.docx import render_docx
from khth.documents.render.html import print_css
from khth.documents.render.xlsx import render_xlsx
from khth.regulations.schema.formats import Mark
from khth.reports.access import get_report_for_user
from khth.reports.documents import figures_for, file_names, indicator_table, report_document
from khth.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(ascii_stem: str, readable_stem: str, extension: str) -> str:
    """An ASCII name for old clients and the Vietnamese one (RFC 6266 / RFC 5987) for the rest."""
    fallback = "".join(ch for ch in ascii_stem if ch.isascii() and (ch.isalnum() or ch in "-_"))
    quoted = quote(f"{readable_stem}.{extension}", safe="")
    return (
        f"attachment; filename=\"{fallback or 'bao-cao'}.{extension}\"; filename*=UTF-8''{quoted}"
    )


def attachment(body: bytes, names: tuple[str, str], extension: str) -> HttpResponse:
    """A DOCX or XLSX download named (ASCII stem, Vietnamese stem)."""
    response = HttpResponse(body, content_type=DOCX if extension == "docx" else XLSX)
    response["Content-Disposition"] = content_disposition(*names, extension)
    # A report is not public: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


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


def _mark(mark: Mark) -> dict[str, str]:
    return {"kind": mark.kind, "text": mark.text, "width": f"{mark.length * 100:g}%"}


def print_response(
    request: HttpRequest, template: str, document: Document, unit: Unit, **context: Any
) -> HttpResponse:
    """The print page of an official document (templates extend web/official_print.html)."""
    fmt = document.format
    response = render(
        request,
        template,
        {
            **context,
            "unit": unit,
            "document": document,
            "css": print_css(fmt),
            "issuer_mark": _mark(fmt.issuer_mark),
            "motto_mark": _mark(fmt.motto_mark),
            "summary_mark": _mark(fmt.summary_mark),
            "space_lines": range(fmt.signature.space_lines),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
