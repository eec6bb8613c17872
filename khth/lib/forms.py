"""Form pieces every app's forms share: text normalised to NFC at the boundary, and dates typed
the Vietnamese way (dd/mm/yyyy; ISO accepted too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib.vietnamese import nfc

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class NfcMixin:
    """Every text input is normalised to NFC at the boundary."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        return {k: nfc(v) if isinstance(v, str) else v for k, v in cleaned.items()}


class DayField(forms.DateField):
    """A date typed the Vietnamese way, "05/07/2024", in a plain text box."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 12},
                format="%d/%m/%Y",
            ),
        )
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Ghi ngày theo dạng dd/mm/yyyy.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().to_python(value)
        if day is not None and not 1900 <= day.year <= 2999:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day
