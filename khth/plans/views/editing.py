"""The plan editor: title, narrative sections, targets, tasks, milestones (or a schedule's
entries), with a live specificity check of the unsaved form, an optimistic revision check, and
«Nhận thực hiện» for the items superiors assign to the unit.

Bad input is shown next to its row and field, never as an error page; the typed input is shown
again as typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khth.lib.forms import attempt
from khth.plans import access
from khth.plans.actions import (
    ConflictError,
    ContentError,
    PlanError,
    approve_plan,
    save_plan,
)
from khth.plans.cascade import Assigned
from khth.plans.content import PlanContent, TargetIn, TaskIn
from khth.plans.forms import (
    ENTRY,
    MILESTONE,
    TABLES,
    TARGET,
    TASK,
    Editor,
    Row,
    editor_from_content,
    read_editor,
    row_label,
)
from khth.plans.models import Plan, Target
from khth.plans.stored import assigned_to, check_plan, content_of, is_schedule, kind_of, regulation
from khth.plans.views.pages import findings_context, narrative_codes, outline_of, span_label
from khth.reports.richtext import sanitize
from khth.units.models import Unit

NUMERIC = frozenset({"integer", "decimal", "percentage"})


@dataclass(frozen=True)
class Choices:
    """What the editor's selects and checkboxes offer."""

    indicators: list[tuple[str, list[tuple[str, str]]]]
    lead_units: list[tuple[str, str]]
    subordinates: list[tuple[str, str]]
    templates: list[tuple[str, str]]
    assigned: list[Assigned]
    cascades: bool

    @property
    def assigned_targets(self) -> list[Assigned]:
        return [a for a in self.assigned if a.kind == "target"]

    @property
    def assigned_tasks(self) -> list[Assigned]:
        return [a for a in self.assigned if a.kind == "task"]


def _choices(plan: Plan) -> Choices:
    reg = regulation(plan)
    kind = kind_of(plan)
    # Targets are tied to the figures of periodic reports, the ones evaluated automatically.
    indicators = [
        (
            t.name,
            [(f"{t.code}:{i.code}", i.name) for i in t.indicators if i.type in NUMERIC],
        )
        for t in reg.report_templates
        if t.kind == "periodic" and t.frequency is not None
    ]
    units = list(
        Unit.objects.subtree_of(plan.unit).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=plan.starts_on)
        )
    )
    top = plan.unit.depth

    def label(u: Unit) -> str:
        return "— " * (u.depth - top) + u.name

    return Choices(
        indicators=[(name, options) for name, options in indicators if options],
        lead_units=[(u.code, label(u)) for u in units],
        subordinates=[(u.code, label(u)) for u in units if u.pk != plan.unit_id],
        templates=[(t.code, t.name) for t in reg.report_templates],
        assigned=assigned_to(plan),
        cascades=kind.plan is not None and kind.plan.cascades,
    )


def _covered(content: PlanContent) -> set[uuid.UUID]:
    keys = {t.assigned_key for t in content.targets or () if t.assigned_key}
    keys |= {t.assigned_key for t in content.tasks or () if t.assigned_key}
    return keys


def _place_problems(editor: Editor, problems: list[tuple[str, str]]) -> None:
    """Show each problem the save refused with (ContentError: "Nhiệm vụ 2", message) next to
    its row too."""
    by_label = {
        row_label(row.kind, row.number): row for rows in editor.rows.values() for row in rows
    }
    for place, message in problems:
        row = by_label.get(place)
        if row is not None and message not in row.errors:
            row.errors.append(message)


