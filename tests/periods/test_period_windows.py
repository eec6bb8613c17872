from datetime import date

import pytest

from khth.periods import CutoffRule, PeriodType, cutoff_window, parse_period, period_of

SHIFTED = CutoffRule()
NOMINAL = CutoffRule(kind="nominal")


@pytest.mark.parametrize(
    ("pid", "rule", "start", "end"),
    [
        # Decree 09/2019/NĐ-CP and Thông tư 58/2020/TT-BQP defaults.
        ("202407", SHIFTED, date(2024, 6, 15), date(2024, 7, 14)),
        ("202401", SHIFTED, date(2023, 12, 15), date(2024, 1, 14)),
        ("202403", SHIFTED, date(2024, 2, 15), date(2024, 3, 14)),
        ("2024Q1", SHIFTED, date(2023, 12, 15), date(2024, 3, 14)),
        ("2024Q3", SHIFTED, date(2024, 6, 15), date(2024, 9, 14)),
        ("2024S1", SHIFTED, date(2023, 12, 15), date(2024, 6, 14)),
        ("2024S2", SHIFTED, date(2024, 6, 15), date(2024, 12, 14)),
        ("2024", SHIFTED, date(2023, 12, 15), date(2024, 12, 14)),
        # No official window for these: always the period itself.
        ("2024W27", SHIFTED, date(2024, 7, 1), date(2024, 7, 7)),
        ("2025W1", SHIFTED, date(2024, 12, 30), date(2025, 1, 5)),
        ("20240506", SHIFTED, date(2024, 5, 6), date(2024, 5, 6)),
        ("202407", NOMINAL, date(2024, 7, 1), date(2024, 7, 31)),
        ("2024Q3", NOMINAL, date(2024, 7, 1), date(2024, 9, 30)),
        ("2024", NOMINAL, date(2024, 1, 1), date(2024, 12, 31)),
        ("202403", CutoffRule(day=20), date(2024, 2, 20), date(2024, 3, 19)),
        ("202403", CutoffRule(day=2), date(2024, 2, 2), date(2024, 3, 1)),
        ("202403", CutoffRule(day=28), date(2024, 2, 28), date(2024, 3, 27)),
    ],
)
def test_cutoff_window(pid: str, rule: CutoffRule, start: date, end: date) -> None:
    assert cutoff_window(parse_period(pid), rule) == (start, end)


def test_default_rule_is_shifted_15() -> None:
    assert cutoff_window(parse_period("202407")) == (date(2024, 6, 15), date(2024, 7, 14))


@pytest.mark.parametrize(
    "ptype",
    [PeriodType.MONTHLY, PeriodType.QUARTERLY, PeriodType.SIXMONTHLY, PeriodType.YEARLY],
)
@pytest.mark.parametrize("day", [2, 15, 28])
def test_consecutive_windows_leave_no_gap_and_no_overlap(ptype: PeriodType, day: int) -> None:
    rule = CutoffRule(day=day)
    period = period_of(date(2019, 1, 1), ptype)
    while period.start.year < 2027:
        following = period.next()
        assert cutoff_window(following, rule)[0].toordinal() == (
            cutoff_window(period, rule)[1].toordinal() + 1
        )
        period = following


@pytest.mark.parametrize("day", [0, 1, 29, 31, -15])
def test_rule_day_must_exist_in_every_month(day: int) -> None:
    with pytest.raises(ValueError, match=str(day)):
        CutoffRule(day=day)


def test_rule_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="nominal, shifted"):
        CutoffRule(kind="monthly")  # type: ignore[arg-type]
