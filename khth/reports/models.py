"""Reports: one per (unit, template, period) — or per ad hoc request — with narrative sections,
indicator values, justifications, comments and attachments.

A report stores its unit's *own* values only. Figures for a subtree are consolidated from the own
values of every unit in it (khth.reports.rollup), never from a superior's retyped totals; what was
consolidated at submission is frozen in ``Report.consolidated``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_noop

from khth.lib.models import StoredUpload
from khth.regulations.models import RegulationVersion
from khth.units.models import Unit


class ReportRequest(models.Model):
    """An ad hoc report (báo cáo đột xuất) a superior asks of some of its subordinates."""

    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_requests")
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    template_code = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    content = models.TextField(help_text="what the superior asks to be reported")
    # The window the figures cover, and the deadline the superior set.
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField()
    # Explicitly addressed: each addressee sees the request even though it lies outside their
    # subtree (the one exception to "own unit and below" — see khth.reports.access).
    addressees = models.ManyToManyField(Unit, related_name="requests_received")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Report(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    # Marked for translation but kept plain ``str`` (gettext_noop), not gettext_lazy: callers
    # build ``dict(Report.STATUS_CHOICES)`` at import time and put the labels into spreadsheet
    # cells, which refuse a lazy proxy. Translate a label where it is shown: ``gettext(label)``.
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (SUBMITTED, gettext_noop("Đã gửi")),
        (RETURNED, gettext_noop("Bị trả lại")),
        (ACCEPTED, gettext_noop("Đã tiếp nhận")),
    ]
    EDITABLE: ClassVar[frozenset[str]] = frozenset({DRAFT, RETURNED})

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    # The unit's path, copied so that the report list reads in its order (newest period, then
    # tree order) from one index and stops at a page, whatever the subtree and its history:
    # ordering through the unit sorted every report in scope. Set when the report is made, and
    # rewritten with the units' paths when a subtree moves (khth.units.actions.add_path_copy).
    # Scope never reads it: that stays on the unit's own path.
    unit_path = models.CharField(max_length=255, default="")
    # The regulation version in force when the report was opened: a later edit of the template
    # never changes what an old report had to contain.
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    template_code = models.CharField(max_length=64)
    # DHIS2-style id for periodic reports ("202407"); empty for an ad hoc request's report.
    period_id = models.CharField(max_length=10, blank=True, default="")
    period_start = models.DateField()
    period_end = models.DateField()
    request = models.ForeignKey(
        ReportRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=DRAFT)
    # Optimistic concurrency: every save of content bumps it; a save based on an older version is
    # refused with a conflict message instead of silently overwriting someone else's work.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Timeliness is judged on the first submission; later resubmissions after a return do not
    # make an on-time report late.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why the unit reports after its deadline, written by whoever sends it (optional), for the
    # superior who reads the report; recorded with the submission in the audit log.
    late_reason = models.TextField(blank=True, default="")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The consolidation of the unit's subtree as it was when submitted (None for a unit with
    # no subordinates, and for drafts).
    consolidated: models.JSONField[dict[str, Any] | None] = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "unit_path", "template_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "template_code", "period_id"],
                condition=Q(request__isnull=True),
                name="one_periodic_report",
            ),
            models.UniqueConstraint(
                fields=["unit", "request"],
                condition=Q(request__isnull=False),
                name="one_report_per_request",
            ),
        ]
        indexes = [
            models.Index(fields=["template_code", "period_id", "status"]),
            models.Index(
                F("period_start").desc(), "unit_path", "template_code", name="report_list_order"
            ),
            # The search index reads the rows changed since its watermark (khth.search.index).
            models.Index(fields=["updated_at"], name="report_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.template_code} {self.period_id or self.request_id} {self.unit_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # bulk_create skips this: its callers set unit_path themselves (new_report does).
        if not self.unit_path:
            self.unit_path = self.unit.path
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class SectionText(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    section_code = models.CharField(max_length=64)
    # Sanitised HTML (khth.reports.richtext): paragraphs, lists, bold/italic, tables.
    html = models.TextField(blank=True, default="")
    # True while the text is still the copy of the subordinates' texts a superior's report was
    # opened with: it does not count as written until someone edits it (khth.reports.completeness).
    prefilled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "section_code"], name="one_text_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.section_code}"


class IndicatorValue(models.Model):
    """One entered value of the unit's own. Percentages are not stored: they are computed from
    their numerator and denominator indicators."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator_code = models.CharField(max_length=64)
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(null=True, blank=True)
    text = models.CharField(max_length=1000, blank=True, default="")
    # For a weighted average: this report's value of its weight indicator (1 without one), kept
    # by khth.reports.weights so that a consolidation reads value and weight from one row.
    weight = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator_code"], name="one_value_per_indicator"
            )
        ]
        indexes = [
            # Covering: a consolidation reads a few indicators report by report (weighted
            # averages, thresholds, flags: figures.per_report_terms), 20,000 lookups each at the
            # top of the army; holding the value beside the key saves each one a read of the
            # table (on SQLite 120 → about 80 ms a consolidation, docs/performance.md).
            models.Index(
                fields=["indicator_code", "report", "number", "weight", "flag"],
                name="value_by_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.indicator_code}"


class Justification(models.Model):
    """Why a required item is missing; lets an incomplete report be submitted, on the record."""

    SECTION = "section"
    INDICATOR = "indicator"
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="justifications")
    item_kind = models.CharField(
        max_length=10, choices=[(SECTION, SECTION), (INDICATOR, INDICATOR)]
    )
    item_code = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "item_kind", "item_code"], name="one_justification_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.item_kind}:{self.item_code}"


class ReportComment(models.Model):
    """What a reviewer wrote when returning, accepting or unlocking, and notes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)  # returned / accepted / unlocked / note
    text = models.TextField()
    created_at = models.DateTimeField()

    # What the page shows for ``kind``, never the code itself (not ``choices``: no migration for
    # a label). gettext_noop: the template translates it in the reader's language.
    KIND_LABELS: ClassVar[dict[str, str]] = {
        "returned": gettext_noop("Trả lại để sửa"),
        "accepted": gettext_noop("Tiếp nhận"),
        "unlocked": gettext_noop("Mở khóa để sửa"),
        "note": gettext_noop("Ghi chú"),
    }

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.KIND_LABELS["note"])


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours, never the uploader's: no path tricks, no clashes.
    return f"reports/{instance.report_id}/{instance.token}"


class Attachment(StoredUpload):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)

    class Meta:
        ordering = ["uploaded_at", "id"]
