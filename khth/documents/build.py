"""Small builders of the neutral document model, for the apps' ``documents.py``.

Every app writes the same few shapes — a paragraph of one run, a table cell of one paragraph a
line, an outline heading "I." / "1." / "a)", a table under a heading row, the «DỰ THẢO» mark, a
file name for a download — and writes them the same way, so that a plan, a report and an
inspection notice look alike on paper. They are written once here; an app's module says only what
its document contains.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.utils import timezone

from khth.documents.model import Align, Cell, Paragraph, Role, Run, Table
from khth.lib import clock
from khth.lib.vietnamese import fold

__all__ = [
    "DATE",
    "DATETIME",
    "DRAFT_MARK",
    "cell",
    "document_day",
    "draft_mark",
    "file_stems",
    "heading",
    "name_stems",
    "outline_number",
    "para",
    "table",
    "wall_time",
]

# Printed above the body of a document that is not final yet.
DRAFT_MARK = "DỰ THẢO"
# Spreadsheet number formats of a date and of a moment (dates stay dates in a sheet).
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# --- paragraphs and tables -------------------------------------------------------------------


def para(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    role: Role = "body",
    align: Align | None = None,
    marker: str = "",
    continued: bool = False,
) -> Paragraph:
    """A paragraph of one run: most paragraphs of a generated document are one sentence."""
    return Paragraph(
        (Run(text, bold=bold, italic=italic),),
        role=role,
        align=align,
        marker=marker,
        continued=continued,
    )


def draft_mark() -> Paragraph:
    """«DỰ THẢO», bold and centred above the body of a draft."""
    return para(DRAFT_MARK, bold=True, role="note", align="center")


def cell(
    text: str, *, header: bool = False, bold: bool = False, align: Align | None = None
) -> Cell:
    """A table cell with a paragraph for each line of ``text``; a heading cell is bold and
    centred (``align`` is for the others: figures right, short codes and dates centred)."""
    paragraphs = tuple(para(line, bold=bold or header, role="table") for line in text.split("\n"))
    return Cell(paragraphs, header=header, align="center" if header else align)


def table(titles: Iterable[str], rows: Iterable[Sequence[Cell]], widths: Sequence[float]) -> Table:
    """A table whose first row is the heading cells of ``titles``, repeated on every page."""
    heading_row = tuple(cell(title, header=True) for title in titles)
    body = tuple(tuple(row) for row in rows)
    return Table(rows=(heading_row, *body), widths=tuple(widths), header_rows=1)


# --- outline headings ------------------------------------------------------------------------


def outline_number(depth: int, index: int) -> str:
    """The number of the ``index``-th section (from 0) at ``depth``: "I", "II" at the top, then
    "1", "2", then "a", "b" (past the list, the plain count)."""
    if depth == 0:
        return _ROMAN[index] if index < len(_ROMAN) else str(index + 1)
    if depth == 1:
        return str(index + 1)
    return chr(ord("a") + index) if index < 26 else str(index + 1)


def heading(number: str, title: str, depth: int) -> Paragraph:
    """An outline heading at ``depth``: "I. Title", "1. Title", "a) Title"."""
    mark = f"{number})" if depth >= 2 else f"{number}."
    return Paragraph((Run(f"{mark} {title}"),), role="heading", level=depth)


# --- dates ----------------------------------------------------------------------------------


def document_day(moment: dt.datetime | None, final: bool) -> dt.date:
    """The date on a document: the day (in the server's zone) it was approved, submitted or
    concluded at ``moment`` once it is final; today while it is a draft."""
    if moment is not None and final:
        return timezone.localdate(moment)
    return clock.today()


def wall_time(moment: dt.datetime | None) -> dt.datetime | None:
    """Wall time in the server's zone, without the zone: what a spreadsheet cell holds."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


# --- file names ------------------------------------------------------------------------------


def name_stems(readable: str, fallback: str) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem) of a download named ``readable`` as it is: the ASCII one
    for old clients ("bao-cao-thang-7-2024-dai-doi-1"; ``fallback`` when nothing is left)."""
    ascii_stem = _NOT_SLUG.sub("-", fold(readable)).strip("-") or fallback
    return ascii_stem[:120], readable[:150]


def file_stems(readable: str, fallback: str) -> tuple[str, str]:
    """``name_stems`` of ``readable`` with slashes (not allowed in a file name) made dashes and
    white space tidied."""
    readable = " ".join(readable.replace("/", "-").replace("\\", "-").split())
    return name_stems(readable, fallback)
