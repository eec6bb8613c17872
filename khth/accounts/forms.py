"""Forms of the account pages: log-in and a new account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khth.accounts.models import User
from khth.lib.forms import NfcMixin
from khth.lib.identifiers import validate_identifier
from khth.units.forms import UnitField, UnitPickerMixin


class LoginForm(forms.Form):
    # The browser's password manager fills these in when it knows which field is which.
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )


class NewUserForm(UnitPickerMixin, NfcMixin, forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=User._meta.get_field("username").max_length,
        validators=[validate_identifier],
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    unit_code = UnitField(label=_("Đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò"))
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
