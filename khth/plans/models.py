"""Plans, programmes, guidance and activity schedules (document kinds with ``plan:`` in the
regulation), with their targets, tasks, milestones and schedule entries.

Versions: an amendment is a new Plan row in the same ``series`` with the next ``version``; the
earlier one stays as it was approved. Items (targets, tasks, milestones, entries) carry a ``key``
that survives from version to version: the diff pairs items by key, and a subordinate's item
covers an assigned one by naming its key (``assigned_key``), so a superior's amendment does not
break the link.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.lib.models import span_ordered
from khth.regulations.models import RegulationVersion
from khth.units.models import Unit


class Plan(models.Model):
    DRAFT = "draft"
    APPROVED = "approved"
    ISSUED = "issued"
    # Plain strings marked for translation (see Report.STATUS_CHOICES for why not lazy).
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (APPROVED, gettext_noop("Đã phê duyệt")),
        (ISSUED, gettext_noop("Đã ban hành")),
    ]
    IN_FORCE: ClassVar[frozenset[str]] = frozenset({APPROVED, ISSUED})

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans")
    # The regulation in force when the plan was created: its kind and outline stay as they were.
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="+")
    kind_code = models.CharField(max_length=64)
    # The regulation's task (nhiệm vụ) a task plan is for; empty otherwise.
    task_code = models.CharField(max_length=64, blank=True, default="")
    title = models.CharField(max_length=300)
    # DHIS2 id when the kind has a period ("2025", "202507", "2025W27"); empty for a chosen span.
    period_id = models.CharField(max_length=10, blank=True, default="")
    starts_on = models.DateField()
    ends_on = models.DateField()
    series = models.UUIDField(default=uuid.uuid4, db_index=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    # Narrative sections by outline code, sanitised HTML (khth.reports.richtext).
    sections = models.JSONField(default=dict, blank=True)
    # Why this version was made (an amendment's reason); empty for version 1.
    change_note = models.TextField(blank=True, default="")
    # Optimistic concurrency, as for reports: a save based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # For a Party committee's approval: the resolution or minutes that decided it.
    approval_reference = models.CharField(max_length=200, blank=True, default="")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "kind_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="plan_version_once"),
            span_ordered("plan_span_ordered"),
        ]
        indexes = [
            models.Index(fields=["unit", "kind_code", "period_id"]),
            # The search index reads the rows changed since its watermark (khth.search.index).
            models.Index(fields=["updated_at"], name="plan_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.DRAFT


class Item(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        abstract = True
        ordering = ["position"]


class Target(Item):
    """A target (chỉ tiêu): measurable when tied to a report indicator, otherwise in words."""

    COMPARISONS: ClassVar[list[tuple[str, str]]] = [
        (">=", "≥"),
        (">", ">"),
        ("==", "="),
        ("<", "<"),
        ("<=", "≤"),
    ]
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(max_length=500)
    template_code = models.CharField(max_length=64, blank=True, default="")
    indicator_code = models.CharField(max_length=64, blank=True, default="")
    comparison = models.CharField(max_length=2, choices=COMPARISONS, blank=True, default="")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # The superior's item this one carries out, by key (see the module docstring).
    assigned_key = models.UUIDField(null=True, blank=True, db_index=True)
    # Required when this target is weaker than the assigned one.
    weaker_reason = models.TextField(blank=True, default="")
    # Subordinate units this target is assigned to (cascade).
    assignees = models.ManyToManyField(Unit, blank=True, related_name="assigned_targets")

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="target_key_once"),
        ]

    def __str__(self) -> str:
        return self.text


class Task(Item):
    """A content with its measures (nội dung, biện pháp), who leads it and when."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    # The stored progress; "overdue" is computed against the dates (khth.plans.progress).
    PROGRESS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (NOT_STARTED, gettext_noop("Chưa thực hiện")),
        (IN_PROGRESS, gettext_noop("Đang thực hiện")),
        (DONE, gettext_noop("Đã hoàn thành")),
    ]
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=500)
    measures = models.TextField(blank=True, default="")
    lead_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_person = models.CharField(max_length=200, blank=True, default="")
    participant_units = models.ManyToManyField(Unit, blank=True, related_name="+")
    participants = models.CharField(max_length=300, blank=True, default="")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Trọng tâm, trọng điểm.
    is_key = models.BooleanField(default=False)
    assigned_key = models.UUIDField(null=True, blank=True, db_index=True)
    assignees = models.ManyToManyField(Unit, blank=True, related_name="assigned_tasks")
    progress = models.CharField(max_length=12, choices=PROGRESS_CHOICES, default=NOT_STARTED)
    progress_note = models.TextField(blank=True, default="")
    progress_at = models.DateTimeField(null=True, blank=True)
    progress_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="task_key_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(Item):
    """Organisation of implementation: a dated step, usually a report (mốc báo cáo)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField()
    content = models.CharField(max_length=500)
    # The report template the milestone is, when it is one.
    template_code = models.CharField(max_length=64, blank=True, default="")

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="milestone_key_once"),
        ]

    def __str__(self) -> str:
        return self.content


class ScheduleEntry(Item):
    """A line of an activity schedule: time | content | lead | participants | place | notes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="entries")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    content = models.CharField(max_length=500)
    lead = models.CharField(max_length=200, blank=True, default="")
    participants = models.CharField(max_length=300, blank=True, default="")
    place = models.CharField(max_length=200, blank=True, default="")
    notes = models.CharField(max_length=500, blank=True, default="")

    class Meta(Item.Meta):
        ordering = ["starts_at", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="entry_key_once"),
        ]

    def __str__(self) -> str:
        return self.content
