"""/api/v1 inspections and surveys, findings, remedies and their follow-up.

- ``GET /inspections?unit=&status=&kind=&year=``: inspections the caller sees (made by a unit in
  their scope, or of one, or with a remedy one owns); ``unit`` keeps those made by or of that
  unit's subtree; ``POST /inspections`` plans one (``by_unit_code`` is the inspecting unit);
- ``GET /inspections/{id}``: the header and the findings and remedies the caller may read —
  all of them on the inspecting side (``whole``: true, with the conclusion), their own units'
  otherwise; ``PUT /inspections/{id}``: the plan while not concluded;
- the plan and the conclusion are edits: their bodies carry the ``revision`` they were made on
  (``revision`` of the inspection's output); made on an older one, they are refused 409 with
  ``current_revision`` and ``current``, the inspection as the other person saved it;
- ``GET|POST /inspections/{id}/findings``; ``DELETE /findings/{id}``;
  ``POST /findings/{id}/remedies``; ``DELETE /remedies/{id}``;
- ``PUT /inspections/{id}/conclusion``; ``POST /inspections/{id}/conclude`` (optionally with the
  text and its ``revision``); ``POST /inspections/{id}/reopen`` (with a note);
  ``GET /inspections/{id}/export.docx`` (the notice; the inspecting side only);
- ``GET /remedies?unit=&side=owned|assigned&state=``, ``GET /remedies/{id}``;
  ``POST /remedies/{id}/close`` (multipart: ``evidence``, optional ``file``);
  ``POST /remedies/{id}/reopen`` (``note``);
- ``GET /units/{code}/recurring?start=&end=``: recurring weaknesses of the unit's subtree.

Refusals: 404 outside the caller's scope; 403 without ``inspection.manage`` at the inspecting
unit (planning, recording, concluding, reopening), without ``inspection.respond`` at the owner
unit (closing), or for the notice on the inspected side; 409 for an edit made on an older
revision; 400 for the other refusals of the actions (InspectionError); 422 for a body or query
not of the documented shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, unit_in_scope
from khth.api.query import date_span, filtered, page
from khth.api.schemas import MAX_ID, Error, LongText
from khth.inspections import access
from khth.inspections.actions import (
    ConflictError,
    InspectionData,
    add_finding,
    add_remedy,
    area_names,
    close_remedy,
    conclude_inspection,
    delete_finding,
    delete_remedy,
    plan_inspection,
    reopen_inspection,
    reopen_remedy,
    save_conclusion,
    update_inspection,
)
from khth.inspections.api.schemas import (
    OPTIONAL_FILE,
    ConcludeIn,
    ConclusionIn,
    FindingIn,
    InspectionConflictOut,
    InspectionCreateIn,
    InspectionFilter,
    InspectionFindingOut,
    InspectionOut,
    InspectionRecurringOut,
    InspectionSpanIn,
    InspectionSummary,
    InspectionUpdateIn,
    NoteIn,
    PlanIn,
    RemedyFilter,
    RemedyIn,
    RemedyOut,
)
from khth.inspections.documents import conclusion_document, conclusion_file_names
from khth.inspections.followup import (
    STATE_LABELS,
    State,
    default_span,
    recurring_in,
    state_of,
    state_q,
)
from khth.inspections.models import Finding, Inspection, Remedy
from khth.lib import clock
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.downloads import download

router = Router(tags=["inspections"])

# --- fetching through the access helpers -----------------------------------------------------


def _inspection(request: HttpRequest, inspection_id: int, *, manage: bool = False) -> Inspection:
    missing = _("Không có cuộc kiểm tra số %(id)s trong phạm vi của bạn") % {"id": inspection_id}
    inspection = row_in_scope(request, access.get_inspection_for_user, inspection_id, missing)
    if manage:
        _require_manage(request, inspection)
    return inspection


def _refusal(unit: Unit) -> str:
    return _("Bạn không có quyền kiểm tra của %(unit)s") % {"unit": unit.name}


def _require_manage(request: HttpRequest, inspection: Inspection) -> None:
    """403 without ``inspection.manage`` at the inspecting unit."""
    if not access.can_manage(request.user, inspection):
        raise HttpError(403, _refusal(inspection.by_unit))


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    found = None
    if 0 < finding_id <= MAX_ID:
        found = Finding.objects.filter(pk=finding_id).first()
    if found is not None:
        inspection = _inspection(request, found.inspection_id)
        if access.findings_for(request.user, inspection).filter(pk=found.pk).exists():
            _require_manage(request, inspection)
            found.inspection = inspection
            return found
    raise HttpError(
        404, _("Không có kết quả kiểm tra số %(id)s trong phạm vi của bạn") % {"id": finding_id}
    )


def _remedy(request: HttpRequest, remedy_id: int) -> Remedy:
    missing = _("Không có việc khắc phục số %(id)s trong phạm vi của bạn") % {"id": remedy_id}
    return row_in_scope(request, access.get_remedy_for_user, remedy_id, missing)


# --- output ----------------------------------------------------------------------------------


def summary(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "by_unit_code": inspection.by_unit.code,
        "kind": inspection.kind,
        "title": inspection.title,
        "starts_on": inspection.starts_on,
        "ends_on": inspection.ends_on,
        "units": [u.code for u in inspection.units.all()],
        "areas": list(inspection.areas),
        "document_kinds": list(inspection.document_kinds),
        "team": inspection.team,
        "status": inspection.status,
        "concluded_at": inspection.concluded_at,
        "revision": inspection.revision,
        "updated_at": inspection.updated_at,
    }


def remedy_out(request: HttpRequest, remedy: Remedy, today: dt.date) -> dict[str, Any]:
    state: State = state_of(remedy, today)
    closed = remedy.status == Remedy.CLOSED
    inspection = remedy.finding.inspection
    return {
        "id": remedy.pk,
        "inspection_id": inspection.pk,
        "finding_id": remedy.finding_id,
        "owner_code": remedy.owner.code,
        "action": remedy.action,
        "deadline": remedy.deadline,
        "status": remedy.status,
        "state": state,
        "state_label": _(STATE_LABELS[state]),
        "evidence": remedy.evidence,
        "files": [
            {
                "id": f.pk,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in remedy.files.all()
        ],
        "closed_at": remedy.closed_at,
        "reopen_note": remedy.reopen_note,
        "reopened_at": remedy.reopened_at,
        "can_close": not closed and access.can_respond(request.user, remedy),
        "can_reopen": closed and access.can_manage(request.user, inspection),
    }


def _remedies(queryset: Any) -> Any:
    return queryset.select_related(
        "owner", "finding", "finding__inspection", "finding__inspection__by_unit"
    ).prefetch_related("files")


def findings_out(request: HttpRequest, inspection: Inspection) -> list[dict[str, Any]]:
    today = clock.today()
    names = area_names()
    remedies: dict[int, list[dict[str, Any]]] = {}
    for remedy in _remedies(access.remedies_for(request.user, inspection)).order_by(
        "deadline", "pk"
    ):
        remedies.setdefault(remedy.finding_id, []).append(remedy_out(request, remedy, today))
    findings = access.findings_for(request.user, inspection).select_related("unit")
    return [
        {
            "id": f.pk,
            "unit_code": f.unit.code,
            "kind": f.kind,
            "area": f.area,
            "area_name": names.get(f.area, f.area),
            "text": f.text,
            "remedies": remedies.get(f.pk, []),
        }
        for f in findings.order_by("unit__path", "pk")
    ]


def full(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    whole = access.sees_whole(request.user, inspection)
    return {
        **summary(inspection),
        "whole": whole,
        "can_manage": access.can_manage(request.user, inspection),
        "conclusion": inspection.conclusion if whole else "",
        "findings": findings_out(request, inspection),
    }


def _data(data: PlanIn) -> InspectionData:
    return InspectionData(
        title=data.title,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        units=data.units,
        areas=data.areas,
        document_kinds=data.document_kinds,
        team=data.team,
    )


# --- inspections -----------------------------------------------------------------------------


@router.get("/inspections", response={200: list[InspectionSummary], 404: Error})
def list_inspections(
    request: HttpRequest, filters: Query[InspectionFilter]
) -> list[dict[str, Any]]:
    inspections = access.visible_inspections(request.user)
    if filters.unit:
        unit = unit_in_scope(request, filters.unit)
        received = Inspection.units.through.objects.filter(unit__path__startswith=unit.path)
        inspections = inspections.filter(
            pk__in=received.values("inspection_id")
        ) | inspections.filter(by_unit__path__startswith=unit.path)
    inspections = filtered(inspections, status=filters.status, kind=filters.kind)
    if filters.year:
        inspections = inspections.filter(
            starts_on__lte=dt.date(filters.year, 12, 31),
            ends_on__gte=dt.date(filters.year, 1, 1),
        )
    rows = (
        inspections.select_related("by_unit")
        .prefetch_related("units")
        .order_by("-starts_on", "-pk")[page(filters.limit, filters.offset)]
    )
    return [summary(i) for i in rows]


@router.post("/inspections", response={201: InspectionOut, 400: Error, 403: Error, 404: Error})
def create(request: HttpRequest, data: InspectionCreateIn) -> Status[Any]:
    unit = unit_in_scope(request, data.by_unit_code)
    if not access.can_plan_at(request.user, unit):
        raise HttpError(403, _refusal(unit))
    inspection = plan_inspection(unit, _data(data), by=request.user)
    return Status(201, full(request, inspection))


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, 404: Error})
def read(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    return full(request, _inspection(request, inspection_id))


def _conflict(request: HttpRequest, exc: ConflictError) -> Status[Any]:
    """409: the edit was made on an older revision; ``current`` is what the other person saved."""
    current = full(request, exc.current)
    return Status(409, {**revision_conflict(exc, exc.current.revision), "current": current})


@router.put(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, 400: Error, 403: Error, 404: Error, 409: InspectionConflictOut},
)
def update(request: HttpRequest, inspection_id: int, data: InspectionUpdateIn) -> Status[Any]:
    inspection = _inspection(request, inspection_id, manage=True)
    try:
        saved = update_inspection(
            inspection, _data(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(request, exc)
    return Status(200, full(request, saved))


@router.put(
    "/inspections/{inspection_id}/conclusion",
    response={200: InspectionOut, 400: Error, 403: Error, 404: Error, 409: InspectionConflictOut},
)
def conclusion(request: HttpRequest, inspection_id: int, data: ConclusionIn) -> Status[Any]:
    inspection = _inspection(request, inspection_id, manage=True)
    try:
        saved = save_conclusion(inspection, data.html, by=request.user, base_revision=data.revision)
    except ConflictError as exc:
        return _conflict(request, exc)
    return Status(200, full(request, saved))


@router.post(
    "/inspections/{inspection_id}/conclude",
    response={200: InspectionOut, 400: Error, 403: Error, 404: Error, 409: InspectionConflictOut},
)
def conclude(request: HttpRequest, inspection_id: int, data: ConcludeIn) -> Status[Any]:
    """«Kết luận»: with ``html`` (and the ``revision`` it was written on), the text is saved in
    the same step (nothing is saved if the conclusion is refused)."""
    inspection = _inspection(request, inspection_id, manage=True)
    try:
        concluded = conclude_inspection(
            inspection, html=data.html, base_revision=data.revision, by=request.user
        )
    except ConflictError as exc:
        return _conflict(request, exc)
    return Status(200, full(request, concluded))


@router.post(
    "/inspections/{inspection_id}/reopen",
    response={200: InspectionOut, 400: Error, 403: Error, 404: Error},
)
def reopen(request: HttpRequest, inspection_id: int, data: NoteIn) -> dict[str, Any]:
    inspection = _inspection(request, inspection_id, manage=True)
    return full(request, reopen_inspection(inspection, note=data.note, by=request.user))


@router.get(
    "/inspections/{inspection_id}/export.docx", response={200: None, 403: Error, 404: Error}
)
def export_docx(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The notice covers every inspected unit: for the inspecting side only."""
    inspection = _inspection(request, inspection_id)
    if not access.sees_whole(request.user, inspection):
        raise HttpError(403, _("Thông báo kết luận gồm kết quả của các đơn vị khác"))
    return download(conclusion_document(inspection), conclusion_file_names(inspection))


