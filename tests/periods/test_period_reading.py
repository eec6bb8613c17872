"""Periods as people write them: one table of what is read into which id, the labels KHTH
prints read back, what is refused and how the refusal names the text; the picker's periods."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.periods import PeriodError, PeriodType, parse_period, period_of
from khth.periods.reading import nearby_periods, next_due_period, read_period


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("11/2026", "202611"),
        ("T11/2026", "202611"),
        ("t 11/2026", "202611"),
        ("tháng 11/2026", "202611"),
        ("Tháng 11/2026", "202611"),
        ("thang 11-2026", "202611"),
        ("  3 / 2026 ", "202603"),
        ("202611", "202611"),
        ("quý 3/2026", "2026Q3"),
        ("Quý III/2026", "2026Q3"),
        ("Q3/2026", "2026Q3"),
        ("q3 2026", "2026Q3"),
        ("quy iv/2026", "2026Q4"),
        ("2026q3", "2026Q3"),
        ("tuần 49/2026", "2026W49"),
        ("Tuần 1/2026", "2026W1"),
        ("W49/2026", "2026W49"),
        ("2026W49", "2026W49"),
        ("6 tháng đầu năm 2026", "2026S1"),
        ("6 tháng cuối năm 2026", "2026S2"),
        ("6 thang dau 2026", "2026S1"),
        ("S2/2026", "2026S2"),
        ("năm 2026", "2026"),
        ("Năm 2026", "2026"),
        ("2026", "2026"),
        ("Ngày 05/11/2026", "20261105"),
        ("5/11/2026", "20261105"),
    ],
)
def test_reads_what_people_write(text, pid):
    assert read_period(text).id == pid


@pytest.mark.parametrize("ptype", list(PeriodType))
def test_every_label_printed_reads_back(ptype):
    period = period_of(dt.date(2026, 11, 5), ptype)
    assert read_period(period.label) == period


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("tháng mười một", "«tháng mười một»"),
        ("13/2026", "«13/2026»"),
        ("quý 5/2026", "«quý 5/2026»"),
        ("tuần 54/2026", "«tuần 54/2026»"),
        ("31/2/2026", "«31/2/2026»"),
        ("abc", "«abc»"),
    ],
)
def test_what_cannot_be_read_is_named_in_vietnamese(text, names):
    with pytest.raises(PeriodError) as refused:
        read_period(text)
    assert names in str(refused.value)


def test_an_empty_text_asks_for_a_period():
    with pytest.raises(PeriodError, match="Chưa chọn kỳ"):
        read_period("   ")


def test_allowed_types_limit_what_is_read():
    monthly = {PeriodType.MONTHLY}
    assert read_period("11/2026", monthly).id == "202611"
    with pytest.raises(PeriodError) as refused:
        read_period("quý 3/2026", monthly)
    assert str(refused.value) == "«quý 3/2026» là kỳ quý; ở đây chỉ nhận kỳ tháng"


def test_nearby_periods_surround_today():
    today = dt.date(2026, 11, 20)
    periods = nearby_periods(today, {PeriodType.MONTHLY, PeriodType.QUARTERLY})
    ids = [p.id for p in periods]
    assert ids[:7] == ["202608", "202609", "202610", "202611", "202612", "202701", "202702"]
    assert ids[7:] == ["2026Q2", "2026Q3", "2026Q4", "2027Q1", "2027Q2"]


@pytest.mark.parametrize(
    ("today", "pid"),
    [
        (dt.date(2026, 11, 10), "202610"),  # October's report is still due (the 18th)
        (dt.date(2026, 11, 18), "202610"),  # on its deadline day
        (dt.date(2026, 11, 19), "202611"),  # then November's
        (dt.date(2026, 11, 30), "202611"),
    ],
)
def test_next_due_period(today, pid):
    def deadline_of(period):
        # A report is due on the 18th of the month after its period (a made-up rule).
        return period.next().start + dt.timedelta(days=17)

    assert next_due_period(today, PeriodType.MONTHLY, deadline_of) == parse_period(pid)


def test_next_due_period_after_this_periods_own_deadline():
    # With shifted cut-off windows a period's report is due before the period ends.
    def deadline_of(period):
        return period.end - dt.timedelta(days=10)

    assert next_due_period(dt.date(2026, 11, 25), PeriodType.MONTHLY, deadline_of).id == "202612"
