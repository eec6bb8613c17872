"""Inspections and surveys (kiểm tra, khảo sát): the plan of who inspects which units when on
what, the findings per unit, and each weakness turned into a remedy followed until closed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.lib.models import StoredUpload, span_ordered
from khth.units.models import Unit


class Inspection(models.Model):
    INSPECTION = "inspection"
    SURVEY = "survey"
    KINDS: ClassVar[list[tuple[str, str]]] = [
        (INSPECTION, gettext_noop("Kiểm tra")),
        (SURVEY, gettext_noop("Khảo sát, nắm tình hình")),
    ]
    PLANNED = "planned"
    CONCLUDED = "concluded"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (PLANNED, gettext_noop("Theo kế hoạch")),
        (CONCLUDED, gettext_noop("Đã kết luận")),
    ]

    by_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections_made")
    kind = models.CharField(max_length=12, choices=KINDS, default=INSPECTION)
    title = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Codes of the regulation's inspection areas and document kinds covered.
    areas = models.JSONField(default=list)
    document_kinds = models.JSONField(default=list, blank=True)
    units = models.ManyToManyField(Unit, related_name="inspections_received")
    team = models.CharField(max_length=500, blank=True, default="")  # thành phần đoàn
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PLANNED)
    conclusion = models.TextField(blank=True, default="")  # sanitised HTML
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Edits of the plan and of the conclusion are counted (khth.lib.models.Revised): an edit made
    # on an older revision is refused, so two people saving at once cannot silently overwrite
    # each other. Findings and remedies are rows of their own, added rather than edited.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    # Null when the last change was made before edits were counted.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [span_ordered("inspection_span_ordered")]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    VIOLATION = "violation"
    KINDS: ClassVar[list[tuple[str, str]]] = [
        (STRENGTH, gettext_noop("Ưu điểm")),
        (WEAKNESS, gettext_noop("Hạn chế, khuyết điểm")),
        (VIOLATION, gettext_noop("Vi phạm")),
    ]
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=10, choices=KINDS)
    area = models.CharField(max_length=64)
    text = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["inspection", "unit__path", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Remedy(models.Model):
    """What the owner unit must do about a weakness or violation, by when; closed with evidence."""

    OPEN = "open"
    CLOSED = "closed"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (OPEN, gettext_noop("Đang khắc phục")),
        (CLOSED, gettext_noop("Đã khắc phục")),
    ]
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="remedies")
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="remedies")
    action = models.TextField()
    deadline = models.DateField()
    status = models.CharField(max_length=8, choices=STATUS_CHOICES, default=OPEN)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the inspecting unit reopens a closure it does not accept.
    reopen_note = models.TextField(blank=True, default="")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day both sides were last told it is overdue (``khth inspections remind``): a second
    # run on the same day, or within the reminder interval, tells no one again.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="remedy_status_deadline")]

    def __str__(self) -> str:
        return self.action[:60]


def evidence_path(instance: RemedyEvidence, filename: str) -> str:
    # The stored name is ours, never the uploader's (khth.lib.uploads).
    return f"inspections/{instance.remedy_id}/{instance.token}"


class RemedyEvidence(StoredUpload):
    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path)
