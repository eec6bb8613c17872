"""The register as XLSX, with the filters of the page (the same rows, all of them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.awards import access
from khth.awards.actions import title_names
from khth.awards.counts import counts
from khth.awards.documents import awards_file_names, awards_spreadsheet
from khth.awards.register import select_awards
from khth.awards.views.pages import filter_of
from khth.units import access as unit_access
from khth.web.downloads import download


@login_required
@require_GET
def award_export(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    _form, which, start, end = filter_of(request)
    rows = select_awards(access.visible_awards(request.user), unit, which)
    book = awards_spreadsheet(unit, start, end, rows, counts(unit, start, end), title_names())
    return download(book, awards_file_names(unit, start, end))


urlpatterns: list[URLPattern] = [
    path("<str:unit_code>/export.xlsx", award_export, name="award-export"),
]
