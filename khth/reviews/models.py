"""Reviews (sơ kết, tổng kết) of a unit's subtree over any span: the narrative the officer writes
around figures KHTH computes from what it stores. Figures are not copied into the review: they are
computed again from their sources each time it is shown or exported, so they stay linked."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.lib.models import span_ordered
from khth.units.models import Unit


class Review(models.Model):
    DRAFT = "draft"
    FINAL = "final"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (FINAL, gettext_noop("Đã hoàn thành")),
    ]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Indicators whose trend the review shows (codes of report indicators).
    indicators = models.JSONField(default=list, blank=True)
    # Narrative by section code (khth.reviews.outline), sanitised HTML.
    sections = models.JSONField(default=dict, blank=True)
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
        ordering = ["-ends_on", "-pk"]
        constraints = [span_ordered("review_span_ordered")]

    def __str__(self) -> str:
        return self.title
