"""Whether a number fits the decimal column it is about to be stored in.

Every entry point (pages, API, imports) checks a number here before anything is written. On
SQLite a decimal column is not bounded: a value beyond max_digits is stored anyway (as a float,
or as infinity) and every later read of the row fails in Django's converter, so the page, the
export and the consolidation of that record would fail for good. PostgreSQL refuses the write,
but only as a 500. Checking first turns both into a message naming the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Model
from django.utils.translation import gettext as _

# SQLite keeps a decimal as a binary float, and Django reads it back through a 15-digit context:
# a 16-digit figure comes back changed, and one that rounds up to a 17th whole digit
# (9.999.999.999.999.999) makes every read of its row fail. One bound on every database, so that a
# file or a dump means the same on SQLite and PostgreSQL: at most 15 digits in all.
EXACT_DIGITS = 15


def decimal_column(model: type[Model], name: str) -> DecimalField[Any, Any]:
    """The model's decimal field ``name``, whose max_digits and decimal_places are the bounds."""
    field = model._meta.get_field(name)
    if not isinstance(field, DecimalField):
        raise TypeError(f"{model.__name__}.{name} is not a DecimalField")
    return field


def storable(number: Decimal, column: DecimalField[Any, Any]) -> Decimal:
    """``number`` if ``column`` holds it exactly; else ValueError with a Vietnamese message.

    A column of 20 digits with 4 decimals thus takes 11 whole digits: 99.999.999.999,9999.

    More decimals than the column keeps are refused, not rounded: a figure must read back as it
    was typed, and a rounding the person did not see (12,34567 stored as 12,3457) would be a
    silent change of their figure. Trailing zeros do not count ("1,50000" is 1,5).
    """
    if not number.is_finite():
        raise ValueError(_("không phải một số hữu hạn"))
    places = column.decimal_places or 0
    whole = min(column.max_digits or 0, EXACT_DIGITS) - places
    # adjusted() is the exponent of the leading digit, exact whatever the number's size.
    if not number.is_zero() and number.adjusted() >= whole:
        raise ValueError(_("số quá lớn: tối đa %(digits)d chữ số phần nguyên") % {"digits": whole})
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 (a finite number has an integer exponent)
    significant = "".join(map(str, digits)).rstrip("0")
    decimals = -(exponent + len(digits) - len(significant)) if significant else 0
    if decimals > places:
        raise ValueError(_("ghi tối đa %(places)d chữ số thập phân") % {"places": places})
    return number
