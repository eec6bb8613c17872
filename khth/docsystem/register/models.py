"""The document register (sổ đăng ký văn bản đi, đến) and the numbering of documents.

Numbers come from a counter per (unit, scope), locked for the registration, and the register
holds a unique (unit, scope, number) as a last guard: a number is never given twice, even to two
registrations at the same moment. Scopes: the Party family numbers per document type per Party
committee term ("NQ" in the term that began 2020-10-15); the administrative family per calendar
year across types; incoming documents per calendar year.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from khth.lib.models import StoredUpload
from khth.units.models import Unit


class PartyTerm(models.Model):
    """A term (nhiệm kỳ) of a unit's Party committee, from its congress to the next."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="party_terms")
    name = models.CharField(max_length=100)  # "Nhiệm kỳ 2020 – 2025"
    starts_on = models.DateField()

    class Meta:
        ordering = ["unit", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_on"], name="term_starts_once")
        ]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=100)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "scope"], name="counter_once")]

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"


class RegisteredDocument(models.Model):
    OUTGOING = "out"
    INCOMING = "in"
    DIRECTIONS: ClassVar[list[tuple[str, str]]] = [
        (OUTGOING, gettext_noop("Văn bản đi")),
        (INCOMING, gettext_noop("Văn bản đến")),
    ]
    # Độ mật (Luật Bảo vệ bí mật nhà nước 2018): three levels, from the least restricted.
    SECRECY: ClassVar[list[tuple[str, str]]] = [
        ("", gettext_noop("Thường")),
        ("mat", gettext_noop("MẬT")),
        ("toi_mat", gettext_noop("TỐI MẬT")),
        ("tuyet_mat", gettext_noop("TUYỆT MẬT")),
    ]
    # Độ khẩn (Nghị định 30/2020): three levels.
    URGENCY: ClassVar[list[tuple[str, str]]] = [
        ("", gettext_noop("Thường")),
        ("khan", gettext_noop("KHẨN")),
        ("thuong_khan", gettext_noop("THƯỢNG KHẨN")),
        ("hoa_toc", gettext_noop("HỎA TỐC")),
    ]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registered_documents")
    direction = models.CharField(max_length=3, choices=DIRECTIONS)
    kind_code = models.CharField(max_length=64, blank=True, default="")
    family = models.CharField(max_length=16, blank=True, default="")
    # The number given in the register, within ``scope``.
    scope = models.CharField(max_length=100)
    number = models.PositiveIntegerField()
    # The printed number line: "Số 15-NQ/ĐU", "Số: 05/BC-CT"; for incoming, theirs.
    number_text = models.CharField(max_length=100)
    dated = models.DateField()  # issued (outgoing) or the sender's date (incoming)
    summary = models.CharField(max_length=500)  # trích yếu nội dung
    signer = models.CharField(max_length=200, blank=True, default="")
    recipients = models.TextField(blank=True, default="")  # nơi nhận (outgoing)
    copies = models.PositiveIntegerField(default=1)
    file_holder = models.CharField(max_length=200, blank=True, default="")  # đơn vị, người lưu
    secrecy = models.CharField(max_length=10, choices=SECRECY, blank=True, default="")
    urgency = models.CharField(max_length=12, choices=URGENCY, blank=True, default="")
    # Incoming: who sent it and when it arrived.
    sender = models.CharField(max_length=300, blank=True, default="")
    received_on = models.DateField(null=True, blank=True)
    handled_by = models.CharField(max_length=200, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    # What it came from, when KHTH produced it.
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    typed_document = models.ForeignKey(
        "records.TypedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # An inspection's conclusion (thông báo kết luận): inspections sit below the register,
    # so the link is a foreign key like the three above.
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # A document of a room ABOVE the register (a review: "review", its pk). The register may
    # not import those rooms (tests/architecture/test_layers.py), so it keeps a plain
    # (kind, id) pair instead of a foreign key, and the room reads its registration through
    # khth.docsystem.register.access.registration_of. Kept here rather than as a foreign key
    # on the room's side so that every "what did this entry come from" stays in one table.
    # (Coordination's exchange reports predate this and point here from their side.)
    source_kind = models.CharField(max_length=32, blank=True, default="")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-dated", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "scope", "number"], name="document_number_given_once"
            ),
            # A document is registered once: the action checks, this is the last guard.
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=~models.Q(source_kind=""),
                name="source_registered_once",
            ),
            models.CheckConstraint(
                condition=models.Q(source_kind="", source_id=None)
                | (~models.Q(source_kind="") & models.Q(source_id__isnull=False)),
                name="source_kind_with_id",
            ),
        ]
        # The search index reads the rows added since its watermark (khth.search.index).
        indexes = [models.Index(fields=["created_at"], name="registered_created_at")]

    def __str__(self) -> str:
        return self.number_text


def attachment_path(instance: RegisterAttachment, filename: str) -> str:
    # The stored name is ours, never the uploader's (khth.lib.uploads).
    return f"register/{instance.document_id}/{instance.token}"


class RegisterAttachment(StoredUpload):
    document = models.ForeignKey(
        RegisteredDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
