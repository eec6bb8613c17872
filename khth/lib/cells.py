"""Text that a spreadsheet would run. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is read as a formula by Excel and LibreOffice (OWASP, "CSV Injection"), so a
subordinate could plant ``=HYPERLINK(…)`` in a book entry and have it run on a superior's
machine. Every CSV and XLSX that KHTH writes passes its text through here; numbers, dates and
empty cells are never touched.

- CSV: such text gets a leading apostrophe, the mark spreadsheets read as "this is text".
  KHTH's own CSV readers take it off again, so an export re-imports as it is.
- XLSX: such text is stored as a string cell with the quote-prefix style
  (``khth.documents.render.xlsx``); its content stays exactly what was typed.
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

T = TypeVar("T")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: T) -> T | str:
    """``value`` as a CSV cell that no spreadsheet runs."""
    if formula_like(value):
        return QUOTE + str(value)
    return value


def from_csv_cell(text: str) -> str:
    """The text a CSV cell written by ``csv_cell`` stands for."""
    if text.startswith(QUOTE) and formula_like(text[1:]):
        return text[1:]
    return text
