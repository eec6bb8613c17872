"""The audit log: one row per change, written inside the transaction of the action that made it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    # Dotted names, app.object.verb: "units.unit.moved", "accounts.user.created".
    action = models.CharField(max_length=100, db_index=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A generic pointer kept as plain text so that history outlives the rows it talks about.
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # The unit the change belongs to, for scoping who may read the entry (null: system-wide).
    unit_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    before: models.JSONField[dict[str, Any] | None] = models.JSONField(null=True, blank=True)
    after: models.JSONField[dict[str, Any] | None] = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field that differs, for the history view."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
