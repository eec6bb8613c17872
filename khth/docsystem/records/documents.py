"""Record books and typed documents → the neutral document model and plain sheets. Data only:
no file format here. (The register is khth.docsystem.register.documents.)

- ``book_document(data)``: a record book printed on its template — the unit's header, the book's
  name, its columns as a table with the current lines, each correction and withdrawal noted on
  its line (the book is never silently rewritten); ``book_spreadsheet(data)``: the same lines with
  typed values, and every version of every line on a second sheet.
- ``typed_document(document, registration)``: a typed resolution, minutes… as an official
  document of its kind's family, with the number the register gave it (blank until registered).

Like reports and plans, these are Vietnamese whatever the reader's interface language: they are
official documents. Callers choose what may be shown (``access`` of records and of the register).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone, translation

from khth.docsystem.records.books import display
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.models import RegisteredDocument
from khth.documents.build import (
    DATE,
    DATETIME,
    cell,
    draft_mark,
    file_stems,
    para,
    table,
    wall_time,
)
from khth.documents.formats import find_kind
from khth.documents.heading import Letterhead, letterhead, title_summary
from khth.documents.model import (
    Align,
    Block,
    Cell,
    Document,
    Sheet,
    SheetColumn,
    SheetValue,
    Spreadsheet,
    Table,
)
from khth.documents.richtext import html_to_blocks
from khth.lib import clock
from khth.lib.vietnamese import short_date
from khth.regulations.labels import UPDATE_FREQUENCY_LABELS
from khth.regulations.schema import Regulation
from khth.regulations.schema.common import Column
from khth.regulations.schema.formats import Family
from khth.regulations.schema.structure import RecordBook
from khth.reports.template import regulation_of
from khth.units.models import Unit

__all__ = [
    "BookData",
    "Line",
    "book_data",
    "book_document",
    "book_file_names",
    "book_spreadsheet",
    "lines_of",
    "printed_book",
    "typed_document",
    "typed_file_names",
    "unit_label",
    "unnumbered",
]

SECRECY_LABELS = dict(RegisteredDocument.SECRECY)
URGENCY_LABELS = dict(RegisteredDocument.URGENCY)


# --- record books: what is read once ---------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a book: its latest version and the versions it replaced, oldest first."""

    number: int
    entry: BookEntry
    history: tuple[BookEntry, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.entry.superseded and bool(self.entry.withdrawn_reason)

    @property
    def versions(self) -> tuple[BookEntry, ...]:
        return (*self.history, self.entry)


@dataclass(frozen=True)
class BookData:
    unit: Unit
    book: RecordBook
    regulation: Regulation
    lines: tuple[Line, ...]

    @property
    def current(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.withdrawn)

    @property
    def last_written(self) -> dt.date | None:
        moments = [line.entry.created_at for line in self.current]
        return timezone.localdate(max(moments)) if moments else None


def lines_of(entries: Iterable[BookEntry]) -> list[Line]:
    """Entries of one book grouped by line. A correction keeps the line number of the entry it
    replaces, so the versions of a line are its entries in the order they were written."""
    by_line: dict[int, list[BookEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.line, e.created_at, e.pk)):
        by_line.setdefault(entry.line, []).append(entry)
    return [
        Line(number, versions[-1], tuple(versions[:-1]))
        for number, versions in sorted(by_line.items())
    ]


def book_data(unit: Unit, book: RecordBook, regulation: Regulation) -> BookData:
    entries = BookEntry.objects.filter(unit=unit, book_code=book.code).select_related("created_by")
    return BookData(unit, book, regulation, tuple(lines_of(entries)))


# --- values ----------------------------------------------------------------------------------


def shown(column: Column, value: object) -> str:
    """A stored value as the book prints it: "05/07/2024", "1,5", "Có"."""
    if column.type == "boolean" and isinstance(value, bool):
        return "Có" if value else "Không"  # not translated: the book is a Vietnamese document
    return display(column, value)


def cell_value(column: Column, value: object) -> SheetValue:
    """A stored value as a spreadsheet cell holds it: dates and numbers stay dates and numbers."""
    if value is None or value == "":
        return None
    if column.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if column.type == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if column.type == "decimal" and isinstance(value, str):
        return Decimal(value)
    return shown(column, value)


def _changes(book: RecordBook, before: BookEntry, after: BookEntry) -> str:
    """What a correction changed: "Nội dung: Học tập chuyên đề 3" (the value written before)."""
    parts = []
    for column in book.columns:
        old, new = before.values.get(column.code), after.values.get(column.code)
        if old != new:
            parts.append(f"{column.name}: {shown(column, old) or '(trống)'}")
    return "; ".join(parts)


def line_note(book: RecordBook, line: Line) -> str:
    """Each correction of the line, with its date, reason and the values written before; and the
    withdrawal with its reason."""
    notes = []
    versions = line.versions
    for before, after in itertools.pairwise(versions):
        day = short_date(timezone.localdate(after.created_at))
        text = f"Sửa ngày {day}: {after.correction_reason}"
        changed = _changes(book, before, after)
        if changed:
            text += f" (ghi trước: {changed})"
        notes.append(text)
    if line.withdrawn:
        notes.append(f"Đã hủy: {line.entry.withdrawn_reason}")
    return "\n".join(notes)


def _state(line: Line, entry: BookEntry) -> str:
    if not entry.superseded:
        return "Hiện hành"
    if entry is line.entry and line.withdrawn:
        return "Đã hủy"
    return "Đã sửa"


# --- record books: the document --------------------------------------------------------------


def book_family(regulation: Regulation, book: RecordBook) -> Family:
    """A book that stands for Party documents (resolutions, minutes) is a Party book."""
    kind = find_kind(regulation, book.typed_document_kind)
    return kind.family if kind is not None else "administrative"


# Relative widths by column type: a date fits "05/07/2024" on one line at the table's size.
_WIDTHS = {"date": 3.2, "integer": 1.6, "decimal": 1.8, "boolean": 1.6, "choice": 2.6}
_ALIGNS: dict[str, Align] = {
    "date": "center",
    "integer": "right",
    "decimal": "right",
    "boolean": "center",
}


def book_table(data: BookData) -> Table:
    book = data.book
    rows: list[list[Cell]] = []
    for line in data.lines:
        values = line.entry.values
        row = [cell(str(line.number), align="center")]
        row += [cell(shown(c, values.get(c.code)), align=_ALIGNS.get(c.type)) for c in book.columns]
        row.append(cell(line_note(book, line)))
        rows.append(row)
    widths = (1.6, *(_WIDTHS.get(c.type, 3.4) for c in book.columns), 3.4)
    return table(("Dòng", *(c.name for c in book.columns), "Sửa, hủy"), rows, widths)


def section_note(book: RecordBook) -> str:
    """Where each section of an integrated book runs, by the table's column numbers (the line
    number is column 1): "Các mục của sổ: Chất lượng chính trị (cột 2–10); …"."""
    parts = []
    first = 2
    for section, columns in book.column_groups():
        if section is None or not columns:
            continue
        last = first + len(columns) - 1
        span = f"cột {first}" if first == last else f"cột {first}–{last}"
        parts.append(f"{section.name} ({span})")
        first = last + 1
    return "Các mục của sổ: " + "; ".join(parts) + "."


def sheet_titles(book: RecordBook) -> list[str]:
    """Column titles of a spreadsheet: in an integrated book each names its section, so a
    filtered or copied column still says which part of the book it is."""
    titles = []
    for section, columns in book.column_groups():
        for column in columns:
            titles.append(column.name if section is None else f"{section.name}: {column.name}")
    return titles


def unnumbered(regulation: Regulation, unit: Unit, family: Family, day: dt.date) -> Letterhead:
    """The unit's letterhead on a book or register print: a header without a number line (a
    book is not a numbered document), the officer's signature."""
    return letterhead(regulation, unit, family, "", day, number="")


def printed_book(
    letter: Letterhead,
    title: str,
    summary: str,
    blocks: list[Block],
    *,
    file_stem: str,
    subject: str,
) -> Document:
    """A book or register as printed: never a draft, sent to nobody."""
    return letter.document(
        summary,
        blocks,
        draft=False,
        file_stem=file_stem,
        # The renderer always prints "Nơi nhận:"; a printed book is the unit's own file copy.
        recipients=letter.format.recipients.lines[-1:],
        title=title,
        subject=subject,
    )


def book_document(data: BookData, *, on: dt.date | None = None) -> Document:
    """The book as printed on ``on`` (default: today): every line, corrections noted."""
    regulation, book, unit = data.regulation, data.book, data.unit
    letter = unnumbered(regulation, unit, book_family(regulation, book), on or clock.today())
    with translation.override("vi"):
        frequency = str(UPDATE_FREQUENCY_LABELS.get(book.update_frequency, ""))
    facts = f"Cập nhật: {frequency}. Số dòng hiện hành: {len(data.current)}"
    last = data.last_written
    if last is not None:
        facts += f"; ghi lần cuối ngày {short_date(last)}"
    blocks: list[Block] = [para(facts + ".", role="note", align="left")]
    if book.sections:
        blocks.append(para(section_note(book), role="note", align="left"))
    if data.lines:
        blocks.append(book_table(data))
    else:
        blocks.append(para("Sổ chưa có dòng nào.", italic=True, role="note"))
    return printed_book(
        letter,
        book.name,
        letter.issued.issuer,
        blocks,
        file_stem=book_file_names(data)[0],
        subject=f"{book.name} - {unit.name}",
    )


# --- record books: the sheets ----------------------------------------------------------------


def _column(column: Column) -> SheetColumn:
    if column.type == "date":
        return SheetColumn(column.name, 13, number_format=DATE)
    if column.type in {"integer", "decimal", "boolean"}:
        return SheetColumn(column.name, 12)
    return SheetColumn(column.name, 30 if column.type == "text" else 20, wrap=True)


def book_spreadsheet(data: BookData) -> Spreadsheet:
    book = data.book
    columns = tuple(
        replace(_column(c), title=title)
        for c, title in zip(book.columns, sheet_titles(book), strict=True)
    )
    rows: list[tuple[SheetValue, ...]] = []
    for line in data.lines:
        values = line.entry.values
        rows.append(
            (
                line.number,
                *(cell_value(c, values.get(c.code)) for c in book.columns),
                _state(line, line.entry),
                line_note(book, line),
            )
        )
    lines = Sheet(
        title="Nội dung sổ",
        columns=(
            SheetColumn("Dòng", 7),
            *columns,
            SheetColumn("Tình trạng", 12),
            SheetColumn("Sửa, hủy", 40, wrap=True),
        ),
        rows=tuple(rows),
    )
    history: list[tuple[SheetValue, ...]] = []
    for line in data.lines:
        for index, entry in enumerate(line.versions, start=1):
            history.append(
                (
                    line.number,
                    index,
                    _state(line, entry),
                    *(cell_value(c, entry.values.get(c.code)) for c in book.columns),
                    wall_time(entry.created_at),
                    entry.created_by.full_name or entry.created_by.username,
                    entry.correction_reason,
                    entry.withdrawn_reason,
                )
            )
    versions = Sheet(
        title="Lịch sử sửa, hủy",
        columns=(
            SheetColumn("Dòng", 7),
            SheetColumn("Lần ghi", 8),
            SheetColumn("Tình trạng", 12),
            *columns,
            SheetColumn("Ghi lúc", 17, number_format=DATETIME),
            SheetColumn("Người ghi", 22),
            SheetColumn("Lý do sửa", 30, wrap=True),
            SheetColumn("Lý do hủy", 30, wrap=True),
        ),
        rows=tuple(history),
    )
    return Spreadsheet(title=book.name, subject=data.unit.name, sheets=(lines, versions))


# --- typed documents -------------------------------------------------------------------------


def _kind_regulation(document: TypedDocument) -> Regulation:
    """The version the document was typed under, which knows its kind."""
    return regulation_of(document.regulation)


def _marks(registration: RegisteredDocument | None) -> list[Block]:
    """Secrecy and urgency marks (Decree 30/2020: under the number line), bold."""
    if registration is None:
        return []
    marks = [
        SECRECY_LABELS[registration.secrecy] if registration.secrecy else "",
        URGENCY_LABELS[registration.urgency] if registration.urgency else "",
    ]
    return [para(mark, bold=True, role="note", align="left") for mark in marks if mark]


def _recipients(letter: Letterhead, registration: RegisteredDocument | None) -> tuple[str, ...]:
    """The registered recipients when there are some, else the family's; the file copy last."""
    lines = letter.recipients()
    listed = registration.recipients.splitlines() if registration is not None else []
    listed = [item.strip() for item in listed if item.strip()]
    if not listed:
        return lines
    # The family's own punctuation ("," for the Party, ";" administrative), from its first line.
    first = letter.format.recipients.lines[0]
    ending = first[-1] if first[-1:] in {";", ","} else ";"
    named = [text if text.startswith("-") else f"- {text.rstrip(';,.')}{ending}" for text in listed]
    return (*named, *lines[-1:])


def typed_document(
    document: TypedDocument,
    *,
    registration: RegisteredDocument | None = None,
    on: dt.date | None = None,
    send_to: str | None = None,
) -> Document:
    """The typed document as an official document of its kind's family: the register's number
    line and date once registered; blanks for the number, today's date and "DỰ THẢO" before;
    sent along ``send_to`` where the unit has two chains (khth.documents.heading.superiors)."""
    regulation = _kind_regulation(document)
    kind = regulation.document_kind(document.kind_code)
    day = on or (registration.dated if registration is not None else document.dated)
    letter = letterhead(
        regulation,
        document.unit,
        kind.family,
        kind.abbreviation,
        day,
        number=registration.number_text if registration is not None else None,
        send_to=send_to,
    )
    draft = document.status == TypedDocument.DRAFT
    blocks: list[Block] = _marks(registration)
    if draft:
        blocks.append(draft_mark())
    blocks += html_to_blocks(document.body)
    return letter.document(
        title_summary(document.title, letter.title),
        blocks,
        draft=draft,
        file_stem=typed_file_names(document)[0],
        recipients=_recipients(letter, registration),
        signature=letter.signature(registration.signer if registration is not None else ""),
    )


# --- file names ------------------------------------------------------------------------------


def unit_label(unit: Unit) -> str:
    return unit.short_name or unit.name


def book_file_names(data: BookData) -> tuple[str, str]:
    """("so-tong-hop-ctd-ctct-dai-doi-1", "Sổ tổng hợp CTĐ, CTCT - Đại đội 1")."""
    return file_stems(f"{data.book.name} - {unit_label(data.unit)}", "so")


def typed_file_names(document: TypedDocument) -> tuple[str, str]:
    readable = f"{document.title} - {unit_label(document.unit)}"
    if document.status == TypedDocument.DRAFT:
        readable += " (dự thảo)"
    return file_stems(readable, "van-ban")
