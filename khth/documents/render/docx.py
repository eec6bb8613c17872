"""Document → DOCX with python-docx, in the format of its family (regulation data).

Word needs a few things python-docx does not do by itself: the East-Asian and complex-script
font names (else Word may show Vietnamese in another font), paragraph borders for the rules of
the header, a PAGE field, repeated table header rows and merged cells. They are set on the XML
here, and nowhere else.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import replace

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from khth.documents.model import Align, Cell, Document, Paragraph, Run, Table
from khth.lib import clock
from khth.regulations.schema.formats import FamilyFormat, Mark, TextStyle

A4 = (210.0, 297.0)  # mm
HEADER_DISTANCE_MM = 10.0
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
LIST_INDENT_CM = 0.75


def render_docx(document: Document) -> bytes:
    fmt = document.format
    doc = new_document()
    _page(doc, fmt)
    _base_style(doc, fmt)
    width = A4[0] - fmt.margins.left - fmt.margins.right
    _header(doc, document, width)
    _title(doc, document, width)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            _body_paragraph(doc.add_paragraph(), block, document)
        else:
            _table(doc, block, document, width)
    _closing(doc, document, width)
    _page_numbers(doc, fmt)
    props = doc.core_properties
    props.title = document.subject[:250]
    props.subject = document.summary[:250]
    props.author = "KHTH"
    props.language = "vi-VN"
    props.created = props.modified = clock.now()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- page and styles ------------------------------------------------------------------------


def _page(doc: DocxDocument, fmt: FamilyFormat) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])
    section.top_margin = Mm(fmt.margins.top)
    section.bottom_margin = Mm(fmt.margins.bottom)
    section.left_margin = Mm(fmt.margins.left)
    section.right_margin = Mm(fmt.margins.right)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)


def _fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Every script slot of a run or style: Latin, high ANSI, East-Asian and complex script."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def _base_style(doc: DocxDocument, fmt: FamilyFormat) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = fmt.font
    normal.font.size = Pt(fmt.body.size)
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr, fmt.font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)


def _run(
    paragraph: DocxParagraph, text: str, style: TextStyle, font: str, run: Run | None = None
) -> None:
    """Text in ``style``; a Run's own bold/italic/underline add to it. "\\n" breaks the line."""
    if style.upper:
        text = text.upper()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        docx_run: DocxRun = paragraph.add_run(line)
        docx_run.font.name = font
        _fonts(docx_run._r.get_or_add_rPr(), font)
        docx_run.font.size = Pt(style.size)
        docx_run.bold = style.bold or (run is not None and run.bold) or None
        docx_run.italic = style.italic or (run is not None and run.italic) or None
        docx_run.underline = style.underline or (run is not None and run.underline) or None
        if index < len(lines) - 1:
            docx_run.add_break()


def _tight(paragraph: DocxParagraph, align: Align = "center") -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.alignment = _ALIGN[align]


