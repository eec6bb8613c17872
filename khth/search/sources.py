"""What each kind of object puts in the index, read from the other apps' models.

The search app depends on the others and never the reverse: nothing here is called by them.
Each source names its rows (with what is needed to index them, prefetched), the field that
stamps a change, how a row becomes an entry, and the rows that may be indexed at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.models import RegisteredDocument
from khth.lib.vietnamese import short_date
from khth.periods import label_of
from khth.plans.models import Plan, Target, Task
from khth.regulations.schema import Regulation
from khth.regulations.schema.common import Section
from khth.reports.models import Report, SectionText
from khth.reports.richtext import plain_text
from khth.reports.template import outline, regulation_of
from khth.search.models import DOCUMENT, ENTRY, PLAN, REPORT, TYPED
from khth.search.text import MAX_TEXT, clean

CHUNK = 500


@dataclass(frozen=True)
class Indexed:
    """One object as the index holds it."""

    object_id: int
    unit_id: int
    title: str
    text: str
    updated_at: dt.datetime
    url: str
    secrecy: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    # The indexable rows, with what ``build`` needs of them.
    rows: Callable[[], QuerySet[Any]]
    # The field that every change of indexed content moves (created_at for rows never edited).
    stamp: str
    build: Callable[[Any], Indexed]

    def changed(self, since: dt.datetime | None) -> Iterator[list[tuple[int, dt.datetime]]]:
        """(id, stamp) of the rows stamped at or after ``since`` (all rows for None), in
        batches: the rows themselves are read only for those whose entry is stale (``load``),
        so a refresh after a bulk import of unchanged rows does not build them all again."""
        batch: list[tuple[int, dt.datetime]] = []
        for pair in self.stamps(since).iterator(chunk_size=CHUNK):
            batch.append(pair)
            if len(batch) == CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch

    def stamps(self, since: dt.datetime | None) -> QuerySet[Any, tuple[int, dt.datetime]]:
        rows = self.rows().prefetch_related(None)
        if since is not None:
            rows = rows.filter(**{f"{self.stamp}__gte": since})
        # In no order: ordered by key, SQLite reads the whole table in key order rather than
        # the recent rows through the stamp's index.
        return rows.order_by().values_list("pk", self.stamp)

    def load(self, ids: list[int]) -> QuerySet[Any]:
        return self.rows().filter(pk__in=ids).order_by("pk")

    def current(self) -> QuerySet[Any]:
        """The ids that may be in the index; entries of other ids are removed."""
        return self.rows().prefetch_related(None).values("pk")


def _join(parts: Iterable[str]) -> str:
    return clean("\n".join(p.strip() for p in parts if p and p.strip()))[:MAX_TEXT]


def _codes(sections: tuple[Section, ...]) -> list[str]:
    codes: list[str] = []
    for section in sections:
        codes.append(section.code)
        codes.extend(_codes(section.children))
    return codes


def _in_order(texts: dict[str, str], order: list[str]) -> list[str]:
    """Section texts in outline order (then any unknown code, sorted): the same on both
    databases, which do not keep JSON keys in the same order."""
    rank = {code: i for i, code in enumerate(order)}
    codes = sorted(texts, key=lambda c: (rank.get(c, len(rank)), c))
    return [plain_text(texts[c]) for c in codes]


# --- plans -----------------------------------------------------------------------------------


def _plan(plan: Plan) -> Indexed:
    try:
        order = _codes(regulation_of(plan.regulation).document_kind(plan.kind_code).outline)
    except KeyError:
        order = []
    parts = _in_order(dict(plan.sections or {}), order)
    parts += [t.text for t in plan.targets.all()]
    for task in plan.tasks.all():
        parts += [task.title, task.measures]
    title = plan.title if plan.version == 1 else f"{plan.title} (v{plan.version})"
    return Indexed(
        object_id=plan.pk,
        unit_id=plan.unit_id,
        title=clean(title),
        text=_join(parts),
        updated_at=plan.updated_at,
        url=reverse("plan-detail", args=[plan.pk]),
    )


def _plans() -> QuerySet[Plan]:
    return Plan.objects.select_related("regulation").prefetch_related(
        Prefetch("targets", queryset=Target.objects.only("plan_id", "text", "position")),
        Prefetch("tasks", queryset=Task.objects.only("plan_id", "title", "measures", "position")),
    )


# --- reports ---------------------------------------------------------------------------------


def _report(report: Report) -> Indexed:
    regulation: Regulation = regulation_of(report.regulation)
    try:
        template = regulation.report_template(report.template_code)
        name, order = template.name, [row.code for row in outline(template)]
    except KeyError:
        name, order = report.template_code, []
    label = report.request.title if report.request is not None else label_of(report.period_id)
    texts = {s.section_code: s.html for s in report.sections.all()}
    return Indexed(
        object_id=report.pk,
        unit_id=report.unit_id,
        title=clean(f"{name} — {label}"),
        text=_join(_in_order(texts, order)),
        updated_at=report.updated_at,
        url=reverse("report-detail", args=[report.pk]),
    )


def _reports() -> QuerySet[Report]:
    return (
        Report.objects.select_related("regulation", "request")
        .defer("consolidated", "request__content")
        .prefetch_related(
            Prefetch(
                "sections", queryset=SectionText.objects.only("report_id", "section_code", "html")
            )
        )
    )


# --- the register ----------------------------------------------------------------------------


def _document(doc: RegisteredDocument) -> Indexed:
    return Indexed(
        object_id=doc.pk,
        unit_id=doc.unit_id,
        title=clean(f"{doc.number_text} — {doc.summary}"),
        text=_join([doc.sender, doc.signer, doc.recipients, doc.notes]),
        updated_at=doc.created_at,
        url=reverse("register-document", args=[doc.pk]),
        secrecy=doc.secrecy,
    )


# --- typed documents and record books --------------------------------------------------------


def _typed(doc: TypedDocument) -> Indexed:
    return Indexed(
        object_id=doc.pk,
        unit_id=doc.unit_id,
        title=clean(doc.title),
        text=_join([plain_text(doc.body)]),
        updated_at=doc.updated_at,
        url=reverse("typed-document-detail", args=[doc.pk]),
    )


def _shown(value: object, column_type: str) -> str:
    if value is None or isinstance(value, bool):  # a yes/no column says nothing to search
        return ""
    if column_type == "date" and isinstance(value, str):
        try:
            return short_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _entry(entry: BookEntry) -> Indexed:
    values = dict(entry.values or {})
    try:
        book = regulation_of(entry.regulation).record_book(entry.book_code)
        name = book.name
        parts = [_shown(values.get(c.code), c.type) for c in book.columns]
    except KeyError:
        name = entry.book_code
        parts = [_shown(values[code], "") for code in sorted(values)]
    return Indexed(
        object_id=entry.pk,
        unit_id=entry.unit_id,
        title=clean(f"{name} — dòng {entry.line}"),
        text=_join(["; ".join(p for p in parts if p)]),
        updated_at=entry.created_at,
        url=reverse("record-book", args=[entry.unit.code, entry.book_code]) + f"#dong-{entry.line}",
    )


def _entries() -> QuerySet[BookEntry]:
    # A superseded entry (corrected or withdrawn) is history: only the current line is found.
    return BookEntry.objects.filter(superseded=False).select_related("regulation", "unit")


SOURCES: tuple[Source, ...] = (
    Source(PLAN, _plans, "updated_at", _plan),
    Source(REPORT, _reports, "updated_at", _report),
    Source(DOCUMENT, RegisteredDocument.objects.all, "created_at", _document),
    Source(TYPED, TypedDocument.objects.all, "updated_at", _typed),
    Source(ENTRY, _entries, "created_at", _entry),
)
BY_KIND = {source.kind: source for source in SOURCES}
