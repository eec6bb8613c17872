"""Plan pages: the unit's planning page, a plan's page, its versions' diff, and the workflow
buttons (approve, issue, amend, discard, task progress). Every POST is one action call.

The editor and its live check are in khth.plans.views.editing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khth.audit.actions import history_of
from khth.documents.build import outline_number
from khth.lib import clock
from khth.lib.forms import attempt, post_form
from khth.periods import label_of
from khth.plans import access
from khth.plans.actions import (
    PlanError,
    amend_plan,
    approve_plan,
    create_plan,
    discard_draft,
    issue_plan,
    report_progress,
)
from khth.plans.cascade import Assigned, assigned_items, issued_in_force, overlap
from khth.plans.diff import diff_plans
from khth.plans.forms import NewPlanForm
from khth.plans.models import Plan, Target, Task
from khth.plans.results import TASK_STATES, progress_of, task_state
from khth.plans.specificity import Finding, Result
from khth.plans.stored import check_plan, is_schedule, kind_of, regulation
from khth.regulations.access import regulations_in_force
from khth.regulations.schema import DocumentKind, for_unit_type
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for
from khth.web.lists import unit_for_change, unit_page, year_asked
from khth.web.navigation import to_home_unit

# The outline sections that are tables in KHTH rather than narrative text (docs: plan outline
# in ../shared/domain.md §4): targets after "Chỉ tiêu", tasks after "Nội dung và biện pháp",
# report milestones after "Tổ chức thực hiện".
TABLE_AFTER = {
    "chi-tieu": "targets",
    "noi-dung-bien-phap": "tasks",
    "to-chuc-thuc-hien": "milestones",
}
# Those written only as tables: no narrative editor of their own.
TABLE_ONLY = frozenset({"chi-tieu", "noi-dung-bien-phap"})
# The kind the new-plan form offers first: the plan every level writes.
YEARLY_PLAN = "kh-ctd-nam"


# --- shared by the pages and the editor ------------------------------------------------------


def span_label(plan: Plan) -> str:
    """The period's label ("Năm 2024"), or the chosen span ("01/03/2024 – 31/05/2024")."""
    return label_of(plan.period_id, fallback="") or (
        f"{plan.starts_on:%d/%m/%Y} – {plan.ends_on:%d/%m/%Y}"
    )


def narrative_codes(kind: DocumentKind) -> list[str]:
    return [s.code for s in kind.outline if s.code not in TABLE_ONLY]


@dataclass(frozen=True)
class OutlineSection:
    number: str
    code: str
    title: str
    guidance: str
    narrative: bool
    table: str | None


def outline_of(kind: DocumentKind) -> list[OutlineSection]:
    """The kind's outline, numbered I, II…, each section with the table shown after it; the
    tables the outline has no place for come last."""
    rows = [
        OutlineSection(
            outline_number(0, i),
            s.code,
            s.title,
            s.guidance,
            s.code not in TABLE_ONLY,
            TABLE_AFTER.get(s.code),
        )
        for i, s in enumerate(kind.outline)
    ]
    placed = {r.table for r in rows}
    if kind.plan is not None and kind.plan.structure == "plan":
        for table in ("targets", "tasks", "milestones"):
            if table not in placed:
                rows.append(OutlineSection("", "", "", "", False, table))
    return rows


@dataclass(frozen=True)
class Shown:
    """A finding with a link to its place (a row of the editor, an assigned item)."""

    finding: Finding
    href: str


def findings_context(result: Result, anchors: dict[str, str] | None = None) -> dict[str, Any]:
    """The findings with links to their rows on the page, and the counts of what must be
    fixed and what is only a warning. ``anchors`` maps a finding's anchor to the row's on the
    screen when they differ (the live check of a form with rows removed)."""
    anchors = anchors or {}
    return {
        "findings": [Shown(f, f"#{anchors.get(f.anchor, f.anchor)}") for f in result.findings],
        "blocking_count": len(result.blocking),
        "warning_count": len(result.warnings),
    }


def kind_names() -> dict[str, str]:
    # Over every regulation in force (the base's names first): a list shows plans of units
    # under variants too.
    names: dict[str, str] = {}
    for reg in regulations_in_force():
        for kind in reg.plan_kinds():
            names.setdefault(kind.code, kind.name)
    return names


# --- the planning page of a unit -------------------------------------------------------------


