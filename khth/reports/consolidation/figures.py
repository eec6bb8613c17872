"""The figures of a consolidation, in SQL: a number of queries fixed by the template, never by
the size of the subtree.

One GROUP BY indicator for sums, percentages (from the sums of their numerator and denominator),
extremes and counts; one pass over a per-report pivot for weighted averages (a unit's value meets
its own weight); one ordered fetch for what SQL cannot express (``last``, ``none``, a condition on
a percentage). Every result passes through the accumulators of khth.reports.rollup, the reference
tests/reports/test_consolidation.py holds this module to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DecimalField,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports import rollup
from khth.reports.models import IndicatorValue
from khth.reports.rollup import Count as UnitCount
from khth.reports.rollup import Rolled, Row
from khth.reports.values import HUNDRED
from khth.reports.values import Value as Entered

# SQLite keeps decimals as binary floats (0.1 + 0.2 = 0.30000000000000004) and Django reads a
# decimal result there through a 15-digit context. Stored values have 4 decimals, so on SQLite
# they are summed as integers of 1/10 000 and divided back here. PostgreSQL's numeric is exact.
SCALE = Decimal(10_000)
WIDE = DecimalField(max_digits=60, decimal_places=8)
LOOKUPS = {"<=": "lte", "<": "lt", ">=": "gte", ">": "gt", "==": "exact"}


@dataclass(frozen=True)
class Scope:
    """Which reports count, as a filter usable from Report and from IndicatorValue."""

    filters: dict[str, Any]
    statuses: tuple[str, ...]
    own_unit_id: int
    # False: the subordinates' reports alone, what a unit's own figures stand beside.
    with_own: bool = True
    # Values left out of the figures: (regulation version, indicator codes) of reports made
    # under a variant whose indicator of the same code counts another thing
    # (khth.reports.consolidation.variants). Empty when every report shares one version.
    excluded: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def q(self, prefix: str = "") -> Q:
        chosen = Q(**{f"{prefix}{key}": value for key, value in self.filters.items()})
        counted = Q(**{f"{prefix}status__in": self.statuses})
        own = Q(**{f"{prefix}unit_id": self.own_unit_id})
        if not self.with_own:
            return chosen & counted & ~own
        return chosen & (counted | own)

    def values(self) -> QuerySet[IndicatorValue]:
        # A join from the values to their reports, as the plain SUM a database does fastest;
        # "report IN (subquery)" made SQLite probe its index once per report and indicator.
        values = IndicatorValue.objects.filter(self.q("report__"))
        for version_id, codes in self.excluded:
            values = values.exclude(report__regulation_id=version_id, indicator_code__in=codes)
        return values


def rolled_up(template: ReportTemplate, scope: Scope) -> dict[str, Rolled]:
    """Every indicator of ``template`` over the reports of ``scope``, in template order."""
    by_code = {i.code: i for i in template.indicators}
    grouped, paired, fetched = _plan(template)
    rolled = {**_grouped(grouped, scope), **_paired(paired, scope)}
    if fetched:
        codes = set().union(*(inputs(template, by_code[c]) for c in fetched))
        rolled.update(rollup.rollup_flat(template, fetch_rows(scope, codes), only=fetched))
    return {i.code: rolled.get(i.code, Rolled(None, 0)) for i in template.indicators}


def _plan(template: ReportTemplate) -> tuple[list[Indicator], list[Indicator], list[str]]:
    """Which indicators the GROUP BY serves, which the per-report pivot, which the fetch."""
    computed = {i.code for i in template.indicators if i.type == "percentage"}
    grouped: list[Indicator] = []
    paired: list[Indicator] = []
    fetched: list[str] = []
    for indicator in template.indicators:
        tested = indicator.condition.of if indicator.condition else None
        inputs = {indicator.numerator, indicator.denominator, indicator.weight_indicator, tested}
        if indicator.aggregation in {"last", "none"} or inputs & computed:
            fetched.append(indicator.code)
        elif indicator.aggregation == "weighted_average":
            paired.append(indicator)
        elif indicator.code in computed and indicator.aggregation != "ratio":
            fetched.append(indicator.code)  # e.g. the highest of the units' own percentages
        else:
            grouped.append(indicator)
    return grouped, paired, fetched


def _exact(expression: Any) -> Any:
    if connection.vendor == "sqlite":
        return Cast(Round(expression * Value(SCALE)), BigIntegerField())
    return expression


def _exact_field() -> BigIntegerField[Any, Any] | DecimalField[Any, Any]:
    return BigIntegerField() if connection.vendor == "sqlite" else WIDE


def _unscale(value: Any, power: int = 1) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(value)
    return number / SCALE**power if connection.vendor == "sqlite" else number


def _grouped(indicators: list[Indicator], scope: Scope) -> dict[str, Rolled]:
    """Sums, percentages, extremes and counts: one GROUP BY indicator_code, computing only the
    aggregates the template's rules need."""
    if not indicators:
        return {}
    rules = {i.aggregation for i in indicators}
    aggregates: dict[str, Any] = {"n": Count("number")}
    if rules & {"sum", "ratio"}:
        aggregates["total"] = Sum(_exact(F("number")))
    if "min" in rules:
        aggregates["low"] = Min("number")
    if "max" in rules:
        aggregates["high"] = Max("number")
    if "count_true" in rules:
        aggregates["answered"] = Count("flag")
        aggregates["yes"] = Count("pk", filter=Q(flag=True))
    names: dict[str, str] = {}
    for indicator in indicators:
        if indicator.aggregation == "count_condition" and indicator.condition is not None:
            names[indicator.code] = f"c{len(names)}"
            aggregates[names[indicator.code]] = Count("pk", filter=_condition_q(indicator))
    grouped = scope.values().values("indicator_code").annotate(**aggregates).order_by()
    # The stubs know only the grouped column, not the aggregates next to it.
    rows = {row["indicator_code"]: row for row in cast(Iterable[dict[str, Any]], grouped)}
    rolled: dict[str, Rolled] = {}
    for indicator in indicators:
        tested = indicator.condition.of if indicator.condition else None
        row = rows.get(tested or indicator.code, {})
        n = int(row.get("n") or 0)
        match indicator.aggregation:
            case "sum":
                rolled[indicator.code] = Rolled(_unscale(row.get("total")), n)
            case "ratio":
                ratio = rollup.RatioOf(HUNDRED if indicator.type == "percentage" else Decimal(1))
                numerator = rows.get(indicator.numerator or "", {})
                denominator = rows.get(indicator.denominator or "", {})
                # Into the reference accumulator: the division, and what a zero or missing
                # denominator gives, are the very code the Python path runs.
                ratio.numerator.total = _unscale(numerator.get("total"))
                ratio.denominator.total = _unscale(denominator.get("total"))
                ratio.denominator.n = int(denominator.get("n") or 0)
                rolled[indicator.code] = Rolled(ratio.result(), ratio.n)
            case "min":
                rolled[indicator.code] = Rolled(_decimal(row.get("low")), n)
            case "max":
                rolled[indicator.code] = Rolled(_decimal(row.get("high")), n)
            case "count_true":
                answered = int(row.get("answered") or 0)
                count = UnitCount(int(row.get("yes") or 0), answered) if answered else None
                rolled[indicator.code] = Rolled(count, answered)
            case "count_condition":
                hits = int(row.get(names[indicator.code]) or 0) if indicator.code in names else n
                rolled[indicator.code] = Rolled(UnitCount(hits, n) if n else None, n)
    return rolled


