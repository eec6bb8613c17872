"""/api/v1/search — the search of the search page, one page of 20 at a time.

``title_html`` and ``snippet`` are HTML: the text escaped, matching words in ``<mark>``.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from khth.api.schemas import Error, PageNumber
from khth.search.models import KINDS
from khth.search.query import PAGE_SIZE, search
from khth.search.text import MAX_QUERY, clean
from khth.units import access as unit_access

router = Router(tags=["search"])


class SearchFilter(Schema):
    q: str = ""
    kind: str = ""
    unit: str = ""
    page: PageNumber = 1


class HitOut(Schema):
    kind: str
    kind_label: str
    object_id: int
    title: str
    title_html: str
    snippet: str
    url: str
    unit: str
    unit_name: str
    updated_at: dt.datetime


class SearchOut(Schema):
    query: str
    tokens: list[str]
    total: int
    capped: bool
    page: int
    pages: int
    page_size: int
    results: list[HitOut]


@router.get("/search", response={200: SearchOut, 400: Error, 404: Error})
def search_api(request: HttpRequest, filters: Query[SearchFilter]) -> SearchOut:
    """What the caller may see matching ``q``, best first. ``kind``: plan, report, document,
    typed, entry; ``unit``: a unit code (its subtree)."""
    if filters.kind and filters.kind not in dict(KINDS):
        raise HttpError(
            400,
            _("Loại «%(kind)s» không có; dùng một trong: %(kinds)s")
            % {"kind": filters.kind[:40], "kinds": ", ".join(code for code, _label in KINDS)},
        )
    unit = unit_access.get_unit_for_user(request.user, filters.unit) if filters.unit else None
    query = clean(filters.q[:MAX_QUERY]).strip()
    results = search(request.user, query, kind=filters.kind, unit=unit, page=filters.page)
    return SearchOut(
        query=query,
        tokens=list(results.tokens),
        total=results.total,
        capped=results.capped,
        page=results.page,
        pages=results.pages,
        page_size=PAGE_SIZE,
        results=[
            HitOut(
                kind=hit.kind,
                kind_label=hit.kind_label,
                object_id=hit.object_id,
                title=hit.title,
                title_html=str(hit.title_html),
                snippet=str(hit.snippet),
                url=hit.url,
                unit=hit.unit_code,
                unit_name=hit.unit_name,
                updated_at=hit.updated_at,
            )
            for hit in results.hits
        ],
    )
