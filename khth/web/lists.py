"""The one way to build a list page of a unit's objects in the user's scope.

The view fetches the unit through get_unit_for_user (404 outside the scope) and its rows through
the app's ``visible_*`` queryset; these read what the query string asks for (any input gives a
page, never an error), cut the rows to what a page shows, and render the page with the unit and
the breadcrumb's link up to the parent's same page when the user may read the parent. The forms
on such a page that add to the unit fetch it through ``unit_for_change``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.lib import clock
from khth.units import access as unit_access
from khth.units.models import Unit

M = TypeVar("M", bound=Model)
# The years a ``?year=`` may ask for; anything else is the current year.
YEARS = range(2000, 2101)


def year_asked(request: HttpRequest) -> int:
    """``?year=``: the year whose objects the page lists; by default the current one."""
    raw = request.GET.get("year")
    if raw and raw.isdigit() and int(raw) in YEARS:
        return int(raw)
    return clock.today().year


def page_asked(request: HttpRequest) -> int:
    """``?page=``: the page of a long list to show, from 1; anything else is the first (ASCII
    digits only: "²" is a digit to ``isdigit`` and not to ``int``)."""
    raw = request.GET.get("page", "1")
    return max(1, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1


def choice_asked(request: HttpRequest, name: str, allowed: Collection[str], default: str) -> str:
    """``?<name>=`` when it is one of ``allowed`` (a status, a state, "all"…), else ``default``."""
    raw = request.GET.get(name, default)
    return raw if raw in allowed else default


def in_order(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """A span typed the wrong way round is taken the right way round."""
    return (end, start) if end < start else (start, end)


@dataclass(frozen=True)
class Capped(Generic[M]):
    """The first rows of a long list, and whether there were more (the page says so)."""

    rows: list[M]
    more: bool


def capped(rows: QuerySet[M], limit: int) -> Capped[M]:
    """At most ``limit`` rows, in one query (one row more tells whether the list goes on)."""
    found = list(rows[: limit + 1])
    return Capped(found[:limit], len(found) > limit)


def count_upto(rows: QuerySet[M], cap: int) -> tuple[int, bool]:
    """How many rows, counting no further than ``cap``, and whether there were more: a list at
    the top of a 20,000-unit tree says «hơn 1.000» rather than joining and counting every row of
    the subtree on every page (13–16 ms of 20,000 reports, where counting 1,001 takes 0.5 ms)."""
    # Unordered: the order would make the database sort every row before it stops at the cap.
    counted = rows.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


def counted_first(rows: QuerySet[M], limit: int) -> tuple[int, list[M]]:
    """How many rows there are, and the first ``limit``: one query when they all fit (the usual
    case of a block of the home page), a count besides only when they do not."""
    first = list(rows[:limit])
    if len(first) < limit:
        return len(first), first
    return rows.count(), first


def unit_for_change(
    request: HttpRequest, unit_code: str, may: Callable[[Any, Unit], bool], permission: str
) -> Unit:
    """The page's unit (404 outside the user's scope), 403 naming ``permission`` unless
    ``may(user, unit)``: the app's own check (``can_manage``, ``can_write``…)."""
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    if not may(request.user, unit):
        raise PermissionDenied(permission)
    return unit


def parent_visible(user: Any, unit: Unit) -> bool:
    """Whether the user may read the unit's parent: the breadcrumb then links up to it."""
    return unit.parent is not None and unit_access.scope_for(user).allows(
        unit.parent, unit_access.READ
    )


def unit_page(
    request: HttpRequest,
    template: str,
    unit: Unit,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """A unit's list page: the app's ``context`` with the unit and ``parent_visible``."""
    return render(
        request,
        template,
        {"unit": unit, **context, "parent_visible": parent_visible(request.user, unit)},
        status=status,
    )