def _condition_q(indicator: Indicator) -> Q:
    assert indicator.condition is not None  # noqa: S101 — callers filter on it
    threshold = Decimal(str(indicator.condition.value))
    if indicator.condition.op == "!=":
        return Q(number__isnull=False) & ~Q(number=threshold)
    return Q(**{f"number__{LOOKUPS[indicator.condition.op]}": threshold})


def _paired(indicators: list[Indicator], scope: Scope) -> dict[str, Rolled]:
    """Weighted averages: a pivot with one row per report and one column per input, so that
    a unit's value meets its own weight; then one pass of sums over it."""
    if not indicators:
        return {}
    codes = sorted({c for i in indicators for c in (i.code, i.weight_indicator) if c})
    column = {code: f"v{index}" for index, code in enumerate(codes)}
    cell = {
        column[code]: Max(
            Case(When(indicator_code=code, then=_exact(F("number"))), output_field=_exact_field())
        )
        for code in codes
    }
    pivot = (
        scope.values()
        .filter(indicator_code__in=codes)
        .values("report_id")
        .annotate(**cell)
        .order_by()
    )
    sums: dict[str, Any] = {}
    for index, indicator in enumerate(indicators):
        x = column[indicator.code]
        both = Q(**{f"{x}__isnull": False})
        # Without a weight indicator every unit weighs 1 (scaled like the values on SQLite).
        weight: Any = Value(_unscale_one())
        if indicator.weight_indicator:
            both &= Q(**{f"{column[indicator.weight_indicator]}__isnull": False})
            weight = F(column[indicator.weight_indicator])
        sums[f"a{index}"] = Sum(Case(When(both, then=F(x) * weight)), output_field=_exact_field())
        sums[f"b{index}"] = Sum(Case(When(both, then=weight)), output_field=_exact_field())
        sums[f"n{index}"] = Count(Case(When(both, then=Value(1))))
    totals = pivot.aggregate(**sums)
    rolled: dict[str, Rolled] = {}
    for index, indicator in enumerate(indicators):
        average = rollup.WeightedAverageOf()
        average.n = int(totals.get(f"n{index}") or 0)
        weighted = _unscale(totals.get(f"a{index}"), 2)
        weights = _unscale(totals.get(f"b{index}"))
        if weighted is not None and weights is not None:
            average.weighted, average.weights = weighted, weights
        rolled[indicator.code] = Rolled(average.result(), average.n)
    return rolled