def _mark_size(paragraph: DocxParagraph, size: float) -> None:
    """The size of the paragraph mark: the height of an empty paragraph (a rule's line)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)


def _bottom_border(paragraph: DocxParagraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "auto")
    borders.append(bottom)
    # pBdr comes before spacing, indentation and alignment in the schema's order.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def text_width_mm(text: str, style: TextStyle) -> float:
    """A rough width of a line of Times New Roman: enough to size a rule under it."""
    em = style.size * 0.3528  # points → mm
    total = 0.0
    for ch in text.upper() if style.upper else text:
        if ch.isspace():
            total += 0.25
        elif ch.isupper():
            total += 0.72 if style.bold else 0.68
        elif ch.isalpha() or ch.isdigit():
            total += 0.5
        else:
            total += 0.33
    return total * em


def _mark(
    container: _Cell | DocxDocument,
    mark: Mark,
    above: str,
    style: TextStyle,
    width: float,
    font: str,
) -> None:
    """The rule or the text mark under a header line, centred in a column ``width`` mm wide."""
    paragraph = container.add_paragraph()
    _tight(paragraph)
    if mark.kind == "text":
        _run(
            paragraph, mark.text, TextStyle(size=style.size, bold=style.bold, basis="default"), font
        )
        return
    length = min(text_width_mm(above, style), width) * mark.length
    side = max((width - length) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    _mark_size(paragraph, 2)
    _bottom_border(paragraph)


# --- header, title ------------------------------------------------------------------------


def _no_borders(table: DocxTable) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.append(borders)


def _fixed_widths(table: DocxTable, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for index, column in enumerate(table.columns):
        column.width = Mm(widths_mm[index])
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if index < len(widths_mm):
                cell.width = Mm(widths_mm[index])


def _cell_lines(cell: _Cell, lines: Iterable[tuple[str, TextStyle]], font: str) -> None:
    first = True
    for text, style in lines:
        if not text:
            continue
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _tight(paragraph)
        _run(paragraph, text, style, font)


def _header(doc: DocxDocument, document: Document, width: float) -> None:
    fmt, header = document.format, document.header
    left = width * fmt.header_left
    right = width - left
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _fixed_widths(table, [left, right])
    top_left, top_right = table.rows[0].cells
    bottom_left, bottom_right = table.rows[1].cells
    _cell_lines(top_left, [(header.superior, fmt.superior), (header.issuer, fmt.issuer)], fmt.font)
    _mark(top_left, fmt.issuer_mark, header.issuer, fmt.issuer, left, fmt.font)
    _cell_lines(top_right, [(line.text, line) for line in header.motto], fmt.font)
    last = header.motto[-1]
    _mark(top_right, fmt.motto_mark, last.text, last, right, fmt.font)
    _cell_lines(bottom_left, [(header.number, fmt.number)], fmt.font)
    _cell_lines(bottom_right, [(header.place_date, fmt.place_date)], fmt.font)
    for cell in (bottom_left, bottom_right):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(doc: DocxDocument, document: Document, width: float) -> None:
    fmt = document.format
    title = doc.add_paragraph()
    _tight(title)
    title.paragraph_format.space_before = Pt(18)
    _run(title, document.title, fmt.title, fmt.font)
    if document.summary:
        summary = doc.add_paragraph()
        _tight(summary)
        _run(summary, document.summary, fmt.summary, fmt.font)
    _mark(doc, fmt.summary_mark, document.summary or document.title, fmt.summary, width, fmt.font)
    spacer = doc.add_paragraph()
    _tight(spacer)
    _mark_size(spacer, 6)


# --- body -----------------------------------------------------------------------------------


def _body_paragraph(target: DocxParagraph, block: Paragraph, document: Document) -> None:
    fmt = document.format
    style = document.style(block)
    pf = target.paragraph_format
    in_table = block.role in {"table"}
    pf.space_before = Pt(0)
    pf.space_after = Pt(0 if in_table else fmt.paragraph_spacing)
    pf.line_spacing = 1.0 if in_table else fmt.line_spacing
    align: Align = block.align or ("left" if in_table else "justify")
    pf.alignment = _ALIGN[align]
    if not in_table:
        pf.first_line_indent = Cm(fmt.first_line_indent_cm)
        if block.is_list_item and block.level:
            pf.left_indent = Cm(LIST_INDENT_CM * block.level)
    if block.role == "heading":
        pf.keep_with_next = True
    if block.marker:
        _run(target, block.marker + " ", _plain(style), fmt.font)
    for run in block.runs:
        _run(target, run.text, style, fmt.font, run)


def _plain(style: TextStyle) -> TextStyle:
    return TextStyle(size=style.size, basis="default")


def _grid(table: Table) -> list[list[tuple[Cell, int, int] | None]]:
    """Place cells with their spans on a grid: (cell, row, column) at its top-left slot."""
    columns = table.columns
    grid: list[list[tuple[Cell, int, int] | None]] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        while len(grid) <= r:
            grid.append([None] * columns)
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= columns:
                break
            grid[r][c] = (cell, r, c)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return grid


def _table(doc: DocxDocument, block: Table, document: Document, width: float) -> None:
    fmt = document.format
    columns = block.columns
    if columns == 0:
        return
    rows = len(block.rows)
    table = doc.add_table(rows=rows, cols=columns)
    table.style = doc.styles["Table Grid"]
    weights = list(block.widths[:columns]) if len(block.widths) >= columns else [1.0] * columns
    total = sum(weights) or 1.0
    _fixed_widths(table, [width * w / total for w in weights])
    for r in range(min(block.header_rows, rows)):
        trpr = table.rows[r]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)
    grid = _grid(block)
    # Spans first, then every cell looked up through one pass over the rows: python-docx's
    # table.cell() walks the whole table on each call, which made a 20,000-row table quadratic.
    for line in grid:
        for slot in line:
            if slot is not None and (slot[0].rowspan > 1 or slot[0].colspan > 1):
                cell, r, c = slot
                last_r = min(r + cell.rowspan - 1, rows - 1)
                last_c = min(c + cell.colspan - 1, columns - 1)
                if (last_r, last_c) != (r, c):
                    table.cell(r, c).merge(table.cell(last_r, last_c))
    cells = [row.cells for row in table.rows]
    for line in grid:
        for slot in line:
            if slot is None:
                continue
            cell, r, c = slot
            target = cells[r][c]
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraphs = cell.paragraphs or (Paragraph((), role="table"),)
            for index, paragraph in enumerate(paragraphs):
                docx_paragraph = target.paragraphs[0] if index == 0 else target.add_paragraph()
                shown = replace(paragraph, role="table", align=paragraph.align or cell.align)
                if cell.header:
                    runs = tuple(replace(run, bold=True) for run in shown.runs)
                    shown = replace(shown, runs=runs, align=shown.align or "center")
                _body_paragraph(docx_paragraph, shown, document)
    after = doc.add_paragraph()
    _tight(after)
    _mark_size(after, fmt.paragraph_spacing or 6)


# --- closing --------------------------------------------------------------------------------


def _closing(doc: DocxDocument, document: Document, width: float) -> None:
    fmt = document.format
    spacer = doc.add_paragraph()
    _tight(spacer)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left = width * 0.45
    _fixed_widths(table, [left, width - left])
    # The signature block is never split over two pages.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signature = table.rows[0].cells
    label = recipients.paragraphs[0]
    _tight(label, "left")
    _run(label, fmt.recipients.label, fmt.recipients_label, fmt.font)
    for line in document.recipients:
        paragraph = recipients.add_paragraph()
        _tight(paragraph, "left")
        _run(paragraph, line, fmt.recipients_list, fmt.font)
    lines: list[tuple[str, TextStyle]] = []
    if document.signature.authority:
        lines.append((document.signature.authority, fmt.signature_authority))
    lines.append((document.signature.title, fmt.signature_title))
    _cell_lines(signature, lines, fmt.font)
    for _ in range(fmt.signature.space_lines):
        blank = signature.add_paragraph()
        _tight(blank)
        _mark_size(blank, fmt.signature_title.size)
    name = signature.add_paragraph()
    _tight(name)
    if document.signature.name:
        _run(name, document.signature.name, fmt.signature_name, fmt.font)
    else:
        _mark_size(name, fmt.signature_name.size)
    # A document must not end with a table; a 1 pt paragraph does not push a page of its own.
    last = doc.add_paragraph()
    _tight(last)
    _mark_size(last, 1)


# --- page numbers ---------------------------------------------------------------------------


def _field(paragraph: DocxParagraph, instruction: str, style: TextStyle, font: str) -> None:
    """A Word field (PAGE): begin, instruction, separator, a placeholder result, end."""

    def piece(kind: str | None, text: str | None = None) -> None:
        run = paragraph.add_run()
        run.font.name = font
        _fonts(run._r.get_or_add_rPr(), font)
        run.font.size = Pt(style.size)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if text is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)

    piece("begin")
    piece(None, f" {instruction} ")
    piece("separate")
    paragraph.add_run("2").font.size = Pt(style.size)
    piece("end")


def _page_numbers(doc: DocxDocument, fmt: FamilyFormat) -> None:
    numbers = fmt.page_numbers
    if numbers.position == "none":
        return
    section = doc.sections[0]
    section.different_first_page_header_footer = not numbers.on_first_page
    part = section.header if numbers.position == "top_center" else section.footer
    paragraph = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
    _tight(paragraph, "right" if numbers.position == "bottom_right" else "center")
    _field(paragraph, "PAGE", TextStyle(size=numbers.size, basis="default"), fmt.font)
