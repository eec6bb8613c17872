"""The self-assessment's draft saving itself (static/web/autosave.js, khth/web/autosave.py): the
same access, the same reading of the form and the same save as «Lưu», never a submission."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from khth.evaluations import access
from khth.evaluations.actions import ConflictError, save_self_assessment
from khth.evaluations.forms import SELF_FIELDS
from khth.evaluations.views.editing import _evaluation, _named, _scored
from khth.web.autosave import draft_saved, draft_unreadable


@login_required
@require_POST
def evaluation_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    evaluation = _evaluation(request, pk, access.SELF)
    scored = _scored(request, evaluation, SELF_FIELDS, "self_note")
    if scored.posted.problems:
        return draft_unreadable([("", line) for line in _named(evaluation, scored.posted.problems)])
    return draft_saved(
        lambda: (
            save_self_assessment(
                evaluation,
                scored.posted.entries,
                by=request.user,
                base_version=scored.base_version,
                note=scored.note,
            ).version
        ),
        conflict=ConflictError,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/autosave/", evaluation_autosave, name="evaluation-autosave"),
]
