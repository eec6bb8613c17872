"""The search index: one row per searchable object, kept in step with the other apps' rows by
``khth.search.index.refresh`` (the other apps know nothing of it).

On SQLite an FTS5 table over ``SearchEntry.folded`` follows this table through triggers; on
PostgreSQL a GIN index covers the same tokens. Both are created by migration 0001 (see
docs/search.md)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_noop

from khth.units.models import Unit

PLAN = "plan"
REPORT = "report"
DOCUMENT = "document"
TYPED = "typed"
ENTRY = "entry"
KINDS: list[tuple[str, str]] = [
    (PLAN, gettext_noop("Kế hoạch")),
    (REPORT, gettext_noop("Báo cáo")),
    (DOCUMENT, gettext_noop("Văn bản trong sổ đăng ký")),
    (TYPED, gettext_noop("Văn bản soạn trên hệ thống")),
    (ENTRY, gettext_noop("Dòng sổ sách")),
]


class SearchEntry(models.Model):
    KINDS: ClassVar[list[tuple[str, str]]] = KINDS

    kind = models.CharField(max_length=16, choices=KINDS)
    object_id = models.PositiveBigIntegerField()
    # Whose it is. Scope is checked against the unit's path as it is now, at query time: a move
    # or a merge rewrites paths without touching the indexed rows.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # A registered document's secrecy level ('' for everything else), checked again against
    # the register itself at query time.
    secrecy = models.CharField(max_length=10, blank=True, default="")
    title = models.CharField(max_length=700)
    text = models.TextField(blank=True, default="")  # NFC plain text, for snippets
    # fold(title + text), one space between tokens (khth.search.text.index_text).
    folded = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField()  # of the source row: updated_at, or created_at
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchState(models.Model):
    """How far the index has read each source: rows changed at or after ``watermark`` are read
    again at the next refresh."""

    kind = models.CharField(max_length=16, primary_key=True, choices=KINDS)
    watermark = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind}: {self.watermark}"
