"""The outgoing and incoming registers → plain sheets and the neutral document model. Data only.

A unit's register of a year, on the columns of Decree 30/2020/NĐ-CP as the regulation's register
books name them (``so-dang-ky-van-ban-di``, ``so-dang-ky-van-ban-den``; the shipped default file's
when an edited regulation has none), then the secrecy and urgency marks. Columns written by hand
on paper (date handed over, receipt signature) and columns an edited regulation adds stay blank.

What may be shown is the caller's choice: ``register.access.visible_documents(user)`` for a
person (secret documents outside their clearance are left out), every document for the operator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet

from khth.docsystem.records.documents import printed_book, unit_label, unnumbered
from khth.docsystem.register.models import RegisteredDocument
from khth.documents.build import DATE, cell, file_stems, para, table
from khth.documents.formats import document_formats, find_kind
from khth.documents.model import Block, Cell, Document, Sheet, SheetColumn, SheetValue, Spreadsheet
from khth.lib import clock
from khth.lib.vietnamese import fold, short_date
from khth.regulations.loader import default_regulation_path, parse_yaml
from khth.regulations.schema import Regulation
from khth.regulations.schema.common import Column
from khth.units.models import Unit

__all__ = [
    "RegisterData",
    "register_columns",
    "register_document",
    "register_file_names",
    "register_of",
    "register_spreadsheet",
    "register_value",
]

OUT, IN = RegisteredDocument.OUTGOING, RegisteredDocument.INCOMING
REGISTER_BOOKS = {OUT: "so-dang-ky-van-ban-di", IN: "so-dang-ky-van-ban-den"}
DIRECTION_WORDS = {OUT: "đi", IN: "đến"}
SECRECY_LABELS = dict(RegisteredDocument.SECRECY)
URGENCY_LABELS = dict(RegisteredDocument.URGENCY)
# After the Decree's columns: the marks that decide who may read the document.
MARK_COLUMNS = (("do-mat", "Độ mật"), ("do-khan", "Độ khẩn"))


@dataclass(frozen=True)
class RegisterData:
    unit: Unit
    direction: str
    year: int
    regulation: Regulation
    documents: tuple[RegisteredDocument, ...]

    @property
    def name(self) -> str:
        """ "Sổ đăng ký văn bản đi" — the name of the regulation's register book."""
        try:
            return self.regulation.record_book(REGISTER_BOOKS[self.direction]).name
        except KeyError:
            return f"Sổ đăng ký văn bản {DIRECTION_WORDS[self.direction]}"


def register_of(
    documents: QuerySet[RegisteredDocument],
    unit: Unit,
    direction: str,
    year: int,
    regulation: Regulation,
) -> RegisterData:
    """The unit's register of ``direction`` for ``year`` out of ``documents``. Outgoing
    documents by date, then in the order registered; incoming ones by the number given on
    arrival (a sequence per year of arrival)."""
    documents = documents.filter(unit=unit, direction=direction)
    if direction == OUT:
        chosen = documents.filter(dated__year=year).order_by("dated", "pk")
    else:
        chosen = documents.filter(received_on__year=year).order_by("number", "pk")
    return RegisterData(unit, direction, year, regulation, tuple(chosen))


@lru_cache(maxsize=1)
def _shipped_columns() -> dict[str, tuple[Column, ...]]:
    data = parse_yaml(default_regulation_path().read_text(encoding="utf-8"), "default.yaml")
    books = {book["code"]: book for book in data["record_books"]}
    return {
        direction: tuple(
            Column.model_validate({k: v for k, v in c.items() if k != "basis"})
            for c in books[code]["columns"]
        )
        for direction, code in REGISTER_BOOKS.items()
    }


def register_columns(regulation: Regulation, direction: str) -> tuple[Column, ...]:
    try:
        return regulation.record_book(REGISTER_BOOKS[direction]).columns
    except KeyError:
        return _shipped_columns()[direction]


def _type_and_summary(regulation: Regulation, document: RegisteredDocument) -> str:
    """The type name before the summary ("Nghị quyết lãnh đạo…"), unless the summary starts
    with it or the kind has no type name (an official letter is known by its summary alone)."""
    summary = document.summary
    kind = find_kind(regulation, document.kind_code)
    if kind is None:
        return summary
    name = kind.type_name or document_formats(regulation).type_names.get(kind.abbreviation)
    if not name or fold(summary).startswith(fold(name)):
        return summary
    return f"{name} {summary}"


def _mark(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value) if value else ""


