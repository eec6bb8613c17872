"""The awards register (khen thưởng) and proposals drafted from evaluation results."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.units.models import Unit


class Award(models.Model):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"
    OUTSIDE = "outside_body"
    RECIPIENTS: ClassVar[list[tuple[str, str]]] = [
        (COLLECTIVE, gettext_noop("Tập thể")),
        (INDIVIDUAL, gettext_noop("Cá nhân")),
        (OUTSIDE, gettext_noop("Cơ quan, tổ chức ngoài Quân đội")),
    ]
    # The collective awarded, or the unit of the person awarded; for a body outside the army,
    # the army unit that gives the award (the military region whose Chính ủy signs, seed 003).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards")
    recipient = models.CharField(max_length=12, choices=RECIPIENTS)
    # The outside body awarded ("Ban Tổ chức Tỉnh ủy Bắc Giang"); empty for the other kinds.
    body_name = models.CharField(max_length=300, blank=True, default="")
    person_name = models.CharField(max_length=200, blank=True, default="")
    person_rank = models.CharField(max_length=100, blank=True, default="")  # cấp bậc, chức vụ
    title_code = models.CharField(max_length=64)
    issuer = models.CharField(max_length=300)
    decision_number = models.CharField(max_length=100)
    decision_date = models.DateField()
    reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decision_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title_code} {self.decision_number}"


class Proposal(models.Model):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (PROPOSED, gettext_noop("Đề xuất")),
        (CONFIRMED, gettext_noop("Đã xác nhận")),
        (REJECTED, gettext_noop("Không đề nghị")),
    ]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_proposals")
    title_code = models.CharField(max_length=64)
    # The evaluation periods the proposal rests on, e.g. ["2023", "2024"].
    periods = models.JSONField(default=list)
    basis = models.TextField()  # in words, for the human who confirms
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PROPOSED)
    note = models.TextField(blank=True, default="")
    award = models.ForeignKey(
        Award, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title_code", "periods"], name="proposal_once_per_basis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title_code} {self.unit_id}"