# --- findings and remedies -------------------------------------------------------------------


@router.get(
    "/inspections/{inspection_id}/findings", response={200: list[InspectionFindingOut], 404: Error}
)
def list_findings(request: HttpRequest, inspection_id: int) -> list[dict[str, Any]]:
    return findings_out(request, _inspection(request, inspection_id))


@router.post(
    "/inspections/{inspection_id}/findings",
    response={201: InspectionFindingOut, 400: Error, 403: Error, 404: Error},
)
def create_finding(request: HttpRequest, inspection_id: int, data: FindingIn) -> Status[Any]:
    inspection = _inspection(request, inspection_id, manage=True)
    finding = add_finding(
        inspection,
        unit_code=data.unit_code,
        kind=data.kind,
        area=data.area,
        text=data.text,
        by=request.user,
    )
    out = next(f for f in findings_out(request, inspection) if f["id"] == finding.pk)
    return Status(201, out)


@router.delete("/findings/{finding_id}", response={204: None, 400: Error, 403: Error, 404: Error})
def remove_finding(request: HttpRequest, finding_id: int) -> Status[None]:
    delete_finding(_finding(request, finding_id), by=request.user)
    return Status(204, None)


@router.post(
    "/findings/{finding_id}/remedies",
    response={201: RemedyOut, 400: Error, 403: Error, 404: Error},
)
def create_remedy(request: HttpRequest, finding_id: int, data: RemedyIn) -> Status[Any]:
    finding = _finding(request, finding_id)
    remedy = add_remedy(
        finding,
        action=data.action,
        deadline=data.deadline,
        owner_code=data.owner_code,
        by=request.user,
    )
    fetched = _remedies(Remedy.objects.filter(pk=remedy.pk)).get()
    return Status(201, remedy_out(request, fetched, clock.today()))


