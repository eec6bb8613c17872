"""Loaded versions of the regulation file. One version of each regulation code is active; one
active code is the base (the default regulation, which every unit follows unless a scope in
``khth.units`` assigns it another). The others stay for history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class RegulationVersion(models.Model):
    code = models.CharField(max_length=64)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=500)
    effective_from = models.DateField()
    # sha256 of the canonical JSON of the content (``RegulationContent``): reformatting or
    # re-commenting the YAML does not change it, a change of data does.
    checksum = models.CharField(max_length=64)
    source_name = models.CharField(max_length=255)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=False)
    # The default regulation: levels and roles come from it, and a unit no scope reaches
    # follows it. Only an active version is the base (checked below).
    is_base = models.BooleanField(default=False)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="regulations_version_unique_code_version"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_active=True),
                name="regulations_version_one_active_per_code",
            ),
            models.UniqueConstraint(
                fields=["is_base"],
                condition=models.Q(is_base=True),
                name="regulations_version_one_base",
            ),
            models.CheckConstraint(
                condition=models.Q(is_base=False) | models.Q(is_active=True),
                name="regulations_version_base_is_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps about a version."""
        return {
            "code": self.code,
            "version": self.version,
            "checksum": self.checksum,
            "source_name": self.source_name,
            "is_active": self.is_active,
            "is_base": self.is_base,
        }


class RegulationContent(models.Model):
    """A version's validated file as JSON (dates as ISO strings), what every part of KHTH reads
    through ``khth.regulations.access`` — parsed once per process and checksum.

    In a table of its own: 140 KB of JSON on the version's row was read and parsed again by
    every query that joined a version (a report's, a plan's, an evaluation's
    ``select_related("regulation")``), for each row it returned."""

    version = models.OneToOneField(
        RegulationVersion, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    content: models.JSONField[dict[str, Any]] = models.JSONField()

    def __str__(self) -> str:
        return str(self.version_id)
