"""Document system pages: a unit's «Hệ thống văn kiện» (what it must have and whether it has it,
and for a superior the same across its subordinates as a matrix), a record book, a typed
document. Changes are in khth.docsystem.records.views.editing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from khth.audit.actions import history_of
from khth.docsystem.records import access
from khth.docsystem.records.access import get_readable_typed
from khth.docsystem.records.actions import RecordError, book_of
from khth.docsystem.records.books import display
from khth.docsystem.records.compliance import (
    DRAFT,
    MISSING,
    NOT_DUE,
    OUTDATED,
    PRESENT,
    STATES,
    Item,
    Matrix,
    Snapshot,
    unit_and_matrix,
)
from khth.docsystem.records.forms import EntryField, entry_fields
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register import access as register_access
from khth.docsystem.register.models import RegisteredDocument
from khth.lib import clock
from khth.lib.forms import DATE_FORMATS
from khth.lib.vietnamese import fold, sort_key
from khth.periods import PeriodError, label_of, parse_period
from khth.plans import access as plan_access
from khth.regulations.access import regulation_of
from khth.regulations.labels import UPDATE_FREQUENCY_LABELS
from khth.regulations.schema import DocumentKind, RecordBook, Regulation
from khth.reports import access as report_access
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for, regulations_for
from khth.web.lists import page_asked, unit_page
from khth.web.navigation import to_home_unit

# The colour of each state (khth.css tags; "warn" and "idle" are in records/_states.html).
STATE_CLASSES = {PRESENT: "ok", DRAFT: "warn", MISSING: "bad", OUTDATED: "warn", NOT_DUE: "idle"}
_DUE_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
# The heading of a book's recorder column in the regulation's data (not a message: the data's).
RECORDER = "Người ghi"


# --- the navigation's «Văn kiện» -------------------------------------------------------------


@login_required
def records_home(request: HttpRequest) -> HttpResponse:
    """The document system of the user's own unit."""
    return to_home_unit(request, "records-unit")


# --- a unit's document system ----------------------------------------------------------------


