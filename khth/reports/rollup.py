"""Rolling indicator values up the unit tree: one accumulator per aggregation rule. No database.

Each unit's report holds only its own entered values; a consolidation feeds the own values of
every unit of a subtree into one accumulator per indicator. Every accumulator's ``merge`` is
associative and commutative and ``add`` is a merge with a one-unit accumulator, so consolidating
level by level (``rollup_tree``) gives exactly what consolidating from the leaves does
(``rollup_flat``) — the property tests/reports/test_rollup.py checks for every rule.

This module is the reference: khth.reports.consolidation does the same work in SQL for speed and
is tested to agree with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal
from typing import Protocol, TypeAlias

from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.values import COMPARE, HUNDRED, percentage

# Sums and products of stored values (at most 20 digits, 4 after the point) stay exact: a
# product has at most 40 digits and a million of them add at most 7 more. With the default 28
# digits, the rounding of a sum would depend on the order of the additions, and level-by-level
# would drift from from-the-leaves.
EXACT = Context(prec=60)


class Entered(Protocol):
    """One entered value (khth.reports.values.Value fits)."""

    @property
    def number(self) -> Decimal | None: ...

    @property
    def flag(self) -> bool | None: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, order=True)
class Count:
    """``hits`` of the ``total`` units that answered: "14/14"."""

    hits: int
    total: int

    def __str__(self) -> str:
        return f"{self.hits}/{self.total}"


Scalar: TypeAlias = Decimal | bool | str
# What one indicator rolls up to: a number, a count of units, the last value, the texts of each
# unit (``none``), or None when no unit gave what the rule needs.
Result: TypeAlias = Decimal | Count | bool | str | tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class Rolled:
    value: Result
    contributors: int  # units whose values went into ``value``


# --- accumulators -------------------------------------------------------------------------


class SumOf:
    def __init__(self) -> None:
        self.total: Decimal | None = None
        self.n = 0

    def add(self, value: Decimal | None) -> None:
        if value is None:
            return
        self.total = value if self.total is None else EXACT.add(self.total, value)
        self.n += 1

    def merge(self, other: SumOf) -> None:
        if other.total is not None:
            self.total = other.total if self.total is None else EXACT.add(self.total, other.total)
        self.n += other.n

    def result(self) -> Decimal | None:
        return self.total


class RatioOf:
    """A percentage made again from the sums of its numerator and denominator — never an
    average of the units' percentages (9/10 and 1/90 make 10 %, not 45,6 %). Its contributors
    are the units that reported the denominator, the base of the percentage."""

    def __init__(self, scale: Decimal = HUNDRED) -> None:
        self.scale = scale
        self.numerator = SumOf()
        self.denominator = SumOf()

    @property
    def n(self) -> int:
        return self.denominator.n

    def add(self, value: tuple[Decimal | None, Decimal | None]) -> None:
        numerator, denominator = value
        self.numerator.add(numerator)
        self.denominator.add(denominator)

    def merge(self, other: RatioOf) -> None:
        self.numerator.merge(other.numerator)
        self.denominator.merge(other.denominator)

    def result(self) -> Decimal | None:
        numerator, denominator = self.numerator.total, self.denominator.total
        if numerator is None or denominator is None or denominator == 0:
            return None
        return ratio(numerator, denominator, self.scale)


def ratio(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Decimal:
    """The one division both the Python and the SQL path use, so that they agree exactly."""
    return EXACT.divide(EXACT.multiply(numerator, scale), denominator)


class WeightedAverageOf:
    """Σ(x·w) / Σw, w being the unit's own value of the weight indicator. A unit missing either
    is left out rather than counted as zero."""

    def __init__(self) -> None:
        self.weighted = Decimal(0)
        self.weights = Decimal(0)
        self.n = 0

    def add(self, value: tuple[Decimal | None, Decimal | None]) -> None:
        x, weight = value
        if x is None or weight is None:
            return
        self.weighted = EXACT.add(self.weighted, EXACT.multiply(x, weight))
        self.weights = EXACT.add(self.weights, weight)
        self.n += 1

    def merge(self, other: WeightedAverageOf) -> None:
        self.weighted = EXACT.add(self.weighted, other.weighted)
        self.weights = EXACT.add(self.weights, other.weights)
        self.n += other.n

    def result(self) -> Decimal | None:
        if self.n == 0 or self.weights == 0:
            return None
        return ratio(self.weighted, self.weights, Decimal(1))


class ExtremeOf:
    def __init__(self, pick: Callable[[Decimal, Decimal], Decimal]) -> None:
        self.pick = pick
        self.value: Decimal | None = None
        self.n = 0

    def add(self, value: Decimal | None) -> None:
        if value is None:
            return
        self.value = value if self.value is None else self.pick(self.value, value)
        self.n += 1

    def merge(self, other: ExtremeOf) -> None:
        if other.value is not None:
            self.add(other.value)
            self.n += other.n - 1

    def result(self) -> Decimal | None:
        return self.value


class CountTrueOf:
    """Units that answered yes, of the units that answered."""

    def __init__(self) -> None:
        self.hits = 0
        self.n = 0

    def add(self, value: bool | None) -> None:
        if value is None:
            return
        self.hits += int(value)
        self.n += 1

    def merge(self, other: CountTrueOf) -> None:
        self.hits += other.hits
        self.n += other.n

    def result(self) -> Count | None:
        return Count(self.hits, self.n) if self.n else None


class CountConditionOf(CountTrueOf):
    """Units whose value meets the condition, of the units that reported the value."""

    def __init__(self, test: Callable[[Decimal], bool]) -> None:
        super().__init__()
        self.test = test

    def add_number(self, value: Decimal | None) -> None:
        self.add(None if value is None else self.test(value))


def condition_test(indicator: Indicator) -> Callable[[Decimal], bool]:
    """Without a condition, every unit that reported the value counts."""
    condition = indicator.condition
    if condition is None:
        return lambda _value: True
    compare, threshold = COMPARE[condition.op], Decimal(str(condition.value))
    return lambda value: compare(value, threshold)


class LastOf:
    """The value of the most recently submitted report. Equal times are settled by the larger
    value, so that the result never depends on the order units are met in."""

    def __init__(self) -> None:
        self.stamp: dt.datetime | None = None
        self.value: Scalar | None = None
        self.n = 0

    def add(self, value: tuple[dt.datetime | None, Scalar | None]) -> None:
        stamp, scalar = value
        if scalar is None:
            return
        self.n += 1
        if self.value is None or _newer(stamp, scalar, self.stamp, self.value):
            self.stamp, self.value = stamp, scalar

    def merge(self, other: LastOf) -> None:
        if other.value is not None:
            self.add((other.stamp, other.value))
            self.n += other.n - 1

    def result(self) -> Scalar | None:
        return self.value


def _newer(stamp: dt.datetime | None, value: Scalar, than: dt.datetime | None, old: Scalar) -> bool:
    # A report never submitted (no time) is older than any submitted one.
    if stamp != than:
        return than is None or (stamp is not None and stamp > than)
    return _order(value) > _order(old)


def _order(value: Scalar) -> tuple[int, Decimal, str]:
    if isinstance(value, bool):
        return (0, Decimal(int(value)), "")
    if isinstance(value, Decimal):
        return (1, value, "")
    return (2, Decimal(0), value)


class TextsOf:
    """``none``: not aggregated; each unit's value, labelled by unit, in unit order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    @property
    def n(self) -> int:
        return len(self.items)

    def add(self, value: tuple[str, str]) -> None:
        if value[1].strip():
            self.items.append(value)

    def merge(self, other: TextsOf) -> None:
        self.items.extend(other.items)

    def result(self) -> tuple[tuple[str, str], ...] | None:
        return tuple(sorted(self.items)) if self.items else None


