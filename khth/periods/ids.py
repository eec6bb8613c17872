"""Reporting periods and their DHIS2-compatible ids, as pure functions of dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """An id, a period type or a range that does not name a valid period."""


class PeriodType(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIXMONTHLY = "sixmonthly"
    YEARLY = "yearly"


# Months per period for the types that are whole months; weeks and days are handled apart.
_MONTHS = {
    PeriodType.MONTHLY: 1,
    PeriodType.QUARTERLY: 3,
    PeriodType.SIXMONTHLY: 6,
    PeriodType.YEARLY: 12,
}
_ROMAN = ("I", "II", "III", "IV")


def parse_period_type(s: str | PeriodType) -> PeriodType:
    try:
        return PeriodType(str(s).strip().lower())
    except ValueError:
        valid = ", ".join(t.value for t in PeriodType)
        raise PeriodError(
            _("Loại kỳ không hợp lệ: %(type)r. Các loại hợp lệ: %(valid)s")
            % {"type": s, "valid": valid}
        ) from None


def iso_weeks_in_year(year: int) -> int:
    # 28 December always lies in the last ISO week of its year.
    return date(year, 12, 28).isocalendar().week


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _bounds(d: date, ptype: PeriodType) -> tuple[date, date]:
    if ptype is PeriodType.DAILY:
        return d, d
    if ptype is PeriodType.WEEKLY:
        monday = d - timedelta(days=d.weekday())
        return monday, monday + timedelta(days=6)
    size = _MONTHS[ptype]
    first_month = (d.month - 1) // size * size + 1
    next_year, next_month = _add_months(d.year, first_month, size)
    return date(d.year, first_month, 1), date(next_year, next_month, 1) - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Field order makes periods sort by start date."""

    start: date
    end: date
    type: PeriodType

    def __post_init__(self) -> None:
        # Typed as PeriodType, but a plain "monthly" from untyped code must not slip past the
        # identity checks in _bounds.
        object.__setattr__(self, "type", parse_period_type(self.type))
        if _bounds(self.start, self.type) != (self.start, self.end):
            raise PeriodError(
                _("%(start)s..%(end)s không phải một kỳ %(type)s")
                % {"start": self.start.isoformat(), "end": self.end.isoformat(), "type": self.type}
            )

    @property
    def id(self) -> str:
        s = self.start
        match self.type:
            case PeriodType.DAILY:
                return f"{s:%Y%m%d}"
            case PeriodType.WEEKLY:
                iso = s.isocalendar()
                return f"{iso.year}W{iso.week}"
            case PeriodType.MONTHLY:
                return f"{s:%Y%m}"
            case PeriodType.QUARTERLY:
                return f"{s.year}Q{(s.month - 1) // 3 + 1}"
            case PeriodType.SIXMONTHLY:
                return f"{s.year}S{(s.month - 1) // 6 + 1}"
            case PeriodType.YEARLY:
                return f"{s.year}"

    @property
    def label(self) -> str:
        # Deliberately not translated: the label is printed on documents and reports, which are
        # Vietnamese by regulation whatever language the person reading the screen chose.
        s = self.start
        match self.type:
            case PeriodType.DAILY:
                return f"Ngày {s:%d/%m/%Y}"
            case PeriodType.WEEKLY:
                iso = s.isocalendar()
                return f"Tuần {iso.week}/{iso.year}"
            case PeriodType.MONTHLY:
                return f"Tháng {s.month}/{s.year}"
            case PeriodType.QUARTERLY:
                return f"Quý {_ROMAN[(s.month - 1) // 3]}/{s.year}"
            case PeriodType.SIXMONTHLY:
                half = "đầu" if s.month == 1 else "cuối"
                return f"6 tháng {half} năm {s.year}"
            case PeriodType.YEARLY:
                return f"Năm {s.year}"

    def next(self) -> Period:
        return period_of(self.end + timedelta(days=1), self.type)

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.type)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return self.id


# The public functions name their argument `type`, as callers write it (type="monthly").
def period_of(d: date, type: PeriodType | str) -> Period:
    ptype = parse_period_type(type)
    start, end = _bounds(d, ptype)
    return Period(start, end, ptype)


