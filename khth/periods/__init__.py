"""Reporting periods, data cut-off windows, working days and deadlines: pure functions of dates."""

from khth.periods.calendar import (
    DEFAULT_HOLIDAYS_FILE,
    HolidayFileError,
    WorkCalendar,
    default_calendar,
    load_calendar,
)
from khth.periods.deadlines import deadline
from khth.periods.ids import (
    Period,
    PeriodError,
    PeriodType,
    iso_weeks_in_year,
    label_of,
    parse_period,
    parse_period_type,
    period_of,
    periods_between,
)
from khth.periods.windows import DEFAULT_CUTOFF_RULE, CutoffRule, cutoff_window

__all__ = [
    "DEFAULT_CUTOFF_RULE",
    "DEFAULT_HOLIDAYS_FILE",
    "CutoffRule",
    "HolidayFileError",
    "Period",
    "PeriodError",
    "PeriodType",
    "WorkCalendar",
    "cutoff_window",
    "deadline",
    "default_calendar",
    "iso_weeks_in_year",
    "label_of",
    "load_calendar",
    "parse_period",
    "parse_period_type",
    "period_of",
    "periods_between",
]
