"""Indicator table → XLSX with openpyxl: sheet 1 the figures (with the breakdown by direct
subordinate for a consolidation), sheet 2 who reported. A Spreadsheet of plain sheets (a plan's
targets and tasks, a schedule) → XLSX with the same look: ``render_workbook``.

Numbers stay numbers so the sheet can be summed and charted. Number formats are written in
Excel's neutral notation ("#,##0"); Excel and LibreOffice show them with the reader's separators,
which on a Vietnamese system is "1.234" and "95,8%". Percentages are stored as fractions
(0.958) under a "%" format, as spreadsheets expect.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from khth.documents.model import CellValue, IndicatorRow, IndicatorTable, Sheet, Spreadsheet
from khth.lib import clock
from khth.lib.cells import formula_like

FONT = "Times New Roman"
FORMATS = {
    "integer": "#,##0",
    "decimal": "#,##0.##",
    "percentage": "0.0%",
}
HUNDRED = Decimal(100)
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")


def render_xlsx(table: IndicatorTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active or workbook.create_sheet()
    sheet.title = "Chỉ tiêu"
    _indicators(sheet, table)
    _coverage(workbook.create_sheet("Tình hình báo cáo"), table)
    return _saved(workbook, table.title, table.unit_name)


def _saved(workbook: Workbook, title: str, subject: str) -> bytes:
    """The workbook's bytes, with the properties every KHTH workbook carries."""
    props = workbook.properties
    props.title = title
    props.subject = subject
    props.creator = "KHTH"
    props.language = "vi-VN"
    props.created = props.modified = clock.now().replace(tzinfo=None)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write ``value`` into a cell: text that a spreadsheet would run as a formula is kept as
    text, with the quote-prefix style (khth.lib.cells); anything else as it is."""
    cell: Cell | MergedCell = sheet.cell(row=row, column=column, value=value)
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _header(sheet: Worksheet, titles: list[str], widths: list[float]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = put(sheet, 1, column, title)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32


def _indicators(sheet: Worksheet, table: IndicatorTable) -> None:
    titles = ["Mã", "Chỉ tiêu", "Đơn vị tính"]
    widths = [22.0, 60.0, 12.0]
    titles.append("Tổng hợp" if table.consolidated else "Giá trị")
    widths.append(14.0)
    for column in table.breakdown:
        titles.append(column.title)
        widths.append(max(12.0, min(len(column.title) + 4.0, 24.0)))
    _header(sheet, titles, widths)
    for r, row in enumerate(table.rows, start=2):
        for c, text in enumerate((row.code, row.name, row.unit), start=1):
            cell = put(sheet, r, c, text)
            cell.font = Font(name=FONT)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=c == 2)
        for c, figure in enumerate((row.value, *row.breakdown), start=4):
            _figure(sheet, r, c, row, figure)


def _figure(sheet: Worksheet, r: int, c: int, row: IndicatorRow, value: CellValue) -> None:
    cell = sheet.cell(row=r, column=c)
    cell.font = Font(name=FONT)
    cell.border = _BORDER
    if isinstance(value, Decimal) and row.kind in FORMATS:
        number = value / HUNDRED if row.kind == "percentage" else value
        if row.kind == "integer":
            number = number.to_integral_value()
        cell.value = number
        cell.number_format = FORMATS[row.kind]
        cell.alignment = Alignment(horizontal="right", vertical="top")
        return
    if isinstance(value, bool):
        cell.value = "Có" if value else "Không"
    elif value is None:
        cell.value = None
    else:
        put(sheet, r, c, str(value))
    cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _coverage(sheet: Worksheet, table: IndicatorTable) -> None:
    titles = ["Đơn vị", "Trạng thái báo cáo", "Thời hạn", "Thời gian gửi", "Đúng hạn/chậm"]
    titles.append("Ghi chú")
    _header(sheet, titles, [32.0, 20.0, 12.0, 18.0, 20.0, 40.0])
    for r, row in enumerate(table.coverage, start=2):
        values = (row.unit, row.status, row.deadline, row.submitted_at, row.timeliness, row.note)
        for c, value in enumerate(values, start=1):
            cell = put(sheet, r, c, value)
            cell.font = Font(name=FONT)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=c in {1, 6})


# --- plain sheets ---------------------------------------------------------------------------


def render_workbook(book: Spreadsheet) -> bytes:
    workbook = Workbook()
    first = workbook.active
    for index, sheet in enumerate(book.sheets):
        target = first if index == 0 and first is not None else workbook.create_sheet()
        target.title = sheet.title[:31]
        _sheet(target, sheet)
    return _saved(workbook, book.title, book.subject)


def _sheet(sheet: Worksheet, data: Sheet) -> None:
    _header(sheet, [c.title for c in data.columns], [c.width for c in data.columns])
    for r, row in enumerate(data.rows, start=2):
        for c, (column, value) in enumerate(zip(data.columns, row, strict=False), start=1):
            cell = put(sheet, r, c, value)
            cell.font = Font(name=FONT)
            cell.border = _BORDER
            if column.number_format:
                cell.number_format = column.number_format
            number = isinstance(value, int | Decimal) and not isinstance(value, bool)
            cell.alignment = Alignment(
                horizontal="right" if number else None, vertical="top", wrap_text=column.wrap
            )
