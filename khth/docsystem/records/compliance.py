"""The document system of a unit ("hệ thống văn kiện"): what the regulation requires it to have
now — documents of the current periods, documents of each task it is assigned, record books —
and whether each is present, a draft, missing, outdated or not due yet.

Presence is read from what KHTH holds: plans (kinds with ``plan:``), reports (kinds a report
template produces), typed documents and the register (everything else). A task is assigned to a
unit when a task plan for it is in force at the unit or one of its superiors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from khth.docsystem.records.books import is_outdated
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.models import RegisteredDocument
from khth.periods import Period, period_of
from khth.plans.models import Plan
from khth.regulations.labels import UPDATE_FREQUENCY_LABELS
from khth.regulations.schema import DocumentKind, RecordBook, Regulation, for_unit_type
from khth.reports.models import Report
from khth.reports.timeliness import deadline_for
from khth.units.models import Unit, path_ids

PRESENT = "present"
DRAFT = "draft"
MISSING = "missing"
OUTDATED = "outdated"
NOT_DUE = "not_due"
STATES = {
    PRESENT: gettext_noop("Có"),
    DRAFT: gettext_noop("Đang soạn"),
    MISSING: gettext_noop("Thiếu"),
    OUTDATED: gettext_noop("Chưa cập nhật"),
    NOT_DUE: gettext_noop("Chưa đến hạn"),
}
PERIODIC = ("weekly", "monthly", "quarterly", "sixmonthly", "yearly")
# Item kinds.
DOCUMENT = "document"
BOOK = "book"


@dataclass(frozen=True)
class Item:
    # Stable across units: "doc:nq-thang:202407", "task:dien-tap:kh-nhiem-vu", "book:so-nghi-quyet".
    key: str
    kind: str  # "document" or "book"
    code: str
    name: str
    occasion: str  # the period label, the task name, or the book's frequency
    state: str
    link: str = ""
    detail: str = ""

    @property
    def label(self) -> str:
        return STATES[self.state]


@dataclass(frozen=True)
class Need:
    """What is required of a unit, before looking at what it has."""

    key: str
    kind: DocumentKind
    period: Period | None
    task_code: str = ""
    task_name: str = ""


def needs(
    regulation: Regulation, unit: Unit, day: dt.date, tasks: Iterable[tuple[str, str]]
) -> list[Need]:
    out: list[Need] = []
    for kind in regulation.document_kinds:
        if not kind.required or unit.level not in kind.issuing_levels:
            continue
        if not for_unit_type(kind.unit_types, unit.unit_type):
            continue
        for occasion in kind.occasions:
            if occasion in PERIODIC:
                period = period_of(day, occasion)
                out.append(Need(f"doc:{kind.code}:{period.id}", kind, period))
    for task_code, task_name in tasks:
        task = regulation.task(task_code)
        for document in task.documents:
            if unit.level not in document.levels:
                continue
            if not for_unit_type(document.unit_types, unit.unit_type):
                continue
            kind = regulation.document_kind(document.kind)
            out.append(Need(f"task:{task_code}:{kind.code}", kind, None, task_code, task_name))
    return out


def assigned_tasks(units: list[Unit], day: dt.date) -> dict[int, list[str]]:
    """Regulation tasks with a task plan in force at each unit or above it on ``day``, for all
    the units in one query."""
    ids = {pk for u in units for pk in path_ids(u.path)}
    held: dict[int, set[str]] = {}
    for unit_id, code in (
        Plan.objects.filter(
            unit_id__in=ids, status__in=Plan.IN_FORCE, starts_on__lte=day, ends_on__gte=day
        )
        .exclude(task_code="")
        .order_by()
        .values_list("unit_id", "task_code")
        .distinct()
    ):
        held.setdefault(unit_id, set()).add(code)
    return {u.pk: sorted({c for pk in path_ids(u.path) for c in held.get(pk, ())}) for u in units}


PLAN_FIELDS = (
    "pk", "unit_id", "kind_code", "task_code", "title", "period_id", "starts_on", "ends_on",
    "status", "version",
)  # fmt: skip


class Snapshot:
    """What a set of units holds, fetched in a fixed number of queries. ``regulations``: the
    regulation each unit follows, by unit key (units under a variant owe what it says)."""

    def __init__(
        self, units: list[Unit], regulations: Mapping[int, Regulation], day: dt.date
    ) -> None:
        ids = [u.pk for u in units]
        self.day = day
        self.regulations = regulations
        lo, hi = dt.date(day.year - 1, 1, 1), dt.date(day.year + 1, 12, 31)
        self.plans: dict[tuple[int, str], list[Plan]] = {}
        # Only what a state is judged on: a plan's sections and a document's body are the bulk
        # of their rows, and two years of them are read for every home page.
        for plan in Plan.objects.filter(unit_id__in=ids, ends_on__gte=lo, starts_on__lte=hi).only(
            *PLAN_FIELDS
        ):
            self.plans.setdefault((plan.unit_id, plan.kind_code), []).append(plan)
        self.reports: dict[tuple[int, str, str], Report] = {
            (r.unit_id, r.template_code, r.period_id): r
            for r in Report.objects.filter(
                unit_id__in=ids, request__isnull=True, period_end__gte=lo
            )
            .only("pk", "unit_id", "template_code", "period_id", "status")
            .order_by()
        }
        self.typed: dict[tuple[int, str], list[TypedDocument]] = {}
        # By date for the documents of a period, by the last edit for the books they stand for.
        recent = Q(dated__gte=lo) | Q(updated_at__date__gte=lo)
        for doc in TypedDocument.objects.filter(recent, unit_id__in=ids).defer("body"):
            self.typed.setdefault((doc.unit_id, doc.kind_code), []).append(doc)
        self.last_registered: dict[tuple[int, str], dt.date] = {
            (row["unit_id"], row["direction"]): timezone.localdate(row["last"])
            for row in RegisteredDocument.objects.filter(unit_id__in=ids, created_at__date__lte=day)
            .values("unit_id", "direction")
            .annotate(last=Max("created_at"))
        }
        # Titles of typed documents registered as secret are not shown in the document system.
        self.secret_typed = set(
            RegisteredDocument.objects.filter(unit_id__in=ids, typed_document__isnull=False)
            .exclude(secrecy="")
            .order_by()
            .values_list("typed_document_id", flat=True)
        )
        self.registered: dict[tuple[int, str], list[RegisteredDocument]] = {}
        for reg in RegisteredDocument.objects.filter(
            unit_id__in=ids, direction=RegisteredDocument.OUTGOING, dated__gte=lo
        ).only("pk", "unit_id", "kind_code", "dated", "number_text"):
            self.registered.setdefault((reg.unit_id, reg.kind_code), []).append(reg)
        self.last_entry: dict[tuple[int, str], dt.date] = {
            (row["unit_id"], row["book_code"]): timezone.localdate(row["last"])
            # As they stood on ``day``: what was written later does not count for an earlier day.
            for row in BookEntry.objects.filter(
                unit_id__in=ids, superseded=False, created_at__date__lte=day
            )
            .values("unit_id", "book_code")
            .annotate(last=Max("created_at"))
        }

    # --- documents ---------------------------------------------------------------------------

    def document(self, unit: Unit, need: Need) -> Item:
        kind, period = need.kind, need.period
        occasion = period.label if period is not None else need.task_name
        state, link, detail = self._document_state(unit, need)
        return Item(need.key, "document", kind.code, kind.name, occasion, state, link, detail)

    def _document_state(self, unit: Unit, need: Need) -> tuple[str, str, str]:
        kind, period = need.kind, need.period
        if kind.plan is not None:
            return self._plan_state(unit, need)
        templates = [
            t
            for t in self.regulations[unit.pk].report_templates
            if t.document_kind == kind.code
            and period is not None
            and t.frequency == period.type.value
            and unit.level in t.reporting_levels
        ]
        if templates and period is not None:
            return self._report_state(unit, templates[0].code, period)
        return self._typed_state(unit, need)

    def _plan_state(self, unit: Unit, need: Need) -> tuple[str, str, str]:
        plans = self.plans.get((unit.pk, need.kind.code), [])
        if need.period is not None:
            chosen = [
                p
                for p in plans
                if p.period_id == need.period.id
                or (
                    not p.period_id
                    and p.starts_on <= need.period.end
                    and p.ends_on >= need.period.start
                )
            ]
        else:
            chosen = [
                p
                for p in plans
                if p.task_code == need.task_code and p.starts_on <= self.day <= p.ends_on
            ]
        in_force = [p for p in chosen if p.status in Plan.IN_FORCE]
        if in_force:
            best = max(in_force, key=lambda p: p.version)
            return PRESENT, reverse("plan-detail", args=[best.pk]), best.title
        if chosen:
            best = max(chosen, key=lambda p: p.version)
            return DRAFT, reverse("plan-detail", args=[best.pk]), best.title
        return MISSING, reverse("plan-unit", args=[unit.code]), ""

    def _report_state(self, unit: Unit, template_code: str, period: Period) -> tuple[str, str, str]:
        report = self.reports.get((unit.pk, template_code, period.id))
        if (
            report is not None
            and report.status != Report.DRAFT
            and report.status != Report.RETURNED
        ):
            return PRESENT, reverse("report-detail", args=[report.pk]), ""
        template = self.regulations[unit.pk].report_template(template_code)
        due = deadline_for(template, unit.level, period)
        link = reverse("report-detail", args=[report.pk]) if report is not None else ""
        if due >= self.day:
            return NOT_DUE, link, due.strftime("%d/%m/%Y")
        return (DRAFT if report is not None else MISSING), link, due.strftime("%d/%m/%Y")

    def _typed_state(self, unit: Unit, need: Need) -> tuple[str, str, str]:
        period = need.period
        typed = [
            d
            for d in self.typed.get((unit.pk, need.kind.code), [])
            if (
                period is not None
                and (
                    d.period_id == period.id
                    or (not d.period_id and period.start <= d.dated <= period.end)
                )
            )
            or (period is None and d.task_code == need.task_code)
        ]
        registered = [
            r
            for r in self.registered.get((unit.pk, need.kind.code), [])
            if period is not None and period.start <= r.dated <= period.end
        ]
        final = [d for d in typed if d.status == TypedDocument.FINAL]
        if final:
            title = "" if final[0].pk in self.secret_typed else final[0].title
            return PRESENT, reverse("typed-document-detail", args=[final[0].pk]), title
        if registered:
            return (
                PRESENT,
                reverse("register-document", args=[registered[0].pk]),
                registered[0].number_text,
            )
        if typed:
            return DRAFT, reverse("typed-document-detail", args=[typed[0].pk]), typed[0].title
        return MISSING, "", ""

    # --- books -------------------------------------------------------------------------------

    def book(self, unit: Unit, book: RecordBook) -> Item:
        if book.kept_in_register is not None:
            direction = "out" if book.kept_in_register == "outgoing" else "in"
            last = self.last_registered.get((unit.pk, direction))
        else:
            last = self.last_entry.get((unit.pk, book.code))
        if book.typed_document_kind:
            typed = [
                timezone.localdate(d.updated_at)
                for d in self.typed.get((unit.pk, book.typed_document_kind), [])
                if timezone.localdate(d.updated_at) <= self.day
            ]
            if typed and (last is None or max(typed) > last):
                last = max(typed)
        if last is None:
            state, detail = MISSING, ""
        else:
            state = OUTDATED if is_outdated(book, last, self.day) else PRESENT
            detail = last.strftime("%d/%m/%Y")
        return Item(
            f"book:{book.code}",
            "book",
            book.code,
            book.name,
            str(UPDATE_FREQUENCY_LABELS[book.update_frequency]),
            state,
            reverse("record-book", args=[unit.code, book.code]),
            detail,
        )


def compliance_of(unit: Unit, regulation: Regulation, day: dt.date) -> list[Item]:
    """The unit's document system on ``day``: documents, task documents, books."""
    snapshot = Snapshot([unit], {unit.pk: regulation}, day)
    return _items(unit, snapshot, assigned_tasks([unit], day)[unit.pk])