@login_required
def plans_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Kế hoạch»: the planning page of the user's own unit."""
    return to_home_unit(request, "plan-unit")


@dataclass
class SeriesRow:
    latest: Plan
    in_force: Plan | None

    @property
    def shown(self) -> Plan:
        return self.in_force or self.latest

    @property
    def percent(self) -> int:
        plan = self.shown
        tasks: int = getattr(plan, "task_count", 0)
        done: int = getattr(plan, "done_count", 0)
        return round(100 * done / tasks) if tasks else 0


@dataclass
class AssignedRow:
    item: Assigned
    covered_by: list[Plan]
    # The drafts it may be taken into: those whose days it asks for.
    drafts: list[Plan]


def _series(plans: list[Plan]) -> list[SeriesRow]:
    by_series: dict[Any, list[Plan]] = {}
    for plan in plans:
        by_series.setdefault(plan.series, []).append(plan)
    rows = []
    for versions in by_series.values():
        versions.sort(key=lambda p: -p.version)
        in_force = next((p for p in versions if p.status in Plan.IN_FORCE), None)
        rows.append(SeriesRow(versions[0], in_force))
    rows.sort(key=lambda r: (r.latest.starts_on, r.latest.pk), reverse=True)
    return rows


def _covering(unit: Unit, items: list[Assigned]) -> dict[Any, list[Plan]]:
    """For each assigned key, the unit's plans (latest version of each series) that carry it."""
    keys = [a.key for a in items]
    found: dict[Any, dict[Any, Plan]] = {}
    for model in (Target, Task):
        rows = model.objects.filter(plan__unit=unit, assigned_key__in=keys).select_related("plan")
        for row in rows:
            held = found.setdefault(row.assigned_key, {})
            current = held.get(row.plan.series)
            if current is None or row.plan.version > current.version:
                held[row.plan.series] = row.plan
    return {key: list(plans.values()) for key, plans in found.items()}


def _led_tasks(unit: Unit, start: dt.date, end: dt.date) -> list[Task]:
    """Tasks of superiors' issued plans that this unit leads: it reports their progress."""
    candidates = Plan.objects.filter(
        unit__in=Unit.objects.ancestors_of(unit),
        status=Plan.ISSUED,
        starts_on__lte=end,
        ends_on__gte=start,
    )
    in_force = [p.pk for p in issued_in_force(candidates)]
    return list(
        Task.objects.filter(plan_id__in=in_force, lead_unit=unit)
        .select_related("plan", "plan__unit", "lead_unit")
        .order_by("plan__starts_on", "position")
    )


def _new_plan_form(unit: Unit, year: int, data: Any = None) -> NewPlanForm:
    reg = regulation_for(unit)
    kinds = [
        (k.code, k.name)
        for k in reg.plan_kinds()
        if unit.level in k.issuing_levels and for_unit_type(k.unit_types, unit.unit_type)
    ]
    tasks = [(t.code, t.name) for t in reg.tasks]
    initial = {"period_id": str(year)}
    if any(code == YEARLY_PLAN for code, _name in kinds):
        initial["kind_code"] = YEARLY_PLAN
    return NewPlanForm(data, kinds=kinds, tasks=tasks, initial=initial)


def _unit_page(
    request: HttpRequest, unit: Unit, form: NewPlanForm | None = None, status: int = 200
) -> HttpResponse:
    year = year_asked(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    plans = list(
        access.visible_plans(request.user)
        .filter(unit=unit, starts_on__lte=end, ends_on__gte=start)
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__progress=Task.DONE)),
        )
        .order_by("-starts_on", "-version")
    )
    names = kind_names()
    groups = []
    order = list(names)
    kinds_present = sorted(
        {p.kind_code for p in plans}, key=lambda c: order.index(c) if c in order else len(order)
    )
    for code in kinds_present:
        groups.append(
            {
                "code": code,
                "name": names.get(code, code),
                "rows": _series([p for p in plans if p.kind_code == code]),
            }
        )
    can_prepare = access.can(request.user, unit, access.PREPARE)
    items = assigned_items(unit, start, end)
    covering = _covering(unit, items) if items else {}
    drafts = [
        p
        for p in plans
        if p.status == Plan.DRAFT and p.kind_code in names and not _is_schedule_code(p.kind_code)
    ]
    led = _led_tasks(unit, start, end)
    return unit_page(
        request,
        "plans/unit.html",
        unit,
        {
            "year": year,
            "groups": groups,
            "labels": {p.pk: span_label(p) for p in plans},
            "statuses": {code: _(label) for code, label in Plan.STATUS_CHOICES},
            "assigned": [
                AssignedRow(
                    a,
                    covering.get(a.key, []),
                    [d for d in drafts if overlap(a, d.starts_on, d.ends_on)]
                    if can_prepare
                    else [],
                )
                for a in items
            ],
            "led": [
                (
                    t,
                    _(TASK_STATES[task_state(t)]),
                    access.can_report_progress(request.user, t, t.plan),
                )
                for t in led
            ],
            "progress_choices": [(c, _(label)) for c, label in Task.PROGRESS_CHOICES],
            "can_prepare": can_prepare,
            "signs": dict(Target.COMPARISONS),
            "form": (form or _new_plan_form(unit, year)) if can_prepare else None,
        },
        status=status,
    )


