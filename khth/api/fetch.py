"""Fetching what an API request names — a unit by its code, a row by its id — through the one
scope mechanism, answering 404 with a message that names what was asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from khth.api.schemas import MAX_ID
from khth.units import access as unit_access
from khth.units.models import Unit

Row = TypeVar("Row")


def unit_in_scope(request: HttpRequest, code: str) -> Unit:
    """The unit with ``code``; 404 naming the code when it is outside the caller's scope."""
    try:
        return unit_access.get_unit_for_user(request.user, code)
    except Http404:
        raise HttpError(
            404, _("Không có đơn vị «%(code)s» trong phạm vi của bạn") % {"code": code}
        ) from None


def subtree_path(request: HttpRequest, code: str | None) -> str | None:
    """The path of the unit ``code`` names, to narrow a list to its subtree (404 outside the
    caller's scope); None when the request names no unit."""
    return unit_in_scope(request, code).path if code else None


def row_in_scope(
    request: HttpRequest, fetch: Callable[[Any, int], Row], row_id: int, missing: str
) -> Row:
    """What ``fetch`` — an app's ``get_<object>_for_user`` — returns for the caller and
    ``row_id``; 404 with the message ``missing`` when it is outside the caller's scope, and for an
    id that cannot name a row (not positive, or beyond MAX_ID) before it reaches the database."""
    try:
        if not 0 < row_id <= MAX_ID:
            raise Http404
        return fetch(request.user, row_id)
    except Http404:
        raise HttpError(404, missing) from None