Accumulator: TypeAlias = (
    SumOf | RatioOf | WeightedAverageOf | ExtremeOf | CountTrueOf | LastOf | TextsOf
)


# --- what a unit enters ---------------------------------------------------------------------

OWN_FIGURE = "own"
WHOLE_FIGURE = "whole"


def entered_as(indicator: Indicator) -> str:
    """Whether a unit that has subordinates enters, for ``indicator``, the figure of its
    headquarters alone (OWN_FIGURE) or the figure of the whole unit (WHOLE_FIGURE).

    The rule follows from the indicator's aggregation in the regulation, because the
    consolidation feeds the unit's own report in with its subordinates':
    - ``sum``, ``ratio`` (the sums of numerator and denominator), ``weighted_average``, ``min``,
      ``max``, ``count_true``, ``count_condition`` and ``none`` combine every unit's value with
      the others': a total typed in the superior's report would be counted again on top of the
      subordinates' figures (twice for a sum). The unit enters its headquarters' own figure.
    - ``last`` takes the value of the report sent last, which is the superior's own (it goes up
      after its subordinates'): its value replaces theirs, so it is the whole unit's figure.
    """
    return WHOLE_FIGURE if indicator.aggregation == "last" else OWN_FIGURE


# --- one unit's contribution ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One unit's own values, and when its report was submitted (``last`` needs it)."""

    unit: str
    values: Mapping[str, Entered]
    stamp: dt.datetime | None = None


