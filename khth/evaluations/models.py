"""Evaluation of CTĐ, CTCT results of a unit for a period: scores per criterion (the unit's own
and the reviewer's, both kept), vetoes, the proposed and the decided level.

The criteria, levels, vetoes and quota are the regulation version's (``regulation``): replacing
the criteria set is loading another regulation version, never a code change.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.regulations.models import RegulationVersion
from khth.units.models import Unit


class Evaluation(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    DECIDED = "decided"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Đang tự đánh giá")),
        (SUBMITTED, gettext_noop("Chờ cấp trên nhận xét")),
        (REVIEWED, gettext_noop("Chờ quyết định")),
        (DECIDED, gettext_noop("Đã quyết định")),
    ]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluations")
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    period_id = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    # Optimistic concurrency, as for reports and plans.
    version = models.PositiveIntegerField(default=1)
    self_note = models.TextField(blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(blank=True, default="")
    # The level the reviewer proposes (computed from the scores and vetoes at review time).
    proposed_level = models.CharField(max_length=64, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_level = models.CharField(max_length=64, blank=True, default="")
    decision_note = models.TextField(blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_id"], name="evaluation_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period_id}"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion_code = models.CharField(max_length=64)
    self_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(blank=True, default="")
    # Pre-scored from the evidence the system knows; the unit may change it with a note.
    suggested_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # What the evidence was when computed: {"summary": …, "value": …, "links": [[label, url]]}.
    evidence = models.JSONField(default=dict, blank=True)
    review_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    review_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion_code"], name="criterion_scored_once"
            )
        ]

    def __str__(self) -> str:
        return self.criterion_code


class VetoMark(models.Model):
    """A veto that applies: found from an indicator, or marked by the reviewer with a reason."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="vetoes")
    veto_code = models.CharField(max_length=64)
    source = models.CharField(
        max_length=10, choices=[(AUTOMATIC, AUTOMATIC), (MANUAL, MANUAL)], default=AUTOMATIC
    )
    note = models.TextField(blank=True, default="")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "veto_code"], name="veto_marked_once")
        ]

    def __str__(self) -> str:
        return self.veto_code
