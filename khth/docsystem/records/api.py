"""/api/v1 — record books, typed documents and the document system ("hệ thống văn kiện").

- ``/units/{code}/books``: the books the unit's level keeps, each with its freshness;
  ``/units/{code}/books/{book}/entries``: its lines with their history (GET), a new line (POST);
  ``/records/entries/{id}``, ``…/correct``, ``…/withdraw``: one entry, a correction (a new entry
  that keeps the line and the original), a withdrawal with its reason;
- ``/records/documents``: typed documents — list, create, read, update with ``revision`` (409 when
  someone saved since);
- ``/units/{code}/compliance?date=``: what the unit must have and the state of each;
  ``/units/{code}/compliance/matrix?date=``: the same across its subtree, with counts.

Refusals: 404 outside the caller's scope (and for a typed document registered at a secrecy level
the caller may not read); 403 for writing a unit's books or documents without ``record.write``
at that very unit; 400 for other refusals of the actions (with ``problems`` for bad values);
409 for a stale revision; 422 for a body or query not of the documented shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from khth.api.answers import content_problems, revision_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import filtered, page
from khth.api.schemas import (
    Code,
    ContentProblemsOut,
    Day,
    Error,
    Limit,
    LongText,
    Offset,
    RevisionConflictOut,
    ShortLine,
    Text,
)
from khth.docsystem.records import access
from khth.docsystem.records.access import registration_of, visible_typed
from khth.docsystem.records.actions import (
    ConflictError,
    ContentError,
    RecordError,
    add_entry,
    book_of,
    correct_entry,
    create_typed_document,
    save_typed_document,
    withdraw_entry,
)
from khth.docsystem.records.books import display
from khth.docsystem.records.compliance import STATES, Item, Snapshot, compliance_of, matrix_of
from khth.docsystem.records.documents import lines_of
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.models import RegisteredDocument
from khth.lib import clock
from khth.regulations.schema.structure import RecordBook
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for, regulations_for

router = Router(tags=["records"])

Values = dict[Code, Text | None]


# --- shapes ----------------------------------------------------------------------------------


class ColumnOut(Schema):
    code: str
    name: str
    type: str
    required: bool
    choices: list[str]


class BookOut(Schema):
    code: str
    name: str
    update_frequency: str
    typed_document_kind: str | None
    columns: list[ColumnOut]
    state: str  # present, missing, outdated
    state_label: str
    last_entry_on: dt.date | None
    lines: int  # lines in force (not withdrawn)
    can_write: bool


class EntryOut(Schema):
    id: int
    line: int
    state: str  # current, corrected, withdrawn
    values: dict[str, Any]
    display: dict[str, str]
    corrects_id: int | None
    correction_reason: str
    withdrawn_reason: str
    created_at: dt.datetime
    created_by: str


class LineOut(Schema):
    line: int
    state: str  # current or withdrawn
    entry: EntryOut  # the latest version
    history: list[EntryOut]  # the versions it replaced, newest first


class BookEntryIn(Schema):
    values: Values


class CorrectIn(Schema):
    values: Values
    reason: LongText


class WithdrawIn(Schema):
    reason: LongText


class TypedSummary(Schema):
    id: int
    unit_code: str
    kind_code: str
    period_id: str
    task_code: str
    dated: dt.date
    title: str
    status: str
    revision: int
    updated_at: dt.datetime
    number: str  # the register's number line, empty until registered


class TypedOut(TypedSummary):
    body: str
    registered_id: int | None
    can_edit: bool


class TypedFilter(Schema):
    unit: str | None = None
    kind: str | None = None
    period: str | None = None
    status: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class TypedIn(Schema):
    unit_code: Code
    kind_code: Code
    dated: Day
    title: ShortLine = ""
    body: LongText = ""
    period_id: Code = ""
    task_code: Code = ""


class TypedUpdateIn(Schema):
    revision: int
    title: ShortLine | None = None
    body: LongText | None = None
    dated: Day | None = None


class ItemOut(Schema):
    key: str
    kind: str
    code: str
    name: str
    occasion: str
    state: str
    label: str
    link: str
    detail: str


class ComplianceOut(Schema):
    unit_code: str
    date: dt.date
    items: list[ItemOut]
    counts: dict[str, int]


class MatrixColumn(Schema):
    key: str
    label: str


class MatrixRow(Schema):
    unit_code: str
    unit_name: str
    states: dict[str, str]  # item key → state; a key the unit does not owe is absent


class MatrixOut(Schema):
    unit_code: str
    date: dt.date
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    counts: dict[str, int]


class DateFilter(Schema):
    date: Day | None = None


class MatrixFilter(DateFilter):
    limit: Limit = 100
    offset: Offset = 0


# --- fetching through the access helpers -----------------------------------------------------


def _book(unit: Unit, code: str) -> RecordBook:
    try:
        return book_of(unit, code)
    except RecordError as exc:
        raise HttpError(404, str(exc)) from None


def _require_write(request: HttpRequest, unit: Unit) -> None:
    if not access.can_write(request.user, unit):
        raise HttpError(403, _("Chỉ cán bộ của %(unit)s ghi sổ của đơn vị") % {"unit": unit.name})


def _require_drafting(request: HttpRequest, unit: Unit) -> None:
    """The same permission as the books (``record.write``), refused in the words of documents."""
    if not access.can_write(request.user, unit):
        raise HttpError(
            403, _("Bạn không có quyền soạn văn bản của %(unit)s") % {"unit": unit.name}
        )


def _entry(request: HttpRequest, entry_id: int) -> BookEntry:
    missing = _("Không có dòng sổ số %(id)s trong phạm vi của bạn") % {"id": entry_id}
    return row_in_scope(request, access.get_entry_for_user, entry_id, missing)


def _typed(request: HttpRequest, document_id: int) -> TypedDocument:
    # A document registered above the caller's clearance is not found: its existence is not told.
    missing = _("Không có văn bản số %(id)s trong phạm vi của bạn") % {"id": document_id}
    return row_in_scope(request, access.get_typed_for_user, document_id, missing)


# --- output ----------------------------------------------------------------------------------


def _entry_state(entry: BookEntry) -> str:
    if not entry.superseded:
        return "current"
    return "withdrawn" if entry.withdrawn_reason else "corrected"


def entry_out(entry: BookEntry, book: RecordBook) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "line": entry.line,
        "state": _entry_state(entry),
        "values": entry.values,
        "display": {
            c.code: display(c, entry.values[c.code]) for c in book.columns if c.code in entry.values
        },
        "corrects_id": entry.corrects_id,
        "correction_reason": entry.correction_reason,
        "withdrawn_reason": entry.withdrawn_reason,
        "created_at": entry.created_at,
        "created_by": entry.created_by.full_name or entry.created_by.username,
    }


def _typed_summary(document: TypedDocument, number: str) -> dict[str, Any]:
    return {
        "id": document.pk,
        "unit_code": document.unit.code,
        "kind_code": document.kind_code,
        "period_id": document.period_id,
        "task_code": document.task_code,
        "dated": document.dated,
        "title": document.title,
        "status": document.status,
        "revision": document.revision,
        "updated_at": document.updated_at,
        "number": number,
    }


def typed_out(request: HttpRequest, document: TypedDocument) -> dict[str, Any]:
    registration = registration_of(document)
    return {
        **_typed_summary(document, registration.number_text if registration else ""),
        "body": document.body,
        "registered_id": registration.pk if registration else None,
        "can_edit": document.status == TypedDocument.DRAFT
        and access.can_write(request.user, document.unit),
    }


def _item(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "kind": item.kind,
        "code": item.code,
        "name": item.name,
        "occasion": item.occasion,
        "state": item.state,
        "label": _(item.label),
        "link": item.link,
        "detail": item.detail,
    }


# --- record books ----------------------------------------------------------------------------


def _day(detail: str) -> dt.date | None:
    """The date of a book's last entry, as compliance states it ("05/07/2024")."""
    if not detail:
        return None
    day, month, year = (int(part) for part in detail.split("/"))
    return dt.date(year, month, day)


