"""What a report keeps of a synthesis it was drafted from: the groups the draft drew on, so that
a superior reading the report can see where each statement came from."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from khth.reports.models import Report
from khth.synthesis.scopes import CHILDREN, SCOPE_CHOICES


class SectionSynthesis(models.Model):
    """The synthesis a section's draft was made from, one per (report, section): inserting a
    new draft replaces it. It stays when the text is edited afterwards: the edited text still
    stands on those sources."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="syntheses")
    section_code = models.CharField(max_length=64)
    scope = models.CharField(max_length=10, choices=SCOPE_CHOICES, default=CHILDREN)
    # khth.synthesis.present.kept_groups: each group's key, units, representative sentence,
    # sentences (text, unit, ref = the source report's key), figures and problem terms.
    groups: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    # The denominator of "3/4 đơn vị" when the draft was made, and how many of them wrote.
    expected = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section_code"], name="one_synthesis_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.section_code}"