def periods_between(start: date, end: date, type: PeriodType | str) -> list[Period]:
    """Every period of the type that overlaps start..end (both included), in order."""
    if start > end:
        raise PeriodError(
            _("Khoảng ngày không hợp lệ: %(start)s sau %(end)s")
            % {"start": start.isoformat(), "end": end.isoformat()}
        )
    periods = [period_of(start, type)]
    while periods[-1].end < end:
        periods.append(periods[-1].next())
    return periods


_ID_FORMATS = "YYYYMMDD, YYYYWn, YYYYMM, YYYYQn, YYYYSn, YYYY"
# re.ASCII: a bare \d would also accept other scripts' digits ("２０２４").
_PATTERNS = (
    (PeriodType.DAILY, re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)),
    (PeriodType.WEEKLY, re.compile(r"(\d{4})W(\d{1,2})", re.ASCII)),
    (PeriodType.MONTHLY, re.compile(r"(\d{4})(\d{2})", re.ASCII)),
    (PeriodType.QUARTERLY, re.compile(r"(\d{4})Q(\d)", re.ASCII)),
    (PeriodType.SIXMONTHLY, re.compile(r"(\d{4})S(\d)", re.ASCII)),
    (PeriodType.YEARLY, re.compile(r"(\d{4})", re.ASCII)),
)


def parse_period(pid: str) -> Period:
    """Parse a DHIS2 period id strictly: every out-of-range part is an error naming the id."""
    for ptype, pattern in _PATTERNS:
        m = pattern.fullmatch(pid)
        if m:
            return _from_parts(pid, ptype, [int(g) for g in m.groups()])
    raise PeriodError(
        _("%(id)r: không phải mã kỳ hợp lệ (dạng đúng: %(formats)s)")
        % {"id": pid, "formats": _ID_FORMATS}
    )


def label_of(pid: str, fallback: str | None = None) -> str:
    """The label of the period ``pid`` names ("Tháng 7/2024"), for showing a stored id: an id
    that does not parse (an old or hand-made one, or none) shows as ``fallback``, the id itself
    unless another is given."""
    try:
        return parse_period(pid).label
    except PeriodError:
        return pid if fallback is None else fallback


def _from_parts(pid: str, ptype: PeriodType, parts: list[int]) -> Period:
    year = parts[0]
    if year < 1:
        raise PeriodError(_("%(id)s: năm phải từ 0001 trở đi") % {"id": pid})
    match ptype:
        case PeriodType.DAILY:
            try:
                start = date(year, parts[1], parts[2])
            except ValueError:
                raise PeriodError(
                    _("%(id)s: không có ngày %(day)d/%(month)d/%(year)d")
                    % {"id": pid, "day": parts[2], "month": parts[1], "year": year}
                ) from None
        case PeriodType.WEEKLY:
            weeks = iso_weeks_in_year(year)
            if parts[1] < 1:
                raise PeriodError(_("%(id)s: tuần phải từ 1 trở lên") % {"id": pid})
            if parts[1] > weeks:
                raise PeriodError(
                    _("%(id)s: năm %(year)d chỉ có %(weeks)d tuần")
                    % {"id": pid, "year": year, "weeks": weeks}
                )
            start = date.fromisocalendar(year, parts[1], 1)
        case PeriodType.MONTHLY:
            _check_index(pid, _("tháng"), parts[1], 12)
            start = date(year, parts[1], 1)
        case PeriodType.QUARTERLY:
            _check_index(pid, _("quý"), parts[1], 4)
            start = date(year, 3 * parts[1] - 2, 1)
        case PeriodType.SIXMONTHLY:
            _check_index(pid, _("nửa năm"), parts[1], 2)
            start = date(year, 6 * parts[1] - 5, 1)
        case PeriodType.YEARLY:
            start = date(year, 1, 1)
    return period_of(start, ptype)


def _check_index(pid: str, what: str, value: int, highest: int) -> None:
    if not 1 <= value <= highest:
        raise PeriodError(
            _("%(id)s: %(what)s phải từ 1 đến %(highest)d, không phải %(value)d")
            % {"id": pid, "what": what, "highest": highest, "value": value}
        )
