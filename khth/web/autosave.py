"""The server's side of drafts that save themselves (static/web/autosave.js): one answer shape for
every editor. Each editor has a small view that fetches its row through the same access helper
and permission as its page, reads the posted form as its page does, and calls the same save
action with the revision the form was opened on; this turns what happened into JSON:

- 200 ``{"saved_at": "HH:MM", "revision": N}``: stored (or nothing had changed), ``revision`` is
  what the form's hidden revision field must now carry;
- 400 ``{"problems": [...]}``: content that cannot be stored; nothing was, the page keeps it;
- 409 ``{"detail": "..."}``: someone else saved since (or the row can no longer be edited);
  the script stops saving and says so, the browser's copy (keep.js) still holds the text.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from khth.lib import clock
from khth.lib.errors import ActionRefused, ContentRefused

CONFLICT = 409
UNREADABLE = 400


def draft_saved(save: Callable[[], int], *, conflict: type[ActionRefused]) -> JsonResponse:
    """Call ``save`` (the editor's save action; it returns the revision now stored) and answer.

    ``conflict`` is the app's error for an edit made on an older revision."""
    try:
        revision = save()
    except conflict:
        return JsonResponse(
            {
                "detail": _(
                    "Người khác vừa lưu bản này; bản của bạn chưa được lưu — hãy tải lại trang"
                )
            },
            status=CONFLICT,
        )
    except ContentRefused as exc:
        return draft_unreadable(exc.problems)
    except ActionRefused as exc:
        # Sent up, approved or finished in another tab: no draft of it can be saved any more.
        return JsonResponse({"detail": str(exc)}, status=CONFLICT)
    return JsonResponse(
        {"saved_at": timezone.localtime(clock.now()).strftime("%H:%M"), "revision": revision}
    )


def draft_unreadable(problems: list[tuple[str, str]]) -> JsonResponse:
    """Nothing was saved: the posted form holds what cannot be read or stored, each problem a
    (place, message) as ``ContentRefused`` names them."""
    return JsonResponse(
        {"problems": [f"{place}: {message}" if place else message for place, message in problems]},
        status=UNREADABLE,
    )


def form_problems(form: forms.BaseForm) -> list[tuple[str, str]]:
    """The errors of an invalid ``form``, each named by its field's label."""
    labels = {name: field.label for name, field in form.fields.items()}
    return [
        (str(labels.get(name) or ""), str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]
