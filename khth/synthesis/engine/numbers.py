"""Numbers as Vietnamese reports write them, found in a sentence and read exactly.

"1.200" is one thousand two hundred and "2,5" two and a half (khth.lib.vietnamese.parse_number);
"45/48" is a share or a date, "15/3/2026" and "25-7-2017" dates, "10-12" a range and
"847-NQ/QUTW" a document number. Whether a number is a figure to add up is decided later, from
the words around it (figures.py); here every number is found, so that all of them can be masked
when sentences are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from khth.lib.vietnamese import parse_number

Kind = Literal["number", "slash", "date", "range", "code", "unreadable"]

# Not glued to a letter before it ("c1", "d1" are unit names, not numbers) nor to a letter after
# it ("3km", "12h": left as words). Dashes with digits after them make dates and ranges ("3 - 4"
# with spaces too); a dash with a letter after it makes a document number.
_NUMBER = re.compile(
    r"""
    (?<![^\W\d_])
    (?P<core>\d(?:[\d.,/]*\d)?)
    (?P<dashes>(?:\s?[-–]\s?\d(?:[\d.,/]*\d)?)*)
    (?P<code>-[^\W\d_][\w./-]*)?
    (?![^\W\d_])
    """,
    re.VERBOSE,
)
_DASH = re.compile(r"\s?[-–]\s?")


@dataclass(frozen=True)
class Number:
    start: int  # span in the sentence
    end: int
    kind: Kind
    value: Decimal | None  # "number" and "slash": the number, or the part before the slash
    denominator: Decimal | None = None  # "slash": the part after it


def find_numbers(text: str) -> tuple[Number, ...]:
    return tuple(_read(match) for match in _NUMBER.finditer(text))


def _read(match: re.Match[str]) -> Number:
    start, end = match.span()
    if match["code"]:
        return Number(start, end, "code", None)
    if match["dashes"]:
        parts = len(_DASH.split(match.group()))
        return Number(start, end, "date" if parts == 3 else "range", None)
    core = match["core"]
    if "/" in core:
        pieces = core.split("/")
        if len(pieces) != 2:
            return Number(start, end, "date", None)
        try:
            top, bottom = parse_number(pieces[0]), parse_number(pieces[1])
        except ValueError:
            return Number(start, end, "unreadable", None)
        return Number(start, end, "slash", top, bottom)
    try:
        return Number(start, end, "number", parse_number(core))
    except ValueError:
        # "96.5", "15.3.2026": not the Vietnamese way of writing one number; never guess.
        return Number(start, end, "unreadable", None)