@router.delete("/remedies/{remedy_id}", response={204: None, 400: Error, 403: Error, 404: Error})
def remove_remedy(request: HttpRequest, remedy_id: int) -> Status[None]:
    remedy = _remedy(request, remedy_id)
    _require_manage(request, remedy.finding.inspection)
    delete_remedy(remedy, by=request.user)
    return Status(204, None)


# --- follow-up -------------------------------------------------------------------------------


@router.get("/remedies", response={200: list[RemedyOut], 404: Error})
def list_remedies(request: HttpRequest, filters: Query[RemedyFilter]) -> list[dict[str, Any]]:
    """``side=owned``: what units must remedy (``unit``: its subtree); ``side=assigned``: what
    ``unit`` assigned as inspector (without ``unit``: every inspection the caller sees whole)."""
    today = clock.today()
    remedies = access.visible_remedies(request.user)
    unit = unit_in_scope(request, filters.unit) if filters.unit else None
    if filters.side == "assigned":
        if unit is not None:
            remedies = remedies.filter(finding__inspection__by_unit=unit)
        else:
            scope = unit_access.scope_for(request.user)
            remedies = remedies.filter(scope.q("finding__inspection__by_unit__path"))
    elif unit is not None:
        remedies = remedies.filter(owner__path__startswith=unit.path)
    if filters.state:
        remedies = remedies.filter(state_q(filters.state, today))
    rows = _remedies(remedies).order_by("deadline", "pk")[page(filters.limit, filters.offset)]
    return [remedy_out(request, r, today) for r in rows]