def _page(
    request: HttpRequest,
    plan: Plan,
    editor: Editor,
    *,
    revision: int,
    errors: list[tuple[str, str]] | None = None,
    conflict: str = "",
    extra_rows: str = "",
) -> HttpResponse:
    schedule = is_schedule(plan)
    kind = kind_of(plan)
    choices = _choices(plan)
    result = check_plan(plan, editor.content)
    _place_problems(editor, errors or [])
    tables = (ENTRY,) if schedule else (TARGET, TASK, MILESTONE)
    for table in tables:
        editor.add_blank(table, 2 if table == extra_rows else 1)
    covered = _covered(editor.content)
    return render(
        request,
        "plans/edit.html",
        {
            "plan": plan,
            "kind": kind,
            "span": span_label(plan),
            "schedule": schedule,
            "editor": editor,
            "outline": outline_of(kind),
            "rows": editor.rows,
            "choices": choices,
            "comparisons": Target.COMPARISONS,
            "assigned": [(a, a.key in covered) for a in choices.assigned],
            "assigned_names": {str(a.key): a.text for a in choices.assigned},
            "revision": revision,
            "problems": [*editor.errors, *(errors or [])],
            "known_indicators": {v for _name, options in choices.indicators for v, _n in options},
            "signs": dict(Target.COMPARISONS),
            "needs_reference": kind.plan is not None and kind.plan.approver == "party_committee",
            "conflict": conflict,
            "can_approve": access.can(request.user, plan.unit, access.APPROVE),
            **findings_context(result),
        },
        status=409 if conflict else 200,
    )


