"""Indicator table → XLSX with openpyxl: sheet 1 the figures (with the breakdown by direct
subordinate for a consolidation), sheet 2 who reported. A Spreadsheet of plain sheets (a plan's
targets and tasks, a schedule) → XLSX with the same look: ``render_workbook``.

Numbers stay numbers so the sheet can be summed and charted. Number formats are written in
Excel's neutral notation ("#,##0"); Excel and LibreOffice show them with the reader's separators,
which on a Vietnamese system is "1.234" and "95,8%". Percentages are stored as fractions
(0.958) under a "%" format, as spreadsheets expect.

The workbook is written in openpyxl's write-only mode, row by row, each cell taking one of a few
named styles registered once per workbook: a 20,000-row coverage sheet costs a second, not the
half-minute that a Font, Border and Alignment per cell cost (docs/performance.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from copy import copy
from decimal import Decimal
from typing import Any, cast
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
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


class _Styles:
    """The workbook's named styles, made on first use: one per (number format, horizontal
    alignment, wrap), all in Times New Roman with a thin border, plus the header's."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.names: dict[tuple[str, str | None, bool], str] = {}
        header = NamedStyle(
            name="khth-header",
            font=Font(name=FONT, bold=True),
            fill=_HEADER_FILL,
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        workbook.add_named_style(header)

    def name(
        self, number_format: str = "General", horizontal: str | None = None, wrap: bool = False
    ) -> str:
        key = (number_format, horizontal, wrap)
        found = self.names.get(key)
        if found is None:
            found = f"khth-{len(self.names) + 1}"
            style = NamedStyle(
                name=found,
                font=Font(name=FONT),
                border=_BORDER,
                alignment=Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap),
                number_format=number_format,
            )
            self.workbook.add_named_style(style)
            self.names[key] = found
        return found


_STYLE_ARRAYS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def _workbook() -> tuple[Workbook, _Styles]:
    workbook = Workbook(write_only=True)
    return workbook, _Styles(workbook)


def render_xlsx(table: IndicatorTable) -> bytes:
    workbook, styles = _workbook()
    _indicators(workbook.create_sheet("Chỉ tiêu"), styles, table)
    _coverage(workbook.create_sheet("Tình hình báo cáo"), styles, table)
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
    """Write ``value`` into a cell of an ordinary (not write-only) sheet, as ``_cell`` does."""
    cell: Cell | MergedCell = sheet.cell(row=row, column=column, value=value)
    if isinstance(cell, Cell):
        _text_kept(cell, value)
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any, style: str) -> Cell:
    """A cell holding ``value`` in the named ``style``."""
    cell = WriteOnlyCell(sheet, value=value)
    # openpyxl finds a named style by searching the workbook's list of names on every
    # assignment; the style's array of indexes is the same for every cell: found once per
    # workbook and style, then copied.
    # (``_style`` is the array every openpyxl cell keeps; the stubs do not name it.)
    arrays = _STYLE_ARRAYS.setdefault(cast(Workbook, sheet.parent), {})
    array = arrays.get(style)
    styled: Any = cell
    if array is None:
        cell.style = style
        arrays[style] = copy(styled._style)
    else:
        styled._style = copy(array)
    return _text_kept(cell, value)


def _text_kept(cell: Cell, value: Any) -> Cell:
    """Text that a spreadsheet would run as a formula is kept as text, with the quote-prefix
    style (khth.lib.cells); anything else stays as it is."""
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _header(sheet: WriteOnlyWorksheet, titles: list[str], widths: list[float]) -> None:
    """Column widths, the frozen first row and the header cells: written before any other row,
    as write-only mode requires."""
    # A write-only sheet keeps an ordinary sheet's dimensions; the type stubs do not say so.
    dimensions: Any = sheet
    for column, width in enumerate(widths, start=1):
        dimensions.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    dimensions.row_dimensions[1].height = 32
    sheet.append([_cell(sheet, title, "khth-header") for title in titles])


def _indicators(sheet: WriteOnlyWorksheet, styles: _Styles, table: IndicatorTable) -> None:
    titles = ["Mã", "Chỉ tiêu", "Đơn vị tính"]
    widths = [22.0, 60.0, 12.0]
    titles.append("Tổng hợp" if table.consolidated else "Giá trị")
    widths.append(14.0)
    for column in table.breakdown:
        titles.append(column.title)
        widths.append(max(12.0, min(len(column.title) + 4.0, 24.0)))
    _header(sheet, titles, widths)
    plain, wrapped = styles.name(), styles.name(wrap=True)
    for row in table.rows:
        cells = [
            _cell(sheet, row.code, plain),
            _cell(sheet, row.name, wrapped),
            _cell(sheet, row.unit, plain),
        ]
        cells += [_figure(sheet, styles, row, figure) for figure in (row.value, *row.breakdown)]
        sheet.append(cells)


def _figure(
    sheet: WriteOnlyWorksheet, styles: _Styles, row: IndicatorRow, value: CellValue
) -> Cell:
    if isinstance(value, Decimal) and row.kind in FORMATS:
        number = value / HUNDRED if row.kind == "percentage" else value
        if row.kind == "integer":
            number = number.to_integral_value()
        return _cell(sheet, number, styles.name(FORMATS[row.kind], "right"))
    text: str | None
    if isinstance(value, bool):
        text = "Có" if value else "Không"
    else:
        text = None if value is None else str(value)
    return _cell(sheet, text, styles.name("General", "left", wrap=True))


def _coverage(sheet: WriteOnlyWorksheet, styles: _Styles, table: IndicatorTable) -> None:
    titles = ["Đơn vị", "Trạng thái báo cáo", "Thời hạn", "Thời gian gửi", "Đúng hạn/chậm"]
    titles.append("Ghi chú")
    _header(sheet, titles, [32.0, 20.0, 12.0, 18.0, 20.0, 40.0])
    plain, wrapped = styles.name(), styles.name(wrap=True)
    column_styles = (wrapped, plain, plain, plain, plain, wrapped)
    for row in table.coverage:
        values = (row.unit, row.status, row.deadline, row.submitted_at, row.timeliness, row.note)
        sheet.append(
            [_cell(sheet, value, style) for value, style in zip(values, column_styles, strict=True)]
        )


# --- plain sheets ---------------------------------------------------------------------------


def render_workbook(book: Spreadsheet) -> bytes:
    workbook, styles = _workbook()
    for sheet in book.sheets:
        _sheet(workbook.create_sheet(sheet.title[:31]), styles, sheet)
    return _saved(workbook, book.title, book.subject)


def _sheet(sheet: WriteOnlyWorksheet, styles: _Styles, data: Sheet) -> None:
    _header(sheet, [c.title for c in data.columns], [c.width for c in data.columns])
    for row in data.rows:
        sheet.append(list(_sheet_cells(sheet, styles, data, row)))


def _sheet_cells(
    sheet: WriteOnlyWorksheet, styles: _Styles, data: Sheet, row: Iterable[Any]
) -> Iterable[Cell]:
    for column, value in zip(data.columns, row, strict=False):
        number = isinstance(value, int | Decimal) and not isinstance(value, bool)
        style = styles.name(
            column.number_format or "General", "right" if number else None, column.wrap
        )
        yield _cell(sheet, value, style)
