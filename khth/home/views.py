"""The home page, "Việc cần làm": what the user should do next, in blocks shown only to the roles
who act on them — reports to prepare (due within two weeks, by date, and overdue), reports
waiting for the user's review, documents and record books missing or out of date, remedies due,
subordinates that have not reported — then the user's units.

It reads every app, so it stands above them all (docs/architecture.md), and reads each only
through that app's access module: every block is a count and the first ``LIMIT`` rows, so the
page costs the same few queries at the top of a 20,000-unit tree as at a company.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.docsystem.records import access as records
from khth.inspections import access as inspections
from khth.lib import clock
from khth.plans import access as plans
from khth.regulations.access import active_regulation
from khth.reports import access as reports
from khth.units.access import home_units

LIMIT = 10
# Roles that manage the system's accounts and units (admin) act on none of the work below.
UNIT_MANAGE = "unit.manage"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = clock.today()
    regulation = active_regulation()
    homes = home_units(user)
    held: set[str] = set().union(*(h.grant.permissions for h in homes))
    # Commanders and committee members read: they see who has not reported, nothing to do.
    reads_only = any(
        reports.PREPARE not in h.grant.permissions and UNIT_MANAGE not in h.grant.permissions
        for h in homes
    )
    context: dict[str, Any] = {
        "homes": homes,
        "today": today,
        "level_names": {level.code: level.name for level in regulation.levels},
        "role_names": {role.code: role.name for role in regulation.roles},
        "first_unit": homes[0].unit if homes else None,
        "limit": LIMIT,
        "show": set(),
    }
    if reports.PREPARE in held:
        context["show"].add("due")
        due = reports.due_reports(user, today)
        overdue = [d for d in due if d.deadline < today]
        coming = [d for d in due if d.deadline >= today]
        context["overdue"] = [(d, d.days_late(today)) for d in overdue[:LIMIT]]
        context["overdue_count"] = len(overdue)
        context["coming"] = [
            (day, list(rows))
            for day, rows in itertools.groupby(coming[:LIMIT], key=lambda d: d.deadline)
        ]
        context["coming_count"] = len(coming)
        context["due_days"] = reports.DUE_WITHIN_DAYS
    if reports.REVIEW in held:
        context["show"].add("review")
        count, waiting = reports.review_queue(user, limit=LIMIT)
        context["review_count"] = count
        context["review"] = [(r, reports.period_label(r)) for r in waiting]
    if plans.PREPARE in held or records.WRITE in held:
        context["show"].add("documents")
        context["documents_count"], context["documents"] = records.documents_to_do(
            user, today, limit=LIMIT
        )
    if inspections.RESPOND in held:
        context["show"].add("remedies")
        context["remedies_count"], context["remedies"] = inspections.remedies_due(
            user, today, limit=LIMIT
        )
    if reports.REVIEW in held or reads_only:
        context["show"].add("unreported")
        context["unreported_count"], context["unreported"] = reports.unreported_units(
            user, today, limit=LIMIT
        )
    return render(request, "home/home.html", context)
