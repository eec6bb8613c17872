"""Superiors' resolutions and directives (Nghị quyết Trung ương 4, Chỉ thị 05 …) and how each
unit below follows them: when it studied the text (quán triệt, học tập), the plan that carries it
out (a plan of khth.plans, linked, never copied) and the results it reports against it.

A directive is entered by one unit and reaches that unit's subtree, optionally only the units of
some levels. A unit's records are its own: they sit on the unit, so the one scope mechanism
(khth.units.access) decides who reads them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from khth.units.models import Unit


class Directive(models.Model):
    # The unit that enters the directive and pushes it down its subtree; it follows it too.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directives")
    number = models.CharField(max_length=100)  # số, ký hiệu: "05-CT/TW", "Nghị quyết TW4"
    title = models.CharField(max_length=500)  # trích yếu
    issuer = models.CharField(max_length=300)  # cơ quan ban hành: "Bộ Chính trị"
    issued_on = models.DateField()
    # Level codes of the units that must follow it; empty: every unit of the subtree.
    levels = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Edits are counted (khth.lib.models.Revised): an edit made on an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "number", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"[:300]


class Study(models.Model):
    """One unit's study of a directive (quán triệt, học tập): once per unit; a make-up session
    for those absent is recorded on the same row."""

    CONFERENCE = "hoi-nghi"
    CELL_MEETING = "sinh-hoat-chi-bo"
    UNIT_MEETING = "sinh-hoat-don-vi"
    POLITICAL_CLASS = "hoc-tap-chinh-tri"
    OTHER = "khac"
    FORMS: ClassVar[list[tuple[str, str]]] = [
        (CONFERENCE, gettext_noop("Hội nghị quán triệt")),
        (CELL_MEETING, gettext_noop("Sinh hoạt chi bộ")),
        (UNIT_MEETING, gettext_noop("Sinh hoạt đơn vị")),
        (POLITICAL_CLASS, gettext_noop("Học tập chính trị")),
        (OTHER, gettext_noop("Hình thức khác")),
    ]

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="studies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directive_studies")
    held_on = models.DateField()
    form = models.CharField(max_length=20, choices=FORMS)
    present = models.PositiveIntegerField()  # có mặt
    total = models.PositiveIntegerField()  # tổng số phải học
    # Of the absent (total - present), how many studied later (học bù), and when.
    made_up = models.PositiveIntegerField(default=0)
    made_up_on = models.DateField(null=True, blank=True)
    presided = models.CharField(max_length=200)  # người chủ trì
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="directive_study_once"),
            models.CheckConstraint(
                condition=Q(present__lte=models.F("total")), name="directive_study_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} @ {self.unit_id}"

    @property
    def absent(self) -> int:
        return self.total - self.present


class PlanLink(models.Model):
    """The unit's plan that carries the directive out: a plan of khth.plans, of the same unit."""

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="plan_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directive_plans")
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="directive_plan_once")
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} @ {self.unit_id}: plan {self.plan_id}"


class Result(models.Model):
    """Results a unit reports against a directive, one entry a period ("2025Q1", "2025")."""

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directive_results")
    period_id = models.CharField(max_length=10)
    text = models.TextField()
    # Optional figures: [{"label": "Số đảng viên viết bản cam kết", "value": "42"}].
    figures = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "-period_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "unit", "period_id"], name="directive_result_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} @ {self.unit_id} {self.period_id}"
