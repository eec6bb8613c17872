"""Who must report, by when, and whether they did: on time / late / missing / not due.

Pure functions of dates and rows; "today" is always an argument.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.periods import CutoffRule, Period, WorkCalendar, default_calendar, parse_period
from khth.periods import deadline as period_deadline
from khth.regulations.schema.reports import ReportTemplate


class State(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


class _Labels(Mapping[State, str]):
    """A label table translated when read. Not gettext_lazy: the labels go into spreadsheet
    cells and API schemas, which take a real ``str`` and refuse a lazy proxy."""

    def __init__(self, msgids: dict[State, str]) -> None:
        self._msgids = msgids

    def __getitem__(self, key: State) -> str:
        return _(self._msgids[key])

    def __iter__(self) -> Iterator[State]:
        return iter(self._msgids)

    def __len__(self) -> int:
        return len(self._msgids)


STATE_LABELS: Mapping[State, str] = _Labels(
    {
        State.ON_TIME: gettext_noop("Đúng hạn"),
        State.LATE: gettext_noop("Chậm"),
        State.MISSING: gettext_noop("Chưa gửi (quá hạn)"),
        State.NOT_DUE: gettext_noop("Chưa đến hạn"),
    }
)


def rule_of(template: ReportTemplate) -> CutoffRule:
    if template.cutoff is None:
        return CutoffRule(kind="nominal")
    return CutoffRule(kind=template.cutoff.kind, day=template.cutoff.day)


def deadline_for(
    template: ReportTemplate,
    level: str,
    period: Period,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The last day a unit of ``level`` may submit the report of ``period``."""
    return period_deadline(
        period, rule_of(template), template.deadlines[level], calendar or default_calendar()
    )


def state(submitted_on: dt.date | None, deadline: dt.date, today: dt.date) -> State:
    """A report submitted on its deadline day is on time; none by the end of it is missing."""
    if submitted_on is not None:
        return State.ON_TIME if submitted_on <= deadline else State.LATE
    return State.MISSING if today > deadline else State.NOT_DUE


@dataclass(frozen=True)
class Rates:
    expected: int
    on_time: int
    late: int
    missing: int
    not_due: int

    def percent(self, count: int) -> float:
        due = self.expected - self.not_due
        return 0.0 if due == 0 else round(100.0 * count / due, 1)

    @property
    def on_time_pct(self) -> float:
        return self.percent(self.on_time)

    @property
    def late_pct(self) -> float:
        return self.percent(self.late)

    @property
    def missing_pct(self) -> float:
        return self.percent(self.missing)


def rates(states: Counter[State]) -> Rates:
    """Rates over the reports already due (not-due ones are left out of the percentages)."""
    return Rates(
        expected=states.total(),
        on_time=states[State.ON_TIME],
        late=states[State.LATE],
        missing=states[State.MISSING],
        not_due=states[State.NOT_DUE],
    )


def period_for(template: ReportTemplate, period_id: str) -> Period:
    """Parse a period id and check it is of the template's frequency."""
    period = parse_period(period_id)
    if template.frequency is None or period.type.value != template.frequency:
        raise ValueError(
            _("Kỳ %(period)s không đúng loại kỳ của mẫu %(template)s (%(frequency)s)")
            % {
                "period": period_id,
                "template": template.code,
                "frequency": template.frequency or _("đột xuất"),
            }
        )
    return period
