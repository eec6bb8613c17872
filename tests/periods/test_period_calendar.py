from datetime import date, timedelta
from pathlib import Path

import pytest

from khth.periods import (
    DEFAULT_HOLIDAYS_FILE,
    HolidayFileError,
    WorkCalendar,
    default_calendar,
    load_calendar,
)

CAL = default_calendar()

# Tết (1 tháng Giêng) and Giỗ Tổ (10 tháng 3) by the Vietnamese lunar calendar (UTC+7); 2030 is a
# year where Vietnam's Tết falls one day before China's.
LUNAR = {
    2017: (date(2017, 1, 28), date(2017, 4, 6)),
    2018: (date(2018, 2, 16), date(2018, 4, 25)),
    2019: (date(2019, 2, 5), date(2019, 4, 14)),
    2020: (date(2020, 1, 25), date(2020, 4, 2)),
    2021: (date(2021, 2, 12), date(2021, 4, 21)),
    2022: (date(2022, 2, 1), date(2022, 4, 10)),
    2023: (date(2023, 1, 22), date(2023, 4, 29)),
    2024: (date(2024, 2, 10), date(2024, 4, 18)),
    2025: (date(2025, 1, 29), date(2025, 4, 7)),
    2026: (date(2026, 2, 17), date(2026, 4, 26)),
    2027: (date(2027, 2, 6), date(2027, 4, 16)),
    2028: (date(2028, 1, 26), date(2028, 4, 4)),
    2029: (date(2029, 2, 13), date(2029, 4, 23)),
    2030: (date(2030, 2, 2), date(2030, 4, 12)),
}


@pytest.mark.parametrize("year", sorted(LUNAR))
def test_every_year_has_the_statutory_holidays(year: int) -> None:
    tet, gio_to = LUNAR[year]
    for day in (
        date(year, 1, 1),
        tet - timedelta(days=1),
        *(tet + timedelta(days=i) for i in range(4)),
        gio_to,
        date(year, 4, 30),
        date(year, 5, 1),
        date(year, 9, 2),
    ):
        assert day in CAL.holidays, day
    if year >= 2021:
        # Labour Code 2019, art. 112: one more day next to 2/9.
        assert date(year, 9, 1) in CAL.holidays or date(year, 9, 3) in CAL.holidays


# Weekday days off minus make-up days: 10 a year under the Labour Code 2012, 11 from 2021. The
# New Year 2019 break took Monday 31/12/2018 and was made up on Saturday 5/1/2019.
NET_DAYS_OFF = {2017: 10, 2018: 11, 2019: 9, 2020: 10} | {y: 11 for y in range(2021, 2031)}


@pytest.mark.parametrize(("year", "days"), sorted(NET_DAYS_OFF.items()))
def test_every_year_balances_swaps_and_compensatory_days(year: int, days: int) -> None:
    weekdays_off = [d for d in CAL.holidays if d.year == year and d.weekday() < 5]
    made_up = [d for d in CAL.extra_working_days if d.year == year]
    assert len(weekdays_off) - len(made_up) == days


def test_years_covered_and_estimated() -> None:
    assert CAL.years == frozenset(range(2017, 2031))
    assert CAL.default_years == frozenset(range(2026, 2031))
    assert CAL.weekend == frozenset({5, 6})
    assert default_calendar() is CAL


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 2, 8), False),  # Tết Giáp Thìn
        (date(2024, 2, 15), True),
        (date(2024, 5, 4), True),  # make-up Saturday
        (date(2024, 5, 5), False),
        (date(2025, 4, 26), True),  # make-up Saturday
        (date(2025, 5, 2), False),  # swapped day off
        (date(2025, 9, 1), False),
        (date(2020, 9, 3), True),  # before 2021, 2/9 was one day
        (date(2021, 9, 3), False),
        (date(2017, 1, 2), False),  # 1/1/2017 was a Sunday
        (date(2024, 7, 15), True),
        (date(2024, 7, 14), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "result"),
    [
        (date(2024, 7, 14), 2, date(2024, 7, 16)),
        (date(2024, 7, 14), 0, date(2024, 7, 15)),
        (date(2024, 7, 15), 0, date(2024, 7, 15)),
        (date(2024, 7, 15), 5, date(2024, 7, 22)),
        (date(2025, 1, 24), 1, date(2025, 2, 3)),  # across the whole Tết 2025 break
        (date(2025, 1, 26), 0, date(2025, 2, 3)),
        (date(2024, 2, 7), 1, date(2024, 2, 15)),
        (date(2024, 4, 26), 1, date(2024, 5, 2)),
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
        (date(2025, 4, 29), 1, date(2025, 5, 5)),
        (date(2024, 8, 30), 1, date(2024, 9, 4)),
        (date(2018, 12, 28), 1, date(2019, 1, 2)),
        (date(2019, 1, 4), 1, date(2019, 1, 5)),
        # Past the data only weekends are known: an administrator must add the year.
        (date(2031, 1, 1), 1, date(2031, 1, 2)),
    ],
)
def test_add_working_days(start: date, n: int, result: date) -> None:
    assert CAL.add_working_days(start, n) == result


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="-1"):
        CAL.add_working_days(date(2024, 7, 15), -1)


