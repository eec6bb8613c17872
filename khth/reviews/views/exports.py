"""Review exports: the official DOCX and the XLSX of its figures, computed when the file is
made. Each fetches the review through the one access helper (404 outside the user's scope) and
goes through khth.reviews.documents, like the CLI and the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.documents.output import attachment
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.reviews.access import get_review_for_user
from khth.reviews.documents import (
    review_data,
    review_document,
    review_file_names,
    review_spreadsheet,
)


@login_required
@require_GET
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk)
    body = render_docx(review_document(review_data(review)))
    return attachment(body, review_file_names(review), "docx")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk)
    body = render_workbook(review_spreadsheet(review_data(review)))
    return attachment(body, review_file_names(review), "xlsx")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export_docx, name="review-docx"),
    path("<int:pk>/export.xlsx", export_xlsx, name="review-xlsx"),
]
