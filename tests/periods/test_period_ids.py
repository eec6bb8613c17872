from datetime import date

import pytest

from khth.periods import (
    Period,
    PeriodError,
    PeriodType,
    iso_weeks_in_year,
    parse_period,
    parse_period_type,
    period_of,
    periods_between,
)

D, W, M, Q, S, Y = (
    PeriodType.DAILY,
    PeriodType.WEEKLY,
    PeriodType.MONTHLY,
    PeriodType.QUARTERLY,
    PeriodType.SIXMONTHLY,
    PeriodType.YEARLY,
)


@pytest.mark.parametrize(
    ("pid", "ptype", "start", "end", "label"),
    [
        ("20240506", D, date(2024, 5, 6), date(2024, 5, 6), "Ngày 06/05/2024"),
        ("20240229", D, date(2024, 2, 29), date(2024, 2, 29), "Ngày 29/02/2024"),
        ("2024W27", W, date(2024, 7, 1), date(2024, 7, 7), "Tuần 27/2024"),
        ("2024W1", W, date(2024, 1, 1), date(2024, 1, 7), "Tuần 1/2024"),
        ("2025W1", W, date(2024, 12, 30), date(2025, 1, 5), "Tuần 1/2025"),
        ("2020W53", W, date(2020, 12, 28), date(2021, 1, 3), "Tuần 53/2020"),
        ("2026W53", W, date(2026, 12, 28), date(2027, 1, 3), "Tuần 53/2026"),
        ("202407", M, date(2024, 7, 1), date(2024, 7, 31), "Tháng 7/2024"),
        ("202402", M, date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
        ("202312", M, date(2023, 12, 1), date(2023, 12, 31), "Tháng 12/2023"),
        ("2024Q1", Q, date(2024, 1, 1), date(2024, 3, 31), "Quý I/2024"),
        ("2024Q3", Q, date(2024, 7, 1), date(2024, 9, 30), "Quý III/2024"),
        ("2024Q4", Q, date(2024, 10, 1), date(2024, 12, 31), "Quý IV/2024"),
        ("2024S1", S, date(2024, 1, 1), date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2024S2", S, date(2024, 7, 1), date(2024, 12, 31), "6 tháng cuối năm 2024"),
        ("2024", Y, date(2024, 1, 1), date(2024, 12, 31), "Năm 2024"),
    ],
)
def test_id_round_trip(pid: str, ptype: PeriodType, start: date, end: date, label: str) -> None:
    period = parse_period(pid)
    assert period == Period(start, end, ptype)
    assert period.id == pid
    assert str(period) == pid
    assert period.label == label
    assert period_of(start, ptype) == period
    assert period_of(end, ptype) == period
    assert period_of(end, ptype.value) == period


def test_weekly_id_accepts_zero_padding_but_writes_dhis2_form() -> None:
    assert parse_period("2024W01") == parse_period("2024W1")
    assert parse_period("2024W01").id == "2024W1"


@pytest.mark.parametrize(
    ("day", "pid"),
    [
        (date(2024, 12, 30), "2025W1"),
        (date(2021, 1, 3), "2020W53"),
        (date(2021, 1, 4), "2021W1"),
        (date(2027, 1, 1), "2026W53"),
        (date(2024, 7, 3), "2024W27"),
        (date(2024, 12, 29), "2024W52"),
    ],
)
def test_iso_week_of_date(day: date, pid: str) -> None:
    assert period_of(day, W).id == pid


@pytest.mark.parametrize(
    ("year", "weeks"), [(2015, 53), (2020, 53), (2021, 52), (2024, 52), (2025, 52), (2026, 53)]
)
def test_iso_weeks_in_year(year: int, weeks: int) -> None:
    assert iso_weeks_in_year(year) == weeks


@pytest.mark.parametrize(
    ("pid", "next_id"),
    [
        ("20241231", "20250101"),
        ("20240228", "20240229"),
        ("2024W52", "2025W1"),
        ("2020W52", "2020W53"),
        ("2020W53", "2021W1"),
        ("2026W53", "2027W1"),
        ("202401", "202402"),
        ("202412", "202501"),
        ("2024Q4", "2025Q1"),
        ("2024S1", "2024S2"),
        ("2024S2", "2025S1"),
        ("2024", "2025"),
    ],
)
def test_next_and_previous(pid: str, next_id: str) -> None:
    assert parse_period(pid).next().id == next_id
    assert parse_period(next_id).previous().id == pid


@pytest.mark.parametrize(
    ("start", "end", "ptype", "ids"),
    [
        (date(2024, 12, 20), date(2025, 1, 10), W, ["2024W51", "2024W52", "2025W1", "2025W2"]),
        (date(2020, 12, 31), date(2021, 1, 4), W, ["2020W53", "2021W1"]),
        (date(2024, 11, 15), date(2025, 2, 1), M, ["202411", "202412", "202501", "202502"]),
        (date(2024, 8, 1), date(2025, 4, 1), Q, ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]),
        (date(2023, 12, 15), date(2024, 12, 14), S, ["2023S2", "2024S1", "2024S2"]),
        (date(2023, 12, 31), date(2025, 1, 1), Y, ["2023", "2024", "2025"]),
        (date(2024, 12, 30), date(2025, 1, 2), D, ["20241230", "20241231", "20250101", "20250102"]),
        (date(2024, 7, 3), date(2024, 7, 3), M, ["202407"]),
    ],
)
def test_periods_between(start: date, end: date, ptype: PeriodType, ids: list[str]) -> None:
    periods = periods_between(start, end, ptype)
    assert [p.id for p in periods] == ids
    assert periods == sorted(periods)


def test_periods_between_rejects_reversed_range() -> None:
    with pytest.raises(PeriodError, match="2024-07-03"):
        periods_between(date(2024, 7, 3), date(2024, 7, 1), M)


@pytest.mark.parametrize(
    ("pid", "problem"),
    [
        ("2021W53", "năm 2021 chỉ có 52 tuần"),
        ("2024W53", "năm 2024 chỉ có 52 tuần"),
        ("2024W54", "năm 2024 chỉ có 52 tuần"),
        ("2020W54", "năm 2020 chỉ có 53 tuần"),
        ("2024W0", "tuần phải từ 1"),
        ("202413", "tháng phải từ 1 đến 12"),
        ("202400", "tháng phải từ 1 đến 12"),
        ("2024Q5", "quý phải từ 1 đến 4"),
        ("2024Q0", "quý phải từ 1 đến 4"),
        ("2024S3", "nửa năm phải từ 1 đến 2"),
        ("20240230", "không có ngày 30/2/2024"),
        ("20230229", "không có ngày 29/2/2023"),
        ("20241301", "không có ngày 1/13/2024"),
        ("0000", "năm phải từ 0001"),
        ("garbage", "không phải mã kỳ hợp lệ"),
        ("", "không phải mã kỳ hợp lệ"),
        ("2024w27", "không phải mã kỳ hợp lệ"),
        ("2024W001", "không phải mã kỳ hợp lệ"),
        ("2024-07", "không phải mã kỳ hợp lệ"),
        (" 2024", "không phải mã kỳ hợp lệ"),
        ("2024\n", "không phải mã kỳ hợp lệ"),
        ("24Q1", "không phải mã kỳ hợp lệ"),
        ("２０２４", "không phải mã kỳ hợp lệ"),
    ],
)
def test_parse_errors_name_the_id_and_the_problem(pid: str, problem: str) -> None:
    with pytest.raises(PeriodError) as excinfo:
        parse_period(pid)
    message = str(excinfo.value)
    # Unparseable ids are quoted with repr so that stray whitespace stays visible.
    assert pid in message or repr(pid) in message
    assert problem in message
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    ("raw", "ptype"), [("weekly", W), (" Monthly ", M), (PeriodType.YEARLY, Y), ("sixmonthly", S)]
)
def test_parse_period_type(raw: str, ptype: PeriodType) -> None:
    assert parse_period_type(raw) is ptype


