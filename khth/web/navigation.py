"""The navigation's entries open a page of the user's own unit: the highest one they belong to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from khth.units.access import scope_for


def to_home_unit(request: HttpRequest, url_name: str) -> HttpResponse:
    """Redirect to ``url_name`` for the user's highest unit; home with a message when none."""
    homes = scope_for(request.user).home_units
    unit = min(homes, key=lambda u: (u.depth, u.path)) if homes else None
    if unit is None:
        messages.info(request, _("Tài khoản chưa được gán vào đơn vị nào."))
        return redirect("home")
    return redirect(url_name, unit_code=unit.code)
