"""API authentication: a bearer token (scripts, other systems) or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from khth.accounts.actions import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


API_AUTH = [TokenAuth(), django_auth]
