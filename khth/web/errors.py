"""The page for a form sent with a stale security token, in the site's own words and layout.

It happens to people, not attackers: a page left open across a new login (which renews the token)
or across the session's end. What they typed is still kept in their browser (static/web/keep.js),
so the page tells them how to get it back rather than that they are forbidden.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back = urlsplit(referer).path if referer and same_site else request.path
    return render(request, "web/stale_form.html", {"back": back}, status=403)