@router.get("/units/{code}/books", response={200: list[BookOut], 404: Error})
def list_books(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """The books the unit's level keeps: columns, frequency, and whether each is kept up."""
    unit = unit_in_scope(request, code)
    regulation = regulation_for(unit)
    books = list(regulation.books_for_level(unit.level, unit.unit_type))
    snapshot = Snapshot([unit], {unit.pk: regulation}, clock.today())
    counts: dict[str, int] = {}
    for book_code in BookEntry.objects.filter(unit=unit, superseded=False).values_list(
        "book_code", flat=True
    ):
        counts[book_code] = counts.get(book_code, 0) + 1
    writable = access.can_write(request.user, unit)
    out = []
    for book in books:
        item = snapshot.book(unit, book)
        out.append(
            {
                "code": book.code,
                "name": book.name,
                "update_frequency": book.update_frequency,
                "typed_document_kind": book.typed_document_kind,
                "columns": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "type": c.type,
                        "required": c.required,
                        "choices": list(c.choices or ()),
                    }
                    for c in book.columns
                ],
                "state": item.state,
                "state_label": _(item.label),
                "last_entry_on": _day(item.detail),
                "lines": counts.get(book.code, 0),
                "can_write": writable,
            }
        )
    return out


@router.get("/units/{code}/books/{book_code}/entries", response={200: list[LineOut], 404: Error})
def list_entries(request: HttpRequest, code: str, book_code: str) -> list[dict[str, Any]]:
    """Every line of the book in order: its latest version (current or withdrawn) and the
    versions corrections replaced, newest first."""
    unit = unit_in_scope(request, code)
    book = _book(unit, book_code)
    entries = access.visible_entries(request.user).filter(unit=unit, book_code=book.code)
    out = []
    for line in lines_of(entries.select_related("created_by")):
        out.append(
            {
                "line": line.number,
                "state": "withdrawn" if line.withdrawn else "current",
                "entry": entry_out(line.entry, book),
                "history": [entry_out(e, book) for e in reversed(line.history)],
            }
        )
    return out


