"""Every change to record books and typed documents. Entries are added, corrected (a new entry
replaces the old, which stays) or withdrawn with a reason — never edited or deleted in place.
One transaction each, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.docsystem.records import access
from khth.docsystem.records.books import parse_values
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.lib import clock
from khth.lib.errors import ActionRefused, ContentRefused
from khth.lib.models import count_revision
from khth.lib.vietnamese import nfc
from khth.periods import PeriodError, parse_period
from khth.regulations.access import regulation_of, require_task
from khth.regulations.schema import RecordBook, for_unit_type
from khth.reports.richtext import sanitize
from khth.units.models import Unit
from khth.units.regulation import regulation_for, version_for


class RecordError(ActionRefused):
    """A refused change; the message says why, in the user's language."""


class ContentError(ContentRefused, RecordError):
    """Entered content that cannot be stored; ``problems`` name each place."""


class ConflictError(RecordError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Văn bản đã được người khác sửa sau khi bạn mở nó. Thay đổi của bạn chưa được "
                "lưu: hãy tải lại trang rồi sửa lại."
            )
        )


def book_of(unit: Unit, code: str) -> RecordBook:
    """The book ``code`` of the regulation the unit follows, if the unit's level and type keep
    it."""
    regulation = regulation_for(unit)
    try:
        book = regulation.record_book(code)
    except KeyError:
        raise RecordError(_("Không có sổ «%(code)s» trong quy định") % {"code": code}) from None
    if book not in regulation.books_for_level(unit.level, unit.unit_type):
        raise RecordError(
            _("Cấp của %(unit)s không giữ «%(book)s»") % {"unit": unit.name, "book": book.name}
        )
    return book


def _require_write(user: Any, unit: Unit) -> None:
    if not access.can_write(user, unit):
        raise RecordError(_("Chỉ cán bộ của %(unit)s ghi sổ của đơn vị") % {"unit": unit.name})


@transaction.atomic
def add_entry(unit: Unit, book_code: str, raw: Mapping[str, str | None], *, by: Any) -> BookEntry:
    _require_write(by, unit)
    book = book_of(unit, book_code)
    problems: list[tuple[str, str]] = []
    values = parse_values(book, raw, problems)
    if problems:
        raise ContentError(problems)
    # Lock the unit's row so two entries typed at once do not take the same line number.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    last = BookEntry.objects.filter(unit=unit, book_code=book.code).aggregate(m=Max("line"))["m"]
    entry = BookEntry.objects.create(
        unit=unit,
        book_code=book.code,
        regulation=version_for(unit),
        line=(last or 0) + 1,
        values=values,
        created_at=clock.now(),
        created_by=by,
    )
    log_action(
        "records.entry.added",
        entry,
        by=by,
        unit_path=unit.path,
        after={"book": book.code, "line": entry.line, "values": values},
    )
    return entry


def _current(entry: BookEntry) -> BookEntry:
    locked = (
        BookEntry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=entry.pk)
    )
    if locked.superseded:
        raise RecordError(_("Dòng này đã bị sửa hoặc hủy: hãy làm trên bản hiện hành"))
    return locked


@transaction.atomic
def correct_entry(
    entry: BookEntry, raw: Mapping[str, str | None], *, reason: str, by: Any
) -> BookEntry:
    """A new entry with the same line number replaces ``entry``, which stays as it was."""
    entry = _current(entry)
    _require_write(by, entry.unit)
    if not reason.strip():
        raise RecordError(_("Sửa sổ phải ghi lý do"))
    book = book_of(entry.unit, entry.book_code)
    problems: list[tuple[str, str]] = []
    values = parse_values(book, raw, problems)
    if problems:
        raise ContentError(problems)
    correction = BookEntry.objects.create(
        unit=entry.unit,
        book_code=entry.book_code,
        regulation=entry.regulation,
        line=entry.line,
        values=values,
        corrects=entry,
        correction_reason=nfc(reason.strip()),
        created_at=clock.now(),
        created_by=by,
    )
    entry.superseded = True
    entry.save(update_fields=["superseded"])
    log_action(
        "records.entry.corrected",
        correction,
        by=by,
        unit_path=entry.unit.path,
        before={"values": entry.values},
        after={"values": values, "line": entry.line},
        note=correction.correction_reason,
    )
    return correction


@transaction.atomic
def withdraw_entry(entry: BookEntry, *, reason: str, by: Any) -> BookEntry:
    """Strike an entry out, with the reason; it stays readable in the book's history."""
    entry = _current(entry)
    _require_write(by, entry.unit)
    if not reason.strip():
        raise RecordError(_("Hủy dòng sổ phải ghi lý do"))
    entry.superseded = True
    entry.withdrawn_reason = nfc(reason.strip())
    entry.save(update_fields=["superseded", "withdrawn_reason"])
    log_action(
        "records.entry.withdrawn",
        entry,
        by=by,
        unit_path=entry.unit.path,
        before={"values": entry.values},
        note=entry.withdrawn_reason,
    )
    return entry


# --- typed documents -------------------------------------------------------------------------


def _period_of(kind_code: str, period_id: str) -> str:
    if not period_id:
        return ""
    try:
        return parse_period(period_id).id
    except PeriodError as exc:
        raise RecordError(str(exc)) from None


@transaction.atomic
def create_typed_document(
    unit: Unit,
    kind_code: str,
    *,
    dated: dt.date,
    title: str,
    by: Any,
    body: str = "",
    period_id: str = "",
    task_code: str = "",
) -> TypedDocument:
    _require_write(by, unit)
    version = version_for(unit)
    regulation = regulation_of(version)
    try:
        kind = regulation.document_kind(kind_code)
    except KeyError:
        raise RecordError(
            _("Không có loại văn bản «%(code)s» trong quy định") % {"code": kind_code}
        ) from None
    if unit.level not in kind.issuing_levels or not for_unit_type(kind.unit_types, unit.unit_type):
        raise RecordError(
            _("Cấp của %(unit)s không ban hành «%(kind)s»") % {"unit": unit.name, "kind": kind.name}
        )
    if task_code:
        require_task(regulation, task_code, RecordError)
    now = clock.now()
    document = TypedDocument.objects.create(
        unit=unit,
        regulation=version,
        kind_code=kind.code,
        period_id=_period_of(kind.code, period_id),
        task_code=task_code,
        dated=dated,
        title=nfc(title.strip())[:300] or kind.name,
        body=sanitize(body),
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    log_action(
        "records.document.created",
        document,
        by=by,
        unit_path=unit.path,
        after={"kind": kind.code, "title": document.title, "period": document.period_id},
    )
    return document


@transaction.atomic
def save_typed_document(
    document: TypedDocument,
    *,
    by: Any,
    base_revision: int,
    title: str | None = None,
    body: str | None = None,
    dated: dt.date | None = None,
) -> TypedDocument:
    document = (
        TypedDocument.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=document.pk)
    )
    _require_write(by, document.unit)
    if document.status != TypedDocument.DRAFT:
        raise RecordError(_("Văn bản đã vào sổ: không sửa được"))
    if document.revision != base_revision:
        raise ConflictError()
    if title is not None:
        document.title = nfc(title.strip())[:300] or document.title
    if body is not None:
        document.body = sanitize(body)
    if dated is not None:
        document.dated = dated
    count_revision(document, by)
    document.save()
    log_action(
        "records.document.saved",
        document,
        by=by,
        unit_path=document.unit.path,
        after={"revision": document.revision},
    )
    return document