@pytest.mark.parametrize("raw", ["fortnightly", "", "tuần"])
def test_parse_period_type_lists_the_valid_types(raw: str) -> None:
    with pytest.raises(PeriodError, match="daily, weekly, monthly, quarterly, sixmonthly, yearly"):
        parse_period_type(raw)
    with pytest.raises(PeriodError):
        period_of(date(2024, 7, 3), raw)


@pytest.mark.parametrize(
    ("start", "end", "ptype"),
    [
        (date(2024, 7, 2), date(2024, 7, 31), M),
        (date(2024, 7, 1), date(2024, 7, 30), M),
        (date(2024, 7, 2), date(2024, 7, 8), W),
        (date(2024, 4, 1), date(2024, 9, 30), S),
    ],
)
def test_period_rejects_dates_that_are_not_its_bounds(start: date, end: date, ptype: str) -> None:
    with pytest.raises(PeriodError):
        Period(start, end, PeriodType(ptype))


def test_period_coerces_a_plain_type_string() -> None:
    period = Period(date(2024, 7, 1), date(2024, 7, 31), "monthly")  # type: ignore[arg-type]
    assert period.type is PeriodType.MONTHLY
    assert period.id == "202407"


def test_contains() -> None:
    q3 = parse_period("2024Q3")
    assert q3.contains(date(2024, 7, 1))
    assert q3.contains(date(2024, 9, 30))
    assert not q3.contains(date(2024, 6, 30))
    assert not q3.contains(date(2024, 10, 1))


def test_periods_sort_by_start() -> None:
    ids = ["2024", "202407", "2024Q3", "2023S2", "20240101"]
    assert [p.id for p in sorted(map(parse_period, ids))] == [
        "2023S2",
        "20240101",
        "2024",
        "202407",
        "2024Q3",
    ]