@router.post(
    "/units/{code}/books/{book_code}/entries",
    response={201: EntryOut, 400: ContentProblemsOut | Error, 403: Error, 404: Error},
)
def add(request: HttpRequest, code: str, book_code: str, data: BookEntryIn) -> Status[Any]:
    """A new line; 400 naming each column in trouble (nothing is stored then)."""
    unit = unit_in_scope(request, code)
    book = _book(unit, book_code)
    _require_write(request, unit)
    try:
        entry = add_entry(unit, book.code, data.values, by=request.user)
    except ContentError as exc:
        return Status(400, content_problems(exc.problems))
    return Status(201, entry_out(entry, book))


@router.get("/records/entries/{entry_id}", response={200: EntryOut, 404: Error})
def read_entry(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    entry = _entry(request, entry_id)
    return entry_out(entry, _book(entry.unit, entry.book_code))


@router.post(
    "/records/entries/{entry_id}/correct",
    response={201: EntryOut, 400: ContentProblemsOut | Error, 403: Error, 404: Error},
)
def correct(request: HttpRequest, entry_id: int, data: CorrectIn) -> Status[Any]:
    """A correction: a new entry on the same line; the corrected one stays, superseded."""
    entry = _entry(request, entry_id)
    book = _book(entry.unit, entry.book_code)
    _require_write(request, entry.unit)
    try:
        fixed = correct_entry(entry, data.values, reason=data.reason, by=request.user)
    except ContentError as exc:
        return Status(400, content_problems(exc.problems))
    return Status(201, entry_out(fixed, book))


@router.post(
    "/records/entries/{entry_id}/withdraw",
    response={200: EntryOut, 400: Error, 403: Error, 404: Error},
)
def withdraw(request: HttpRequest, entry_id: int, data: WithdrawIn) -> dict[str, Any]:
    entry = _entry(request, entry_id)
    book = _book(entry.unit, entry.book_code)
    _require_write(request, entry.unit)
    return entry_out(withdraw_entry(entry, reason=data.reason, by=request.user), book)


# --- typed documents -------------------------------------------------------------------------


@router.get("/records/documents", response={200: list[TypedSummary], 404: Error})
def list_documents(request: HttpRequest, filters: Query[TypedFilter]) -> list[dict[str, Any]]:
    documents = filtered(
        visible_typed(request.user).select_related("unit"),
        unit__path__startswith=subtree_path(request, filters.unit),
        kind_code=filters.kind,
        period_id=filters.period,
        status=filters.status,
    )
    chosen = list(documents.order_by("-dated", "-pk")[page(filters.limit, filters.offset)])
    # Documents registered beyond the caller's clearance are not in ``chosen``: every number
    # of these may be shown.
    registered = RegisteredDocument.objects.filter(
        typed_document_id__in=[d.pk for d in chosen], direction=RegisteredDocument.OUTGOING
    )
    numbers = dict(registered.values_list("typed_document_id", "number_text"))
    return [_typed_summary(d, numbers.get(d.pk, "")) for d in chosen]


@router.post("/records/documents", response={201: TypedOut, 400: Error, 403: Error, 404: Error})
def create_document(request: HttpRequest, data: TypedIn) -> Status[Any]:
    unit = unit_in_scope(request, data.unit_code)
    _require_drafting(request, unit)
    document = create_typed_document(
        unit,
        data.kind_code,
        dated=data.dated,
        title=data.title,
        body=data.body,
        period_id=data.period_id,
        task_code=data.task_code,
        by=request.user,
    )
    return Status(201, typed_out(request, document))


@router.get("/records/documents/{document_id}", response={200: TypedOut, 404: Error})
def read_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return typed_out(request, _typed(request, document_id))


@router.patch(
    "/records/documents/{document_id}",
    response={200: TypedOut, 400: Error, 403: Error, 404: Error, 409: RevisionConflictOut},
)
def update_document(request: HttpRequest, document_id: int, data: TypedUpdateIn) -> Status[Any]:
    """Store an edit made on ``revision``; 409 when someone saved since."""
    document = _typed(request, document_id)
    _require_drafting(request, document.unit)
    try:
        document = save_typed_document(
            document,
            by=request.user,
            base_revision=data.revision,
            title=data.title,
            body=data.body,
            dated=data.dated,
        )
    except ConflictError as exc:
        current = TypedDocument.objects.only("revision").get(pk=document.pk).revision
        return Status(409, revision_conflict(exc, current))
    return Status(200, typed_out(request, document))


# --- the document system ---------------------------------------------------------------------


@router.get("/units/{code}/compliance", response={200: ComplianceOut, 404: Error})
def compliance(request: HttpRequest, code: str, when: Query[DateFilter]) -> dict[str, Any]:
    """What the regulation requires of the unit on ``date`` (default: today): documents of the
    current periods, documents of its tasks, record books — each present, draft, missing,
    outdated or not due yet."""
    unit = unit_in_scope(request, code)
    day = when.date or clock.today()
    items = compliance_of(unit, regulation_for(unit), day)
    counts = dict.fromkeys(STATES, 0)
    for item in items:
        counts[item.state] += 1
    return {
        "unit_code": unit.code,
        "date": day,
        "items": [_item(i) for i in items],
        "counts": counts,
    }


@router.get("/units/{code}/compliance/matrix", response={200: MatrixOut, 404: Error})
def compliance_matrix(request: HttpRequest, code: str, when: Query[MatrixFilter]) -> dict[str, Any]:
    """The same across the unit's subtree (units active on ``date``): units × requirements, a
    page of units at a time in tree order (``limit``, ``offset``); the counts are the page's."""
    unit = unit_in_scope(request, code)
    day = when.date or clock.today()
    units = list(
        unit_access.visible_units(request.user)
        .subtree_of(unit)
        .active_on(day)
        .order_by("path")[page(when.limit, when.offset)]
    )
    matrix = matrix_of(units, regulations_for(units), day)
    return {
        "unit_code": unit.code,
        "date": day,
        "columns": [{"key": key, "label": label} for key, label in matrix.columns],
        "rows": [
            {
                "unit_code": u.code,
                "unit_name": u.name,
                "states": {
                    key: matrix.cells[(u.pk, key)].state
                    for key, _label in matrix.columns
                    if (u.pk, key) in matrix.cells
                },
            }
            for u in matrix.units
        ],
        "counts": matrix.counts,
    }
