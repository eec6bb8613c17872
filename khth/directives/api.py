"""/api/v1 directives: superiors' resolutions and directives, and how units follow them.

- ``GET /directives?unit=`` (those that reach the unit or that its subtree entered);
  ``POST /directives``; ``GET|PUT /directives/{id}``;
- ``GET /directives/{id}/matrix?unit=``: the unit and its direct subordinates with the counts
  over each subtree; ``GET /directives/{id}/export.xlsx?unit=``: every unit of the subtree;
- ``GET /directives/{id}/units/{code}``: one unit's study, plan and results;
- ``POST /directive-studies``, ``PUT /directive-studies/{id}``;
- ``POST /directive-plans`` (a plan of the unit, by id), ``DELETE /directive-plans/{id}``;
- ``POST /directive-results``, ``PUT /directive-results/{id}``.

Every PUT carries the ``revision`` it was made on; made on an older one it is refused 409 with
``current_revision`` and ``current``. Refusals: 404 outside the caller's scope; 403 without
``plan.prepare`` at the directive's unit (entering, editing) or ``report.prepare`` at the unit
(its records); 400 for the actions' other refusals; 422 for a body or query not of the
documented shape.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, unit_in_scope
from khth.api.query import page
from khth.api.schemas import (
    Code,
    Day,
    Error,
    Limit,
    Line,
    LongText,
    Offset,
    RevisionConflictOut,
    RowId,
    ShortLine,
    StrictBody,
)
from khth.directives import access
from khth.directives.actions import (
    ConflictError,
    DirectiveIn,
    ResultIn,
    StudyIn,
    enter_directive,
    link_plan,
    record_study,
    report_result,
    unlink_plan,
    update_directive,
    update_result,
    update_study,
)
from khth.directives.documents import matrix_file_names, matrix_spreadsheet
from khth.directives.matrix import Counts, UnitRow, attendance, full_rows, matrix
from khth.directives.models import Directive, PlanLink, Result, Study
from khth.plans import access as plan_access
from khth.units import access as unit_access
from khth.units.models import Unit, path_ids
from khth.web.downloads import download

router = Router(tags=["directives"])


# --- shapes ----------------------------------------------------------------------------------


class DirectiveOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    number: str
    title: str
    issuer: str
    issued_on: dt.date
    levels: list[str]  # empty: every unit of the subtree
    summary: str
    can_edit: bool
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class DirectiveStudyOut(Schema):
    id: int
    directive_id: int
    unit_code: str
    held_on: dt.date
    form: str
    present: int
    total: int
    absent: int
    attendance: Decimal  # present / total, percent
    made_up: int
    made_up_on: dt.date | None
    presided: str
    note: str
    revision: int
    updated_at: dt.datetime


class DirectivePlanOut(Schema):
    id: int
    directive_id: int
    unit_code: str
    plan_id: int
    plan_title: str
    plan_status: str
    linked_at: dt.datetime


class DirectiveFigureOut(Schema):
    label: str
    value: str


class DirectiveResultOut(Schema):
    id: int
    directive_id: int
    unit_code: str
    period_id: str
    text: str
    figures: list[DirectiveFigureOut]
    revision: int
    updated_at: dt.datetime


class DirectiveUnitOut(Schema):
    directive_id: int
    unit_code: str
    follows: bool
    study: DirectiveStudyOut | None
    plan: DirectivePlanOut | None
    results: list[DirectiveResultOut]


class DirectiveCountsOut(Schema):
    required: int
    studied: int
    planned: int
    reported: int


class DirectiveMatrixRowOut(Schema):
    unit_code: str
    unit_name: str
    follows: bool
    studied_on: dt.date | None
    attendance: Decimal | None
    plan_id: int | None
    results: int
    below: DirectiveCountsOut  # over the unit's subtree, the unit included
    drills: bool  # the subtree has other units to follow: ask ?unit=<code>


class DirectiveMatrixOut(Schema):
    directive_id: int
    unit_code: str
    own: DirectiveMatrixRowOut
    rows: list[DirectiveMatrixRowOut]
    totals: DirectiveCountsOut


class DirectiveConflictOut(RevisionConflictOut):
    current: DirectiveOut


class DirectiveStudyConflictOut(RevisionConflictOut):
    current: DirectiveStudyOut


class DirectiveResultConflictOut(RevisionConflictOut):
    current: DirectiveResultOut


class DirectiveFilter(Schema):
    unit: Code | None = None
    limit: Limit = 100
    offset: Offset = 0


class DirectiveNodeQuery(Schema):
    unit: Code | None = None


class DirectiveBody(StrictBody):
    number: ShortLine
    title: Line
    issuer: ShortLine
    issued_on: Day
    levels: list[Code] = Field(default_factory=list, max_length=20)
    summary: LongText = ""


class DirectiveCreateIn(DirectiveBody):
    unit_code: Code


class DirectiveUpdateIn(DirectiveBody):
    revision: int  # the revision the edit was made on


class DirectiveStudyBody(StrictBody):
    held_on: Day
    form: Code
    present: int = Field(ge=0, le=10**6)
    total: int = Field(ge=0, le=10**6)
    made_up: int = Field(0, ge=0, le=10**6)
    made_up_on: Day | None = None
    presided: ShortLine
    note: LongText = ""


class DirectiveStudyCreateIn(DirectiveStudyBody):
    directive_id: RowId
    unit_code: Code


class DirectiveStudyUpdateIn(DirectiveStudyBody):
    revision: int


class DirectivePlanCreateIn(StrictBody):
    directive_id: RowId
    unit_code: Code
    plan_id: RowId


class DirectiveFigureIn(StrictBody):
    label: ShortLine
    value: ShortLine


class DirectiveResultBody(StrictBody):
    period_id: Code
    text: LongText
    figures: list[DirectiveFigureIn] = Field(default_factory=list, max_length=30)


class DirectiveResultCreateIn(DirectiveResultBody):
    directive_id: RowId
    unit_code: Code


class DirectiveResultUpdateIn(DirectiveResultBody):
    revision: int


# --- fetching --------------------------------------------------------------------------------


def _missing(what: str, pk: int) -> str:
    return _("Không có %(what)s số %(id)s trong phạm vi của bạn") % {"what": what, "id": pk}


def _directive(request: HttpRequest, pk: int) -> Directive:
    return row_in_scope(
        request, access.get_directive_for_user, pk, _missing(_("nghị quyết, chỉ thị"), pk)
    )


def _in_subtree(request: HttpRequest, directive: Directive, code: str) -> Unit:
    unit = unit_in_scope(request, code)
    if not unit.path.startswith(directive.unit.path):
        raise HttpError(
            404,
            _("%(unit)s không thuộc đơn vị triển khai văn bản này") % {"unit": unit.name},
        )
    return unit


def _recorder(request: HttpRequest, unit: Unit) -> None:
    if not access.can_record(request.user, unit):
        raise PermissionDenied(access.RECORD)


def _node(request: HttpRequest, directive: Directive, code: str | None) -> Unit:
    if code:
        return _in_subtree(request, directive, code)
    scope = unit_access.scope_for(request.user)
    if scope.allows(directive.unit, unit_access.READ):
        return directive.unit
    own = (
        Unit.objects.filter(pk__in=scope.home_unit_ids, path__startswith=directive.unit.path)
        .order_by("depth", "path")
        .first()
    )
    if own is None:
        raise HttpError(404, _missing(_("nghị quyết, chỉ thị"), directive.pk))
    return own


# --- output ----------------------------------------------------------------------------------


def directive_out(request: HttpRequest, directive: Directive) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "unit_code": directive.unit.code,
        "unit_name": directive.unit.name,
        "number": directive.number,
        "title": directive.title,
        "issuer": directive.issuer,
        "issued_on": directive.issued_on,
        "levels": list(directive.levels),
        "summary": directive.summary,
        "can_edit": access.can_enter(request.user, directive.unit),
        "revision": directive.revision,
        "updated_at": directive.updated_at,
    }


def study_out(study: Study) -> dict[str, Any]:
    return {
        "id": study.pk,
        "directive_id": study.directive_id,
        "unit_code": study.unit.code,
        "held_on": study.held_on,
        "form": study.form,
        "present": study.present,
        "total": study.total,
        "absent": study.absent,
        "attendance": attendance(study),
        "made_up": study.made_up,
        "made_up_on": study.made_up_on,
        "presided": study.presided,
        "note": study.note,
        "revision": study.revision,
        "updated_at": study.updated_at,
    }


def plan_out(link: PlanLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "directive_id": link.directive_id,
        "unit_code": link.unit.code,
        "plan_id": link.plan_id,
        "plan_title": link.plan.title,
        "plan_status": link.plan.status,
        "linked_at": link.linked_at,
    }


def result_out(result: Result) -> dict[str, Any]:
    return {
        "id": result.pk,
        "directive_id": result.directive_id,
        "unit_code": result.unit.code,
        "period_id": result.period_id,
        "text": result.text,
        "figures": list(result.figures),
        "revision": result.revision,
        "updated_at": result.updated_at,
    }


def _counts(counts: Counts) -> dict[str, int]:
    return {
        "required": counts.required,
        "studied": counts.studied,
        "planned": counts.planned,
        "reported": counts.reported,
    }


def _row(row: UnitRow) -> dict[str, Any]:
    return {
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "follows": row.follows,
        "studied_on": row.study.held_on if row.study else None,
        "attendance": attendance(row.study) if row.study else None,
        "plan_id": row.plan.plan_id if row.plan else None,
        "results": row.results,
        "below": _counts(row.below),
        "drills": row.drills,
    }


def _conflict(exc: ConflictError[Any], current: dict[str, Any]) -> Status[Any]:
    return Status(409, {**revision_conflict(exc, exc.current.revision), "current": current})


# --- directives ------------------------------------------------------------------------------


def _directive_in(data: DirectiveBody) -> DirectiveIn:
    return DirectiveIn(
        number=data.number,
        title=data.title,
        issuer=data.issuer,
        issued_on=data.issued_on,
        levels=tuple(data.levels),
        summary=data.summary,
    )


@router.get("/directives", response={200: list[DirectiveOut], 404: Error})
def list_directives(request: HttpRequest, filters: Query[DirectiveFilter]) -> list[dict[str, Any]]:
    rows = access.visible_directives(request.user).select_related("unit")
    if filters.unit:
        unit = unit_in_scope(request, filters.unit)
        rows = rows.filter(Q(unit__path__startswith=unit.path) | Q(unit_id__in=path_ids(unit.path)))
    ordered = rows.order_by("-issued_on", "number", "-pk")[page(filters.limit, filters.offset)]
    return [directive_out(request, d) for d in ordered]


@router.post("/directives", response={201: DirectiveOut, 400: Error, 403: Error, 404: Error})
def new_directive(request: HttpRequest, data: DirectiveCreateIn) -> Status[Any]:
    unit = unit_in_scope(request, data.unit_code)
    directive = enter_directive(unit, _directive_in(data), by=request.user)
    return Status(201, directive_out(request, directive))


@router.get("/directives/{directive_id}", response={200: DirectiveOut, 404: Error})
def read_directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    return directive_out(request, _directive(request, directive_id))


@router.put(
    "/directives/{directive_id}",
    response={200: DirectiveOut, 400: Error, 403: Error, 404: Error, 409: DirectiveConflictOut},
)
def edit_directive(request: HttpRequest, directive_id: int, data: DirectiveUpdateIn) -> Status[Any]:
    directive = _directive(request, directive_id)
    try:
        saved = update_directive(
            directive, _directive_in(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(exc, directive_out(request, exc.current))
    return Status(200, directive_out(request, saved))


@router.get("/directives/{directive_id}/matrix", response={200: DirectiveMatrixOut, 404: Error})
def directive_matrix(
    request: HttpRequest, directive_id: int, query: Query[DirectiveNodeQuery]
) -> dict[str, Any]:
    directive = _directive(request, directive_id)
    shown = matrix(directive, _node(request, directive, query.unit))
    return {
        "directive_id": directive.pk,
        "unit_code": shown.node.code,
        "own": _row(shown.own),
        "rows": [_row(r) for r in shown.rows],
        "totals": _counts(shown.totals),
    }


@router.get("/directives/{directive_id}/export.xlsx", response={200: None, 404: Error})
def directive_export(
    request: HttpRequest, directive_id: int, query: Query[DirectiveNodeQuery]
) -> HttpResponse:
    directive = _directive(request, directive_id)
    node = _node(request, directive, query.unit)
    book = matrix_spreadsheet(directive, node, full_rows(directive, node))
    return download(book, matrix_file_names(directive, node))


@router.get(
    "/directives/{directive_id}/units/{unit_code}",
    response={200: DirectiveUnitOut, 404: Error},
)
def directive_unit(request: HttpRequest, directive_id: int, unit_code: str) -> dict[str, Any]:
    directive = _directive(request, directive_id)
    unit = _in_subtree(request, directive, unit_code)
    study = access.visible_studies(request.user).filter(directive=directive, unit=unit).first()
    link = (
        access.visible_plan_links(request.user)
        .filter(directive=directive, unit=unit)
        .select_related("plan", "unit")
        .first()
    )
    results = access.visible_results(request.user).filter(directive=directive, unit=unit)
    return {
        "directive_id": directive.pk,
        "unit_code": unit.code,
        "follows": access.follows(directive, unit),
        "study": study_out(study) if study else None,
        "plan": plan_out(link) if link else None,
        "results": [result_out(r) for r in results.select_related("unit").order_by("-period_id")],
    }


# --- a unit's records ------------------------------------------------------------------------


def _study_in(data: DirectiveStudyBody) -> StudyIn:
    return StudyIn(
        held_on=data.held_on,
        form=data.form,
        present=data.present,
        total=data.total,
        made_up=data.made_up,
        made_up_on=data.made_up_on,
        presided=data.presided,
        note=data.note,
    )


@router.post(
    "/directive-studies", response={201: DirectiveStudyOut, 400: Error, 403: Error, 404: Error}
)
def new_study(request: HttpRequest, data: DirectiveStudyCreateIn) -> Status[Any]:
    directive = _directive(request, data.directive_id)
    unit = _in_subtree(request, directive, data.unit_code)
    _recorder(request, unit)
    return Status(201, study_out(record_study(directive, unit, _study_in(data), by=request.user)))


@router.put(
    "/directive-studies/{study_id}",
    response={
        200: DirectiveStudyOut,
        400: Error,
        403: Error,
        404: Error,
        409: DirectiveStudyConflictOut,
    },
)
def edit_study(request: HttpRequest, study_id: int, data: DirectiveStudyUpdateIn) -> Status[Any]:
    study = row_in_scope(
        request, access.get_study_for_user, study_id, _missing(_("kết quả quán triệt"), study_id)
    )
    _recorder(request, study.unit)
    try:
        saved = update_study(study, _study_in(data), by=request.user, base_revision=data.revision)
    except ConflictError as exc:
        return _conflict(exc, study_out(exc.current))
    return Status(200, study_out(saved))


@router.post(
    "/directive-plans", response={201: DirectivePlanOut, 400: Error, 403: Error, 404: Error}
)
def new_plan_link(request: HttpRequest, data: DirectivePlanCreateIn) -> Status[Any]:
    directive = _directive(request, data.directive_id)
    unit = _in_subtree(request, directive, data.unit_code)
    _recorder(request, unit)
    try:
        plan = plan_access.get_plan_for_user(request.user, data.plan_id)
    except Http404:
        raise HttpError(404, _missing(_("kế hoạch"), data.plan_id)) from None
    return Status(201, plan_out(link_plan(directive, unit, plan, by=request.user)))


@router.delete(
    "/directive-plans/{link_id}", response={204: None, 400: Error, 403: Error, 404: Error}
)
def remove_plan_link(request: HttpRequest, link_id: int) -> Status[None]:
    link = row_in_scope(
        request, access.get_plan_link_for_user, link_id, _missing(_("kế hoạch đã gắn"), link_id)
    )
    _recorder(request, link.unit)
    unlink_plan(link, by=request.user)
    return Status(204, None)


def _result_in(data: DirectiveResultBody) -> ResultIn:
    return ResultIn(
        period_id=data.period_id,
        text=data.text,
        figures=tuple((f.label, f.value) for f in data.figures),
    )


@router.post(
    "/directive-results", response={201: DirectiveResultOut, 400: Error, 403: Error, 404: Error}
)
def new_result(request: HttpRequest, data: DirectiveResultCreateIn) -> Status[Any]:
    directive = _directive(request, data.directive_id)
    unit = _in_subtree(request, directive, data.unit_code)
    _recorder(request, unit)
    return Status(
        201, result_out(report_result(directive, unit, _result_in(data), by=request.user))
    )


@router.put(
    "/directive-results/{result_id}",
    response={
        200: DirectiveResultOut,
        400: Error,
        403: Error,
        404: Error,
        409: DirectiveResultConflictOut,
    },
)
def edit_result(request: HttpRequest, result_id: int, data: DirectiveResultUpdateIn) -> Status[Any]:
    result = row_in_scope(
        request,
        access.get_result_for_user,
        result_id,
        _missing(_("báo cáo kết quả"), result_id),
    )
    _recorder(request, result.unit)
    try:
        saved = update_result(
            result, _result_in(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(exc, result_out(exc.current))
    return Status(200, result_out(saved))
