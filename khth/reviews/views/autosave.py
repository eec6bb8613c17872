"""The review editor's draft saving itself (static/web/autosave.js, khth/web/autosave.py): the
same access, the same reading of the form and the same save as «Lưu», never a finish."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from khth.lib.forms import posted_revision
from khth.regulations.access import active_regulation
from khth.reviews.actions import ConflictError, save_review
from khth.reviews.forms import ReviewEditForm
from khth.reviews.views.editing import _posted_sections, _writable
from khth.web.autosave import draft_saved, draft_unreadable, form_problems


@login_required
@require_POST
def review_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    review = _writable(request, pk)
    current = list(review.indicators)
    form = ReviewEditForm(request.POST, regulation=active_regulation(), current=current)
    if not form.is_valid():
        return draft_unreadable(form_problems(form))
    sections = _posted_sections(request, review)
    revision = posted_revision(request)
    return draft_saved(
        lambda: (
            save_review(
                review,
                by=request.user,
                base_revision=revision,
                title=form.cleaned_data["title"],
                sections=sections,
                indicators=list(form.cleaned_data["indicators"]),
            ).revision
        ),
        conflict=ConflictError,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/autosave/", review_autosave, name="review-autosave"),
]
