"""/api/v1/plans — list, create, read, edit with a revision check, the specificity check, the
workflow (approve, issue, amend, discard), the diff between versions, results and progress, and
what superiors assigned to a unit.

Every fetch goes through khth.plans.access (404 outside the caller's subtree, 403 inside it
without the permission); every change calls khth.plans.actions. Request bodies for content are
khth.plans.content.PlanContent itself, the shape the editor page sends.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from khth.api.answers import content_problems, revision_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import date_span, filtered, page
from khth.api.schemas import MAX_ID, ContentProblemsOut, Error, RevisionConflictOut, RowId
from khth.lib import clock
from khth.plans import access
from khth.plans.actions import (
    Blocked,
    ConflictError,
    ContentError,
    amend_plan,
    approve_plan,
    create_plan,
    discard_draft,
    issue_plan,
    report_progress,
    save_plan,
)
from khth.plans.api.schemas import (
    AmendIn,
    ApproveIn,
    AssignedFilter,
    AssignedOut,
    BlockedOut,
    CheckOut,
    DiffOut,
    PlanCreateIn,
    PlanFilter,
    PlanOut,
    PlanSummary,
    PlanUpdateIn,
    ProgressIn,
    ResultsOut,
    TaskStateOut,
)
from khth.plans.cascade import assigned_items
from khth.plans.content import PlanContent
from khth.plans.diff import diff_plans
from khth.plans.models import Plan, Target, Task
from khth.plans.results import TARGET_STATES, TASK_STATES, Progress, progress_of, task_state
from khth.plans.specificity import Finding, Result
from khth.plans.stored import check_plan, content_of, kind_of
from khth.units.access import READ
from khth.units.models import Unit

router = Router(tags=["plans"])


# --- fetching through the access helpers -----------------------------------------------------


def _plan(request: HttpRequest, plan_id: int, permission: str = READ) -> Plan:
    """The plan, or 404 outside the caller's subtree / 403 inside it without ``permission``."""
    missing = _("Không có kế hoạch số %(id)s trong phạm vi của bạn") % {"id": plan_id}
    plan = row_in_scope(request, access.get_plan_for_user, plan_id, missing)
    if permission != READ and not access.can(request.user, plan.unit, permission):
        raise HttpError(403, _refusal(plan.unit, permission))
    return plan


def _refusal(unit: Unit, permission: str) -> str:
    if permission == access.APPROVE:
        return _("Bạn không có quyền phê duyệt, ban hành kế hoạch của %(unit)s") % {
            "unit": unit.name
        }
    return _("Bạn không có quyền soạn, sửa kế hoạch của %(unit)s") % {"unit": unit.name}


# --- output ----------------------------------------------------------------------------------


def summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "unit_code": plan.unit.code,
        "kind_code": plan.kind_code,
        "task_code": plan.task_code,
        "title": plan.title,
        "period_id": plan.period_id,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "series": plan.series,
        "version": plan.version,
        "status": plan.status,
        "revision": plan.revision,
        "updated_at": plan.updated_at,
        "approved_at": plan.approved_at,
        "issued_at": plan.issued_at,
    }


def _progress(progress: Progress) -> dict[str, int]:
    return {
        "tasks": progress.tasks,
        "done": progress.done,
        "in_progress": progress.in_progress,
        "overdue": progress.overdue,
        "percent_done": progress.percent_done,
        "targets": len(progress.targets),
        "targets_met": len(progress.met),
        "targets_missed": len(progress.missed),
    }


def full(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    versions = Plan.objects.filter(series=plan.series).order_by("version")
    return {
        **summary(plan),
        "kind_name": kind_of(plan).name,
        "change_note": plan.change_note,
        "approval_reference": plan.approval_reference,
        "content": content_of(plan),
        "versions": [
            {
                "id": v.pk,
                "version": v.version,
                "status": v.status,
                "change_note": v.change_note,
                "approved_at": v.approved_at,
                "issued_at": v.issued_at,
            }
            for v in versions
        ],
        "progress": _progress(progress_of(plan)),
        "can_edit": plan.is_editable and access.can(request.user, plan.unit, access.PREPARE),
        "can_approve": plan.status != Plan.ISSUED
        and access.can(request.user, plan.unit, access.APPROVE),
    }


def _finding(f: Finding) -> dict[str, str]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "anchor": f.anchor,
        "place": f.place,
        "message": f.message,
        "suggestion": f.suggestion,
    }