def _revision(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def _read(request: HttpRequest, plan: Plan) -> Editor:
    kind = kind_of(plan)
    editor = read_editor(request.POST, schedule=is_schedule(plan), narrative=narrative_codes(kind))
    # Sections written only as tables keep whatever text they hold (the API may have set it).
    sections = {**plan.sections, **editor.sections}
    editor.content = editor.content.model_copy(update={"sections": sections})
    # Shown again in the editor as HTML: only what a save would keep.
    editor.sections = {code: sanitize(html) for code, html in editor.sections.items()}
    return editor


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    if not plan.is_editable:
        messages.error(request, _("Kế hoạch đã phê duyệt: muốn sửa, hãy lập bản sửa đổi."))
        return redirect("plan-detail", pk=plan.pk)
    if request.method == "GET":
        editor = editor_from_content(content_of(plan), schedule=is_schedule(plan))
        return _page(request, plan, editor, revision=plan.revision)
    editor = _read(request, plan)
    revision = _revision(request.POST.get("revision"))
    added = request.POST.get("add", "")
    if added in TABLES:
        return _page(request, plan, editor, revision=revision, extra_rows=added)
    taken = request.POST.get("take", "")
    if taken:
        item = next((a for a in assigned_to(plan) if str(a.key) == taken), None)
        if item is None:
            problem = (
                _("Nhận thực hiện"),
                _("Mục cấp trên giao không còn, hoặc không giao cho đơn vị"),
            )
            return _page(request, plan, editor, revision=revision, errors=[problem])
        _take_into(editor, item, plan)
    if editor.errors:
        return _page(request, plan, editor, revision=revision)
    try:
        plan = save_plan(plan, editor.content, by=request.user, base_revision=revision)
    except ConflictError as exc:
        return _page(request, plan, editor, revision=revision, conflict=str(exc))
    except ContentError as exc:
        return _page(request, plan, editor, revision=revision, errors=exc.problems)
    except PlanError as exc:
        return _page(request, plan, editor, revision=revision, errors=[("", str(exc))])
    if taken:
        messages.success(
            request,
            _(
                "Đã nhận thực hiện mục cấp trên giao; ghi thêm đơn vị chủ trì, biện pháp nếu còn "
                "thiếu."
            ),
        )
        return redirect(reverse("plan-edit", args=[plan.pk]) + "#findings")
    if request.POST.get("then") == "approve":
        return _approve(request, plan)
    messages.success(request, _("Đã lưu kế hoạch."))
    return redirect("plan-edit", pk=plan.pk)


def _take_into(editor: Editor, item: Assigned, plan: Plan) -> None:
    """Add a row carrying out ``item`` to the form and to its content."""
    editor.content = with_covering(editor.content, item, plan)
    if item.kind == "target":
        new = (editor.content.targets or [])[-1]
        shown = editor_from_content(PlanContent(targets=[new]), schedule=False).rows[TARGET][0]
        table = TARGET
    else:
        new_task = (editor.content.tasks or [])[-1]
        shown = editor_from_content(PlanContent(tasks=[new_task]), schedule=False).rows[TASK][0]
        table = TASK
    rows = editor.rows[table]
    rows.append(Row(table, len(rows) + 1, shown.values, "", form_number=len(rows) + 1))


def _approve(request: HttpRequest, plan: Plan) -> HttpResponse:
    if not access.can(request.user, plan.unit, access.APPROVE):
        messages.error(request, _("Bạn không có quyền phê duyệt kế hoạch này."))
        return redirect("plan-edit", pk=plan.pk)
    approved = attempt(
        request,
        lambda: approve_plan(plan, by=request.user, reference=request.POST.get("reference", "")),
        PlanError,  # Blocked among them: its message names what must be fixed
        _("Đã lưu và phê duyệt kế hoạch."),
        kept=_("Đã lưu kế hoạch."),
    )
    return redirect("plan-detail" if approved else "plan-edit", pk=plan.pk)


@login_required
@require_POST
def plan_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The specificity check of the form as it is now (htmx), without saving anything."""
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    editor = _read(request, plan)
    result = check_plan(plan, editor.content)
    return render(
        request,
        "plans/_findings.html",
        {
            **findings_context(result, anchors=editor.screen_anchors()),
            "input_errors": editor.errors,
        },
    )


@login_required
@require_POST
def plan_take(request: HttpRequest, pk: int) -> HttpResponse:
    """«Nhận thực hiện» from the planning page: the draft gets a target or task carrying out
    the assigned item (one save), then opens in the editor."""
    plan = access.get_plan_for_user(request.user, pk, permission=access.PREPARE)
    key = request.POST.get("key", "")
    item = next((a for a in assigned_to(plan) if str(a.key) == key), None)
    if item is None:
        messages.error(request, _("Mục cấp trên giao không còn, hoặc không giao cho đơn vị"))
        return redirect("plan-unit", unit_code=plan.unit.code)
    content = content_of(plan)
    grown = with_covering(content, item, plan)
    part = (
        PlanContent(targets=grown.targets)
        if item.kind == "target"
        else PlanContent(tasks=grown.tasks)
    )
    try:
        save_plan(plan, part, by=request.user, base_revision=plan.revision)
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plan-unit", unit_code=plan.unit.code)
    messages.success(
        request,
        _("Đã nhận thực hiện «%(text)s» vào %(title)s; ghi thêm đơn vị chủ trì, biện pháp.")
        % {"text": item.text, "title": plan.title},
    )
    return redirect("plan-edit", pk=plan.pk)


# --- taking on an assigned item ------------------------------------------------------------


def covering(item: Assigned, plan: Plan) -> TargetIn | TaskIn:
    """A new target or task of ``plan`` that carries out ``item`` («Nhận thực hiện»): the
    assigned one's words, measure and dates, linked to it by key. The unit then adds its own
    lead and measures. Dates are cut to the plan's days: a year's task taken into a monthly
    plan is that month's part of it, and must not fall outside the plan it is taken into."""
    if item.kind == "target":
        return TargetIn.model_validate(
            {
                "text": item.text,
                "template": item.template if item.indicator else "",
                "indicator": item.indicator,
                "comparison": item.comparison,
                "value": item.value,
                "due_on": min(item.due_on, plan.ends_on) if item.due_on else None,
                "assigned_key": item.key,
            }
        )
    return TaskIn(
        title=item.text,
        starts_on=max(item.starts_on, plan.starts_on) if item.starts_on else None,
        ends_on=min(item.ends_on, plan.ends_on) if item.ends_on else None,
        assigned_key=item.key,
    )


def with_covering(content: PlanContent, item: Assigned, plan: Plan) -> PlanContent:
    """``content`` with one more row of ``plan`` carrying out ``item``."""
    row = covering(item, plan)
    if isinstance(row, TargetIn):
        return content.model_copy(update={"targets": [*(content.targets or []), row]})
    return content.model_copy(update={"tasks": [*(content.tasks or []), row]})


urlpatterns: list[URLPattern] = [
    path("<int:pk>/edit/", plan_edit, name="plan-edit"),
    path("<int:pk>/check/", plan_check, name="plan-check"),
    path("<int:pk>/take/", plan_take, name="plan-take"),
]
