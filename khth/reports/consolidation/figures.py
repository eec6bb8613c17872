"""The figures of a consolidation, in SQL: a number of queries fixed by the template, never by
the size of the subtree.

One GROUP BY indicator for sums, percentages (from the sums of their numerator and denominator),
extremes and, on PostgreSQL, counts of units and weighted averages (each value's weight is stored
on its row: khth.reports.weights); on SQLite those are read in the pass over the reports that
counts who reported, one row per report with the few values they read beside it. One ordered
fetch for what SQL cannot express (``last``, ``none``, a condition on a percentage). Every result
passes through the accumulators of khth.reports.rollup, the reference
tests/reports/test_consolidation.py holds this module to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Func,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports import rollup
from khth.reports.models import IndicatorValue, Report
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


def rolled_up(
    template: ReportTemplate,
    scope: Scope,
    per_report: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, Rolled]:
    """Every indicator of ``template`` over the reports of ``scope``, in template order.
    ``per_report``: the rows of ``per_report_terms`` already read with the reports (by
    coverage.tally); without them the pass over the reports is run here."""
    by_code = {i.code: i for i in template.indicators}
    grouped, paired, fetched = plan(template)
    if per_report is None:
        per_report = _per_report_rows(paired, scope)
    rolled = {**_grouped(grouped, scope), **per_report_rolled(paired, per_report, scope.excluded)}
    if fetched:
        codes = set().union(*(inputs(template, by_code[c]) for c in fetched))
        rolled.update(rollup.rollup_flat(template, fetch_rows(scope, codes), only=fetched))
    return {i.code: rolled.get(i.code, Rolled(None, 0)) for i in template.indicators}


def plan(template: ReportTemplate) -> tuple[list[Indicator], list[Indicator], list[str]]:
    """Which indicators the GROUP BY serves, which the pass over the reports, which the fetch."""
    computed = {i.code for i in template.indicators if i.type == "percentage"}
    # A count of units or a weighted sum is one more aggregate that PostgreSQL's hash aggregate
    # evaluates for almost nothing; SQLite sorts every value with each column an aggregate reads
    # and steps every aggregate on every value, so there one more value per report read beside
    # the report costs less (≈ 12 against 17–40 ms each at 800,000 values; docs/performance.md).
    by_report = set()
    if connection.vendor == "sqlite":
        by_report = {"count_true", "count_condition", "weighted_average"}
    grouped: list[Indicator] = []
    paired: list[Indicator] = []
    fetched: list[str] = []
    for indicator in template.indicators:
        tested = indicator.condition.of if indicator.condition else None
        inputs = {indicator.numerator, indicator.denominator, indicator.weight_indicator, tested}
        if indicator.aggregation in {"last", "none"} or inputs & computed:
            fetched.append(indicator.code)
        elif indicator.code in computed and indicator.aggregation != "ratio":
            fetched.append(indicator.code)  # e.g. the highest of the units' own percentages
        elif indicator.aggregation in by_report:
            paired.append(indicator)
        else:
            grouped.append(indicator)
    return grouped, paired, fetched


class _Scaled(Func):
    """A stored value as an integer of 1/10 000, for exact sums on SQLite. Written out rather
    than as Django's Cast(Round(…)), which wraps every step in a CAST of its own: 11 ms more
    over 800,000 values."""

    template = f"CAST(ROUND(%(expressions)s * {SCALE}) AS INTEGER)"
    output_field = BigIntegerField()


def _exact(expression: Any) -> Any:
    return _Scaled(expression) if connection.vendor == "sqlite" else expression


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
    if "weighted_average" in rules:
        aggregates["weighted"] = Sum(
            _exact(F("number")) * _exact(F("weight")), output_field=_exact_field()
        )
        aggregates["weights"] = Sum(_exact(F("weight")), output_field=_exact_field())
        aggregates["paired"] = Count("weight")
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
            case "weighted_average":
                rolled[indicator.code] = _weighted(
                    row.get("weighted"), row.get("weights"), row.get("paired")
                )
            case "count_true":
                answered = int(row.get("answered") or 0)
                count = UnitCount(int(row.get("yes") or 0), answered) if answered else None
                rolled[indicator.code] = Rolled(count, answered)
            case "count_condition":
                hits = int(row.get(names[indicator.code]) or 0) if indicator.code in names else n
                rolled[indicator.code] = Rolled(UnitCount(hits, n) if n else None, n)
    return rolled


def _condition_q(indicator: Indicator, number: str = "number") -> Q:
    assert indicator.condition is not None  # noqa: S101 — callers filter on it
    threshold = Decimal(str(indicator.condition.value))
    if indicator.condition.op == "!=":
        return Q(**{f"{number}__isnull": False}) & ~Q(**{number: threshold})
    return Q(**{f"{number}__{LOOKUPS[indicator.condition.op]}": threshold})


def _read(indicator: Indicator) -> tuple[str, ...]:
    """The stored code a rule of the pass over the reports reads (a weight is on its value's
    row)."""
    tested = indicator.condition.of if indicator.condition else None
    return (tested or indicator.code,)


def per_report_terms(
    indicators: Sequence[Indicator], prefix: str
) -> tuple[dict[str, FilteredRelation], dict[str, Any]]:
    """The pass over the reports: for a query over reports (``prefix`` "") or over rows that
    lead to one report each (``prefix`` "report__", a relation to it), one LEFT JOIN per code
    read — at most one value per report and code, so a unit's value meets its own weight —
    and the sums and counts of ``indicators``. The caller groups them by the reports'
    regulation version at least, so that a variant's values can be left out afterwards
    (``per_report_rolled``)."""
    codes = sorted({code for indicator in indicators for code in _read(indicator)})
    alias = {code: f"value{index}" for index, code in enumerate(codes)}
    relations = {
        alias[code]: FilteredRelation(
            f"{prefix}values", condition=Q(**{f"{prefix}values__indicator_code": code})
        )
        for code in codes
    }
    sums: dict[str, Any] = {}
    for index, indicator in enumerate(indicators):
        number = f"{alias[_read(indicator)[0]]}__number"
        if indicator.aggregation == "weighted_average":
            weight = f"{alias[indicator.code]}__weight"
            sums[f"a{index}"] = Sum(
                _exact(F(number)) * _exact(F(weight)), output_field=_exact_field()
            )
            sums[f"b{index}"] = Sum(_exact(F(weight)), output_field=_exact_field())
            sums[f"n{index}"] = Count(weight)
        elif indicator.aggregation == "count_true":
            flag = f"{alias[indicator.code]}__flag"
            sums[f"n{index}"] = Count(flag)
            sums[f"h{index}"] = Count(flag, filter=Q(**{flag: True}))
        else:  # count_condition of a stored value
            sums[f"n{index}"] = Count(number)
            if indicator.condition is not None:
                sums[f"h{index}"] = Count(number, filter=_condition_q(indicator, number))
    return relations, sums


def _per_report_rows(indicators: Sequence[Indicator], scope: Scope) -> list[dict[str, Any]]:
    if not indicators:
        return []
    relations, sums = per_report_terms(indicators, "")
    rows = (
        Report.objects.filter(scope.q())
        .annotate(**relations)
        .values("regulation_id")
        .annotate(**sums)
        .order_by()
    )
    # The stubs know only the grouped column, not the sums next to it.
    return [
        {"version": row.pop("regulation_id"), **row} for row in cast(Iterable[dict[str, Any]], rows)
    ]


def per_report_rolled(
    indicators: Sequence[Indicator],
    rows: Iterable[Mapping[str, Any]],
    excluded: Iterable[tuple[int, tuple[str, ...]]] = (),
) -> dict[str, Rolled]:
    """The figures of ``per_report_terms``, from its rows by regulation version (key
    "version"): the rows of a version whose indicator of one of the codes an indicator reads
    counts another thing (variants.py) are left out of that indicator."""
    left_out = dict(excluded)
    rows = list(rows)
    rolled: dict[str, Rolled] = {}
    for index, indicator in enumerate(indicators):
        read = _read(indicator)
        kept = [r for r in rows if not set(read) & set(left_out.get(r["version"], ()))]
        n = sum(int(r.get(f"n{index}") or 0) for r in kept)
        if indicator.aggregation == "weighted_average":
            rolled[indicator.code] = _weighted(
                *(_sum_or_none(r.get(f"{k}{index}") for r in kept) for k in "abn")
            )
        else:
            hits = sum(int(r.get(f"h{index}", r.get(f"n{index}")) or 0) for r in kept)
            rolled[indicator.code] = Rolled(UnitCount(hits, n) if n else None, n)
    return rolled


def _weighted(weighted: Any, weights: Any, paired: Any) -> Rolled:
    """A weighted average from SUM(value × weight), SUM(weight) and how many pairs, through
    the reference accumulator (what zero weights give)."""
    average = rollup.WeightedAverageOf()
    average.n = int(paired or 0)
    products, total = _unscale(weighted, 2), _unscale(weights)
    if products is not None and total is not None:
        average.weighted, average.weights = products, total
    return Rolled(average.result(), average.n)


def _sum_or_none(values: Iterable[Any]) -> Any:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


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