@pytest.mark.parametrize(
    "start", [date(2024, 7, 14), date(2025, 1, 20), date(2019, 4, 26), date(2018, 12, 27)]
)
def test_working_days_between_inverts_add_working_days(start: date) -> None:
    for n in range(1, 40):
        end = CAL.add_working_days(start, n)
        assert CAL.working_days_between(start, end) == n
        assert CAL.working_days_between(end, start) == -n
    assert CAL.working_days_between(start, start) == 0


def test_working_days_between_example() -> None:
    # Tết 2025 break 25/1–2/2: only Thursday 23 and Friday 24 January count.
    assert CAL.working_days_between(date(2025, 1, 22), date(2025, 2, 2)) == 2


@pytest.mark.parametrize("weekend", [frozenset(range(7)), frozenset({7}), frozenset({-1})])
def test_weekend_is_validated(weekend: frozenset[int]) -> None:
    with pytest.raises(ValueError):
        WorkCalendar(weekend=weekend)


def test_custom_weekend() -> None:
    sunday_only = WorkCalendar(weekend=frozenset({6}))
    assert sunday_only.add_working_days(date(2024, 7, 12), 1) == date(2024, 7, 13)


GOOD = """
weekend: [5, 6]
years:
  2024:
    basis: official
    note: test
    holidays:
      - {date: 2024-01-01, name: "Tết Dương lịch"}
      - {from: 2024-02-08, to: "2024-02-14", name: "Tết"}
    working_days:
      - {date: 2024-05-04, name: "Làm bù"}
  2025:
    basis: default
    holidays: []
"""


def test_load_calendar(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cal = load_calendar(path)
    assert cal.holidays == {date(2024, 1, 1)} | {date(2024, 2, d) for d in range(8, 15)}
    assert cal.extra_working_days == {date(2024, 5, 4)}
    assert cal.years == {2024, 2025}
    assert cal.default_years == {2025}


def test_shipped_file_is_the_default() -> None:
    assert load_calendar(DEFAULT_HOLIDAYS_FILE) == CAL


def _year(body: str) -> str:
    return f"years:\n  2024:\n    basis: official\n{body}"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("years: [", ["không đọc được"]),
        ("years:\n  2024: {}\n  2024: {}\n", ["khóa 2024 bị lặp"]),
        ("[]", ["tệp", "bảng khóa"]),
        ("{}", ["thiếu years"]),
        ("years: {}\nweekdays: [5]", ["khóa lạ: weekdays"]),
        ("weekend: [7]\nyears: {}", ["weekend"]),
        ("years:\n  'năm 2024': {}", ["năm phải là số"]),
        ("years:\n  2024: {basis: official}", ["năm 2024", "thiếu holidays"]),
        ("years:\n  2024: {basis: maybe, holidays: []}", ["năm 2024", "basis"]),
        ("years:\n  2024: {basis: official, holiday: []}", ["năm 2024", "holiday"]),
        (_year("    holidays: {}\n"), ["năm 2024, holidays", "danh sách"]),
        (_year("    holidays:\n      - {date: 2024-01-01}\n"), ["holidays[0]", "thiếu name"]),
        (_year("    holidays:\n      - {date: 2024-01-01, name: ''}\n"), ["holidays[0]", "name"]),
        (_year("    holidays:\n      - {date: 2024-02-30, name: x}\n"), ["2024-02-30"]),
        (_year("    holidays:\n      - {date: 2024-1-1, name: x}\n"), ["2024-1-1"]),
        (_year("    holidays:\n      - {date: 20240101, name: x}\n"), ["20240101"]),
        (_year("    holidays:\n      - {date: 2023-12-31, name: x}\n"), ["không thuộc năm 2024"]),
        (
            _year("    holidays:\n      - {date: 2024-01-01, to: 2024-01-02, name: x}\n"),
            ["holidays[0]", "khóa lạ: to"],
        ),
        (
            _year("    holidays:\n      - {from: 2024-02-14, to: 2024-02-08, name: x}\n"),
            ["holidays[0]", "'to' phải sau 'from'"],
        ),
        (
            _year("    holidays:\n      - {from: 2024-02-08, to: 2024-12-14, name: x}\n"),
            ["holidays[0]", "31 ngày"],
        ),
        (
            _year("    holidays: []\n    working_days:\n      - {date: 2024-05-03, name: x}\n"),
            ["working_days[0]", "ngày nghỉ hằng tuần"],
        ),
        (
            _year(
                "    holidays:\n      - {date: 2024-05-04, name: x}\n"
                "    working_days:\n      - {date: 2024-05-04, name: y}\n"
            ),
            ["working_days[0]", "trùng"],
        ),
    ],
)
def test_malformed_file_names_the_file_and_the_entry(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayFileError) as excinfo:
        load_calendar(path)
    message = str(excinfo.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(HolidayFileError, match="không đọc được"):
        load_calendar(path)