def parse_day(raw: str) -> dt.date | None:
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(raw.strip(), pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
        if 1900 <= day.year <= 2999:
            return day
    return None


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def titled(name: str, occasion: str) -> str:
    """The title a document of kind ``name`` gets for ``occasion``: "Nghị quyết … tháng" and
    "Tháng 7/2024" make "Nghị quyết … tháng 7/2024" (the word is not said twice)."""
    words = lower_first(occasion).split()
    if not words:
        return name
    if name.lower().endswith(" " + words[0]):
        words = words[1:]
    return " ".join([name, *words])


@dataclass(frozen=True)
class Powers:
    """What the user may start from the page, for the unit: typed documents and book entries,
    plans, reports."""

    records: bool
    plans: bool
    reports: bool


@dataclass(frozen=True)
class Row:
    """An item of the document system as the page shows it."""

    item: Item
    occasion: str
    detail: str
    action: str = ""
    action_url: str = ""

    @property
    def state_class(self) -> str:
        return STATE_CLASSES.get(self.item.state, "")


def _report_open(regulation: Regulation, unit: Unit, kind: DocumentKind, period_id: str) -> str:
    try:
        period = parse_period(period_id)
    except PeriodError:
        return ""
    for template in regulation.report_templates:
        if (
            template.document_kind == kind.code
            and template.frequency == period.type.value
            and unit.level in template.reporting_levels
        ):
            return reverse("report-open", args=[unit.code, template.code, period.id])
    return ""


def _row(regulation: Regulation, unit: Unit, item: Item, powers: Powers) -> Row:
    """The item with its button: «Ghi sổ» for a book, and for a missing document the way to
    make it — a plan, a report, or a typed document (as compliance reads each kind)."""
    if item.kind == "book":
        occasion = str(UPDATE_FREQUENCY_LABELS.get(item.occasion, item.occasion))
        detail = _("ghi lần cuối %(day)s") % {"day": item.detail} if item.detail else ""
        if powers.records:
            return Row(item, occasion, detail, _("Ghi sổ"), item.link + "#new-entry")
        return Row(item, occasion, detail)
    detail = item.detail
    if _DUE_DATE.match(detail) and item.state != PRESENT:
        detail = _("hạn %(day)s") % {"day": detail}
    if item.state != MISSING:
        return Row(item, item.occasion, detail)
    kind = regulation.document_kind(item.code)
    parts = item.key.split(":")
    period_id = parts[2] if parts[0] == "doc" and len(parts) > 2 else ""
    task_code = parts[1] if parts[0] == "task" and len(parts) > 1 else ""
    if kind.plan is not None:
        if powers.plans:
            return Row(item, item.occasion, detail, _("Lập kế hoạch"), item.link)
        return Row(item, item.occasion, detail)
    report = _report_open(regulation, unit, kind, period_id) if period_id else ""
    if report:
        if powers.reports:
            return Row(item, item.occasion, detail, _("Lập báo cáo"), report)
        return Row(item, item.occasion, detail)
    if not powers.records:
        return Row(item, item.occasion, detail)
    title = titled(kind.name, item.occasion)
    query = {"kind": kind.code, "period": period_id, "task": task_code, "title": title}
    url = reverse("typed-document-new", args=[unit.code]) + "?" + urlencode(query)
    return Row(item, item.occasion, detail, _("Soạn"), url)


@dataclass(frozen=True)
class MatrixRow:
    unit: Unit
    indent: int
    cells: list[tuple[str, Item | None]]  # (column key, the unit's item or None: not required)


@dataclass(frozen=True)
class SubtreeMatrix:
    columns: list[tuple[str, str]]
    rows: list[MatrixRow]
    counts: list[tuple[str, str, int]]  # (state, label, count)


def subtree_matrix(matrix: Matrix) -> SubtreeMatrix:
    """A compliance matrix laid out for the page: rows indented by depth, counts labelled."""
    units = matrix.units
    top = min((u.depth for u in units), default=0)
    rows = [
        MatrixRow(
            u, u.depth - top, [(key, matrix.cells.get((u.pk, key))) for key, _l in matrix.columns]
        )
        for u in units
    ]
    return SubtreeMatrix(
        matrix.columns,
        rows,
        [(state, _(label), matrix.counts[state]) for state, label in STATES.items()],
    )


# The subordinates one page of the matrix shows: the whole subtree at the top of the army is
# 20,000 units of a dozen requirements each (43 s and tens of MB as one page).
MATRIX_PAGE = 50


def _subordinates(unit: Unit, day: dt.date, *, whole: bool, page: int) -> tuple[list[Unit], int]:
    """The subordinates one page of the matrix shows, and how many there are in all."""
    active = Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    start = (page - 1) * MATRIX_PAGE
    if whole:
        rows = Unit.objects.subtree_of(unit, include_self=False).filter(active).order_by("path")
        found = list(rows[start : start + MATRIX_PAGE])
        # A page not full is the last: the rows give the count (no query more).
        if len(found) < MATRIX_PAGE and (found or start == 0):
            return found, start + len(found)
        return found, rows.count()
    children = sorted(
        Unit.objects.filter(parent=unit).filter(active), key=lambda u: sort_key(u.name)
    )
    return children[start : start + MATRIX_PAGE], len(children)


@login_required
def unit_records(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    day = clock.today()
    raw_day = request.GET.get("date", "")
    if raw_day:
        chosen = parse_day(raw_day)
        if chosen is None:
            messages.error(
                request, _("Ngày «%(text)s» không đúng dạng dd/mm/yyyy.") % {"text": raw_day}
            )
        else:
            day = chosen
    whole = request.GET.get("all") == "1"
    page = page_asked(request)
    subordinates, total = _subordinates(unit, day, whole=whole, page=page)
    if total and not subordinates:  # past the last page: the last page
        page = (total - 1) // MATRIX_PAGE + 1
        subordinates, total = _subordinates(unit, day, whole=whole, page=page)
    # Each unit against the regulation it follows.
    regulations = regulations_for([unit, *subordinates])
    regulation = regulations[unit.pk]
    writes = access.can_write(request.user, unit)
    powers = Powers(
        records=writes,
        plans=plan_access.can(request.user, unit, plan_access.PREPARE),
        reports=report_access.can_at(request.user, unit, report_access.PREPARE),
    )
    items, matrix = unit_and_matrix(unit, subordinates, regulations, day)
    rows = [_row(regulation, unit, item, powers) for item in items]
    periodic = [r for r in rows if r.item.key.startswith("doc:")]
    by_task: dict[str, list[Row]] = {}
    for r in rows:
        if r.item.key.startswith("task:"):
            by_task.setdefault(r.occasion, []).append(r)
    books = [r for r in rows if r.item.kind == "book"]
    typed = list(
        access.visible_typed(request.user).filter(unit=unit).order_by("-dated", "-pk")[:20]
    )
    kind_names = {k.code: k.name for k in regulation.document_kinds}
    return unit_page(
        request,
        "records/unit.html",
        unit,
        {
            "day": day,
            "is_today": day == clock.today(),
            "periodic": periodic,
            "by_task": sorted(by_task.items(), key=lambda pair: sort_key(pair[0])),
            "books": books,
            "counts": _counts(rows),
            "matrix": subtree_matrix(matrix) if subordinates else None,
            "whole": whole,
            "matrix_page": page,
            "matrix_first": (page - 1) * MATRIX_PAGE + 1,
            "matrix_last": (page - 1) * MATRIX_PAGE + len(subordinates),
            "matrix_total": total,
            "matrix_paged": total > MATRIX_PAGE,
            "matrix_next": page * MATRIX_PAGE < total,
            "state_classes": STATE_CLASSES,
            "has_children": whole or total > 0,
            "can_write": writes,
            "can_register": register_access.can_register(request.user, unit),
            "typed": [(d, kind_names.get(d.kind_code, d.kind_code)) for d in typed],
            "statuses": {code: _(label) for code, label in TypedDocument.STATUS_CHOICES},
        },
    )


def _counts(rows: list[Row]) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(STATES, 0)
    for r in rows:
        counts[r.item.state] += 1
    return [(state, _(label), counts[state]) for state, label in STATES.items()]


# --- a record book ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """An entry of the book, its values as read, and what became of it."""

    entry: BookEntry
    values: list[str]
    # For a superseded entry: what replaced or struck it, by whom, when, why.
    fate: str = ""
    by: str = ""
    at: dt.datetime | None = None
    reason: str = ""


def entry_values(book: RecordBook, entry: BookEntry) -> list[str]:
    out = []
    for column in book.columns:
        try:
            out.append(display(column, entry.values.get(column.code)))
        except (TypeError, ValueError):
            out.append(str(entry.values.get(column.code, "")))
    return out


def recorder_column(book: RecordBook) -> int | None:
    """The index of the book's own "Người ghi" column, if the regulation gives it one.

    Matched by name, as the page shows it: with such a column the page's own "who typed it"
    column would repeat its heading, so the recorder's name goes into the book's column."""
    for index, column in enumerate(book.columns):
        if fold(column.name) == fold(RECORDER):
            return index
    return None


def _with_recorder(values: list[str], index: int | None, entry: BookEntry) -> list[str]:
    if index is None or values[index].strip():
        return values
    filled = list(values)
    filled[index] = entry.created_by.full_name or entry.created_by.username
    return filled


def book_page(
    request: HttpRequest,
    unit: Unit,
    book: RecordBook,
    *,
    fields: list[EntryField] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The book: columns, current entries in line order, the history of corrections and
    withdrawals, the add-entry form (to the unit's own people), its typed documents."""
    entries = list(
        BookEntry.objects.filter(unit=unit, book_code=book.code).select_related("created_by")
    )
    corrections = {e.corrects_id: e for e in entries if e.corrects_id is not None}
    withdrawn = [e for e in entries if e.withdrawn_reason]
    struck = (
        {
            int(a.object_id): a
            for a in history_of(*withdrawn).filter(action="records.entry.withdrawn")
        }
        if withdrawn
        else {}
    )
    current: list[Shown] = []
    history: list[Shown] = []
    recorder = recorder_column(book)
    for entry in entries:
        values = _with_recorder(entry_values(book, entry), recorder, entry)
        if not entry.superseded:
            current.append(Shown(entry, values))
            continue
        if entry.withdrawn_reason:
            audit = struck.get(entry.pk)
            history.append(
                Shown(
                    entry,
                    values,
                    _("Đã hủy"),
                    audit.actor.full_name if audit is not None and audit.actor else "",
                    audit.at if audit is not None else None,
                    entry.withdrawn_reason,
                )
            )
            continue
        replaced = corrections.get(entry.pk)
        history.append(
            Shown(
                entry,
                values,
                _("Đã sửa"),
                replaced.created_by.full_name if replaced is not None else "",
                replaced.created_at if replaced is not None else None,
                replaced.correction_reason if replaced is not None else "",
            )
        )
    writes = access.can_write(request.user, unit)
    regulation = regulation_for(unit)
    freshness = Snapshot([unit], {unit.pk: regulation}, clock.today()).book(unit, book)
    typed: list[TypedDocument] = []
    kind_name = ""
    if book.typed_document_kind:
        typed = list(
            access.visible_typed(request.user)
            .filter(unit=unit, kind_code=book.typed_document_kind)
            .order_by("-dated", "-pk")[:50]
        )
        try:
            kind_name = regulation.document_kind(book.typed_document_kind).name
        except KeyError:
            kind_name = book.typed_document_kind
    if fields is None:
        fields, _general = entry_fields(book)
        if recorder is not None:  # a fresh form: the one typing is, most often, the recorder
            fields[recorder].value = getattr(request.user, "full_name", "")
    return render(
        request,
        "records/book.html",
        {
            "unit": unit,
            "book": book,
            "frequency": UPDATE_FREQUENCY_LABELS.get(book.update_frequency, ""),
            "current": current,
            "history": history,
            "freshness": freshness,
            "outdated": freshness.state == OUTDATED,
            "can_write": writes,
            "fields": fields if writes else [],
            "problems": problems or [],
            "typed": typed,
            "typed_kind_name": kind_name,
            "statuses": {code: _(label) for code, label in TypedDocument.STATUS_CHOICES},
            "has_recorder": recorder is not None,
        },
        status=status,
    )


def get_book(unit: Unit, book_code: str) -> RecordBook:
    try:
        return book_of(unit, book_code)
    except RecordError:
        raise Http404("book not found") from None


@login_required
def record_book(request: HttpRequest, unit_code: str, book_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return book_page(request, unit, get_book(unit, book_code))


# --- a typed document ------------------------------------------------------------------------


@login_required
def typed_document(request: HttpRequest, pk: int) -> HttpResponse:
    document, _registration = get_readable_typed(request.user, pk)
    # The version it was written under: its kind as it was then.
    regulation = regulation_of(document.regulation)
    try:
        kind: DocumentKind | None = regulation.document_kind(document.kind_code)
    except KeyError:
        kind = None
    registrations = list(
        register_access.visible_documents(request.user)
        .filter(typed_document=document)
        .order_by("created_at")
    )
    registered = document.registrations.filter(direction=RegisteredDocument.OUTGOING).exists()
    writes = access.can_write(request.user, document.unit)
    can_register = register_access.can_register(request.user, document.unit)
    return render(
        request,
        "records/typed_detail.html",
        {
            "document": document,
            "unit": document.unit,
            "kind": kind,
            "period": label_of(document.period_id),
            "task_name": regulation.task_name(document.task_code),
            "status": _(dict(TypedDocument.STATUS_CHOICES).get(document.status, document.status)),
            "registrations": registrations,
            "can_edit": writes and document.status == TypedDocument.DRAFT,
            "register_url": (
                reverse("register-unit", args=[document.unit.code])
                + "?"
                + urlencode({"direction": "out", "typed": document.pk})
                + "#register-out"
            )
            if can_register and not registered
            else "",
            "history": history_of(document)[:50],
        },
    )


urlpatterns: list[URLPattern] = [
    path("", records_home, name="records-home"),
    path("unit/<str:unit_code>/", unit_records, name="records-unit"),
    path("unit/<str:unit_code>/books/<str:book_code>/", record_book, name="record-book"),
    path("documents/<int:pk>/", typed_document, name="typed-document-detail"),
]
