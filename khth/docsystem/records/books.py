"""Record books as the regulation defines them: typed columns, required update frequency. Values
typed in a form are checked and stored as JSON scalars; a book's freshness is judged from its
last entry (or the last typed document that stands for an entry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from khth.lib.vietnamese import nfc, parse_number
from khth.regulations.schema import Column, RecordBook

# How long a book may go without an entry, by its update frequency. "per_event" books are kept
# when something happens: never outdated once they have an entry.
MAX_AGE_DAYS = {
    "daily": 1,
    "weekly": 7,
    "monthly": 31,
    "quarterly": 92,
    "sixmonthly": 183,
    "yearly": 366,
}


def parse_values(
    book: RecordBook, raw: Mapping[str, str | None], problems: list[tuple[str, str]]
) -> dict[str, object]:
    """The typed values of an entry; each problem names the column."""
    known = {c.code: c for c in book.columns}
    for code in raw:
        if code not in known:
            problems.append((code, _("sổ không có cột này")))
    out: dict[str, object] = {}
    for column in book.columns:
        text = nfc((raw.get(column.code) or "").strip())
        if not text:
            if column.required:
                problems.append((column.name, _("bắt buộc phải ghi")))
            continue
        try:
            out[column.code] = _value(column, text)
        except ValueError as exc:
            problems.append((column.name, str(exc)))
    return out


def _value(column: Column, text: str) -> object:
    if column.type == "integer":
        number = parse_number(text)
        if number != number.to_integral_value():
            raise ValueError(_("«%(text)s» không phải số nguyên") % {"text": text})
        return int(number)
    if column.type == "decimal":
        try:
            return str(parse_number(text))
        except (ValueError, InvalidOperation):
            raise ValueError(_("«%(text)s» không phải số") % {"text": text}) from None
    if column.type == "date":
        return _date(text).isoformat()
    if column.type == "boolean":
        lowered = text.lower()
        if lowered in {"1", "true", "có", "co", "x"}:
            return True
        if lowered in {"0", "false", "không", "khong"}:
            return False
        raise ValueError(_("«%(text)s»: ghi «có» hoặc «không»") % {"text": text})
    if column.type == "choice":
        choices = column.choices or ()
        if text not in choices:
            raise ValueError(
                _("«%(text)s» không có trong danh sách: %(choices)s")
                % {"text": text, "choices": "; ".join(choices)}
            )
        return text
    if len(text) > 5000:
        raise ValueError(_("dài quá 5000 ký tự"))
    return text


def _date(text: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
        if 1900 <= day.year <= 2999:
            return day
    raise ValueError(_("«%(text)s» không phải ngày (dd/mm/yyyy)") % {"text": text})


def display(column: Column, value: object) -> str:
    if value is None or value == "":
        return ""
    if column.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if column.type == "boolean":
        return _("Có") if value else _("Không")
    if column.type == "decimal" and isinstance(value, str):
        return str(Decimal(value)).replace(".", ",")
    return str(value)


def is_outdated(book: RecordBook, last: dt.date | None, today: dt.date) -> bool:
    if last is None:
        return False  # missing, not outdated
    days = MAX_AGE_DAYS.get(book.update_frequency)
    return days is not None and (today - last).days > days
