"""Plan pages: exports — the official DOCX, the XLSX of targets and tasks (or of the schedule),
the print page, and a schedule's iCalendar file.

Each fetches the plan through the one access helper (404 outside the user's scope) and goes
through khth.documents, like the CLI, so a plan looks the same however it was asked for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from khth.documents.output import attachment
from khth.plans.access import get_plan_for_user
from khth.plans.documents import plan_data, plan_document, plan_file_names, plan_spreadsheet
from khth.plans.ical import calendar, event_of
from khth.plans.models import Plan
from khth.plans.stored import is_schedule
from khth.web.downloads import download
from khth.web.printing import print_response


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_plan_for_user(request.user, pk)


@login_required
@require_GET
def export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """``extension`` comes from the URL pattern: "docx", or "xlsx" for the targets and tasks
    (or the schedule)."""
    plan = _plan(request, pk)
    made = plan_document(plan) if extension == "docx" else plan_spreadsheet(plan)
    return download(made, plan_file_names(plan))


@login_required
@require_GET
def print_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    data = plan_data(plan)
    return print_response(
        request,
        "plans/print.html",
        plan_document(data),
        plan.unit,
        plan=plan,
        schedule=data.schedule,
    )


@login_required
@require_GET
def plan_ics(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not is_schedule(plan):
        raise Http404("not a schedule")
    label = plan.unit.short_name or plan.unit.name
    events = [event_of(entry, plan) for entry in plan.entries.all()]
    text = calendar(events, name=f"{plan.title} - {label}")
    return attachment(text.encode("utf-8"), plan_file_names(plan), "ics")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/export.docx", export, {"extension": "docx"}, name="plan-export-docx"),
    path("<int:pk>/export.xlsx", export, {"extension": "xlsx"}, name="plan-export-xlsx"),
    path("<int:pk>/print/", print_page, name="plan-print"),
    path("<int:pk>/schedule.ics", plan_ics, name="plan-ics"),
]
