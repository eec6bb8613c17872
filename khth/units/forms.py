"""Forms of the unit pages: details, a new unit, move, dissolve, merge, import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khth.lib.forms import NfcMixin
from khth.lib.identifiers import validate_identifier
from khth.units.models import Unit


class UnitDetailsForm(NfcMixin, forms.Form):
    name = forms.CharField(label=_("Tên đầy đủ"), max_length=200)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=80)
    level = forms.ChoiceField(label=_("Cấp"))
    party_body = forms.CharField(label=_("Tổ chức đảng"), max_length=200, required=False)
    superior_party_body = forms.CharField(
        label=_("Tổ chức đảng cấp trên"), max_length=200, required=False
    )
    party_abbr = forms.CharField(
        label=_("Ký hiệu văn bản Đảng"), max_length=20, required=False, help_text="ĐU, CB…"
    )
    admin_abbr = forms.CharField(
        label=_("Ký hiệu văn bản hành chính"), max_length=20, required=False, help_text="CT…"
    )
    place = forms.CharField(label=_("Địa danh ghi trên văn bản"), max_length=100, required=False)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels  # type: ignore[attr-defined]


class NewUnitForm(UnitDetailsForm):
    code = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=Unit._meta.get_field("code").max_length,
        validators=[validate_identifier],
        help_text=_("Chữ không dấu, số, dấu chấm, gạch; không đổi về sau."),
    )
    valid_from = forms.DateField(label=_("Thành lập từ ngày"), required=False)
    field_order = ["code", "name", "short_name", "level"]


class MoveForm(forms.Form):
    parent_code = forms.CharField(label=_("Mã đơn vị cấp trên mới"), max_length=40)
    on = forms.DateField(label=_("Từ ngày"), required=False)


class DissolveForm(NfcMixin, forms.Form):
    on = forms.DateField(label=_("Giải thể từ ngày"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class MergeForm(forms.Form):
    into_code = forms.CharField(label=_("Mã đơn vị nhận sáp nhập"), max_length=40)
    on = forms.DateField(label=_("Từ ngày"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV (UTF-8)"))
    on = forms.DateField(label=_("Hiệu lực từ ngày"), required=False)
