"""Forms of the awards pages. The titles and units offered depend on the regulation and on the
unit, so the view passes them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib.forms import DayField, NfcMixin, text_field
from khth.units.forms import UnitField, UnitPickerMixin


class FilterForm(NfcMixin, forms.Form):
    """The register's filters (GET). Dates empty: the current year."""

    starts_on = DayField(label=gettext_lazy("Từ ngày"), required=False)
    ends_on = DayField(label=gettext_lazy("Đến ngày"), required=False)
    recipient = forms.ChoiceField(label=gettext_lazy("Đối tượng"), required=False)
    title_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Họ tên, số quyết định"), max_length=100, required=False
    )

    def __init__(
        self,
        *args: Any,
        titles: list[tuple[str, str]],
        recipients: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_code"].choices = [("", "—"), *titles]  # type: ignore[attr-defined]
        self.fields["recipient"].choices = [("", "—"), *recipients]  # type: ignore[attr-defined]


class AwardForm(UnitPickerMixin, NfcMixin, forms.Form):
    # A picker, not a <select> of the subtree: 20,000 options were 1.5 MB of page at the top.
    unit_code = UnitField(
        label=gettext_lazy(
            "Tập thể được khen, đơn vị của cá nhân, hoặc đơn vị khen (cơ quan ngoài Quân đội)"
        )
    )
    title_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức khen thưởng"))
    person_name = text_field(gettext_lazy("Họ và tên (khen cá nhân)"), 200)
    person_rank = text_field(gettext_lazy("Cấp bậc, chức vụ"), 100)
    body_name = text_field(
        gettext_lazy("Tên cơ quan, tổ chức ngoài Quân đội (khen cơ quan, tổ chức ngoài Quân đội)"),
        300,
    )
    decision_number = text_field(gettext_lazy("Số quyết định"), 100, required=True)
    decision_date = DayField(label=gettext_lazy("Ngày quyết định"))
    issuer = text_field(gettext_lazy("Cấp khen"), 300)
    reason = text_field(gettext_lazy("Lý do, thành tích"), 5000, rows=3)

    def __init__(
        self,
        *args: Any,
        titles: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_code"].choices = titles  # type: ignore[attr-defined]
        self.fields["issuer"].help_text = gettext_lazy(
            "Để trống: cấp khen của danh hiệu theo quy định"
        )


class ConfirmForm(NfcMixin, forms.Form):
    decision_number = text_field(gettext_lazy("Số quyết định"), 100, required=True)
    decision_date = DayField(label=gettext_lazy("Ngày quyết định"))
    issuer = text_field(gettext_lazy("Cấp khen"), 300)
    reason = text_field(gettext_lazy("Lý do, thành tích"), 5000)


class RejectForm(NfcMixin, forms.Form):
    note = text_field(gettext_lazy("Lý do không đề nghị"), 5000, required=True)


class RemoveForm(NfcMixin, forms.Form):
    reason = text_field(gettext_lazy("Lý do xóa khỏi sổ"), 5000, required=True)