def _check(result: Result) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "blocking": len(result.blocking),
        "warnings": len(result.warnings),
        "findings": [_finding(f) for f in result.findings],
    }


# --- list, create, read, edit, discard -------------------------------------------------------


@router.get("/plans", response={200: list[PlanSummary], 404: Error})
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> list[dict[str, Any]]:
    plans = filtered(
        access.visible_plans(request.user).select_related("unit"),
        unit__path__startswith=subtree_path(request, filters.unit),
        kind_code=filters.kind,
        period_id=filters.period,
        status=filters.status,
    )
    ordered = plans.order_by("-starts_on", "unit__path", "kind_code", "-version")
    return [summary(p) for p in ordered[page(filters.limit, filters.offset)]]


@router.post("/plans", response={200: PlanOut, 201: PlanOut, 400: Error, 403: Error, 404: Error})
def create(request: HttpRequest, data: PlanCreateIn) -> Status[Any]:
    """A new draft (201). A periodic plan that exists already is returned as it is (200)."""
    unit = unit_in_scope(request, data.unit_code)
    if not access.can(request.user, unit, access.PREPARE):
        raise HttpError(403, _refusal(unit, access.PREPARE))
    # create_plan returns an existing periodic plan as it is; ids only grow, so a plan with an
    # id above the largest before the call is the one it created.
    newest = Plan.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    plan = create_plan(
        unit,
        data.kind_code,
        by=request.user,
        title=data.title,
        period_id=data.period_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        task_code=data.task_code,
    )
    return Status(201 if plan.pk > newest else 200, full(request, plan))