@router.get("/remedies/{remedy_id}", response={200: RemedyOut, 404: Error})
def read_remedy(request: HttpRequest, remedy_id: int) -> dict[str, Any]:
    remedy = _remedies(Remedy.objects.filter(pk=_remedy(request, remedy_id).pk)).get()
    return remedy_out(request, remedy, clock.today())


@router.post(
    "/remedies/{remedy_id}/close", response={200: RemedyOut, 400: Error, 403: Error, 404: Error}
)
def close(
    request: HttpRequest,
    remedy_id: int,
    evidence: Form[LongText],
    file: UploadedFile | None = OPTIONAL_FILE,
) -> dict[str, Any]:
    """The owner unit reports it done: ``evidence`` (required) and an optional ``file``
    (multipart/form-data)."""
    remedy = _remedy(request, remedy_id)
    if not access.can_respond(request.user, remedy):
        raise HttpError(
            403,
            _("Bạn không có quyền báo cáo khắc phục của %(unit)s") % {"unit": remedy.owner.name},
        )
    close_remedy(remedy, evidence=evidence, upload=file, by=request.user)
    return read_remedy(request, remedy_id)


@router.post(
    "/remedies/{remedy_id}/reopen", response={200: RemedyOut, 400: Error, 403: Error, 404: Error}
)
def reopen_closure(request: HttpRequest, remedy_id: int, data: NoteIn) -> dict[str, Any]:
    remedy = _remedy(request, remedy_id)
    _require_manage(request, remedy.finding.inspection)
    reopen_remedy(remedy, note=data.note, by=request.user)
    return read_remedy(request, remedy_id)


# --- recurring weaknesses --------------------------------------------------------------------


@router.get(
    "/units/{code}/recurring", response={200: InspectionRecurringOut, 400: Error, 404: Error}
)
def recurring(request: HttpRequest, code: str, span: Query[InspectionSpanIn]) -> dict[str, Any]:
    """Areas weak in one unit in ≥ 2 inspections, and areas weak in ≥ 2 units, in the unit's
    subtree, for inspections that started in [start, end] (default: from 1 January two years
    back to today)."""
    unit = unit_in_scope(request, code)
    default_start, default_end = default_span(clock.today())
    start, end = date_span(span.start or default_start, span.end or default_end)
    found = recurring_in(unit, start, end)
    names = area_names()
    return {
        "unit_code": unit.code,
        "start": start,
        "end": end,
        "by_unit": [
            {
                "unit_code": r.unit,
                "area": r.area,
                "area_name": names.get(r.area, r.area),
                "inspections": list(r.inspections),
                "findings": r.findings,
            }
            for r in found.by_unit
        ],
        "by_area": [
            {
                "area": r.area,
                "area_name": names.get(r.area, r.area),
                "units": list(r.units),
                "inspections": list(r.inspections),
                "findings": r.findings,
            }
            for r in found.by_area
        ],
    }
