"""Forms of the web interface. Labels and messages are Vietnamese msgids (docs/architecture.md,
"Language")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khth.lib.vietnamese import nfc


class NfcMixin:
    """Every text input is normalised to NFC at the boundary."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        return {k: nfc(v) if isinstance(v, str) else v for k, v in cleaned.items()}


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=200)


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
    code = forms.RegexField(
        label=_("Mã đơn vị"),
        max_length=40,
        regex=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        help_text=_("Chữ không dấu, số, dấu chấm, gạch; không đổi về sau."),
        error_messages={"invalid": _("Mã chỉ gồm chữ không dấu, số, dấu chấm và gạch.")},
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


class NewUserForm(NfcMixin, forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+$",
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    unit_code = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    role = forms.ChoiceField(label=_("Vai trò"))
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=200)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