@router.get("/plans/{plan_id}", response={200: PlanOut, 404: Error})
def read(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return full(request, _plan(request, plan_id))


@router.patch(
    "/plans/{plan_id}",
    response={
        200: PlanOut,
        400: ContentProblemsOut | Error,
        403: Error,
        404: Error,
        409: RevisionConflictOut,
    },
)
def update(request: HttpRequest, plan_id: int, data: PlanUpdateIn) -> Status[Any]:
    """Store an edit made on ``revision``; 409 when someone saved since, 400 naming each
    problem (nothing is stored then)."""
    plan = _plan(request, plan_id, access.PREPARE)
    try:
        plan = save_plan(plan, data.content, by=request.user, base_revision=data.revision)
    except ConflictError as exc:
        current = Plan.objects.only("revision").get(pk=plan.pk).revision
        return Status(409, revision_conflict(exc, current))
    except ContentError as exc:
        return Status(400, content_problems(exc.problems))
    return Status(200, full(request, plan))


@router.delete("/plans/{plan_id}", response={204: None, 400: Error, 403: Error, 404: Error})
def discard(request: HttpRequest, plan_id: int) -> Status[None]:
    """Delete a draft never approved (an unwanted amendment, a plan opened by mistake)."""
    plan = _plan(request, plan_id, access.PREPARE)
    discard_draft(plan, by=request.user)
    return Status(204, None)


# --- the specificity check -------------------------------------------------------------------


@router.get("/plans/{plan_id}/check", response={200: CheckOut, 404: Error})
def check_stored(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _check(check_plan(_plan(request, plan_id)))


@router.post("/plans/{plan_id}/check", response={200: CheckOut, 404: Error})
def check_unsaved(request: HttpRequest, plan_id: int, content: PlanContent) -> dict[str, Any]:
    """The check of content still in the editor, as it would be saved; nothing is stored."""
    return _check(check_plan(_plan(request, plan_id), content))


# --- workflow --------------------------------------------------------------------------------


@router.post(
    "/plans/{plan_id}/approve",
    response={200: PlanOut, 400: BlockedOut | Error, 403: Error, 404: Error},
)
def approve(request: HttpRequest, plan_id: int, data: ApproveIn) -> Status[Any]:
    plan = _plan(request, plan_id, access.APPROVE)
    try:
        plan = approve_plan(plan, by=request.user, reference=data.reference)
    except Blocked as exc:
        blocking = exc.result.blocking
        return Status(
            400,
            {
                "detail": _("Chưa phê duyệt được: %(n)s điểm phải sửa") % {"n": len(blocking)},
                "problems": [{"place": f.place, "message": f.message} for f in blocking],
                "findings": [_finding(f) for f in blocking],
            },
        )
    return Status(200, full(request, plan))


@router.post("/plans/{plan_id}/issue", response={200: PlanOut, 400: Error, 403: Error, 404: Error})
def issue(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = _plan(request, plan_id, access.APPROVE)
    return full(request, issue_plan(plan, by=request.user))


@router.post("/plans/{plan_id}/amend", response={201: PlanOut, 400: Error, 403: Error, 404: Error})
def amend(request: HttpRequest, plan_id: int, data: AmendIn) -> Status[Any]:
    """A new draft version of an approved or issued plan (201, the new version)."""
    plan = _plan(request, plan_id, access.PREPARE)
    return Status(201, full(request, amend_plan(plan, by=request.user, note=data.note)))


# --- versions --------------------------------------------------------------------------------


@router.get("/plans/{plan_id}/diff", response={200: DiffOut, 400: Error, 404: Error})
def diff(request: HttpRequest, plan_id: int, against: RowId | None = None) -> dict[str, Any]:
    """What changed from ``against`` (default: the previous version) to this version."""
    plan = _plan(request, plan_id)
    if against is None:
        other = Plan.objects.filter(series=plan.series, version=plan.version - 1).first()
        if other is None:
            raise HttpError(400, _("Đây là bản đầu tiên: ghi ?against= số của bản muốn so sánh"))
    else:
        other = _plan(request, against)
        if other.series != plan.series:
            raise HttpError(400, _("Chỉ so sánh được hai bản của cùng một kế hoạch"))
    return {
        "plan_id": plan.pk,
        "version": plan.version,
        "against_id": other.pk,
        "against_version": other.version,
        "changes": [
            {
                "place": c.place,
                "kind": c.kind,
                "before": c.before,
                "after": c.after,
                "fields": [
                    {"name": f.name, "before": f.before, "after": f.after} for f in c.fields
                ],
            }
            for c in diff_plans(other, plan)
        ],
    }


# --- results and progress --------------------------------------------------------------------


def _task(task: Task, today: dt.date) -> dict[str, Any]:
    state = task_state(task, today)
    return {
        "id": task.pk,
        "key": task.key,
        "title": task.title,
        "lead_unit": task.lead_unit.code if task.lead_unit else "",
        "starts_on": task.starts_on,
        "ends_on": task.ends_on,
        "progress": task.progress,
        "state": state,
        "state_label": _(TASK_STATES[state]),
        "note": task.progress_note,
        "reported_at": task.progress_at,
    }


@router.get("/plans/{plan_id}/results", response={200: ResultsOut, 404: Error})
def results(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """Each task's state against its dates; each target met, missed, pending, without data, or
    judged in words, with the figure from the reports."""
    plan = _plan(request, plan_id)
    today = clock.today()
    tasks = list(plan.tasks.select_related("lead_unit"))
    progress = progress_of(plan, today, tasks=tasks)
    return {
        "plan_id": plan.pk,
        "progress": _progress(progress),
        "tasks": [_task(t, today) for t in tasks],
        "targets": [
            {
                "key": r.target.key,
                "text": r.target.text,
                "template": r.target.template_code,
                "indicator": r.target.indicator_code,
                "comparison": r.target.comparison,
                "value": r.target.value,
                "due_on": r.target.due_on,
                "state": r.state,
                "state_label": _(TARGET_STATES[r.state]),
                "actual": r.actual,
                "display": r.display,
                "period_id": r.period.id if r.period else "",
            }
            for r in progress.targets
        ],
    }


@router.post(
    "/plans/tasks/{task_id}/progress",
    response={200: TaskStateOut, 400: Error, 403: Error, 404: Error},
)
def progress(request: HttpRequest, task_id: int, data: ProgressIn) -> dict[str, Any]:
    """The lead unit (or the plan's own unit) reports a task's progress. The lead unit's people
    reach the task through it even where they cannot read the superior's plan."""
    user = request.user
    tasks = Task.objects.select_related("plan", "plan__unit", "lead_unit")
    task = tasks.filter(pk=task_id).first() if 0 < task_id <= MAX_ID else None
    if task is None or not (
        access.visible_plans(user).filter(pk=task.plan_id).exists()
        or (task.lead_unit is not None and access.can(user, task.lead_unit, READ))
    ):
        raise HttpError(
            404, _("Không có nhiệm vụ số %(id)s trong phạm vi của bạn") % {"id": task_id}
        )
    if not access.can_report_progress(user, task, task.plan):
        raise HttpError(403, _("Bạn không phải đơn vị chủ trì nhiệm vụ này"))
    task = report_progress(task, progress=data.progress, note=data.note, by=user)
    return _task(task, clock.today())


# --- the cascade -----------------------------------------------------------------------------


@router.get(
    "/units/{code}/assigned-items", response={200: list[AssignedOut], 400: Error, 404: Error}
)
def assigned(
    request: HttpRequest, code: str, window: Query[AssignedFilter]
) -> list[dict[str, Any]]:
    """What superiors' issued plans assign to the unit over [from, to] (default: this year),
    each with the unit's plans that carry it out."""
    unit = unit_in_scope(request, code)
    start, end = _window(window.from_, window.to)
    items = assigned_items(unit, start, end)
    covers = _covers(unit, {a.key for a in items}, start, end)
    out = []
    for a in items:
        by = covers.get(a.key, [])
        out.append(
            {
                "kind": a.kind,
                "key": a.key,
                "text": a.text,
                "plan_id": a.plan_id,
                "plan_title": a.plan_title,
                "from_unit": a.from_unit,
                "template": a.template,
                "indicator": a.indicator,
                "comparison": a.comparison,
                "value": a.value,
                "due_on": a.due_on,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "covered": any(c["status"] in Plan.IN_FORCE for c in by),
                "covered_by": by,
            }
        )
    return out


def _window(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    year = (start or end or clock.today()).year
    start = start or dt.date(year, 1, 1)
    return date_span(start, end or dt.date(start.year, 12, 31))


def _covers(
    unit: Unit, keys: set[uuid.UUID], start: dt.date, end: dt.date
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """For each assigned key, the unit's plans carrying it: of each series the latest version
    and the latest one in force (the same plan, unless an amendment is being drafted)."""
    if not keys:
        return {}
    plans = Plan.objects.filter(unit=unit, starts_on__lte=end, ends_on__gte=start)
    chosen: dict[int, Plan] = {}
    latest: dict[uuid.UUID, Plan] = {}
    in_force: dict[uuid.UUID, Plan] = {}
    for p in plans:
        if p.series not in latest or p.version > latest[p.series].version:
            latest[p.series] = p
        if p.status in Plan.IN_FORCE and (
            p.series not in in_force or p.version > in_force[p.series].version
        ):
            in_force[p.series] = p
    for p in [*latest.values(), *in_force.values()]:
        chosen[p.pk] = p
    out: dict[uuid.UUID, list[dict[str, Any]]] = {}
    rows: list[tuple[str, Target | Task]] = [
        ("target", t) for t in Target.objects.filter(plan_id__in=chosen, assigned_key__in=keys)
    ]
    rows += [("task", t) for t in Task.objects.filter(plan_id__in=chosen, assigned_key__in=keys)]
    for item, row in rows:
        if row.assigned_key is None:  # filtered out above; this tells mypy
            continue
        plan = chosen[row.plan_id]
        out.setdefault(row.assigned_key, []).append(
            {
                "plan_id": plan.pk,
                "plan_title": plan.title,
                "version": plan.version,
                "status": plan.status,
                "item": item,
                "text": str(row),
            }
        )
    return out
