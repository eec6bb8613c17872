"""The neutral document model every renderer reads: no DOCX, HTML or spreadsheet notions here.

A document is a header, a title, a list of blocks (paragraphs and tables) and a closing
(recipients and signature). Lists from the narrative are paragraphs that carry their marker
("-", "1.") and level, which is how an official document shows them in every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from khth.regulations.schema.formats import Family, FamilyFormat, MottoLine, TextStyle

# Paragraph roles; a renderer maps each to a TextStyle of the family format.
Role = Literal["body", "heading", "table", "note"]
Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Run:
    """Text with one set of character formats. A "\\n" in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    role: Role = "body"
    # Outline depth of a heading (0 = I, 1 = 1, 2 = a); list nesting for a list item.
    level: int = 0
    # "- " or "1. " for a list item, printed before the text with a hanging indent.
    marker: str = ""
    # A later paragraph of the same list item: indented like the item, without a marker.
    continued: bool = False
    align: Align | None = None

    @property
    def kind(self) -> str:
        return "paragraph"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def is_list_item(self) -> bool:
        return bool(self.marker) or self.continued


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[Paragraph, ...]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    # Figures are right-aligned, names left; None leaves it to the renderer.
    align: Align | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    # Relative column widths (any unit); empty: equal widths.
    widths: tuple[float, ...] = ()
    # The first this-many rows are headings, repeated on each page.
    header_rows: int = 0

    @property
    def kind(self) -> str:
        return "table"

    @property
    def parts(self) -> list[tuple[str, tuple[tuple[Cell, ...], ...]]]:
        """("thead", heading rows) and ("tbody", the others), leaving out an empty part."""
        head, body = self.rows[: self.header_rows], self.rows[self.header_rows :]
        return [(name, rows) for name, rows in (("thead", head), ("tbody", body)) if rows]

    @property
    def columns(self) -> int:
        """Columns of the grid, counting spans (rows are not always the same length)."""
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True)
class Header:
    superior: str  # the superior body ("TIỂU ĐOÀN 1"); may be empty
    issuer: str  # the issuing body ("ĐẠI ĐỘI 1")
    number: str  # "Số:      /BC-CT"
    motto: tuple[MottoLine, ...]
    place_date: str  # "Sóc Trăng, ngày 05 tháng 02 năm 2024"


@dataclass(frozen=True)
class Signature:
    authority: str  # "T/M CHI BỘ"; empty when the head signs in their own name
    title: str  # "BÍ THƯ", "CHÍNH TRỊ VIÊN"
    name: str = ""  # left blank for the hand-written name unless known


@dataclass(frozen=True)
class Document:
    family: Family
    format: FamilyFormat
    header: Header
    title: str  # the type name: "Báo cáo"
    summary: str  # "Kết quả công tác Đảng, công tác chính trị tháng 7/2024"
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: Signature
    # For file names and properties.
    file_stem: str = "van-ban"
    subject: str = ""
    draft: bool = True

    def style(self, paragraph: Paragraph) -> TextStyle:
        fmt = self.format
        if paragraph.role == "heading":
            return fmt.headings[min(paragraph.level, len(fmt.headings) - 1)]
        if paragraph.role in {"table", "note"}:
            return fmt.table
        return fmt.body


# --- indicator rows: what the spreadsheet and the tables of the document are made of ----------

CellValue = Decimal | bool | str | None
NumberKind = Literal["integer", "decimal", "percentage", "boolean", "text"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    unit: str  # unit of measure ("người", "%"); may be empty
    kind: NumberKind
    section: str  # outline code the indicator belongs to
    value: CellValue  # the unit's figure: its own, or the consolidated total
    display: str  # ``value`` in Vietnamese notation ("1.234", "95,8%")
    # One per breakdown column (direct subordinates of a consolidation), same order.
    breakdown: tuple[CellValue, ...] = ()
    breakdown_display: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    unit: str
    status: str  # the report's state: "Đã tiếp nhận", "Dự thảo", "Chưa lập báo cáo"
    submitted_at: str  # "05/02/2024 08:30" or ""
    timeliness: str = ""  # "Đúng hạn", "Chậm", …
    deadline: str = ""  # "16/08/2024"
    note: str = ""  # whether its figures are counted


@dataclass(frozen=True)
class IndicatorTable:
    """The indicator figures of one report: the unit's own, or its subtree's consolidation."""

    title: str
    unit_name: str
    template_name: str
    period_label: str
    consolidated: bool
    # Direct subordinates, one breakdown column each (empty for a unit's own report).
    breakdown: tuple[Column, ...]
    rows: tuple[IndicatorRow, ...]
    coverage: tuple[CoverageRow, ...] = field(default=())
    includes_drafts: bool = False


# --- plain sheets: a table with given columns (a plan's targets, tasks, schedule) -------------

SheetValue = Decimal | bool | str | int | dt.date | dt.datetime | None


@dataclass(frozen=True)
class SheetColumn:
    title: str
    width: float = 14.0  # in characters, as spreadsheets measure columns
    wrap: bool = False
    # A spreadsheet number format ("dd/mm/yyyy", "#,##0.##"); empty: the value's own.
    number_format: str = ""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a heading row of ``columns`` and the ``rows`` under it. A datetime is
    local wall time without a zone (spreadsheets know no zones)."""

    title: str  # at most 31 characters (a spreadsheet's limit)
    columns: tuple[SheetColumn, ...]
    rows: tuple[tuple[SheetValue, ...], ...]


@dataclass(frozen=True)
class Spreadsheet:
    title: str
    subject: str  # the unit's name
    sheets: tuple[Sheet, ...]
