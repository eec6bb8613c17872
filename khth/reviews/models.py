"""Reviews (sơ kết, tổng kết) of a unit's subtree over any span: the narrative the officer writes
around figures KHTH computes from what it stores. Figures are not copied into the review: they are
computed again from their sources each time it is shown or exported, so they stay linked."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.awards.models import Award
from khth.lib.models import span_ordered
from khth.units.models import Unit


class Review(models.Model):
    DRAFT = "draft"
    FINAL = "final"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (FINAL, gettext_noop("Đã hoàn thành")),
    ]
    # Two kinds, each with its outline (khth.reviews.outline): a periodic review of the work
    # (6 months, a year) and a review of how a regulation or directive has been implemented
    # (the 2-year, 5-year sơ kết, tổng kết of a regulation), which names what it reviews.
    PERIODIC = "periodic"
    IMPLEMENTATION = "implementation"
    KIND_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (PERIODIC, gettext_noop("Sơ kết, tổng kết định kỳ")),
        (IMPLEMENTATION, gettext_noop("Sơ kết, tổng kết thực hiện quy chế, chỉ thị")),
    ]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES, default=PERIODIC)
    # The regulation or directive reviewed (implementation reviews), in its own words.
    subject = models.CharField(max_length=300, blank=True, default="")
    # The conference (hội nghị sơ kết, tổng kết) that discussed the review.
    held_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True, default="")
    presided_by = models.CharField(max_length=300, blank=True, default="")
    attendance = models.CharField(max_length=300, blank=True, default="")
    record = models.TextField(blank=True, default="")
    title = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Indicators whose trend the review shows (codes of report indicators).
    indicators = models.JSONField(default=list, blank=True)
    # Narrative by section code (khth.reviews.outline), sanitised HTML.
    sections = models.JSONField(default=dict, blank=True)
    # Sections whose text is still a synthesis draft nobody has edited (khth.reviews.synthesis):
    # marked «chưa biên tập», and the review cannot be finished until they are edited.
    unedited = models.JSONField(default=list, blank=True)
    # By section code, what its draft was drawn from (khth.synthesis.present.kept_groups with
    # the scope, the counts and when): a reader can see where a statement came from.
    syntheses = models.JSONField(default=dict, blank=True)
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


class KeyTask(models.Model):
    """A numbered key task (nhiệm vụ trọng tâm) or group of solutions (giải pháp) the review
    sets for the next period. Once the review is finished, each is an item the unit's plans of
    that period must cover (khth.plans.cascade, filled in ReviewsConfig.ready()); its ``key``
    survives edits of the words, so a plan that took it on still covers it."""

    TASK = "task"
    SOLUTION = "solution"
    KIND_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (TASK, gettext_noop("Nhiệm vụ trọng tâm")),
        (SOLUTION, gettext_noop("Giải pháp")),
    ]
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="key_tasks")
    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    key = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        ordering = ["review", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "position"], name="review_key_task_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ReviewAward(models.Model):
    """An award of the register decided at the review's conference."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="award_links")
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="review_links")

    class Meta:
        ordering = ["review", "award"]
        constraints = [
            models.UniqueConstraint(fields=["review", "award"], name="review_award_once")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.award_id}"
