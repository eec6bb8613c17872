"""Stored narrative HTML (khth.reports.richtext's subset) → document blocks.

The subset is p, br, b/strong, i/em, u, ul/ol/li, table/thead/tbody/tr/th/td (with colspan and
rowspan). Whitespace collapses as a browser collapses it, so what prints is what the editor showed.
Lists become paragraphs with Vietnamese markers ("-", "+" for bullets; "1.", "a)" for numbers);
a table nested in a cell becomes lines of text in that cell, as Word users do by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from khth.documents.model import Block, Cell, Paragraph, Role, Run, Table
from khth.lib.vietnamese import nfc

_SPACES = re.compile(r"[ \t\r\n\f]+")
_MAX_SPAN = 50


def html_to_blocks(fragment: str, *, role: Role = "body") -> list[Block]:
    parser = _Parser(role)
    parser.feed(nfc(fragment or ""))
    parser.close()
    return parser.finish()


def _bullet(depth: int) -> str:
    return "-" if depth % 2 == 0 else "+"


def _number(depth: int, n: int) -> str:
    if depth == 0:
        return f"{n}."
    return (chr(ord("a") + n - 1) if n <= 26 else str(n)) + ")"


@dataclass
class _List:
    ordered: bool
    count: int = 0


@dataclass
class _Cell:
    paragraphs: list[Paragraph] = field(default_factory=list)
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None


class _Parser(HTMLParser):
    def __init__(self, role: Role) -> None:
        super().__init__(convert_charrefs=True)
        self.role = role
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.bold = self.italic = self.underline = 0
        self.lists: list[_List] = []
        self.marker = ""  # the marker of a list item whose first paragraph is not written yet
        self.in_item = False
        self.tables: list[_Table] = []

    # --- where finished paragraphs go ----------------------------------------------------

    def _container(self) -> list[Paragraph] | None:
        if self.tables and self.tables[-1].cell is not None:
            return self.tables[-1].cell.paragraphs
        return None  # text between cells is whitespace of the source: dropped

    def _flush(self) -> None:
        runs = _clean(self.runs)
        self.runs = []
        if not runs:
            return
        in_cell = bool(self.tables)
        depth = max(len(self.lists) - 1, 0)
        paragraph = Paragraph(
            runs=runs,
            role="table" if in_cell else self.role,
            level=depth,
            marker=self.marker,
            continued=self.in_item and not self.marker,
        )
        self.marker = ""
        if in_cell:
            target = self._container()
            if target is not None:
                target.append(paragraph)
        else:
            self.blocks.append(paragraph)

    # --- parser callbacks ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"b", "strong"}:
            self.bold += 1
        elif tag in {"i", "em"}:
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "br":
            self.runs.append(self._run("\n"))
        elif tag in {"ul", "ol"}:
            self._flush()
            self.lists.append(_List(ordered=tag == "ol"))
        elif tag == "li":
            self._flush()
            depth = max(len(self.lists) - 1, 0)
            current = self.lists[-1] if self.lists else _List(ordered=False)
            current.count += 1
            self.marker = _number(depth, current.count) if current.ordered else _bullet(depth)
            self.in_item = True
        elif tag == "table":
            self._flush()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1].rows.append([])
        elif tag in {"td", "th"} and self.tables:
            self._close_cell()
            table = self.tables[-1]
            if not table.rows:
                table.rows.append([])
            table.cell = _Cell(
                header=tag == "th",
                colspan=_span(attrs, "colspan"),
                rowspan=_span(attrs, "rowspan"),
            )
        else:  # p, and anything unexpected: a paragraph boundary
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.runs.append(self._run("\n"))
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"b", "strong"}:
            self.bold = max(self.bold - 1, 0)
        elif tag in {"i", "em"}:
            self.italic = max(self.italic - 1, 0)
        elif tag == "u":
            self.underline = max(self.underline - 1, 0)
        elif tag in {"ul", "ol"}:
            self._flush()
            if self.lists:
                self.lists.pop()
            self.in_item = bool(self.lists)
        elif tag == "li":
            self._flush()
            self.marker = ""
            self.in_item = False
        elif tag in {"td", "th"}:
            self._close_cell()
        elif tag == "table":
            self._close_table()
        elif tag != "br":
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.tables and self.tables[-1].cell is None:
            return  # whitespace between rows and cells
        self.runs.append(self._run(data))

    def _run(self, text: str) -> Run:
        return Run(text, bold=self.bold > 0, italic=self.italic > 0, underline=self.underline > 0)

    def _close_cell(self) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        self._flush()
        if table.cell is not None:
            table.rows[-1].append(table.cell)
            table.cell = None

    def _close_table(self) -> None:
        if not self.tables:
            self._flush()
            return
        self._close_cell()
        done = self.tables.pop()
        table = _build_table(done)
        if table is None:
            return
        if self.tables:
            outer = self.tables[-1].cell
            if outer is not None:
                # A table in a cell: one line per row, cells separated by " | ".
                for row in table.rows:
                    line = " | ".join(cell.text for cell in row if cell.text)
                    if line:
                        outer.paragraphs.append(Paragraph((Run(line),), role="table"))
            return
        self.blocks.append(table)

    def finish(self) -> list[Block]:
        while self.tables:
            self._close_table()
        self._flush()
        return self.blocks


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value and value.strip().isdigit():
            return max(1, min(int(value.strip()), _MAX_SPAN))
    return 1


def _build_table(table: _Table) -> Table | None:
    rows = [row for row in table.rows if row]
    if not rows:
        return None
    built = tuple(
        tuple(
            Cell(
                paragraphs=tuple(cell.paragraphs),
                header=cell.header,
                colspan=cell.colspan,
                rowspan=cell.rowspan,
                align="center" if cell.header else None,
            )
            for cell in row
        )
        for row in rows
    )
    header_rows = 0
    for row in built:
        if all(cell.header for cell in row):
            header_rows += 1
        else:
            break
    return Table(rows=built, header_rows=header_rows)


def _clean(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse whitespace across runs, trim each line, merge runs of the same format."""
    pieces: list[Run] = []
    space_before = True  # at the start of a line, leading spaces are dropped
    for run in runs:
        if run.text == "\n":
            while pieces and pieces[-1].text.endswith(" "):
                last = pieces.pop()
                if last.text.rstrip(" "):
                    pieces.append(
                        Run(last.text.rstrip(" "), last.bold, last.italic, last.underline)
                    )
            pieces.append(run)
            space_before = True
            continue
        text = _SPACES.sub(" ", run.text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        pieces.append(Run(text, run.bold, run.italic, run.underline))
    while pieces and (pieces[-1].text == "\n" or pieces[-1].text.endswith(" ")):
        last = pieces.pop()
        trimmed = last.text.rstrip(" ") if last.text != "\n" else ""
        if trimmed:
            pieces.append(Run(trimmed, last.bold, last.italic, last.underline))
            break
    while pieces and pieces[0].text == "\n":
        pieces.pop(0)
    merged: list[Run] = []
    for piece in pieces:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and "\n" not in (previous.text, piece.text)
            and (previous.bold, previous.italic, previous.underline)
            == (piece.bold, piece.italic, piece.underline)
        ):
            merged[-1] = Run(previous.text + piece.text, piece.bold, piece.italic, piece.underline)
        else:
            merged.append(piece)
    return tuple(merged)