def _is_schedule_code(kind_code: str) -> bool:
    for reg in regulations_in_force():
        try:
            spec = reg.document_kind(kind_code).plan
        except KeyError:
            continue
        return spec is not None and spec.structure == "schedule"
    return False


@login_required
def unit_plans(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _unit_page(request, unit)


def _may_prepare(user: Any, unit: Unit) -> bool:
    return access.can(user, unit, access.PREPARE)


@login_required
@require_POST
def plan_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, _may_prepare, access.PREPARE)
    before = clock.now()

    def opened(plan: Plan) -> HttpResponse:
        if plan.created_at < before:
            messages.info(
                request,
                _("Đơn vị đã có %(title)s cho kỳ này: mở kế hoạch đã lập.") % {"title": plan.title},
            )
        else:
            messages.success(request, _("Đã lập dự thảo %(title)s.") % {"title": plan.title})
        return redirect("plan-edit" if plan.is_editable else "plan-detail", pk=plan.pk)

    return post_form(
        _new_plan_form(unit, year_asked(request), request.POST),
        lambda data: create_plan(
            unit,
            data["kind_code"],
            by=request.user,
            title=data["title"],
            period_id=data["period_id"].strip(),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            task_code=data["task_code"],
        ),
        refused=PlanError,
        again=lambda form: _unit_page(request, unit, form, status=400),
        then=opened,
    )


# --- a plan's page ---------------------------------------------------------------------------


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    user = request.user
    kind = kind_of(plan)
    reg = regulation(plan)
    targets = list(plan.targets.prefetch_related("assignees"))
    tasks = list(
        plan.tasks.select_related("lead_unit", "progress_by").prefetch_related(
            "participant_units", "assignees"
        )
    )
    today = clock.today()
    progress = progress_of(plan, today, tasks=tasks, targets=targets)
    result = check_plan(plan)
    versions = list(Plan.objects.filter(series=plan.series).order_by("-version"))
    latest = versions[0]
    can_prepare = access.can(user, plan.unit, access.PREPARE)
    can_approve = access.can(user, plan.unit, access.APPROVE)
    in_force = plan.status in Plan.IN_FORCE
    editable = plan.is_editable and can_prepare
    indicator_names: dict[int, str] = {}
    for target in targets:
        if target.indicator_code:
            try:
                name = reg.indicator(target.template_code, target.indicator_code).name
            except KeyError:
                name = target.indicator_code
            indicator_names[target.pk] = name
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "kind": kind,
            "span": span_label(plan),
            "task_name": reg.task_name(plan.task_code),
            "schedule": is_schedule(plan),
            "outline": outline_of(kind),
            "sections": plan.sections,
            "target_results": progress.targets,
            "indicator_names": indicator_names,
            "tasks": [
                (
                    t,
                    state,
                    _(TASK_STATES[state]),
                    in_force and access.can_report_progress(user, t, plan),
                )
                for t, state in ((t, task_state(t, today)) for t in tasks)
            ],
            "milestones": list(plan.milestones.all()),
            "entries": list(plan.entries.all()),
            "progress": progress,
            "progress_choices": [(c, _(label)) for c, label in Task.PROGRESS_CHOICES],
            **findings_context(result),
            "versions": versions,
            "statuses": {code: _(label) for code, label in Plan.STATUS_CHOICES},
            "pending": latest if latest.status == Plan.DRAFT and latest.pk != plan.pk else None,
            "can_edit": editable,
            "can_approve": plan.status == Plan.DRAFT and can_approve,
            "needs_reference": kind.plan is not None and kind.plan.approver == "party_committee",
            "can_issue": plan.status == Plan.APPROVED and can_approve,
            "can_amend": in_force and can_prepare and latest.pk == plan.pk,
            "can_discard": plan.status == Plan.DRAFT and can_prepare,
            "history": history_of(plan)[:50],
        },
    )


