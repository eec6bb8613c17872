"""Indicator values as the domain sees them, independent of how they are stored."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from khth.regulations.schema.reports import Indicator, ReportTemplate

HUNDRED = Decimal(100)

# What each comparison of the regulation (a validation rule, a counting condition) means.
COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Value:
    number: Decimal | None = None
    flag: bool | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and self.flag is None and not self.text.strip()


def percentage(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100, or None when it cannot be computed."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * HUNDRED / denominator


def computed_numbers(template: ReportTemplate, values: dict[str, Value]) -> dict[str, Decimal]:
    """The numbers of every indicator of one unit's report: entered ones, and percentages made
    from their numerator and denominator."""
    numbers = {code: v.number for code, v in values.items() if v.number is not None}
    for indicator in template.indicators:
        if indicator.type == "percentage" and indicator.numerator and indicator.denominator:
            pct = percentage(numbers.get(indicator.numerator), numbers.get(indicator.denominator))
            if pct is not None:
                numbers[indicator.code] = pct
    return numbers


def numeric(indicator: Indicator) -> bool:
    return indicator.type in {"integer", "decimal", "percentage"}
