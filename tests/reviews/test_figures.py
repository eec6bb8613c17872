"""The figures of a review against the stored data: each number computed here again from the
fixture's own lists (tests/reviews/conftest.py), not from the code under test. Also the bins of
short and long spans, and the bound on queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khth.awards.models import Award
from khth.inspections.models import Finding
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.reviews.figures import bins, figures_of
from khth.units.actions import create_unit
from tests.conftest import FOUNDED
from tests.reviews.conftest import (
    AWARDS,
    END,
    FINDINGS,
    INCOMPLETE,
    INSPECTIONS,
    LEVELS,
    REPORTS,
    START,
    TODAY,
    YEARLY,
    send,
)

pytestmark = pytest.mark.django_db

SUBTREE = {"R", "B1", "C1", "C2", "B2", "C3"}  # R's subtree: every unit reports
YEARS = range(2020, 2025)
# Periods of the rated templates ending in one year: 12 months, 4 quarters, 2 halves, 1 year.
PER_YEAR = 12 + 4 + 2 + 1


def figures(world: Any, start: dt.date = START, end: dt.date = END, **kwargs: Any) -> Any:
    return figures_of(world.unit("R"), active_regulation(), start, end, None, TODAY, **kwargs)


def sent_in(year: int) -> list[Any]:
    return [s for s in REPORTS if s.year == year]


def total(year: int, code: str) -> int:
    return sum(s.numbers.get(code, 0) for s in sent_in(year))


def test_reporting_timeliness_and_completeness(history):
    found = figures(history)
    expected = []
    for year in YEARS:
        on_time = sum(1 for s in sent_in(year) if not s.late) + (1 if year == 2024 else 0)
        late = sum(1 for s in sent_in(year) if s.late)
        owed = len(SUBTREE) * PER_YEAR
        expected.append((f"Năm {year}", owed, on_time, late, owed - on_time - late))
    assert [(t.label, t.expected, t.on_time, t.late, t.missing) for t in found.timeliness] == (
        expected
    )
    # Every report sent is counted once: the yearly ones and C1's June report.
    assert found.submitted == len(REPORTS) + 1
    # C3's report of 2024 went up with a written reason for a missing section.
    assert INCOMPLETE in {(s.unit, s.year) for s in REPORTS}
    assert found.complete == found.submitted - 1
    assert found.completeness_percent == Decimal("90.9")


def test_indicator_trends_are_the_yearly_consolidations(history):
    found = {t.code: t for t in figures(history).trends}
    assert list(found) == ["gdct-ty-le", "dang-vien", "ket-nap", "vi-pham-nghiem-trong", "dao-ngu"]
    for code in ("dang-vien", "ket-nap", "vi-pham-nghiem-trong", "dao-ngu"):
        values = [p.value for p in found[code].points]
        assert values == [
            Decimal(total(year, code)) if sent_in(year) else None for year in YEARS
        ], code
    # A percentage is recomputed from numerator and denominator, never averaged.
    for point, year in zip(found["gdct-ty-le"].points, YEARS, strict=True):
        if not sent_in(year):
            assert (point.value, point.display, point.link) == (None, "", "")
            continue
        ratio = Decimal(100 * total(year, "gdct-tham-gia")) / Decimal(total(year, "quan-so"))
        assert point.value is not None
        assert point.value.quantize(Decimal("0.0001")) == ratio.quantize(Decimal("0.0001"))
        assert point.display == f"{ratio:.1f}%".replace(".", ",")
        assert point.link == reverse("consolidation", args=["R", YEARLY, str(year)])


def test_plan_targets_met_and_missed(history):
    found = figures(history)
    gdct_2023 = Decimal(100 * total(2023, "gdct-tham-gia")) / total(2023, "quan-so")
    results = [gdct_2023 >= 90, total(2023, "dang-vien") >= 1000, total(2024, "ket-nap") >= 5]
    assert found.targets == Counter({"met": results.count(True), "missed": results.count(False)})
    assert [title for title, _link in found.target_links] == [
        "Kế hoạch CTĐ, CTCT năm 2023",
        "Kế hoạch CTĐ, CTCT năm 2024",
    ]
    assert all(link.startswith("/plans/") for _title, link in found.target_links)


def test_evaluation_levels_over_time(history):
    by_period: dict[str, Counter[str]] = {}
    for code, period_id, level in LEVELS:
        if code != "R":  # the review's own unit is not among those it rates
            by_period.setdefault(period_id, Counter())[level] += 1
    order = sorted(by_period, key=lambda p: parse_period(p).end)
    expected = [(parse_period(p).label, dict(by_period[p])) for p in order]
    assert figures(history).levels == expected
    # In the order of time: the year 2023 before the first half of 2024.
    assert [label for label, _counts in expected] == ["Năm 2023", "6 tháng đầu năm 2024"]


def test_inspection_findings_remedies_and_recurring_weak_areas(history):
    found = figures(history)
    held = {key for key, day in INSPECTIONS.items() if START <= day <= END}
    counted = [f for f in FINDINGS if f[0] in held and f[1] in SUBTREE]
    assert found.findings == Counter(kind for _i, _u, kind, _a, _r in counted)
    states: Counter[str] = Counter({"closed": 0, "open": 0, "overdue": 0})
    for *_rest, remedy in counted:
        if remedy is None:
            continue
        deadline, closed = remedy
        states["closed" if closed else "overdue" if deadline < TODAY else "open"] += 1
    assert found.remedies == states
    weak: dict[str, set[str]] = {}
    for _i, unit, kind, area, _r in counted:
        if kind in (Finding.WEAKNESS, Finding.VIOLATION):
            weak.setdefault(area, set()).add(unit)
    assert found.recurring == sorted(
        ((area, len(units)) for area, units in weak.items() if len(units) >= 2),
        key=lambda x: (-x[1], x[0]),
    )
    assert found.recurring == [("tu-tuong-ky-luat", 2), ("xay-dung-dang", 2)]


def test_awards_count_collectives_individuals_and_titles(history):
    found = figures(history).awards
    counted = [a for a in AWARDS if a[0] in SUBTREE and START <= a[3] <= END]
    assert found["collective"] == sum(1 for a in counted if a[1] == Award.COLLECTIVE)
    assert found["individual"] == sum(1 for a in counted if a[1] == Award.INDIVIDUAL)
    assert (found["collective"], found["individual"]) == (3, 3)
    titles = Counter(a[2] for a in counted)
    assert {k: v for k, v in found.items() if k not in {"collective", "individual"}} == titles


# --- bins ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "labels"),
    [
        (
            dt.date(2024, 1, 1),
            dt.date(2024, 6, 30),
            [f"Tháng {m}/2024" for m in range(1, 7)],
        ),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), [f"Tháng {m}/2024" for m in range(1, 13)]),
        (dt.date(2023, 1, 1), dt.date(2024, 12, 31), ["Năm 2023", "Năm 2024"]),
        (START, END, [f"Năm {y}" for y in YEARS]),
    ],
)
def test_months_for_a_year_or_less_years_beyond(start, end, labels):
    assert [b.label for b in bins(start, end)] == labels


def test_a_span_across_years_is_cut_at_its_ends():
    found = bins(dt.date(2019, 7, 1), dt.date(2024, 6, 30))
    assert [b.label for b in found] == [f"Năm {y}" for y in range(2019, 2025)]
    assert (found[0].start, found[-1].end) == (dt.date(2019, 7, 1), dt.date(2024, 6, 30))


def test_a_six_month_review_counts_per_month(world):
    send(world, "C1", "bc-thang", "202406", late=False)
    send(world, "C2", "bc-thang", "202403", late=True)
    found = figures(world, dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    units = len(SUBTREE)
    # Monthly reports every month; the first quarter's in March; the second quarter's and the
    # first half-year's in June.
    owed = [units, units, 2 * units, units, units, 3 * units]
    assert [t.expected for t in found.timeliness] == owed
    assert [t.on_time for t in found.timeliness] == [0, 0, 0, 0, 0, 1]
    assert [t.late for t in found.timeliness] == [0, 0, 1, 0, 0, 0]
    # Trends come from the monthly consolidations.
    points = [p for p in found.trends[0].points if p.value is not None]
    assert [p.label for p in points] == ["Tháng 3/2024", "Tháng 6/2024"]
    assert points[1].link == reverse("consolidation", args=["R", "bc-thang", "202406"])


# --- queries ---------------------------------------------------------------------------------

# 5 years: 95 periods of the rated templates (2 queries each), 5 yearly consolidations, 15
# evaluation periods, the plans' targets, the inspections and the awards.
FIVE_YEARS_MAX_QUERIES = 400  # 353 when written


def count_queries(world: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures(world)
    return len(captured.captured_queries)


def test_queries_are_bounded_for_five_years_and_do_not_grow_with_units(history):
    first = count_queries(history)
    assert first <= FIVE_YEARS_MAX_QUERIES
    for code in ("C4", "C5", "C6"):
        create_unit(
            code=code,
            name=f"Đại đội {code[1]}",
            short_name=f"Đại đội {code[1]}",
            level="dai-doi",
            parent=history.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )
    send(history, "C4", YEARLY, "2024", late=False)
    assert count_queries(history) == first
