"""The typed document editor's draft saving itself (static/web/autosave.js,
khth/web/autosave.py): the same access, the same form and the same save as «Lưu»."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from khth.docsystem.records.access import get_readable_typed
from khth.docsystem.records.actions import ConflictError, save_typed_document
from khth.docsystem.records.forms import TypedDocumentEditForm
from khth.docsystem.records.views.editing import _require_write
from khth.web.autosave import draft_saved, draft_unreadable, form_problems


@login_required
@require_POST
def typed_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    document, _registration = get_readable_typed(request.user, pk)
    _require_write(request.user, document.unit)
    form = TypedDocumentEditForm(request.POST)
    if not form.is_valid():
        return draft_unreadable(form_problems(form))
    data = form.cleaned_data
    return draft_saved(
        lambda: (
            save_typed_document(
                document,
                by=request.user,
                base_revision=data["revision"],
                title=data["title"],
                body=data["body"],
                dated=data["dated"],
            ).revision
        ),
        conflict=ConflictError,
    )


urlpatterns: list[URLPattern] = [
    path("documents/<int:pk>/autosave/", typed_autosave, name="typed-document-autosave"),
]
