"""The review editor: title, the indicators to trend, and the narrative of each leaf section of
the outline with the rich text editor; an optimistic revision check (someone else's save since
the page was opened is refused, and what was typed is shown again to copy); «Lưu và hoàn thành».
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.lib.forms import attempt
from khth.regulations.access import active_regulation
from khth.reports.richtext import sanitize
from khth.reviews import access
from khth.reviews.actions import ConflictError, ReviewError, finish_review, save_review
from khth.reviews.forms import ReviewEditForm
from khth.reviews.models import Review
from khth.reviews.outline import review_outline
from khth.reviews.synthesis import offered_rows


def _writable(request: HttpRequest, pk: int) -> Review:
    review = access.get_review_for_user(request.user, pk)
    if not access.can_write(request.user, review.unit):
        raise PermissionDenied(access.WRITE)
    return review


def _page(
    request: HttpRequest,
    review: Review,
    form: ReviewEditForm,
    sections: dict[str, str],
    *,
    revision: int,
    conflict: str = "",
    error: str = "",
) -> HttpResponse:
    regulation = active_regulation()
    offered = offered_rows(review, regulation)
    rows = [
        {
            "row": row,
            "html": sections.get(row.code, ""),
            "synthesis": row.code in offered,
            "unedited": row.code in review.unedited,
        }
        for row in review_outline(regulation, review.kind)
    ]
    return render(
        request,
        "reviews/edit.html",
        {
            "review": review,
            "unit": review.unit,
            "form": form,
            "outline": rows,
            "revision": revision,
            "conflict": conflict,
            "error": error,
        },
        status=409 if conflict else 400 if error or form.errors else 200,
    )


def _revision(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def _posted_sections(request: HttpRequest, review: Review) -> dict[str, str]:
    leaves = [row.code for row in review_outline(active_regulation(), review.kind) if row.is_leaf]
    return {
        code: request.POST.get(f"section-{code}", "")
        for code in leaves
        if f"section-{code}" in request.POST
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _writable(request, pk)
    regulation = active_regulation()
    current = list(review.indicators)
    if review.status != Review.DRAFT:
        messages.error(request, _("Bản sơ kết, tổng kết đã hoàn thành: không sửa được"))
        return redirect("review-detail", pk=review.pk)
    if request.method == "GET":
        form = ReviewEditForm(
            initial={"title": review.title, "indicators": current},
            regulation=regulation,
            current=current,
        )
        return _page(request, review, form, review.sections, revision=review.revision)
    form = ReviewEditForm(request.POST, regulation=regulation, current=current)
    posted = _posted_sections(request, review)
    revision = _revision(request.POST.get("revision"))
    # Shown again as HTML: only what a save would keep.
    shown = {**review.sections, **{code: sanitize(html) for code, html in posted.items()}}
    if not form.is_valid():
        return _page(request, review, form, shown, revision=revision)
    try:
        review = save_review(
            review,
            by=request.user,
            base_revision=revision,
            title=form.cleaned_data["title"],
            sections=posted,
            # None of them ticked: the default set (khth.reviews.actions).
            indicators=list(form.cleaned_data["indicators"]),
        )
    except ConflictError as exc:
        return _page(request, review, form, shown, revision=revision, conflict=str(exc))
    except ReviewError as exc:
        return _page(request, review, form, shown, revision=revision, error=str(exc))
    if request.POST.get("then") == "finish":
        return _finish(request, review)
    messages.success(request, _("Đã lưu báo cáo sơ kết, tổng kết."))
    return redirect("review-edit", pk=review.pk)


def _finish(request: HttpRequest, review: Review) -> HttpResponse:
    finished = attempt(
        request,
        lambda: finish_review(review, by=request.user),
        ReviewError,
        _("Đã lưu và hoàn thành báo cáo sơ kết, tổng kết."),
        kept=_("Đã lưu báo cáo sơ kết, tổng kết."),
    )
    return redirect("review-detail" if finished else "review-edit", pk=review.pk)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/edit/", review_edit, name="review-edit"),
]
