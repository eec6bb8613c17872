"""Forms of the coordination pages. The indicators and schedules offered come from the
regulation, so the view passes them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from khth.coordination.actions import indicator_names
from khth.coordination.exchange import display
from khth.coordination.models import Agreement, ReceivedExchange
from khth.coordination.received import receivable
from khth.docsystem.register.access import visible_documents
from khth.docsystem.register.models import RegisteredDocument
from khth.lib import clock
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


class ReceivedForm(NfcMixin, forms.Form):
    """What a partner sent the unit for a period: one field per indicator flowing partner →
    unit. A new record also names the partner and the period; an edit keeps them."""

    received_on = DayField(label=gettext_lazy("Ngày nhận"))
    note = text_field(gettext_lazy("Ghi chú"), 20_000, rows=3)
    incoming_id = forms.TypedChoiceField(
        label=gettext_lazy("Văn bản đến đã vào sổ"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        received: list[tuple[str, str]],
        incoming: list[tuple[str, str]],
        partners: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``received``: (code, name) of each indicator the partner sends; ``incoming``: (id,
        label) of the unit's incoming documents to link; ``partners``: given for a new record."""
        super().__init__(*args, **kwargs)
        self.fields["incoming_id"].choices = [("", "—"), *incoming]  # type: ignore[attr-defined]
        head = []
        if partners is not None:
            self.fields["partner"] = forms.TypedChoiceField(
                label=gettext_lazy("Cơ quan phối hợp gửi"), choices=partners, coerce=int
            )
            self.fields["period_id"] = PeriodField(
                label=gettext_lazy("Kỳ trao đổi"), types=EXCHANGE_TYPES
            )
            head = ["partner", "period_id"]
        for code, name in received:
            self.fields[VALUE_PREFIX + code] = forms.CharField(
                label=name, max_length=30, required=False
            )
        self.order_fields(
            [*head, "received_on", *(VALUE_PREFIX + c for c, _n in received), "note", "incoming_id"]
        )

    def values(self) -> dict[str, str | None]:
        return {
            name.removeprefix(VALUE_PREFIX): value or None
            for name, value in self.cleaned_data.items()
            if name.startswith(VALUE_PREFIX)
        }


class RegisterReceivedForm(NfcMixin, forms.Form):
    number_text = text_field(
        gettext_lazy("Số, ký hiệu văn bản của cơ quan gửi"), 100, required=True
    )
    dated = DayField(label=gettext_lazy("Ngày văn bản"))


class TransferForm(NfcMixin, forms.Form):
    """One Party member handed over to a locality."""

    partner = forms.TypedChoiceField(label=gettext_lazy("Cơ quan tiếp nhận"), coerce=int)
    full_name = text_field(gettext_lazy("Họ và tên"), 200, required=True)
    birth_year = forms.IntegerField(label=gettext_lazy("Năm sinh"), min_value=1900, max_value=2999)
    rank_post = text_field(gettext_lazy("Cấp bậc, chức vụ"), 200)
    party_organisation = text_field(
        gettext_lazy("Chi bộ, đảng bộ nơi chuyển đi"), 300, required=True
    )
    commune = text_field(gettext_lazy("Xã, phường"), 200, required=True)
    province = text_field(gettext_lazy("Tỉnh, thành phố"), 200, required=True)
    letter_date = DayField(label=gettext_lazy("Ngày giấy giới thiệu sinh hoạt đảng"))
    handed_over_on = DayField(label=gettext_lazy("Ngày bàn giao"), required=False)
    received_on = DayField(label=gettext_lazy("Ngày địa phương tiếp nhận"), required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]


def partner_choices(agreement: Agreement) -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in agreement.partner_list]


def _incoming_choices(request: HttpRequest, agreement: Agreement) -> list[tuple[str, str]]:
    """The unit's latest incoming documents the user may see (secrecy included)."""
    rows = (
        visible_documents(request.user)
        .filter(unit=agreement.unit, direction=RegisteredDocument.INCOMING)
        .order_by("-received_on", "-pk")[:50]
    )
    return [(str(d.pk), f"{d.number} — {d.sender}: {d.summary[:80]}") for d in rows]


def received_form(
    request: HttpRequest,
    agreement: Agreement,
    data: Any = None,
    *,
    row: ReceivedExchange | None = None,
) -> ReceivedForm:
    names = indicator_names()
    codes = receivable(agreement)
    initial: dict[str, Any] = {"received_on": clock.today()}
    if row is not None:
        initial = {
            "received_on": row.received_on,
            "note": row.note,
            "incoming_id": row.incoming_id,
            **{VALUE_PREFIX + c: display(row.values.get(c)) for c in codes},
        }
    return ReceivedForm(
        data,
        received=[(c, names.get(c, c)) for c in codes],
        incoming=_incoming_choices(request, agreement),
        partners=partner_choices(agreement) if row is None else None,
        initial=initial,
    )
