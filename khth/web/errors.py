"""Error pages that must never fail themselves: the server error, and the page for a form sent
with a stale security token, in the site's own words and layout.

It happens to people, not attackers: a page left open across a new login (which renews the token)
or across the session's end. What they typed is still kept in their browser (static/web/keep.js),
so the page tells them how to get it back rather than that they are forbidden.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back = urlsplit(referer).path if referer and same_site else request.path
    return render(request, "web/stale_form.html", {"back": back}, status=403)


# What is shown when even the page in the site's layout cannot be made (a broken template, a
# missing static manifest): the same words, no layout.
PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi hệ thống · KHTH'
    "</title></head><body><h1>Lỗi hệ thống</h1><p>Hệ thống gặp lỗi khi xử lý yêu cầu này; thay "
    "đổi vừa gửi chưa được lưu. Nội dung bạn đã gõ vẫn được giữ trên máy này: quay lại trang "
    'trước rồi thử lại sau ít phút.</p><p><a href="/">Về trang chính</a></p></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context, like Django's own: the failure may be in the
    # database or the context processors themselves.
    try:
        page: str = render_to_string("500.html")
    except Exception:  # the error page must answer whatever else is broken
        logging.getLogger(__name__).exception("the 500 page could not be rendered")
        page = PLAIN_SERVER_ERROR
    return HttpResponseServerError(page)
