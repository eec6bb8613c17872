"""Review exports: the official DOCX and the XLSX of its figures, computed when the file is
made. Each fetches the review through the one access helper (404 outside the user's scope) and
goes through khth.reviews.documents, like the CLI and the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.documents.heading import chain_asked
from khth.reviews.access import get_review_for_user
from khth.reviews.documents import (
    review_data,
    review_document,
    review_file_names,
    review_spreadsheet,
)
from khth.web.downloads import download


@login_required
@require_GET
def export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """``extension`` comes from the URL pattern: "docx", or "xlsx" for the figures;
    ``?send_to=party|command|both`` the chain the DOCX goes up (``{% send_to_links %}``)."""
    review = get_review_for_user(request.user, pk)
    data = review_data(review)
    if extension == "docx":
        send_to = chain_asked(request.GET.get("send_to"))
        return download(review_document(data, send_to=send_to), review_file_names(review))
    return download(review_spreadsheet(data), review_file_names(review))


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export, {"extension": "docx"}, name="review-docx"),
    path("<int:pk>/export.xlsx", export, {"extension": "xlsx"}, name="review-xlsx"),
]
