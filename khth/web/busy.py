"""A busy database answers 503 with Retry-After and a sentence, never a server error.

SQLite lets one writer at a time; a writer that waits past the busy timeout (20 s) gets "database
is locked", and PostgreSQL's lock and statement timeouts end the same way. Nothing was saved (the
request's transaction was rolled back), and trying again a little later works, so the person is
told exactly that: a page for the browser, ``{"detail": …}`` for the API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from khth.lib.dberrors import RETRY_AFTER_SECONDS, busy_message, is_busy


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": busy_message()}, status=503)
        else:
            response = render(request, "web/busy.html", {"message": busy_message()}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
