"""An XLSX file (SpreadsheetML, ECMA-376) written row by row as text.

Every XLSX KHTH makes goes through ``Book``: a workbook of sheets, each a frozen heading, column
widths and rows of (value, style) cells, in Times New Roman with thin borders, printed on A4
across the page with the heading repeated. Only what those sheets use is written: numbers,
inline text, booleans, dates; no formulas, ever (text a spreadsheet would run is kept as text
with the quote prefix, khth.lib.cells).

Why not openpyxl, which reads the imports: its cost per cell (about 15 µs, in cell objects and
their styles) made the 120,000 cells of a consolidation's coverage at the top of the army most
of a three-second export; as text they cost about 1.5 µs (docs/performance.md, "XLSX exports").
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from khth.lib.cells import formula_like

FONT = "Times New Roman"
FONT_SIZE = 12
DATE = "dd/mm/yyyy"
UNTITLED = "Bảng"  # a sheet whose title held nothing a sheet name may
DATETIME = "dd/mm/yyyy hh:mm"
# A cell holds at most this many characters (Excel's limit; LibreOffice's is larger).
MAX_TEXT = 32_767
_CUT = "…"
# Characters XML 1.0 cannot carry (a subordinate's text may hold them): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 date system, as spreadsheets count
_DAY = 86_400
# A carriage return as itself: XML readers turn a bare one into a line feed.
_KEPT = {"\r": "&#13;"}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_BORDER_COLOR = "FF808080"
_HEADER_FILL = "FFE7E6E6"
_SELECTED = ' tabSelected="1"'
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Style:
    """How a cell looks: its number format, alignment and font. Every cell is bordered."""

    number_format: str = "General"
    horizontal: str | None = None  # "left", "center", "right"; None: the value's own
    vertical: str = "top"
    wrap: bool = False
    bold: bool = False
    italic: bool = False
    header: bool = False  # the grey heading of a table
    bordered: bool = True


HEADER = Style(horizontal="center", vertical="center", wrap=True, bold=True, header=True)


class Book:
    """A workbook being written: ``style`` registers a cell format, ``sheet`` opens a sheet,
    ``Sheet.row`` writes a row, ``save`` gives the file's bytes."""

    def __init__(self) -> None:
        # Cell format index → (its style, with the quote prefix); 0 is the default format.
        self._formats: list[tuple[Style, bool]] = [(Style(), False)]
        self._indexes: dict[tuple[Style, bool], int] = {}
        self._sheets: list[Sheet] = []

    def style(self, style: Style, *, quoted: bool = False) -> int:
        """The index of ``style`` among the workbook's cell formats, for ``Sheet.row``
        (``quoted``: with the quote prefix that keeps formula-like text as text)."""
        key = (style, quoted)
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = len(self._formats)
            self._formats.append(key)
        return found

    def quoted(self, index: int) -> int:
        """The format ``index`` with the quote prefix."""
        style, _quoted = self._formats[index]
        return self.style(style, quoted=True)

    def with_number_format(self, index: int, number_format: str) -> int:
        style, quoted = self._formats[index]
        return self.style(replace(style, number_format=number_format), quoted=quoted)

    def format_of(self, index: int) -> Style:
        return self._formats[index][0]

    def sheet(self, title: str, widths: Iterable[float], *, frozen_rows: int = 1) -> Sheet:
        """A new sheet: its title made valid and unique (at most 31 characters, none of
        ``[]:*?/\\``), its columns' widths in characters, its first ``frozen_rows`` kept in view
        and printed at the top of every page."""
        name = _NOT_IN_TITLE.sub("-", _NOT_XML.sub("", title)).strip("' ") or UNTITLED
        taken = {s.title.casefold() for s in self._sheets}
        base, number = name[:31], 1
        while name[:31].casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: 31 - len(suffix)] + suffix
        sheet = Sheet(self, name[:31], list(widths), frozen_rows)
        self._sheets.append(sheet)
        return sheet

    def save(self, *, title: str, subject: str, created: dt.datetime) -> bytes:
        """The file, with the document properties every KHTH workbook carries."""
        out = io.BytesIO()
        parts = {
            "[Content_Types].xml": self._content_types(),
            "_rels/.rels": _ROOT_RELS,
            "docProps/core.xml": _core(title, subject, created),
            "docProps/app.xml": _APP,
            "xl/workbook.xml": self._workbook(),
            "xl/_rels/workbook.xml.rels": self._workbook_rels(),
            "xl/styles.xml": self._stylesheet(),
        }
        for number, sheet in enumerate(self._sheets, start=1):
            parts[f"xl/worksheets/sheet{number}.xml"] = sheet.xml(first=number == 1)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, xml in parts.items():
                package.writestr(name, _DECLARATION + xml)
        return out.getvalue()

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self._sheets) + 1)
        )
        return (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}"
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(s.title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self._sheets, start=1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"{escape(_quoted_title(s.title))}!$1:${s.frozen_rows}</definedName>"
            for n, s in enumerate(self._sheets)
            if s.frozen_rows
        )
        return (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{titles}</definedNames>" if titles else "")
            + '<calcPr calcId="191029"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        count = len(self._sheets)
        sheets = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'<Relationships xmlns="{_PACKAGE_REL}">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        )

    def _stylesheet(self) -> str:
        formats: dict[str, int] = {"General": 0}
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        for style, quoted in self._formats[1:]:
            number = formats.setdefault(style.number_format, 163 + len(formats))
            font = 1 if style.bold else 2 if style.italic else 0
            alignment = (
                (f' horizontal="{style.horizontal}"' if style.horizontal else "")
                + f' vertical="{style.vertical}"'
                + (' wrapText="1"' if style.wrap else "")
            )
            xfs.append(
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{2 if style.header else 0}" '
                f'borderId="{1 if style.bordered else 0}" xfId="0" applyNumberFormat="1" '
                'applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"'
                + (' quotePrefix="1"' if quoted else "")
                + f"><alignment{alignment}/></xf>"
            )
        custom = [(code, n) for code, n in formats.items() if n]
        fonts = "".join(
            f'<font>{extra}<sz val="{FONT_SIZE}"/><name val="{FONT}"/><family val="1"/></font>'
            for extra in ("", "<b/>", "<i/>")
        )
        side = "".join(
            f'<{edge} style="thin"><color rgb="{_BORDER_COLOR}"/></{edge}>'
            for edge in ("left", "right", "top", "bottom")
        )
        return (
            f'<styleSheet xmlns="{_MAIN}">'
            + (
                f'<numFmts count="{len(custom)}">'
                + "".join(
                    f'<numFmt numFmtId="{n}" formatCode={quoteattr(code)}/>' for code, n in custom
                )
                + "</numFmts>"
                if custom
                else ""
            )
            + f'<fonts count="3">{fonts}</fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="{_HEADER_FILL}"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{side}<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


class Sheet:
    """A sheet of a ``Book``, its rows kept as text until the book is saved."""

    def __init__(self, book: Book, title: str, widths: list[float], frozen_rows: int) -> None:
        self.book = book
        self.title = title
        self.widths = widths
        self.frozen_rows = frozen_rows
        self._rows: list[str] = []
        self._letters: list[str] = []

    def row(self, cells: Iterable[tuple[Any, int]], *, height: float | None = None) -> None:
        """Append a row of (value, format index from ``Book.style``) cells: None an empty
        bordered cell; text, a bool, an int, a Decimal or float, a date or a datetime (local
        wall time; shown as a date where the format is General)."""
        number = len(self._rows) + 1
        parts: list[str] = []
        for column, (value, style) in enumerate(cells):
            parts.append(self._cell(f"{self._letter(column)}{number}", value, style))
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        self._rows.append(f'<row r="{number}"{size}>{"".join(parts)}</row>')

    def _cell(self, ref: str, value: Any, style: int) -> str:
        if value is None or value == "":
            return f'<c r="{ref}" s="{style}"/>'
        if isinstance(value, str):
            text = _NOT_XML.sub("", value)
            if len(text) > MAX_TEXT:
                text = text[: MAX_TEXT - 1] + _CUT
            if formula_like(text):
                style = self.book.quoted(style)
            return (
                f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                f"{escape(text, _KEPT)}</t></is></c>"
            )
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, Decimal | float) and not math.isfinite(value):
            return self._cell(ref, str(value), style)
        if isinstance(value, int | float):
            return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
        if isinstance(value, Decimal):
            return f'<c r="{ref}" s="{style}"><v>{value:f}</v></c>'
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:  # spreadsheets know no zones: the local wall time
                value = timezone.localtime(value)
            seconds = value.hour * 3600 + value.minute * 60 + value.second
            serial = (value.date() - _EPOCH).days + seconds / _DAY
            return f'<c r="{ref}" s="{self._dated(style, DATETIME)}"><v>{serial!r}</v></c>'
        if isinstance(value, dt.date):
            serial = (value - _EPOCH).days
            return f'<c r="{ref}" s="{self._dated(style, DATE)}"><v>{serial}</v></c>'
        raise TypeError(f"no spreadsheet cell for {type(value).__name__}")

    def _dated(self, style: int, number_format: str) -> int:
        if self.book.format_of(style).number_format != "General":
            return style
        return self.book.with_number_format(style, number_format)

    def _letter(self, column: int) -> str:
        while len(self._letters) <= column:
            self._letters.append(column_letter(len(self._letters) + 1))
        return self._letters[column]

    def xml(self, *, first: bool) -> str:
        frozen = self.frozen_rows
        pane = (
            f'<pane ySplit="{frozen}" topLeftCell="A{frozen + 1}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="A{frozen + 1}" '
            f'sqref="A{frozen + 1}"/>'
            if frozen
            else ""
        )
        columns = "".join(
            f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>'
            for n, width in enumerate(self.widths, start=1)
        )
        return (
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView{_SELECTED if first else ""} workbookViewId="0">'
            f"{pane}</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15.75"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + f"<sheetData>{''.join(self._rows)}</sheetData>"
            '<pageMargins left="0.6" right="0.4" top="0.6" bottom="0.6" header="0.3" '
            'footer="0.3"/>'
            # A4, across the page, as wide as one page and as long as it takes.
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>"
        )


def column_letter(number: int) -> str:
    """A, B, …, Z, AA, … for 1, 2, …"""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quoted_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _core(title: str, subject: str, created: dt.datetime) -> str:
    stamp = (created.astimezone(dt.UTC) if created.tzinfo else created).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(_NOT_XML.sub('', title))}</dc:title>"
        f"<dc:subject>{escape(_NOT_XML.sub('', subject))}</dc:subject>"
        "<dc:creator>KHTH</dc:creator><dc:language>vi-VN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_ROOT_RELS = (
    f'<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>KHTH</Application></Properties>'
)
