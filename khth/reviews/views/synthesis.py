"""The synthesis page of one section of a review: what the unit and its subordinates wrote for
that section in the periodic reports of the span, grouped, with the month each sentence came
from, who wrote nothing, and the draft to put into the review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.regulations.access import active_regulation
from khth.reviews import access
from khth.reviews.actions import ReviewError, insert_synthesis_draft
from khth.reviews.models import Review
from khth.reviews.outline import review_outline
from khth.reviews.synthesis import offered_rows, review_synthesis
from khth.synthesis.views import again, page_scope, scope_links


@login_required
@require_http_methods(["GET", "POST"])
def review_section_synthesis(request: HttpRequest, pk: int, section_code: str) -> HttpResponse:
    review = access.get_review_for_user(request.user, pk)
    regulation = active_regulation()
    source = offered_rows(review, regulation).get(section_code)
    if source is None:
        raise Http404("no such section")
    here = reverse("review-synthesis", args=[review.pk, section_code])
    writable = access.can_write(request.user, review.unit)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied(access.WRITE)
        return _insert(request, review, section_code, here)
    scope = page_scope(request)
    row = next(r for r in review_outline(regulation, review.kind) if r.code == section_code)
    synthesis, template = review_synthesis(review, regulation, source, scope)
    current = review.sections.get(section_code, "")
    return render(
        request,
        "reviews/synthesis.html",
        {
            "review": review,
            "row": row,
            "source_name": template.name if template is not None else "",
            "scope": scope,
            "scopes": scope_links(),
            "here": here,
            "synthesis": synthesis,
            "can_insert": writable and review.status == Review.DRAFT,
            "written_own": bool(current.strip()) and section_code not in review.unedited,
            "back": reverse("review-detail", args=[review.pk]),
            "edit": f"{reverse('review-edit', args=[review.pk])}#muc-{section_code}",
        },
    )


def _insert(request: HttpRequest, review: Review, code: str, here: str) -> HttpResponse:
    scope = request.POST.get("scope", "")
    try:
        insert_synthesis_draft(review, code, scope=scope, by=request.user)
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(again(here, scope))
    messages.success(
        request,
        _(
            "Đã đưa bản nháp tổng hợp vào báo cáo sơ kết, tổng kết. Mục này được đánh dấu «chưa "
            "biên tập»: đồng chí sửa lại nội dung trước khi hoàn thành."
        ),
    )
    return redirect(f"{reverse('review-edit', args=[review.pk])}#muc-{code}")


urlpatterns: list[URLPattern] = [
    path(
        "<int:pk>/tong-hop/<str:section_code>/",
        review_section_synthesis,
        name="review-synthesis",
    ),
]
