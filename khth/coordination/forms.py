"""Forms of the coordination pages. The indicators and schedules offered come from the
regulation, so the view passes them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib.forms import DayField, NfcMixin, text_field
from khth.periods import PeriodType
from khth.periods.forms import PeriodField

# The labels of the exchange schedules (period types).
FREQUENCY_LABELS = {
    "monthly": gettext_lazy("Hằng tháng"),
    "quarterly": gettext_lazy("Hằng quý"),
    "sixmonthly": gettext_lazy("6 tháng"),
    "yearly": gettext_lazy("Hằng năm"),
}
VALUE_PREFIX = "value-"
EXCHANGE_TYPES = frozenset(PeriodType(code) for code in FREQUENCY_LABELS)


class PartnerForm(NfcMixin, forms.Form):
    name = text_field(gettext_lazy("Tên cơ quan, tổ chức phối hợp"), 300, required=True)
    short_name = text_field(gettext_lazy("Tên ngắn"), 100)
    address = text_field(gettext_lazy("Địa chỉ"), 300)
    contact = text_field(gettext_lazy("Người liên hệ"), 300)


class AgreementForm(NfcMixin, forms.Form):
    title = text_field(gettext_lazy("Tên quy chế phối hợp"), 300, required=True)
    signed_on = DayField(label=gettext_lazy("Ngày ký"))
    valid_from = DayField(label=gettext_lazy("Có hiệu lực từ ngày"))
    valid_to = DayField(label=gettext_lazy("Đến ngày"), required=False)
    frequency = forms.ChoiceField(label=gettext_lazy("Chế độ trao đổi thông tin"))
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Chỉ tiêu trao đổi"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        frequencies: list[tuple[str, Any]],
        partners: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``partners``: (id, name) of the unit's partners the agreement may bind — one
        agreement with several outside bodies (the Ban Tổ chức Tỉnh ủy of six provinces)."""
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = indicators  # type: ignore[attr-defined]
        self.fields["frequency"].choices = frequencies  # type: ignore[attr-defined]
        if partners is not None:
            self.fields["partners"] = forms.MultipleChoiceField(
                label=gettext_lazy("Các cơ quan phối hợp cùng quy chế"),
                widget=forms.CheckboxSelectMultiple,
                choices=partners,
                required=False,
            )


class PeriodForm(NfcMixin, forms.Form):
    period_id = PeriodField(label=gettext_lazy("Kỳ trao đổi"), types=EXCHANGE_TYPES)


class ActivityForm(NfcMixin, forms.Form):
    held_on = DayField(label=gettext_lazy("Ngày tổ chức"))
    title = text_field(gettext_lazy("Tên hoạt động"), 300, required=True)
    content = text_field(gettext_lazy("Nội dung"), 20_000, rows=3)
    participants = text_field(gettext_lazy("Thành phần"), 500)
    result = text_field(gettext_lazy("Kết quả"), 20_000, rows=3)


class SendForm(NfcMixin, forms.Form):
    dated = DayField(label=gettext_lazy("Ngày văn bản"))
    signer = text_field(gettext_lazy("Người ký"), 200)


class ExchangeForm(NfcMixin, forms.Form):
    """The entered values (one field per indicator the officer enters) and the note."""

    note = text_field(gettext_lazy("Ghi chú, nội dung trao đổi thêm"), 20_000, rows=3)

    def __init__(self, *args: Any, entered: list[tuple[str, str, str]], **kwargs: Any) -> None:
        """``entered``: (code, name, current value shown) of each value typed by hand."""
        super().__init__(*args, **kwargs)
        for code, name, _current in entered:
            self.fields[VALUE_PREFIX + code] = forms.CharField(
                label=name, max_length=30, required=False
            )
        self.order_fields([VALUE_PREFIX + code for code, _n, _c in entered] + ["note"])

    def values(self) -> dict[str, str | None]:
        return {
            name.removeprefix(VALUE_PREFIX): value or None
            for name, value in self.cleaned_data.items()
            if name.startswith(VALUE_PREFIX)
        }


class SpanForm(NfcMixin, forms.Form):
    starts_on = DayField(label=gettext_lazy("Từ ngày"), required=False)
    ends_on = DayField(label=gettext_lazy("Đến ngày"), required=False)
