"""Forms of the register pages: registering an outgoing or an incoming document, a Party
committee term, an attachment. The kinds, secrecy levels and source documents offered depend on
the unit and the user, so the view passes them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib.forms import DayField, NfcMixin, text_field


class _Marks(NfcMixin, forms.Form):
    """Secrecy and urgency, with the secrecy levels the user may mark (may_mark)."""

    secrecy = forms.ChoiceField(label=gettext_lazy("Độ mật"), required=False)
    urgency = forms.ChoiceField(label=gettext_lazy("Độ khẩn"), required=False)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        secrecy: list[tuple[str, str]],
        urgency: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind_code"].choices = kinds  # type: ignore[attr-defined]
        self.fields["secrecy"].choices = secrecy  # type: ignore[attr-defined]
        self.fields["urgency"].choices = urgency  # type: ignore[attr-defined]


class OutgoingForm(_Marks):
    kind_code = forms.ChoiceField(label=gettext_lazy("Loại văn bản"))
    dated = DayField(label=gettext_lazy("Ngày văn bản"))
    summary = text_field(gettext_lazy("Trích yếu nội dung"), 500, required=True, rows=2)
    signer = text_field(gettext_lazy("Người ký"), 200)
    recipients = text_field(gettext_lazy("Nơi nhận"), 5000, rows=3)
    file_holder = text_field(gettext_lazy("Đơn vị, người nhận bản lưu"), 200)
    copies = forms.IntegerField(
        label=gettext_lazy("Số lượng bản"), min_value=1, max_value=100_000, initial=1
    )
    notes = text_field(gettext_lazy("Ghi chú"), 5000, rows=2)
    source = forms.ChoiceField(label=gettext_lazy("Văn bản trong KHTH"), required=False)
    field_order = [
        "kind_code",
        "dated",
        "summary",
        "signer",
        "recipients",
        "file_holder",
        "copies",
        "secrecy",
        "urgency",
        "source",
        "notes",
    ]

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *sources]  # type: ignore[attr-defined]


class IncomingForm(_Marks):
    received_on = DayField(label=gettext_lazy("Ngày đến"))
    sender = text_field(gettext_lazy("Tác giả, nơi gửi"), 300, required=True)
    number_text = text_field(gettext_lazy("Số, ký hiệu"), 100, required=True)
    dated = DayField(label=gettext_lazy("Ngày văn bản"))
    kind_code = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), required=False)
    summary = text_field(gettext_lazy("Trích yếu nội dung"), 500, required=True, rows=2)
    handled_by = text_field(gettext_lazy("Đơn vị hoặc người nhận, xử lý"), 200)
    copies = forms.IntegerField(
        label=gettext_lazy("Số lượng bản"), min_value=1, max_value=100_000, initial=1
    )
    notes = text_field(gettext_lazy("Ghi chú"), 5000, rows=2)
    field_order = [
        "received_on",
        "sender",
        "number_text",
        "dated",
        "kind_code",
        "summary",
        "handled_by",
        "copies",
        "secrecy",
        "urgency",
        "notes",
    ]


class PartyTermForm(NfcMixin, forms.Form):
    name = text_field(gettext_lazy("Tên nhiệm kỳ"), 100, required=True)
    starts_on = DayField(label=gettext_lazy("Bắt đầu từ ngày (ngày đại hội)"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp đính kèm"))
