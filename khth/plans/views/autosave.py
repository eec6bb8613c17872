"""The plan editor's draft saving itself (static/web/autosave.js, khth/web/autosave.py): the
same access, the same reading of the form and the same save as «Lưu», never an approval."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from khth.lib.forms import posted_revision
from khth.plans import access
from khth.plans.actions import ConflictError, save_plan
from khth.plans.views.editing import _read
from khth.web.autosave import draft_saved, draft_unreadable


@login_required
@require_POST
def plan_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    editor = _read(request, plan)
    if editor.errors:
        return draft_unreadable(editor.errors)
    revision = posted_revision(request)
    return draft_saved(
        lambda: save_plan(plan, editor.content, by=request.user, base_revision=revision).revision,
        conflict=ConflictError,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/autosave/", plan_autosave, name="plan-autosave"),
]