def _items(unit: Unit, snapshot: Snapshot, task_codes: list[str]) -> list[Item]:
    regulation = snapshot.regulations[unit.pk]
    names = {t.code: t.name for t in regulation.tasks}
    tasks = [(code, names[code]) for code in task_codes if code in names]
    items = [snapshot.document(unit, need) for need in needs(regulation, unit, snapshot.day, tasks)]
    # books_for_level: never a title the level abolished (seed 001), whatever the file lists.
    # Its type's too: a book listed for some unit types only is asked of those.
    items += [
        snapshot.book(unit, b) for b in regulation.books_for_level(unit.level, unit.unit_type)
    ]
    return items


@dataclass(frozen=True)
class Matrix:
    units: list[Unit]
    columns: list[tuple[str, str]]  # (item key, label)
    cells: dict[tuple[int, str], Item]
    counts: dict[str, int]  # state → number of cells


def matrix_of(units: list[Unit], regulations: Mapping[int, Regulation], day: dt.date) -> Matrix:
    """The same across a subtree: units × requirements, with counts by state; ``regulations``
    by unit key (``khth.units.regulation.regulations_for``)."""
    return _matrix(units, Snapshot(units, regulations, day), assigned_tasks(units, day))


def unit_and_matrix(
    unit: Unit, subordinates: list[Unit], regulations: Mapping[int, Regulation], day: dt.date
) -> tuple[list[Item], Matrix]:
    """``compliance_of(unit)`` and ``matrix_of(subordinates)`` from one snapshot of them all:
    the unit's page shows both, and each snapshot is a fixed set of queries."""
    everyone = [unit, *subordinates]
    snapshot = Snapshot(everyone, regulations, day)
    tasks = assigned_tasks(everyone, day)
    return _items(unit, snapshot, tasks[unit.pk]), _matrix(subordinates, snapshot, tasks)


def _matrix(units: list[Unit], snapshot: Snapshot, tasks: Mapping[int, list[str]]) -> Matrix:
    columns: dict[str, str] = {}
    cells: dict[tuple[int, str], Item] = {}
    counts: dict[str, int] = dict.fromkeys(STATES, 0)
    for unit in units:
        for item in _items(unit, snapshot, tasks[unit.pk]):
            columns.setdefault(
                item.key, f"{item.name} ({item.occasion})" if item.kind == "document" else item.name
            )
            cells[(unit.pk, item.key)] = item
            counts[item.state] += 1
    return Matrix(units, list(columns.items()), cells, counts)
