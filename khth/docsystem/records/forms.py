"""Forms of the document system pages: typed documents, and the entry form of a record book.

An entry's fields come from the book's columns in the regulation, so they are not a Django form:
``entry_fields`` lays them out (input by column type, the typed text, the problems of the column)
and ``read_entry`` takes the posted text back, which ``books.parse_values`` checks.
Dates are typed as dd/mm/yyyy everywhere (ISO is accepted too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib.errors import ActionRefused, ContentRefused
from khth.lib.forms import DayField, NfcMixin
from khth.lib.vietnamese import format_number
from khth.periods import PeriodError, parse_period
from khth.regulations.schema import Column, RecordBook

# The prefix of an entry's fields in a post: "col-ngay", "col-noi-dung".
COLUMN_PREFIX = "col-"


class TypedDocumentForm(NfcMixin, forms.Form):
    kind_code = forms.ChoiceField(label=gettext_lazy("Loại văn kiện"))
    period_id = forms.CharField(
        label=gettext_lazy("Kỳ"),
        max_length=10,
        required=False,
        help_text=gettext_lazy(
            "202507 (tháng), 2025Q3 (quý), 2025 (năm); để trống nếu không theo kỳ"
        ),
    )
    task_code = forms.ChoiceField(label=gettext_lazy("Nhiệm vụ"), required=False)
    dated = DayField(label=gettext_lazy("Ngày ban hành, ngày họp"))
    title = forms.CharField(
        label=gettext_lazy("Tên văn kiện"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Để trống: đặt theo loại văn kiện"),
    )
    # Filled by the rich text editor; sanitised by the action.
    body = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500_000)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        tasks: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind_code"].choices = kinds  # type: ignore[attr-defined]
        self.fields["task_code"].choices = [("", "—"), *tasks]  # type: ignore[attr-defined]

    def clean_period_id(self) -> str:
        raw: str = self.cleaned_data.get("period_id", "").strip()
        if not raw:
            return ""
        try:
            return parse_period(raw).id
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


class TypedDocumentEditForm(NfcMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Tên văn kiện"), max_length=300)
    dated = DayField(label=gettext_lazy("Ngày ban hành, ngày họp"))
    body = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500_000)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- record book entries ---------------------------------------------------------------------


@dataclass
class EntryField:
    """One column of the entry form, as typed, with its problems."""

    column: Column
    value: str
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return COLUMN_PREFIX + self.column.code

    @property
    def input(self) -> str:
        """How the column is typed: "date", "choice", "boolean", "number", "long" or "text"."""
        kind = self.column.type
        if kind in ("integer", "decimal"):
            return "number"
        if kind in ("date", "choice", "boolean"):
            return kind
        return "long" if self.column.code in LONG_TEXT else "text"


# Columns whose text is usually more than a line: a textarea rather than an input.
LONG_TEXT = frozenset(
    {"noi-dung", "ket-qua", "bieu-hien", "bien-phap", "ghi-chu", "trich-yeu", "noi-nhan"}
)


def read_entry(book: RecordBook, data: Mapping[str, Any]) -> dict[str, str]:
    """The posted text of each column of ``book`` (blank when not posted)."""
    return {c.code: str(data.get(COLUMN_PREFIX + c.code, "") or "") for c in book.columns}


def entry_fields(
    book: RecordBook,
    values: Mapping[str, str] | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> tuple[list[EntryField], list[str]]:
    """The form's fields with ``values`` and each problem placed at its column; the problems
    that belong to no column come back as the second item."""
    values = values or {}
    fields = [EntryField(c, values.get(c.code, "")) for c in book.columns]
    by_place = {f.column.name: f for f in fields} | {f.column.code: f for f in fields}
    general: list[str] = []
    for place, message in problems or []:
        target = by_place.get(place)
        if target is None:
            general.append(f"{place}: {message}" if place else message)
        else:
            target.errors.append(message)
    return fields, general


def refused_entry(
    book: RecordBook, values: Mapping[str, str], refusal: ActionRefused
) -> tuple[list[EntryField], list[str]]:
    """The entry form again after the action refused what was typed: each content problem
    at its column, any other refusal above the form."""
    if isinstance(refusal, ContentRefused):
        return entry_fields(book, values, refusal.problems)
    fields, _general = entry_fields(book, values)
    return fields, [str(refusal)]


def text_of(column: Column, value: object) -> str:
    """A stored value as it is typed in the form, so that a correction starts from it."""
    if value is None or value == "":
        return ""
    if column.type == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if column.type == "boolean":
        # Codes parse_values reads whatever the language of the page.
        return "1" if value else "0"
    if column.type == "decimal" and isinstance(value, str):
        number = Decimal(value)
        if number == number.to_integral_value():
            return format_number(number.quantize(Decimal(1)))
        return format_number(number.normalize())
    return str(value)


def entry_text(book: RecordBook, values: Mapping[str, object]) -> dict[str, str]:
    return {c.code: text_of(c, values.get(c.code)) for c in book.columns}


class ReasonForm(NfcMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000)