_VALUES: dict[str, Callable[[RegisteredDocument], SheetValue]] = {
    "so-ky-hieu": lambda d: d.number_text,
    "ngay-van-ban": lambda d: d.dated,
    "nguoi-ky": lambda d: d.signer,
    "noi-nhan": lambda d: d.recipients,
    "nguoi-nhan-ban-luu": lambda d: d.file_holder,
    "so-luong-ban": lambda d: d.copies,
    "ngay-den": lambda d: d.received_on,
    "so-den": lambda d: d.number,
    "tac-gia": lambda d: d.sender,
    "nguoi-nhan": lambda d: d.handled_by,
    "ghi-chu": lambda d: d.notes,
    "do-mat": lambda d: _mark(SECRECY_LABELS, d.secrecy),
    "do-khan": lambda d: _mark(URGENCY_LABELS, d.urgency),
}


def register_value(regulation: Regulation, column: str, document: RegisteredDocument) -> SheetValue:
    """The value of a register column for ``document``; None for a column kept by hand."""
    if column == "trich-yeu":
        return _type_and_summary(regulation, document)
    value = _VALUES.get(column)
    return value(document) if value is not None else None


def _columns(data: RegisterData) -> list[tuple[str, str, str]]:
    """(code, name, type) of every column, the marks last."""
    columns: list[tuple[str, str, str]] = [
        (c.code, c.name, c.type) for c in register_columns(data.regulation, data.direction)
    ]
    return columns + [(code, name, "text") for code, name in MARK_COLUMNS]


def _rows(data: RegisterData, columns: list[tuple[str, str, str]]) -> list[list[SheetValue]]:
    return [
        [register_value(data.regulation, code, document) for code, _name, _type in columns]
        for document in data.documents
    ]


def register_spreadsheet(data: RegisterData) -> Spreadsheet:
    columns = _columns(data)
    heading = []
    for code, name, kind in columns:
        if kind == "date":
            heading.append(SheetColumn(name, 13, number_format=DATE))
        elif kind == "integer":
            heading.append(SheetColumn(name, 10))
        else:
            heading.append(SheetColumn(name, 50 if code == "trich-yeu" else 20, wrap=True))
    sheet = Sheet(
        title=f"Văn bản {DIRECTION_WORDS[data.direction]} {data.year}",
        columns=tuple(heading),
        rows=tuple(tuple(row) for row in _rows(data, columns)),
    )
    return Spreadsheet(f"{data.name} năm {data.year}", data.unit.name, (sheet,))


def _text(value: SheetValue) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return short_date(value)
    return str(value)


# Decree 30 prints registers on a wide page; on portrait A4 the summary and the number line get
# the room, the columns filled in by hand the least.
_WIDTHS = {
    "so-ky-hieu": 2.4,
    "ngay-van-ban": 2.0,
    "ngay-den": 2.0,
    "trich-yeu": 4.0,
    "noi-nhan": 2.2,
    "tac-gia": 2.2,
    "so-luong-ban": 1.3,
    "so-den": 1.3,
    "ky-nhan": 1.4,
}


def register_document(data: RegisterData, *, on: dt.date | None = None) -> Document:
    """The register of a year printed as the unit's book (administrative format, Decree 30).
    The two marks share one column: an A4 page is narrow."""
    unit = data.unit
    letter = unnumbered(data.regulation, unit, "administrative", on or clock.today())
    columns = _columns(data)
    marks = len(MARK_COLUMNS)
    decree = columns[:-marks]
    rows: list[list[Cell]] = []
    for values in _rows(data, columns):
        line = [
            cell(_text(value), align="center" if kind in {"date", "integer"} else None)
            for value, (_code, _name, kind) in zip(values, decree, strict=False)
        ]
        line.append(cell("\n".join(_text(v) for v in values[-marks:] if v), align="center"))
        rows.append(line)
    count = f"Số văn bản vào sổ: {len(data.documents)}."
    blocks: list[Block] = [para(count, role="note", align="left")]
    if data.documents:
        titles = (*(name for _code, name, _kind in decree), "Độ mật, khẩn")
        widths = (*(_WIDTHS.get(code, 1.6) for code, _name, _kind in decree), 1.6)
        blocks.append(table(titles, rows, widths))
    return printed_book(
        letter,
        data.name,
        f"Năm {data.year}",
        blocks,
        file_stem=register_file_names(data)[0],
        subject=f"{data.name} năm {data.year} - {unit.name}",
    )


def register_file_names(data: RegisterData) -> tuple[str, str]:
    """("so-dang-ky-van-ban-di-nam-2024-tieu-doan-1", "Sổ đăng ký văn bản đi năm 2024 - …")."""
    return file_stems(f"{data.name} năm {data.year} - {unit_label(data.unit)}", "so-dang-ky")
