"""Inspection pages: a unit's inspections (made and received), planning a new one, editing the
plan, and an inspection's page with its findings and remedies. Every POST is one action call.

Recording (findings, remedies, the conclusion) is in khth.inspections.views.record; follow-up
(closing and reopening remedies, «Việc khắc phục», «Khâu yếu, mặt yếu») in
khth.inspections.views.followup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khth.audit.actions import history_of
from khth.inspections import access
from khth.inspections.actions import (
    InspectionError,
    area_names,
    document_kind_names,
    plan_inspection,
    update_inspection,
)
from khth.inspections.followup import STATE_LABELS, state_of
from khth.inspections.forms import (
    FindingForm,
    InspectionForm,
    RemedyForm,
    unit_choices,
)
from khth.inspections.models import Finding, Inspection, Remedy
from khth.lib import clock
from khth.lib.forms import Saved, done, edited_since, post_form, posted_revision, saved_values
from khth.lib.vietnamese import short_date
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.lists import unit_for_change, unit_page, year_asked
from khth.web.navigation import to_home_unit

# --- shared ----------------------------------------------------------------------------------


def kind_labels() -> dict[str, str]:
    return {code: _(name) for code, name in Inspection.KINDS}


def status_labels() -> dict[str, str]:
    return {code: _(name) for code, name in Inspection.STATUS_CHOICES}


def finding_labels() -> dict[str, str]:
    return {code: _(name) for code, name in Finding.KINDS}


def state_labels() -> dict[str, str]:
    return {code: _(name) for code, name in STATE_LABELS.items()}


def _plan_form(user: Any, by_unit: Unit, data: Any = None, initial: Any = None) -> InspectionForm:
    return InspectionForm(
        data,
        user=user,
        by_unit=by_unit,
        areas=list(area_names().items()),
        document_kinds=list(document_kind_names().items()),
        initial=initial,
    )


# --- a unit's inspections --------------------------------------------------------------------


@login_required
def inspections_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Kiểm tra»: the page of the user's own (highest) unit."""
    return to_home_unit(request, "inspection-unit")


def _unit_page(
    request: HttpRequest, unit: Unit, form: InspectionForm | None = None, status: int = 200
) -> HttpResponse:
    year = year_asked(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    visible = access.visible_inspections(request.user).filter(
        starts_on__lte=end, ends_on__gte=start
    )
    made = list(
        visible.filter(by_unit__path__startswith=unit.path)
        .select_related("by_unit")
        .prefetch_related("units")
        .order_by("-starts_on", "-pk")
    )
    received_ids = Inspection.units.through.objects.filter(unit__path__startswith=unit.path).values(
        "inspection_id"
    )
    received = list(
        visible.filter(pk__in=received_ids)
        .exclude(by_unit__path__startswith=unit.path)
        .select_related("by_unit")
        .order_by("-starts_on", "-pk")
    )
    can_plan = access.can_plan_at(request.user, unit)
    return unit_page(
        request,
        "inspections/unit.html",
        unit,
        {
            "year": year,
            "made": made,
            "received": received,
            "kinds": kind_labels(),
            "statuses": status_labels(),
            "form": (form or _plan_form(request.user, unit)) if can_plan else None,
        },
        status=status,
    )


@login_required
def unit_inspections(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _unit_page(request, unit)


@login_required
@require_POST
def inspection_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_plan_at, access.MANAGE)
    form = _plan_form(request.user, unit, request.POST)
    return post_form(
        form,
        lambda _data: plan_inspection(unit, form.data_for_action(), by=request.user),
        refused=InspectionError,
        again=lambda form: _unit_page(request, unit, form, status=400),
        then=lambda inspection: done(
            request,
            _("Đã lập kế hoạch: %(title)s.") % {"title": inspection.title},
            "inspection-detail",
            pk=inspection.pk,
        ),
    )


def _plan_saved(inspection: Inspection, form: InspectionForm) -> Saved:
    """The plan as stored, by the labels of the plan form, to set beside what was typed."""
    areas = area_names()
    kinds = document_kind_names()
    return saved_values(
        form,
        {
            "title": inspection.title,
            "kind": kind_labels().get(inspection.kind, inspection.kind),
            "starts_on": short_date(inspection.starts_on),
            "ends_on": short_date(inspection.ends_on),
            "units": "; ".join(inspection.units.order_by("path").values_list("name", flat=True)),
            "areas": "; ".join(areas.get(code, code) for code in inspection.areas),
            "document_kinds": "; ".join(kinds.get(c, c) for c in inspection.document_kinds),
            "team": inspection.team,
        },
    )


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_inspection_for_user(request.user, pk, permission=access.MANAGE)
    initial = InspectionForm.initial_of(inspection)

    def page(form: InspectionForm, status: int, base_revision: int | None = None) -> HttpResponse:
        conflict = edited_since(inspection, base_revision)
        context = {
            "inspection": inspection,
            "form": form,
            "revision": inspection.revision,
            "saved": _plan_saved(inspection, form) if conflict else None,
        }
        return render(request, "inspections/edit.html", context, status=409 if conflict else status)

    if request.method != "POST":
        return page(_plan_form(request.user, inspection.by_unit, initial=initial), 200)
    form = _plan_form(request.user, inspection.by_unit, request.POST, initial)
    base = posted_revision(request)
    return post_form(
        form,
        lambda _data: update_inspection(
            inspection, form.data_for_action(), by=request.user, base_revision=base
        ),
        refused=InspectionError,
        again=lambda form: page(form, 400, base),
        then=lambda _none: done(
            request, _("Đã lưu kế hoạch kiểm tra."), "inspection-detail", pk=inspection.pk
        ),
    )


# --- an inspection's page --------------------------------------------------------------------


@dataclass
class RemedyRow:
    remedy: Remedy
    state: str
    can_close: bool
    can_reopen: bool
    can_delete: bool


@dataclass
class FindingRow:
    finding: Finding
    remedies: list[RemedyRow] = field(default_factory=list)
    weak: bool = False
    remedy_form: RemedyForm | None = None


@dataclass
class UnitPart:
    unit: Unit
    findings: list[FindingRow]
    finding_form: FindingForm | None = None


def owner_choices(unit: Unit, today: dt.date) -> list[tuple[str, str]]:
    units = Unit.objects.subtree_of(unit).active_on(today).order_by("path")
    return unit_choices(units, unit.depth)


def parts_of(request: HttpRequest, inspection: Inspection, names: dict[str, str]) -> list[UnitPart]:
    """The inspected units the user may read about, each with its findings and remedies."""
    user = request.user
    today = clock.today()
    whole = access.sees_whole(user, inspection)
    manage = access.can_manage(user, inspection)
    planned = inspection.status == Inspection.PLANNED
    findings = list(access.findings_for(user, inspection).select_related("unit"))
    remedies = list(
        access.remedies_for(user, inspection)
        .select_related("owner", "closed_by", "reopened_by")
        .prefetch_related("files")
        .order_by("deadline", "pk")
    )
    by_finding: dict[int, list[Remedy]] = {}
    for remedy in remedies:
        by_finding.setdefault(remedy.finding_id, []).append(remedy)
    scope = unit_access.scope_for(user)
    units = list(inspection.units.order_by("path"))
    if not whole:
        shown = {f.unit_id for f in findings}
        units = [u for u in units if u.pk in shown or scope.allows(u, unit_access.READ)]
    areas = [(code, name) for code, name in names.items() if code in inspection.areas]
    owners_cache: dict[int, list[tuple[str, str]]] = {}
    parts = []
    for unit in units:
        rows = []
        for finding in (f for f in findings if f.unit_id == unit.pk):
            weak = finding.kind != Finding.STRENGTH
            row = FindingRow(finding, weak=weak)
            for remedy in by_finding.get(finding.pk, []):
                closed = remedy.status == Remedy.CLOSED
                row.remedies.append(
                    RemedyRow(
                        remedy,
                        state_of(remedy, today),
                        can_close=not closed and access.can_respond(user, remedy),
                        can_reopen=closed and manage,
                        can_delete=manage and planned and not closed,
                    )
                )
            if weak and manage and planned:
                if unit.pk not in owners_cache:
                    owners_cache[unit.pk] = owner_choices(unit, today)
                row.remedy_form = RemedyForm(
                    owners=owners_cache[unit.pk],
                    initial={"owner": unit.code},
                    auto_id=f"f{finding.pk}_%s",
                )
            rows.append(row)
        form = None
        if manage and planned:
            form = FindingForm(areas=areas, initial={"unit": unit.code}, auto_id=f"u{unit.pk}_%s")
        parts.append(UnitPart(unit, rows, form))
    return parts


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, access.get_inspection_for_user(request.user, pk))


