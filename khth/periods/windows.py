"""Data cut-off windows: which days' events a period's report covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.utils.translation import gettext as _

from khth.periods.ids import Period, PeriodType


@dataclass(frozen=True)
class CutoffRule:
    """How a period's data window relates to its calendar dates.

    "shifted" is the default of Decree 09/2019/NĐ-CP and Thông tư 58/2020/TT-BQP: the window runs
    from ``day`` of the month before the period's first month to ``day - 1`` of its last month,
    so the report can be written and sent before the period ends. "nominal" is the period itself.
    """

    kind: Literal["nominal", "shifted"] = "shifted"
    day: int = 15

    def __post_init__(self) -> None:
        if self.kind not in ("nominal", "shifted"):
            raise ValueError(
                _("Kiểu chốt số liệu không hợp lệ: %(kind)r (nominal, shifted)")
                % {"kind": self.kind}
            )
        # Day 1 would make the window end on day 0; past 28 the day does not exist every month.
        if not 2 <= self.day <= 28:
            raise ValueError(
                _("Ngày chốt số liệu phải từ 2 đến 28, không phải %(day)s") % {"day": self.day}
            )


DEFAULT_CUTOFF_RULE = CutoffRule()

# No official window exists for these: the regime's default is the period itself.
_ALWAYS_NOMINAL = frozenset({PeriodType.DAILY, PeriodType.WEEKLY})


def cutoff_window(period: Period, rule: CutoffRule = DEFAULT_CUTOFF_RULE) -> tuple[date, date]:
    """First and last day (both included) whose data the period's report covers."""
    if rule.kind == "nominal" or period.type in _ALWAYS_NOMINAL:
        return period.start, period.end
    before_first = period.start - timedelta(days=1)
    return (
        before_first.replace(day=rule.day),
        period.end.replace(day=rule.day - 1),
    )
