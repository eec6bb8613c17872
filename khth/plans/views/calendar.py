"""The activity schedule as a calendar: a week or a month of the schedule entries of a unit and,
for a superior, of its direct subordinates (each of which has its own calendar for the units
below it), filterable by unit; and the same as an iCalendar file.

    /plans/calendar/<unit_code>/?view=week|month&date=YYYY-MM-DD&unit=CODE&unit=CODE…
    /plans/calendar/<unit_code>/schedule.ics?<the same>

Which schedule counts: for each plan series, its latest version in force; a series with no
version in force shows its latest draft, labelled as such. An amendment being drafted does not
hide the version in force. Scope: the unit comes through get_unit_for_user (404 outside the
user's subtree) and every query is filtered by the user's scope as well.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from khth.documents.output import attachment
from khth.lib import clock
from khth.lib.vietnamese import fold
from khth.periods import period_of
from khth.plans.ical import calendar, event_of
from khth.plans.models import Plan, ScheduleEntry
from khth.units.access import get_unit_for_user, scope_for
from khth.units.models import Unit

WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class Window:
    view: str
    day: dt.date  # the date asked for
    first: dt.date  # first day shown
    last: dt.date  # last day shown, inclusive
    label: str  # "Tuần 28/2024", "Tháng 7/2024"
    previous: dt.date
    following: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def window(view: str, day: dt.date) -> Window:
    """The days a view shows around ``day``: its week (Monday to Sunday), or the weeks that
    hold its month."""
    if view == MONTH:
        start = day.replace(day=1)
        end = start.replace(day=calendar_module.monthrange(start.year, start.month)[1])
        previous = (start - dt.timedelta(days=1)).replace(day=1)
        following = end + dt.timedelta(days=1)
        return Window(
            view=MONTH,
            day=day,
            first=start - dt.timedelta(days=start.weekday()),
            last=end + dt.timedelta(days=6 - end.weekday()),
            label=period_of(day, "monthly").label,
            previous=previous,
            following=following,
        )
    monday = day - dt.timedelta(days=day.weekday())
    return Window(
        view=WEEK,
        day=day,
        first=monday,
        last=monday + dt.timedelta(days=6),
        label=period_of(day, "weekly").label,
        previous=monday - dt.timedelta(days=7),
        following=monday + dt.timedelta(days=7),
    )


@dataclass
class Filters:
    view: str
    day: dt.date
    units: list[Unit]  # the units one may tick: the unit and its direct subordinates, in scope
    chosen: list[Unit]  # the ticked ones (all when none is ticked)
    ticked: set[str] = field(default_factory=set)

    @property
    def options(self) -> list[tuple[Unit, int, bool]]:
        """(unit, indent below the calendar's unit, ticked) for the filter's checkboxes."""
        top = self.units[0].depth if self.units else 0
        return [(u, u.depth - top, u.code in self.ticked) for u in self.units]

    def query(self, **changes: Any) -> str:
        params: list[tuple[str, str]] = [
            ("view", changes.get("view", self.view)),
            ("date", changes.get("day", self.day).isoformat()),
        ]
        params += [("unit", code) for code in sorted(self.ticked)]
        return urlencode(params)


def _filters(request: HttpRequest, unit: Unit) -> Filters:
    view = MONTH if request.GET.get("view") == MONTH else WEEK
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = clock.today()
    shown = window(view, day)
    # The unit and its direct subordinates: each of those has its own calendar for the units
    # below it (at the top of the army the subtree's schedules would be thousands a week).
    units = list(
        Unit.objects.subtree_of(unit)
        .filter(depth__lte=unit.depth + 1)
        .filter(scope_for(request.user).q("path"))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=shown.first))
        .order_by("path")
    )
    asked = set(request.GET.getlist("unit"))
    ticked = {u.code for u in units if u.code in asked}
    chosen = [u for u in units if u.code in ticked] if ticked else units
    return Filters(view=view, day=day, units=units, chosen=chosen, ticked=ticked)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def schedule_entries(
    user: Any, units: list[Unit], first: dt.date, last: dt.date
) -> list[ScheduleEntry]:
    """The entries from ``first`` to ``last`` (inclusive) of the schedules that count (see the
    module docstring) of ``units``, with their plan and unit; two queries."""
    scope = scope_for(user)
    versions = Plan.objects.filter(scope.q("unit__path")).filter(
        unit__in=units, starts_on__lte=last, ends_on__gte=first
    )
    best: dict[Any, tuple[bool, int, int]] = {}
    for pk, series, version, status in versions.values_list("pk", "series", "version", "status"):
        rank = (status in Plan.IN_FORCE, version, pk)
        if series not in best or rank > best[series]:
            best[series] = rank
    chosen = [rank[2] for rank in best.values()]
    return list(
        ScheduleEntry.objects.filter(
            plan_id__in=chosen,
            starts_at__gte=_aware(first),
            starts_at__lt=_aware(last + dt.timedelta(days=1)),
        )
        .filter(scope.q("plan__unit__path"))
        .select_related("plan", "plan__unit")
        .order_by("starts_at", "plan__unit__path", "position")
    )


def _asked(
    request: HttpRequest, unit_code: str
) -> tuple[Unit, Filters, Window, list[ScheduleEntry]]:
    """The calendar's unit, its filters, the days they show and the entries of those days."""
    unit = get_unit_for_user(request.user, unit_code)
    filters = _filters(request, unit)
    shown = window(filters.view, filters.day)
    entries = schedule_entries(request.user, filters.chosen, shown.first, shown.last)
    return unit, filters, shown, entries


@dataclass
class Day:
    date: dt.date
    entries: list[ScheduleEntry]
    today: bool
    outside: bool  # a day of the neighbouring month in a month view


@login_required
@require_GET
def schedule_calendar(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit, filters, shown, entries = _asked(request, unit_code)
    by_day: dict[dt.date, list[ScheduleEntry]] = {}
    for entry in entries:
        by_day.setdefault(timezone.localdate(entry.starts_at), []).append(entry)
    today = clock.today()
    days = [
        Day(
            date=d,
            entries=by_day.get(d, []),
            today=d == today,
            outside=filters.view == MONTH and d.month != filters.day.month,
        )
        for d in shown.days
    ]
    base = reverse("schedule-calendar", args=[unit.code])
    response = render(
        request,
        "plans/calendar.html",
        {
            "unit": unit,
            "filters": filters,
            "window": shown,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "days": days,
            "count": len(entries),
            "several": len(filters.units) > 1,
            "previous_url": f"{base}?{filters.query(day=shown.previous)}",
            "next_url": f"{base}?{filters.query(day=shown.following)}",
            "today_url": f"{base}?{filters.query(day=today)}",
            "week_url": f"{base}?{filters.query(view=WEEK)}",
            "month_url": f"{base}?{filters.query(view=MONTH)}",
            "ics_url": reverse("schedule-ics", args=[unit.code]) + f"?{filters.query()}",
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def schedule_ics(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit, filters, shown, entries = _asked(request, unit_code)
    several = len(filters.chosen) > 1
    events = [
        event_of(
            entry,
            entry.plan,
            unit_label=(entry.plan.unit.short_name or entry.plan.unit.name) if several else "",
        )
        for entry in entries
    ]
    name = f"Lịch hoạt động - {unit.short_name or unit.name}"
    text = calendar(events, name=f"{name} - {shown.label}")
    readable = f"{name} - {shown.label}".replace("/", "-")
    ascii_stem = "-".join("".join(c if c.isalnum() else " " for c in fold(readable)).split())
    return attachment(text.encode("utf-8"), (ascii_stem, readable), "ics")


urlpatterns: list[URLPattern] = [
    path("calendar/<str:unit_code>/", schedule_calendar, name="schedule-calendar"),
    path("calendar/<str:unit_code>/schedule.ics", schedule_ics, name="schedule-ics"),
]
