"""The Content-Security-Policy of every response.

Scripts come only from KHTH's own static files: no inline script, no event-handler attribute, no
eval, so text a subordinate typed can never run in a superior's browser even if it slipped past
the sanitiser. A ``<style>`` block runs nothing but could still restyle a page, so it needs this
request's nonce (``{{ csp_nonce }}`` in templates). Style *attributes* stay allowed
(``style-src-attr``): pages indent unit trees by depth with them, and an attribute can only style
its own element.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault(HEADER, policy(nonce))
        return response


def nonce(request: HttpRequest) -> dict[str, str]:
    """Template context: the nonce a page's ``<style>`` blocks carry."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
