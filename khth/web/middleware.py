"""Language choice: Vietnamese unless the user picked another language on the page.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many machines on the
network have English browsers set up by default; the interface must still open in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from khth.regulations.access import RegulationNotLoaded


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.known else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Restored afterwards: the next request this thread serves (or the next test) must not
        # start in this request's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RegulationMissingMiddleware:
    """A fresh database without a loaded regulation answers with what to do, not a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RegulationNotLoaded):
            return render(
                request, "web/no_regulation.html", {"message": str(exception)}, status=503
            )
        return None
