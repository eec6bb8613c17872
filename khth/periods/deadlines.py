"""Report deadlines: a number of working days after the data cut-off."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from khth.periods.calendar import WorkCalendar
from khth.periods.ids import Period
from khth.periods.windows import CutoffRule, cutoff_window


def deadline(
    period: Period, rule: CutoffRule, working_days_after_cutoff: int, calendar: WorkCalendar
) -> date:
    # Decree 09/2019/NĐ-CP: the deadline must leave at least one working day after the cut-off.
    if working_days_after_cutoff < 1:
        raise ValueError(
            _("Hạn nộp phải sau ngày chốt số liệu ít nhất 1 ngày làm việc, không phải %(days)s")
            % {"days": working_days_after_cutoff}
        )
    return calendar.add_working_days(cutoff_window(period, rule)[1], working_days_after_cutoff)
