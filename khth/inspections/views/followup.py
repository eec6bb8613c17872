"""Follow-up pages: closing a remedy with evidence (the owner unit), reopening a closure (the
inspecting unit), an evidence file, «Việc khắc phục» of a unit (what it owns, what it assigned,
overdue first) and «Khâu yếu, mặt yếu» (recurring weaknesses of a unit's subtree over a span)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khth.inspections import access
from khth.inspections.actions import (
    InspectionError,
    area_names,
    close_remedy,
    reopen_remedy,
)
from khth.inspections.followup import (
    DUE_SOON_DAYS,
    STATES,
    State,
    default_span,
    inspections_by_id,
    recurring_in,
    state_of,
    state_q,
)
from khth.inspections.forms import CloseForm, NoteForm, SpanForm
from khth.inspections.models import Remedy, RemedyEvidence
from khth.inspections.views.pages import state_labels
from khth.lib import clock
from khth.lib.forms import back_with_errors, done, post_form
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.downloads import file_download
from khth.web.lists import choice_asked, in_order

# --- closing and reopening -------------------------------------------------------------------


def _back(remedy: Remedy, request: HttpRequest) -> str:
    """To the remedies page the form was on, or to the remedy on its inspection's page."""
    back = request.POST.get("back", "")
    if back.startswith("/inspections/") and url_has_allowed_host_and_scheme(back, None):
        return back
    url = reverse("inspection-detail", args=[remedy.finding.inspection_id])
    return f"{url}#remedy-{remedy.pk}"


@login_required
@require_POST
def remedy_close(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = access.get_remedy_for_user(request.user, pk)
    back = _back(remedy, request)
    return post_form(
        CloseForm(request.POST, request.FILES),
        lambda data: close_remedy(
            remedy, evidence=data["evidence"], upload=data["file"], by=request.user
        ),
        refused=InspectionError,
        again=lambda form: back_with_errors(request, form, redirect(back)),
        then=lambda _none: done(request, _("Đã báo cáo kết quả khắc phục."), back),
    )


@login_required
@require_POST
def remedy_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = access.get_remedy_for_user(request.user, pk)
    back = _back(remedy, request)
    return post_form(
        NoteForm(request.POST),
        lambda data: reopen_remedy(remedy, note=data["note"], by=request.user),
        refused=InspectionError,
        again=lambda form: back_with_errors(request, form, redirect(back)),
        then=lambda _none: done(request, _("Đã mở lại việc khắc phục."), back),
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to whoever may read its remedy."""
    found = RemedyEvidence.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("evidence not found")
    access.get_remedy_for_user(request.user, found.remedy_id)
    response = file_download(found)
    response["Cache-Control"] = "private, no-store"
    return response


# --- «Việc khắc phục» ------------------------------------------------------------------------


@dataclass
class Row:
    remedy: Remedy
    state: State
    can_close: bool
    can_reopen: bool


def _rows(user: Any, remedies: QuerySet[Remedy], today: dt.date, *, assigned: bool) -> list[Row]:
    listed = list(
        remedies.select_related(
            "owner",
            "finding",
            "finding__unit",
            "finding__inspection",
            "finding__inspection__by_unit",
        ).order_by("deadline", "pk")[:500]
    )
    rank: dict[str, int] = {state: index for index, state in enumerate(STATES)}
    rows = []
    for remedy in listed:
        state = state_of(remedy, today)
        closed = remedy.status == Remedy.CLOSED
        inspection = remedy.finding.inspection
        rows.append(
            Row(
                remedy,
                state,
                can_close=not closed and access.can_respond(user, remedy),
                can_reopen=closed and assigned and access.can_manage(user, inspection),
            )
        )
    rows.sort(key=lambda r: (rank[r.state], r.remedy.deadline, r.remedy.pk))
    return rows


def _counts(remedies: QuerySet[Remedy], today: dt.date) -> dict[str, int]:
    aggregated = remedies.aggregate(
        **{state: Count("pk", filter=state_q(state, today)) for state in STATES}
    )
    return {state: int(aggregated[state] or 0) for state in STATES}


@login_required
def unit_remedies(request: HttpRequest, unit_code: str) -> HttpResponse:
    """What the unit (and its subtree) must remedy, and what it assigned as inspector; overdue
    first. ``?state=`` one of the states, ``all``, or empty for those not closed yet."""
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    today = clock.today()
    state = choice_asked(request, "state", (*STATES, "all"), "")
    chosen = state_q(state, today) if state != "" else Q(status=Remedy.OPEN)
    owned = access.visible_remedies(request.user).filter(owner__path__startswith=unit.path)
    # Assigned by the unit itself as inspector (its subordinates' inspections are theirs). The
    # user sees the unit, hence the unit's inspections whole.
    assigned = Remedy.objects.filter(finding__inspection__by_unit=unit)
    return render(
        request,
        "inspections/remedies.html",
        {
            "unit": unit,
            "state": state,
            "today": today,
            "states": state_labels(),
            "state_order": STATES,
            "owned": _rows(request.user, owned.filter(chosen), today, assigned=False),
            "assigned": _rows(request.user, assigned.filter(chosen), today, assigned=True),
            "owned_counts": _counts(owned, today),
            "assigned_counts": _counts(assigned, today),
            "due_soon_days": DUE_SOON_DAYS,
            "back": request.get_full_path(),
        },
    )


# --- «Khâu yếu, mặt yếu» ---------------------------------------------------------------------


@login_required
def unit_recurring(request: HttpRequest, unit_code: str) -> HttpResponse:
    """Recurring weaknesses of the unit's subtree in inspections that started in the span."""
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    start, end = default_span(clock.today())
    form = SpanForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = in_order(form.cleaned_data["start"], form.cleaned_data["end"])
    found = recurring_in(unit, start, end)
    ids = {i for r in found.by_unit for i in r.inspections}
    ids |= {i for r in found.by_area for i in r.inspections}
    codes = {r.unit for r in found.by_unit} | {u for r in found.by_area for u in r.units}
    return render(
        request,
        "inspections/recurring.html",
        {
            "unit": unit,
            "form": form,
            "start": start,
            "end": end,
            "found": found,
            "areas": area_names(),
            "units": {u.code: u for u in Unit.objects.filter(code__in=codes)},
            "inspections": inspections_by_id(ids),
        },
    )


urlpatterns: list[URLPattern] = [
    path("remedies/<int:pk>/close/", remedy_close, name="inspection-remedy-close"),
    path("remedies/<int:pk>/reopen/", remedy_reopen, name="inspection-remedy-reopen"),
    path("evidence/<int:pk>/", evidence_file, name="inspection-evidence"),
    path("unit/<str:unit_code>/remedies/", unit_remedies, name="inspection-remedies"),
    path("unit/<str:unit_code>/recurring/", unit_recurring, name="inspection-recurring"),
]