def _unscale_one() -> Decimal:
    return SCALE if connection.vendor == "sqlite" else Decimal(1)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def inputs(template: ReportTemplate, indicator: Indicator) -> set[str]:
    """Every stored code the indicator's rule reads, through computed percentages."""
    by_code = {i.code: i for i in template.indicators}
    tested = indicator.condition.of if indicator.condition else None
    pending = [indicator.code, indicator.numerator, indicator.denominator]
    pending += [indicator.weight_indicator, tested]
    codes: set[str] = set()
    while pending:
        code = pending.pop()
        if code is None or code in codes:
            continue
        codes.add(code)
        other = by_code.get(code)
        if other is not None and other.type == "percentage":
            pending += [other.numerator, other.denominator]
    return codes


def fetch_rows(scope: Scope, codes: Collection[str] | None) -> list[Row]:
    values = scope.values()
    if codes is not None:
        values = values.filter(indicator_code__in=codes)
    fetched = values.values_list(
        "report__unit__code",
        Coalesce("report__submitted_at", "report__updated_at"),
        "indicator_code",
        "number",
        "flag",
        "text",
    ).order_by("report__unit__path", "indicator_code")
    rows: dict[str, tuple[dt.datetime | None, dict[str, Entered]]] = {}
    for unit_code, stamp, code, number, flag, text in fetched:
        entry = rows.setdefault(unit_code, (stamp, {}))
        entry[1][code] = Entered(
            number=None if number is None else Decimal(number), flag=flag, text=text
        )
    return [Row(unit=code, values=values, stamp=stamp) for code, (stamp, values) in rows.items()]
