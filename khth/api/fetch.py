"""Fetching a unit named in an API request, through the one scope mechanism."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from khth.units import access as unit_access
from khth.units.models import Unit


def unit_in_scope(request: HttpRequest, code: str) -> Unit:
    """The unit with ``code``; 404 naming the code when it is outside the caller's scope."""
    try:
        return unit_access.get_unit_for_user(request.user, code)
    except Http404:
        raise HttpError(
            404, _("Không có đơn vị «%(code)s» trong phạm vi của bạn") % {"code": code}
        ) from None
