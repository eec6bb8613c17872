"""Periods as people write them ("11/2026", "quý 3/2026", "tuần 49/2026", "6 tháng đầu năm
2026", "năm 2026"), read into the ids the rest of KHTH stores; and the periods a picker offers.

Pure functions of their arguments: "today" is always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import date

from django.utils.translation import gettext as _

from khth.lib.vietnamese import fold
from khth.periods.ids import Period, PeriodError, PeriodType, parse_period, period_of

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[/\-.\s]\s*"  # "11/2026", "11-2026", "11.2026", "11 2026"
_NUMBER = r"(\d{1,2}|iv|iii|ii|i)"  # quarters are often written in Roman numerals ("quý III")

# Matched against the folded text (no accents, lower case, single spaces): "Tháng 11/2026" and
# "thang 11/2026" read the same. Order matters only where a text could match twice; none can.
_FORMS: tuple[tuple[PeriodType, re.Pattern[str]], ...] = tuple(
    (ptype, re.compile(pattern, re.ASCII))
    for ptype, pattern in (
        (PeriodType.DAILY, r"(?:ngay\s*)?(\d{1,2})/(\d{1,2})/(\d{4})"),
        (PeriodType.WEEKLY, rf"(?:tuan|w)\s*(\d{{1,2}}){_SEP}(\d{{4}})"),
        (PeriodType.MONTHLY, rf"(?:thang|t)?\s*(\d{{1,2}}){_SEP}(\d{{4}})"),
        (PeriodType.QUARTERLY, rf"(?:quy|q)\s*{_NUMBER}{_SEP}(?:nam\s*)?(\d{{4}})"),
        (PeriodType.SIXMONTHLY, r"(?:6\s*thang\s*|6t\s*)(dau|cuoi)(?:\s*nam)?\s*(\d{4})"),
        (PeriodType.SIXMONTHLY, rf"s\s*([12]){_SEP}(\d{{4}})"),
        (PeriodType.YEARLY, r"nam\s*(\d{4})"),
    )
)
_HALVES = {"dau": 1, "cuoi": 2, "1": 1, "2": 2}
_TYPE_NAMES = {
    PeriodType.DAILY: "ngày",
    PeriodType.WEEKLY: "tuần",
    PeriodType.MONTHLY: "tháng",
    PeriodType.QUARTERLY: "quý",
    PeriodType.SIXMONTHLY: "6 tháng",
    PeriodType.YEARLY: "năm",
}
# How many periods of each type a picker offers either side of today's: enough to reach the
# period due next and the one just missed, few enough to read at a glance.
_NEARBY = {
    PeriodType.DAILY: 3,
    PeriodType.WEEKLY: 3,
    PeriodType.MONTHLY: 3,
    PeriodType.QUARTERLY: 2,
    PeriodType.SIXMONTHLY: 1,
    PeriodType.YEARLY: 1,
}


def read_period(text: str, allowed: Collection[PeriodType] | None = None) -> Period:
    """The period ``text`` names, as written by a person or as a stored id ("202611").

    ``allowed`` limits the period types (a monthly report's template takes months only); a text
    that cannot be read, names no real period, or is of another type raises ``PeriodError``
    with a Vietnamese message naming the text.
    """
    written = " ".join(text.split())
    period = _read(written)
    if allowed is not None and period.type not in allowed:
        raise PeriodError(
            _("«%(text)s» là kỳ %(type)s; ở đây chỉ nhận kỳ %(allowed)s")
            % {
                "text": written,
                "type": _TYPE_NAMES[period.type],
                "allowed": ", ".join(_TYPE_NAMES[t] for t in PeriodType if t in allowed),
            }
        )
    return period


def _read(written: str) -> Period:
    if not written:
        raise PeriodError(_("Chưa chọn kỳ"))
    try:
        return parse_period(written.upper())  # an id as stored: 202611, 2026Q3, 2026W49
    except PeriodError:
        pass
    key = fold(written)
    for ptype, pattern in _FORMS:
        m = pattern.fullmatch(key)
        if m is None:
            continue
        parts = m.groups()
        try:
            return _period(ptype, parts)
        except PeriodError as error:
            raise PeriodError(
                _("«%(text)s» không phải một kỳ có thật: %(reason)s")
                % {"text": written, "reason": error}
            ) from None
    raise PeriodError(
        _(
            "Không đọc được kỳ «%(text)s». Chọn trong danh sách hoặc viết như: 11/2026, "
            "quý 3/2026, tuần 49/2026, 6 tháng đầu năm 2026, năm 2026"
        )
        % {"text": written}
    )


def _period(ptype: PeriodType, parts: tuple[str, ...]) -> Period:
    year = parts[-1]
    match ptype:
        case PeriodType.DAILY:
            return parse_period(f"{year}{int(parts[1]):02d}{int(parts[0]):02d}")
        case PeriodType.WEEKLY:
            return parse_period(f"{year}W{int(parts[0])}")
        case PeriodType.MONTHLY:
            return parse_period(f"{year}{int(parts[0]):02d}")
        case PeriodType.QUARTERLY:
            number = _ROMAN.get(parts[0]) or int(parts[0])
            return parse_period(f"{year}Q{number}")
        case PeriodType.SIXMONTHLY:
            return parse_period(f"{year}S{_HALVES[parts[0]]}")
        case PeriodType.YEARLY:
            return parse_period(year)


def nearby_periods(today: date, types: Collection[PeriodType]) -> list[Period]:
    """The periods a picker lists: for each type, a few before and after today's, in the order
    of ``PeriodType``, then by date."""
    out: list[Period] = []
    for ptype in PeriodType:
        if ptype not in types:
            continue
        current = period_of(today, ptype)
        before = [current]
        for _i in range(_NEARBY[ptype]):
            before.append(before[-1].previous())
        after = [current]
        for _i in range(_NEARBY[ptype]):
            after.append(after[-1].next())
        out += sorted(set(before + after))
    return out


def next_due_period(
    today: date, ptype: PeriodType, deadline_of: Callable[[Period], date]
) -> Period:
    """The period whose report is due next: the earliest of last, this and next period whose
    deadline (``deadline_of``) is today or later. A report already late is not offered first:
    it is listed on the home page as overdue."""
    current = period_of(today, ptype)
    for period in (current.previous(), current):
        if deadline_of(period) >= today:
            return period
    return current.next()