@login_required
def plan_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed from the previous version (or from ``?against=<pk>`` of the same series)."""
    plan = access.get_plan_for_user(request.user, pk)
    earlier = Plan.objects.filter(series=plan.series).exclude(pk=plan.pk)
    against = request.GET.get("against", "")
    if against.isdigit():
        old = earlier.filter(pk=int(against)).first()
    else:
        old = earlier.filter(version__lt=plan.version).order_by("-version").first()
    if old is None:
        raise Http404("no earlier version")
    changes = diff_plans(old, plan)
    return render(
        request,
        "plans/diff.html",
        {"plan": plan, "old": old, "changes": changes, "span": span_label(plan)},
    )


# --- workflow --------------------------------------------------------------------------------


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.APPROVE)
    attempt(
        request,
        lambda: approve_plan(plan, by=request.user, reference=request.POST.get("reference", "")),
        PlanError,  # Blocked among them: its message names what must be fixed
        _("Đã phê duyệt kế hoạch."),
    )
    return redirect("plan-detail", pk=plan.pk)


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.APPROVE)
    attempt(
        request, lambda: issue_plan(plan, by=request.user), PlanError, _("Đã ban hành kế hoạch.")
    )
    return redirect("plan-detail", pk=plan.pk)


@login_required
@require_POST
def plan_amend(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    try:
        new = amend_plan(plan, by=request.user, note=request.POST.get("note", ""))
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plan-detail", pk=plan.pk)
    messages.success(
        request,
        _(
            "Đã lập bản sửa đổi lần %(v)s; bản đã phê duyệt vẫn có hiệu lực đến khi bản mới được "
            "phê duyệt."
        )
        % {"v": new.version},
    )
    return redirect("plan-edit", pk=new.pk)


@login_required
@require_POST
def plan_discard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    unit_code = plan.unit.code
    if not attempt(
        request, lambda: discard_draft(plan, by=request.user), PlanError, _("Đã xóa bản dự thảo.")
    ):
        return redirect("plan-detail", pk=plan.pk)
    return redirect("plan-unit", unit_code=unit_code)


@login_required
@require_http_methods(["POST"])
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead unit (or the plan's own unit) reports a task's progress. A subordinate that
    leads a superior's task cannot read the superior's plan, so the task is found by itself:
    404 unless the user sees the plan's unit or the lead unit."""
    task = Task.objects.select_related("plan", "plan__unit", "lead_unit").filter(pk=pk).first()
    scope = unit_access.scope_for(request.user)
    if task is None:
        raise Http404("task not found")
    sees_plan = scope.allows(task.plan.unit, unit_access.READ)
    sees_lead = task.lead_unit is not None and scope.allows(task.lead_unit, unit_access.READ)
    if not sees_plan and not sees_lead:
        raise Http404("task not found")
    attempt(
        request,
        lambda: report_progress(
            task,
            progress=request.POST.get("progress", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        ),
        PlanError,
        _("Đã cập nhật tiến độ: %(title)s") % {"title": task.title},
    )
    if sees_plan and request.POST.get("back") != "unit":
        return redirect(reverse("plan-detail", args=[task.plan_id]) + f"#task-{task.position}")
    unit = task.lead_unit if sees_lead and task.lead_unit is not None else task.plan.unit
    return redirect("plan-unit", unit_code=unit.code)


urlpatterns: list[URLPattern] = [
    path("", plans_home, name="plans-home"),
    path("unit/<str:unit_code>/", unit_plans, name="plan-unit"),
    path("unit/<str:unit_code>/new/", plan_new, name="plan-new"),
    path("<int:pk>/", plan_detail, name="plan-detail"),
    path("<int:pk>/diff/", plan_diff, name="plan-diff"),
    path("<int:pk>/approve/", plan_approve, name="plan-approve"),
    path("<int:pk>/issue/", plan_issue, name="plan-issue"),
    path("<int:pk>/amend/", plan_amend, name="plan-amend"),
    path("<int:pk>/discard/", plan_discard, name="plan-discard"),
    path("tasks/<int:pk>/progress/", task_progress, name="plan-task-progress"),
]
