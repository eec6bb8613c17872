"""Record books (sổ sách) kept digitally, and documents typed instead of handwritten (the chi
bộ's monthly resolution, minutes of Party meetings).

A book entry is never edited or deleted in place: a correction is a new entry that names the one
it corrects (which stays, marked superseded), and a withdrawal keeps the entry with its reason.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.regulations.models import RegulationVersion
from khth.units.models import Unit


class BookEntry(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="book_entries")
    book_code = models.CharField(max_length=64)
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    # The line number in the unit's book, given once: a correction keeps the number it corrects.
    line = models.PositiveIntegerField()
    # Values by column code, as JSON scalars (dates ISO, numbers as strings of Decimal).
    values = models.JSONField(default=dict)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField(blank=True, default="")
    # Set when a correction replaced the entry or it was withdrawn: the entry stays readable.
    superseded = models.BooleanField(default=False)
    withdrawn_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["line", "created_at", "pk"]
        indexes = [
            models.Index(fields=["unit", "book_code", "superseded"]),
            # The search index reads the rows added since its watermark (khth.search.index).
            models.Index(fields=["created_at"], name="bookentry_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.book_code} #{self.line}"


class TypedDocument(models.Model):
    """A document typed in KHTH: a resolution, minutes, a guidance… of a kind of the regulation."""

    DRAFT = "draft"
    FINAL = "final"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (FINAL, gettext_noop("Đã hoàn thành")),
    ]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="typed_documents")
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    kind_code = models.CharField(max_length=64)
    # The period it belongs to ("202407" for a monthly resolution); empty when none.
    period_id = models.CharField(max_length=10, blank=True, default="")
    task_code = models.CharField(max_length=64, blank=True, default="")
    # The day it was adopted or the meeting was held.
    dated = models.DateField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, default="")  # sanitised HTML (khth.reports.richtext)
    status = models.CharField(max_length=8, choices=STATUS_CHOICES, default=DRAFT)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-dated", "-pk"]
        indexes = [
            models.Index(fields=["unit", "kind_code", "period_id"]),
            # The search index reads the rows changed since its watermark (khth.search.index).
            models.Index(fields=["updated_at"], name="typeddocument_updated_at"),
        ]

    def __str__(self) -> str:
        return self.title
