from datetime import date

import pytest

from khth.periods import CutoffRule, WorkCalendar, deadline, default_calendar, parse_period

DEFAULT = CutoffRule()


@pytest.mark.parametrize(
    ("pid", "rule", "offset", "due"),
    [
        # Cut-off Sunday 14/7/2024: the 2nd working day after it is Tuesday.
        ("202407", DEFAULT, 2, date(2024, 7, 16)),
        ("202407", DEFAULT, 1, date(2024, 7, 15)),
        # Cut-off Tuesday 14/1/2025; the 9th working day would fall in the Tết break 25/1–2/2.
        ("202501", DEFAULT, 8, date(2025, 1, 24)),
        ("202501", DEFAULT, 9, date(2025, 2, 3)),
        ("202501", CutoffRule(day=25), 1, date(2025, 2, 3)),
        ("2024Q1", DEFAULT, 1, date(2024, 3, 15)),
        ("2024S1", DEFAULT, 3, date(2024, 6, 19)),
        # Cut-off Saturday 14/12/2024.
        ("2024", DEFAULT, 1, date(2024, 12, 16)),
        # Weekly: Monday–Sunday, due the next working day; 2/9 and 3/9/2024 are holidays.
        ("2024W36", DEFAULT, 1, date(2024, 9, 9)),
        ("2024W35", DEFAULT, 1, date(2024, 9, 4)),
        # Nominal April 2024 ends on 30/4 (holiday); 1/5 is a holiday too.
        ("202404", CutoffRule(kind="nominal"), 1, date(2024, 5, 2)),
    ],
)
def test_deadline(pid: str, rule: CutoffRule, offset: int, due: date) -> None:
    assert deadline(parse_period(pid), rule, offset, default_calendar()) == due


def test_deadline_lands_on_a_make_up_saturday() -> None:
    # With day 4 the May 2024 window ends Friday 3/5; Saturday 4/5 was an official make-up day.
    may = parse_period("202405")
    rule = CutoffRule(day=4)
    assert deadline(may, rule, 1, default_calendar()) == date(2024, 5, 4)
    assert deadline(may, rule, 1, WorkCalendar()) == date(2024, 5, 6)


@pytest.mark.parametrize("offset", [0, -1])
def test_deadline_needs_at_least_one_working_day_after_cutoff(offset: int) -> None:
    with pytest.raises(ValueError, match="ít nhất 1 ngày làm việc"):
        deadline(parse_period("202407"), DEFAULT, offset, default_calendar())
