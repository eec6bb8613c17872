"""The bodies of the refusals that several routers answer alike: content with problems and a
file refused (400), an edit made on a stale revision or version (409)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from khth.lib.importing import Problem


def content_problems(problems: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """400 (``ContentProblemsOut``): nothing was stored; each problem with its place (a field, a
    section, a column)."""
    return {
        "detail": _("Nội dung không hợp lệ, chưa lưu gì"),
        "problems": [{"place": place, "message": message} for place, message in problems],
    }


def import_refused(problems: Iterable[Problem]) -> dict[str, Any]:
    """400 (``ImportErrors``): the file imported nothing; each problem by line and column."""
    return {
        "detail": _("Tệp không hợp lệ, chưa nhập gì"),
        "problems": [{"line": p.line, "column": p.column, "message": p.message} for p in problems],
    }


def revision_conflict(exc: Exception, current: int) -> dict[str, Any]:
    """409 (``RevisionConflictOut``): someone saved since this edit began; ``current`` is the
    revision to reload."""
    return {"detail": str(exc), "current_revision": current}


def version_conflict(exc: Exception, current: int) -> dict[str, Any]:
    """409 (``VersionConflictOut``): the same, for rows that count versions."""
    return {"detail": str(exc), "current_version": current}
