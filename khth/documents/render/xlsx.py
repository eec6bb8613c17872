"""Indicator table → XLSX: sheet 1 the figures (with the breakdown by direct subordinate for a
consolidation), sheet 2 who reported. A Spreadsheet of plain sheets (a plan's targets and tasks,
a schedule) → XLSX with the same look: ``render_workbook``. Both are written by
khth.documents.render.sheetml.

Numbers stay numbers so the sheet can be summed and charted. Number formats are written in
Excel's neutral notation ("#,##0"); Excel and LibreOffice show them with the reader's separators,
which on a Vietnamese system is "1.234" and "95,8%". Percentages are stored as fractions
(0.958) under a "%" format, as spreadsheets expect.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from khth.documents.model import CellValue, IndicatorRow, IndicatorTable, Sheet, Spreadsheet
from khth.documents.render.sheetml import HEADER, Book, Style
from khth.documents.render.sheetml import Sheet as SheetWriter
from khth.lib import clock

FORMATS = {
    "integer": "#,##0",
    "decimal": "#,##0.##",
    "percentage": "0.0%",
}
HUNDRED = Decimal(100)
HEADER_HEIGHT = 32


def render_xlsx(table: IndicatorTable) -> bytes:
    book = Book()
    _indicators(book, table)
    _coverage(book, table)
    return _saved(book, table.title, table.unit_name)


def _saved(book: Book, title: str, subject: str) -> bytes:
    return book.save(title=title, subject=subject, created=clock.now())


def _header(book: Book, title: str, titles: list[str], widths: list[float]) -> SheetWriter:
    """A sheet with its columns' widths and its heading row, kept in view and printed on every
    page."""
    sheet = book.sheet(title, widths)
    header = book.style(HEADER)
    sheet.row(((text, header) for text in titles), height=HEADER_HEIGHT)
    return sheet


def _indicators(book: Book, table: IndicatorTable) -> None:
    titles = ["Mã", "Chỉ tiêu", "Đơn vị tính"]
    widths = [22.0, 60.0, 12.0]
    titles.append("Tổng hợp" if table.consolidated else "Giá trị")
    widths.append(14.0)
    for column in table.breakdown:
        titles.append(column.title)
        widths.append(max(12.0, min(len(column.title) + 4.0, 24.0)))
    sheet = _header(book, "Chỉ tiêu", titles, widths)
    plain, wrapped = book.style(Style()), book.style(Style(wrap=True))
    text = book.style(Style(horizontal="left", wrap=True))
    for row in table.rows:
        number = book.style(Style(FORMATS[row.kind], "right")) if row.kind in FORMATS else text
        cells = [(row.code, plain), (row.name, wrapped), (row.unit, plain)]
        cells += [_figure(row, figure, number, text) for figure in (row.value, *row.breakdown)]
        sheet.row(cells)


def _figure(row: IndicatorRow, value: CellValue, number: int, text: int) -> tuple[Any, int]:
    if isinstance(value, Decimal) and row.kind in FORMATS:
        figure = value / HUNDRED if row.kind == "percentage" else value
        if row.kind == "integer":
            figure = figure.to_integral_value()
        return figure, number
    if isinstance(value, bool):
        return ("Có" if value else "Không"), text
    return (None if value is None else str(value)), text


def _coverage(book: Book, table: IndicatorTable) -> None:
    titles = ["Đơn vị", "Trạng thái báo cáo", "Thời hạn", "Thời gian gửi", "Đúng hạn/chậm"]
    titles.append("Ghi chú")
    sheet = _header(book, "Tình hình báo cáo", titles, [32.0, 20.0, 12.0, 18.0, 20.0, 40.0])
    plain, wrapped = book.style(Style()), book.style(Style(wrap=True))
    for row in table.coverage:
        sheet.row(
            (
                (row.unit, wrapped),
                (row.status, plain),
                (row.deadline, plain),
                (row.submitted_at, plain),
                (row.timeliness, plain),
                (row.note, wrapped),
            )
        )


# --- plain sheets ---------------------------------------------------------------------------


def render_workbook(book: Spreadsheet) -> bytes:
    out = Book()
    for sheet in book.sheets:
        _sheet(out, sheet)
    return _saved(out, book.title, book.subject)


def _sheet(book: Book, data: Sheet) -> None:
    sheet = _header(
        book, data.title, [c.title for c in data.columns], [c.width for c in data.columns]
    )
    # Per column: its text's format and its numbers' (right-aligned).
    formats = [
        tuple(
            book.style(Style(c.number_format or "General", side, wrap=c.wrap))
            for side in (None, "right")
        )
        for c in data.columns
    ]
    for row in data.rows:
        sheet.row(
            (
                value,
                text if isinstance(value, bool) or not isinstance(value, int | Decimal) else number,
            )
            for (text, number), value in zip(formats, row, strict=False)
        )
