"""Good practice (điển hình tiên tiến): a unit's report, plan or typed document that its
superior marked as a model for others to learn from ("nhân rộng những điển hình tiên tiến",
seed 000). One row per marked work; the work itself stays in its own room."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from khth.docsystem.records.models import TypedDocument
from khth.plans.models import Plan
from khth.reports.models import Report
from khth.units.models import Unit


class Exemplar(models.Model):
    REPORT = "report"
    PLAN = "plan"
    DOCUMENT = "document"
    KIND_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (REPORT, gettext_noop("Báo cáo")),
        (PLAN, gettext_noop("Kế hoạch")),
        (DOCUMENT, gettext_noop("Văn kiện")),
    ]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="exemplars")
    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    # The report template, plan kind or document kind: what the example is offered for.
    code = models.CharField(max_length=64)
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="exemplar"
    )
    plan = models.OneToOneField(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="exemplar"
    )
    document = models.OneToOneField(
        TypedDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="exemplar"
    )
    title = models.CharField(max_length=300)
    # Accent-folded title, note and unit name: what the library's search reads.
    search_text = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")  # why it is a model, in the superior's words
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-marked_at", "-pk"]
        indexes = [models.Index(fields=["kind", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="report", report__isnull=False, plan__isnull=True, document__isnull=True)
                    | Q(kind="plan", report__isnull=True, plan__isnull=False, document__isnull=True)
                    | Q(
                        kind="document",
                        report__isnull=True,
                        plan__isnull=True,
                        document__isnull=False,
                    )
                ),
                name="exemplar_one_work",
            )
        ]

    def __str__(self) -> str:
        return self.title
