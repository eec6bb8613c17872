"""Evaluation downloads: a unit's evaluation sheet (DOCX, official format) and the summary of a
period across the units under one (XLSX).

The sheet is fetched through get_evaluation_for_user and the root of the summary through
get_unit_for_user (404 outside the user's scope); both go through khth.documents, like the CLI
and the API, so a sheet looks the same however it was asked for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.evaluations.access import get_evaluation_for_user
from khth.evaluations.actions import EvaluationError
from khth.evaluations.documents import (
    evaluation_document,
    evaluation_file_names,
    evaluation_period,
    evaluation_summary,
    summary_file_names,
    summary_spreadsheet,
)
from khth.units.access import get_unit_for_user
from khth.web.downloads import download


@login_required
@require_GET
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for_user(request.user, pk)
    return download(evaluation_document(evaluation), evaluation_file_names(evaluation))


@login_required
@require_GET
def summary_xlsx(request: HttpRequest, unit_code: str, period_id: str) -> HttpResponse:
    """Direct subordinates by default; ``?all=1`` every unit of the subtree."""
    unit = get_unit_for_user(request.user, unit_code)
    try:
        period = evaluation_period(period_id)
    except EvaluationError:
        raise Http404("no such period of evaluation") from None
    summary = evaluation_summary(
        unit, period, whole_subtree=request.GET.get("all") == "1", user=request.user
    )
    return download(summary_spreadsheet(summary), summary_file_names(summary))


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export_docx, name="evaluation-export-docx"),
    path(
        "unit/<str:unit_code>/<str:period_id>/summary.xlsx",
        summary_xlsx,
        name="evaluation-summary-xlsx",
    ),
]
