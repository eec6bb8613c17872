"""The signed-in account of a request, typed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from khth.accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The request's user behind ``login_required``; anything else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied("login required")
    return user