def detail_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    conclusion: str | None = None,
    base_revision: int | None = None,
) -> HttpResponse:
    """The inspection's page. ``conclusion``: a conclusion typed but not saved, shown again in
    the editor; with ``base_revision`` older than the inspection's, beside the stored one."""
    conflict = edited_since(inspection, base_revision)
    user = request.user
    whole = access.sees_whole(user, inspection)
    manage = access.can_manage(user, inspection)
    planned = inspection.status == Inspection.PLANNED
    areas = area_names()
    kinds = document_kind_names()
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "whole": whole,
            "units": list(inspection.units.order_by("path")),
            "area_names": [areas.get(code, code) for code in inspection.areas],
            "document_kind_names": [kinds.get(code, code) for code in inspection.document_kinds],
            "parts": parts_of(request, inspection, areas),
            "kinds": kind_labels(),
            "statuses": status_labels(),
            "finding_kinds": finding_labels(),
            "states": state_labels(),
            "area_labels": areas,
            "can_edit": manage and planned,
            "can_conclude": manage and planned,
            "can_reopen": manage and not planned,
            "revision": inspection.revision,
            "conclusion": inspection.conclusion if conclusion is None else conclusion,
            "conflict": conflict,
            "history": _history(inspection) if whole else [],
        },
        status=409 if conflict else 200,
    )


def _history(inspection: Inspection) -> list[Any]:
    """The audit entries of the inspection, its findings and its remedies, newest first."""
    findings = [Finding(pk=pk) for pk in inspection.findings.values_list("pk", flat=True)]
    remedies = [
        Remedy(pk=pk)
        for pk in Remedy.objects.filter(finding__inspection=inspection).values_list("pk", flat=True)
    ]
    return list(history_of(inspection, *findings, *remedies)[:50])


urlpatterns: list[URLPattern] = [
    path("", inspections_home, name="inspections-home"),
    path("unit/<str:unit_code>/", unit_inspections, name="inspection-unit"),
    path("unit/<str:unit_code>/new/", inspection_new, name="inspection-new"),
    path("<int:pk>/", inspection_detail, name="inspection-detail"),
    path("<int:pk>/edit/", inspection_edit, name="inspection-edit"),
]
