"""Writing the audit log. Called by every action, inside the action's own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from khth.audit.models import AuditEntry
from khth.lib import clock


def log_action(
    action: str,
    obj: models.Model,
    *,
    by: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_path: str = "",
    note: str = "",
) -> AuditEntry:
    entry = audit_entry(
        action, obj, by=by, before=before, after=after, unit_path=unit_path, note=note
    )
    entry.save()
    return entry


def log_actions(entries: Iterable[AuditEntry]) -> None:
    """Write many entries made by ``audit_entry`` in a few statements: a bulk action's log."""
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def audit_entry(
    action: str,
    obj: models.Model,
    *,
    by: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_path: str = "",
    note: str = "",
) -> AuditEntry:
    """The entry ``log_action`` writes, unsaved: ``log_actions`` writes many at once."""
    # An entry written outside a transaction could survive a change that was rolled back.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"log_action({action!r}) must run inside the action's transaction")
    actor = by if getattr(by, "pk", None) is not None else None
    return AuditEntry(
        action=action,
        at=clock.now(),
        actor=actor,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit_path=unit_path,
        before=before,
        after=after,
        note=note,
    )


def history_of(*objects: models.Model) -> models.QuerySet[AuditEntry]:
    """The entries about these objects, newest first. The caller has checked access to them."""
    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEntry.objects.filter(condition).select_related("actor")
