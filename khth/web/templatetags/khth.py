"""Small template filters shared by every page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from khth.lib.vietnamese import format_number, format_percent, short_date

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ names|get_item:code }}``, falling back to the key itself."""
    return mapping.get(key, key)


@register.filter
def vndate(value: dt.date | None) -> str:
    return short_date(value) if value else ""


@register.filter
def get_item_or_blank(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def vnnumber(value: Decimal | float | int | None, kind: str = "decimal") -> str:
    """A figure the Vietnamese way: "1.234,5"; percentages with one decimal and "%"."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if kind == "percentage":
        return format_percent(number, 1)
    if number == number.to_integral_value():
        return format_number(number.quantize(Decimal(1)))
    return format_number(number.normalize())
