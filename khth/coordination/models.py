"""Coordination with bodies outside the army tree (a provincial Party Organisation Board…):
partners, agreements with an exchange schedule and a shared indicator set, the exchange reports
sent, and a log of joint activities.

Partners are not users and never log in: what they get is the exchange report, which holds the
agreed indicators and nothing else of the unit's data.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.lib.models import SortedByName
from khth.lib.vietnamese import person_sort_key
from khth.units.models import Unit


class Partner(SortedByName):
    # The army unit that coordinates with the partner (e.g. the provincial military command).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    contact = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField()
    # Edits are counted (khth.lib.models.Revised): an edit made on an older revision is refused,
    # so two people saving at once cannot silently overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    # Null when no person made the last change: the daily job drafted it, or it was last changed
    # before edits were counted.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit", "sort_name", "pk"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    # The army unit bound by the agreement (e.g. a military region's Cục Chính trị); its partners
    # are among that unit's partners. One agreement can bind several outside bodies: the Ban Tổ
    # chức Tỉnh ủy of six provinces under one quy chế phối hợp (seed 003).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="coordination_agreements")
    partners = models.ManyToManyField(Partner, related_name="agreements")
    title = models.CharField(max_length=300)  # "Quy chế phối hợp số 05/QC-…"
    signed_on = models.DateField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    frequency = models.CharField(max_length=12)  # a period type: the exchange schedule
    # Codes of the regulation's coordination indicators exchanged under this agreement.
    indicators = models.JSONField(default=list)
    created_at = models.DateTimeField()
    # Edits are counted (khth.lib.models.Revised): an edit made on an older revision is refused,
    # so two people saving at once cannot silently overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    # Null when no person made the last change: the daily job drafted it, or it was last changed
    # before edits were counted.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def partner_list(self) -> list[Partner]:
        """The partners in their sorted order (prefetch ``partners`` to spare the queries)."""
        return sorted(self.partners.all(), key=lambda p: (p.sort_name, p.pk))

    @property
    def partner_names(self) -> str:
        return "; ".join(p.name for p in self.partner_list)


class ExchangeReport(models.Model):
    DRAFT = "draft"
    SENT = "sent"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (DRAFT, gettext_noop("Dự thảo")),
        (SENT, gettext_noop("Đã gửi")),
    ]
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="exchanges")
    period_id = models.CharField(max_length=10)
    # Indicator code → {"value": str | None, "source": "report" | "entered", "link": str}.
    values = models.JSONField(default=dict)
    note = models.TextField(blank=True, default="")
    status = models.CharField(max_length=6, choices=STATUS_CHOICES, default=DRAFT)
    registered = models.ForeignKey(
        "register.RegisteredDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Edits are counted (khth.lib.models.Revised): an edit made on an older revision is refused,
    # so two people saving at once cannot silently overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    # Null when no person made the last change: the daily job drafted it, or it was last changed
    # before edits were counted.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "period_id"], name="exchange_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.period_id}"


class JointActivity(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="activities")
    held_on = models.DateField()
    title = models.CharField(max_length=300)
    content = models.TextField(blank=True, default="")
    participants = models.CharField(max_length=500, blank=True, default="")
    result = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Edits are counted (khth.lib.models.Revised): an edit made on an older revision is refused,
    # so two people saving at once cannot silently overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    # Null when no person made the last change: the daily job drafted it, or it was last changed
    # before edits were counted.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReceivedExchange(models.Model):
    """What one partner sent the unit for a period under the agreement: the values of the
    indicators that flow partner → unit (``direction: receive | both``). The other way round
    from ExchangeReport, which the unit sends to all the agreement's partners at once."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="received")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="sent_to_unit")
    period_id = models.CharField(max_length=10)
    # Indicator code → the value as stored ("12"), or None when the partner did not give it.
    values = models.JSONField(default=dict)
    note = models.TextField(blank=True, default="")
    received_on = models.DateField()
    # The partner's report as registered in the unit's incoming register, when it was.
    incoming = models.ForeignKey(
        "register.RegisteredDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Edits are counted (khth.lib.models.Revised), as on the other coordination rows.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner", "period_id"], name="received_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.partner_id} {self.period_id}"


class PartyTransfer(SortedByName):
    """One Party member handed over to a locality (bàn giao đảng viên chuyển sinh hoạt về địa
    phương): a per-person list under the agreement, each row with the partner (the provincial
    board) that receives. Personal data: read only within the owning unit's scope."""

    INTRODUCED = "introduced"
    RECEIVED = "received"
    STATUS_CHOICES: ClassVar[list[tuple[str, str]]] = [
        (INTRODUCED, gettext_noop("Đã giới thiệu")),
        (RECEIVED, gettext_noop("Địa phương đã tiếp nhận")),
    ]
    SORTED_BY: ClassVar[str] = "full_name"

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="transfers")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="transfers")
    full_name = models.CharField(max_length=200)
    birth_year = models.PositiveSmallIntegerField()
    rank_post = models.CharField(max_length=200, blank=True, default="")  # cấp bậc, chức vụ
    # The army Party organisation the member leaves ("Chi bộ Đại đội 1").
    party_organisation = models.CharField(max_length=300)
    commune = models.CharField(max_length=200)  # xã, phường, đặc khu
    province = models.CharField(max_length=200)  # tỉnh, thành phố
    letter_date = models.DateField()  # ngày giấy giới thiệu sinh hoạt đảng
    handed_over_on = models.DateField(null=True, blank=True)
    # Set when the locality has taken the member in: the status follows from it.
    received_on = models.DateField(null=True, blank=True)
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
        ordering = ["sort_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def sort_name_of(self, name: str) -> str:
        # Lists of people go by given name first, as Vietnamese personnel lists do.
        return person_sort_key(name)

    @property
    def status(self) -> str:
        return self.RECEIVED if self.received_on is not None else self.INTRODUCED
