"""The report editor's draft saving itself (static/web/autosave.js, khth/web/autosave.py): the
same access, the same reading of the form and the same save as «Lưu», never a submission."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from khth.lib.forms import posted_revision
from khth.reports import access
from khth.reports.actions import ConflictError, save_report
from khth.reports.views.editing import _posted_content
from khth.web.autosave import draft_saved


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    report = access.get_report_for_user(request.user, pk, permission=access.PREPARE)
    content = _posted_content(report, request.POST)
    base_version = posted_revision(request, "base_version")
    return draft_saved(
        lambda: save_report(report, content, by=request.user, base_version=base_version).version,
        conflict=ConflictError,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/autosave/", report_autosave, name="report-autosave"),
]