@dataclass
class Node:
    """A unit and the units directly under it."""

    row: Row
    children: list[Node] = field(default_factory=list)


def new_accumulator(indicator: Indicator) -> Accumulator:
    match indicator.aggregation:
        case "sum":
            return SumOf()
        case "ratio":
            return RatioOf(HUNDRED if indicator.type == "percentage" else Decimal(1))
        case "weighted_average":
            return WeightedAverageOf()
        case "min":
            return ExtremeOf(min)
        case "max":
            return ExtremeOf(max)
        case "count_true":
            return CountTrueOf()
        case "count_condition":
            return CountConditionOf(condition_test(indicator))
        case "last":
            return LastOf()
        case "none":
            return TextsOf()
    raise ValueError(f"unknown aggregation {indicator.aggregation!r}")  # pragma: no cover


class Reader:
    """Reads what each rule needs from one unit's values; percentages are computed, not read."""

    def __init__(self, template: ReportTemplate) -> None:
        self.by_code = {i.code: i for i in template.indicators}

    def number(self, row: Row, code: str | None) -> Decimal | None:
        if code is None:
            return None
        indicator = self.by_code.get(code)
        if indicator is not None and indicator.type == "percentage":
            return percentage(
                self.number(row, indicator.numerator), self.number(row, indicator.denominator)
            )
        value = row.values.get(code)
        return None if value is None else value.number

    def scalar(self, row: Row, indicator: Indicator) -> Scalar | None:
        if indicator.type == "boolean":
            value = row.values.get(indicator.code)
            return None if value is None else value.flag
        if indicator.type == "text":
            value = row.values.get(indicator.code)
            return value.text if value is not None and value.text.strip() else None
        return self.number(row, indicator.code)

    def feed(self, accumulator: Accumulator, indicator: Indicator, row: Row) -> None:
        match accumulator:
            case RatioOf():
                accumulator.add(
                    (self.number(row, indicator.numerator), self.number(row, indicator.denominator))
                )
            case WeightedAverageOf():
                weight = (
                    self.number(row, indicator.weight_indicator)
                    if indicator.weight_indicator
                    else Decimal(1)
                )
                accumulator.add((self.number(row, indicator.code), weight))
            case CountConditionOf():
                of = indicator.condition.of if indicator.condition else None
                accumulator.add_number(self.number(row, of or indicator.code))
            case CountTrueOf():
                flag = self.scalar(row, indicator)
                accumulator.add(flag if isinstance(flag, bool) else None)
            case LastOf():
                accumulator.add((row.stamp, self.scalar(row, indicator)))
            case TextsOf():
                accumulator.add((row.unit, _as_text(self.scalar(row, indicator))))
            case SumOf() | ExtremeOf():
                accumulator.add(self.number(row, indicator.code))


def _as_text(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


# --- rolling up -----------------------------------------------------------------------------


def accumulate(
    template: ReportTemplate, rows: Iterable[Row], only: Collection[str] | None = None
) -> dict[str, Accumulator]:
    """``only`` limits the work to some indicators (percentages still read their inputs)."""
    reader = Reader(template)
    indicators = [i for i in template.indicators if only is None or i.code in only]
    accumulators = {i.code: new_accumulator(i) for i in indicators}
    for row in rows:
        for indicator in indicators:
            reader.feed(accumulators[indicator.code], indicator, row)
    return accumulators


def results(accumulators: Mapping[str, Accumulator]) -> dict[str, Rolled]:
    return {code: Rolled(acc.result(), acc.n) for code, acc in accumulators.items()}


def rollup_flat(
    template: ReportTemplate, rows: Sequence[Row], only: Collection[str] | None = None
) -> dict[str, Rolled]:
    """Every indicator of ``template`` over the own values of every unit in ``rows``."""
    return results(accumulate(template, rows, only))


def rollup_tree(template: ReportTemplate, node: Node) -> dict[str, Rolled]:
    """The same, level by level: each unit merges its own values with its children's rollups."""
    return results(_tree(template, node))


def _tree(template: ReportTemplate, node: Node) -> dict[str, Accumulator]:
    own = accumulate(template, [node.row])
    for child in node.children:
        below = _tree(template, child)
        for code, accumulator in own.items():
            _merge(accumulator, below[code])
    return own


def _merge(into: Accumulator, other: Accumulator) -> None:
    # Every accumulator class merges only with its own kind; the pairs below come from the same
    # indicator, so they always match.
    into.merge(other)  # type: ignore[arg-type]
