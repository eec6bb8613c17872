"""How consolidated figures read: Vietnamese notation on pages, exact strings in JSON, and each
unit's part in a figure (the drill-down)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from khth.lib.vietnamese import format_number, format_percent
from khth.regulations.schema.reports import Indicator
from khth.reports import rollup
from khth.reports.consolidation.coverage import UnitRef
from khth.reports.rollup import Count as UnitCount
from khth.reports.rollup import Reader, Result, Row


@dataclass(frozen=True)
class Contribution:
    """One unit's part in a figure (the drill-down)."""

    unit: UnitRef
    value: Result
    display: str
    detail: str = ""


def display(indicator: Indicator, value: Result) -> str:
    """Vietnamese notation: "1.234", "95,8%", "6,50", "14/14", "Có"."""
    if value is None:
        return "—"
    if isinstance(value, UnitCount):
        return str(value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, tuple):
        return "; ".join(f"{unit}: {text}" for unit, text in value)
    if isinstance(value, str):
        return value
    if indicator.type == "percentage":
        return format_percent(value, 1)
    if indicator.aggregation in {"weighted_average", "ratio"}:
        return format_number(value, 2)
    return format_number(plain(value))


def plain(value: Decimal) -> Decimal:
    """At most the 4 stored decimals, no trailing zeros, never an exponent ("1E+2")."""
    rounded = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def _number(value: Decimal | None) -> str:
    return "—" if value is None else format_number(plain(value))


def contribution(reader: Reader, indicator: Indicator, row: Row, unit: UnitRef) -> Contribution:
    rule = indicator.aggregation
    if rule == "ratio":
        numerator = reader.number(row, indicator.numerator)
        denominator = reader.number(row, indicator.denominator)
        own = reader.number(row, indicator.code) if indicator.type == "percentage" else None
        return Contribution(
            unit, own, display(indicator, own), f"{_number(numerator)}/{_number(denominator)}"
        )
    if rule == "weighted_average":
        own = reader.number(row, indicator.code)
        weight = reader.number(row, indicator.weight_indicator)
        detail = _("trọng số %(w)s") % {"w": _number(weight)} if indicator.weight_indicator else ""
        return Contribution(unit, own, display(indicator, own), detail)
    if rule == "count_condition":
        of = indicator.condition.of if indicator.condition else None
        tested = reader.number(row, of or indicator.code)
        meets = tested is not None and rollup.condition_test(indicator)(tested)
        return Contribution(unit, meets, _("Đạt") if meets else _("Không đạt"), _number(tested))
    own_value = reader.scalar(row, indicator)
    shown = _number(own_value) if isinstance(own_value, Decimal) else display(indicator, own_value)
    if rule == "last" and row.stamp is not None:
        when = timezone.localtime(row.stamp).strftime("%H:%M %d/%m/%Y")
        return Contribution(unit, own_value, shown, _("gửi lúc %(when)s") % {"when": when})
    return Contribution(unit, own_value, shown)


def json_value(value: Result) -> Any:
    """Numbers as strings with at most 4 decimals ("95.8333"): exact, unlike floats, and the same
    on every database. Counts of units as "14/14"; ``none`` as a list of {"unit", "text"}."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, UnitCount):
        return str(value)
    if isinstance(value, tuple):
        return [{"unit": unit, "text": text} for unit, text in value]
    return format(plain(value), "f")
