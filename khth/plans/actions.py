"""Every change to plans: create, save (with a revision check), approve, issue, amend, discard a
draft, report a task's progress. One transaction each, audited, people notified."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.lib import clock
from khth.lib.errors import ActionRefused, ContentRefused
from khth.lib.models import count_revision
from khth.notifications.actions import in_system_language, notify
from khth.periods import PeriodError, parse_period
from khth.plans import access
from khth.plans.content import PlanContent
from khth.plans.models import Plan, Task
from khth.plans.specificity import Result
from khth.plans.stored import Writer, check_plan, content_of, kind_of
from khth.regulations.access import regulation_of, require_task
from khth.regulations.schema import DocumentKind, for_unit_type
from khth.units.models import Unit
from khth.units.regulation import version_for


class PlanError(ActionRefused):
    """A refused plan action; the message says why, in the user's language."""


class ContentError(ContentRefused, PlanError):
    """Entered content that cannot be stored; ``problems`` name each place."""


class ConflictError(PlanError):
    def __init__(self, plan: Plan) -> None:
        when = timezone.localtime(plan.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            _(
                "Kế hoạch đã được %(who)s sửa lúc %(when)s (lần lưu %(revision)s) sau khi bạn mở "
                "nó. Thay đổi của bạn chưa được lưu: hãy tải lại trang, xem nội dung mới rồi sửa "
                "lại."
            )
            % {"who": plan.updated_by.full_name, "when": when, "revision": plan.revision}
        )


class Blocked(PlanError):
    """Approval refused: the specificity check has blocking findings."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__(
            _("Chưa phê duyệt được: %(n)s điểm phải sửa — %(first)s")
            % {
                "n": len(result.blocking),
                "first": "; ".join(f"{f.place}: {f.message}" for f in result.blocking[:3]),
            }
        )


# --- create ----------------------------------------------------------------------------------


def plan_span(
    kind: DocumentKind, period_id: str, starts_on: dt.date | None, ends_on: dt.date | None
) -> tuple[str, dt.date, dt.date]:
    """(period id, first day, last day) of a new plan of ``kind``."""
    if kind.plan is None:
        raise PlanError(_("«%(kind)s» không phải kế hoạch") % {"kind": kind.name})
    if kind.plan.period is not None:
        try:
            period = parse_period(period_id)
        except PeriodError as exc:
            raise PlanError(str(exc)) from None
        if period.type != kind.plan.period:
            raise PlanError(
                _("«%(kind)s» lập theo kỳ %(expected)s: kỳ %(period)s không hợp")
                % {"kind": kind.name, "expected": kind.plan.period, "period": period.label}
            )
        return period.id, period.start, period.end
    if starts_on is None or ends_on is None:
        raise PlanError(
            _("«%(kind)s» phải ghi ngày bắt đầu và ngày kết thúc") % {"kind": kind.name}
        )
    if ends_on < starts_on:
        raise PlanError(_("Ngày kết thúc trước ngày bắt đầu"))
    return "", starts_on, ends_on


@transaction.atomic
def create_plan(
    unit: Unit,
    kind_code: str,
    *,
    by: Any,
    title: str = "",
    period_id: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    task_code: str = "",
) -> Plan:
    """A new draft, version 1. A unit has one plan series per kind and period; asking again for
    a periodic plan that exists returns the existing one."""
    # The regulation the unit follows (a variant in a scope, else the base); the plan keeps it.
    # Raises RegulationNotLoaded (a 503 page) before anything else.
    version = version_for(unit)
    reg = regulation_of(version)
    try:
        kind = reg.document_kind(kind_code)
    except KeyError:
        raise PlanError(
            _("Không có loại kế hoạch «%(code)s» trong quy định") % {"code": kind_code}
        ) from None
    if kind.plan is None:
        raise PlanError(_("«%(kind)s» không phải kế hoạch") % {"kind": kind.name})
    if unit.level not in kind.issuing_levels or not for_unit_type(kind.unit_types, unit.unit_type):
        raise PlanError(
            _("Cấp của %(unit)s không lập «%(kind)s»") % {"unit": unit.name, "kind": kind.name}
        )
    if task_code:
        require_task(reg, task_code, PlanError)
    pid, start, end = plan_span(kind, period_id, starts_on, ends_on)
    if pid:
        existing = (
            Plan.objects.filter(unit=unit, kind_code=kind_code, period_id=pid)
            .order_by("-version")
            .first()
        )
        if existing is not None:
            return existing
    if not unit.is_active_on(start) and not unit.is_active_on(end):
        raise PlanError(_("%(unit)s không tồn tại trong thời gian kế hoạch") % {"unit": unit.name})
    now = clock.now()
    plan = Plan.objects.create(
        unit=unit,
        regulation=version,
        kind_code=kind_code,
        task_code=task_code,
        title=(title.strip() or _default_title(kind, unit, pid, start, end))[:300],
        period_id=pid,
        starts_on=start,
        ends_on=end,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    log_action("plans.plan.created", plan, by=by, unit_path=unit.path, after=_summary(plan))
    return plan


def _default_title(
    kind: DocumentKind, unit: Unit, period_id: str, start: dt.date, end: dt.date
) -> str:
    """ "Kế hoạch CTĐ, CTCT năm 2024", not "… năm Năm 2024": the kind's name often ends with the
    word the period's label starts with."""
    if not period_id:
        return f"{kind.name} ({start:%d/%m/%Y} – {end:%d/%m/%Y})"
    label = parse_period(period_id).label
    first, _space, rest = label.partition(" ")
    if rest and kind.name.lower().endswith(" " + first.lower()):
        label = rest
    return f"{kind.name} {label}"


# --- save ------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(plan: Plan, content: PlanContent, *, by: Any, base_revision: int) -> Plan:
    """Store an edit made on ``base_revision``: refused whole if the plan changed since, or if
    any part cannot be stored."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by")
        .get(pk=plan.pk)
    )
    if not plan.is_editable:
        raise PlanError(_("Kế hoạch đã phê duyệt: muốn sửa, hãy lập bản sửa đổi"))
    if plan.revision != base_revision:
        raise ConflictError(plan)
    problems: list[tuple[str, str]] = []
    writer = Writer(plan, problems)
    writer.write(content)
    if problems:
        # Raised inside the transaction: whatever was written rolls back.
        raise ContentError(problems)
    count_revision(plan, by)
    fields = ["revision", "updated_at", "updated_by"]
    if content.title is not None:
        plan.title = content.title
        fields.append("title")
    if content.sections is not None:
        plan.sections = writer.sections
        fields.append("sections")
    plan.save(update_fields=fields)
    log_action(
        "plans.plan.saved",
        plan,
        by=by,
        unit_path=plan.unit.path,
        after={"revision": plan.revision, "parts": sorted(content.model_dump(exclude_none=True))},
    )
    return plan


# --- workflow --------------------------------------------------------------------------------


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)


def _require(by: Any, plan: Plan, permission: str, refused: str) -> None:
    """Refused (``refused`` names the unit as ``%(unit)s``) unless ``by`` holds ``permission``
    at the plan's unit: a superior never prepares or approves a subordinate's plan."""
    if not access.can(by, plan.unit, permission):
        raise PlanError(refused % {"unit": plan.unit.name})


@transaction.atomic
def approve_plan(plan: Plan, *, by: Any, reference: str = "") -> Plan:
    """Draft → approved, by the political officer — or, for a Party committee's programme, on
    the committee's resolution or minutes named in ``reference``. Refused with blocking findings."""
    plan = _locked(plan)
    if plan.status != Plan.DRAFT:
        raise PlanError(_("Chỉ phê duyệt được kế hoạch đang là dự thảo"))
    _require(by, plan, access.APPROVE, _("Bạn không có quyền phê duyệt kế hoạch của %(unit)s"))
    spec = kind_of(plan).plan
    reference = reference.strip()
    if spec is not None and spec.approver == "party_committee" and not reference:
        raise PlanError(
            _(
                "Chương trình của cấp ủy: ghi số nghị quyết hoặc biên bản hội nghị cấp ủy "
                "đã thông qua"
            )
        )
    result = check_plan(plan)
    if not result.ok:
        raise Blocked(result)
    plan.status = Plan.APPROVED
    plan.approved_at = clock.now()
    plan.approved_by = by
    plan.approval_reference = reference[:200]
    plan.save(update_fields=["status", "approved_at", "approved_by", "approval_reference"])
    log_action(
        "plans.plan.approved",
        plan,
        by=by,
        unit_path=plan.unit.path,
        after={"status": plan.status, "reference": reference, "warnings": len(result.warnings)},
    )
    notify(
        access.preparers_of(plan.unit),
        in_system_language(gettext_noop("Đã phê duyệt: %(title)s"), {"title": plan.title}),
        link=reverse("plan-detail", args=[plan.pk]),
        exclude=by,
    )
    return plan


@transaction.atomic
def issue_plan(plan: Plan, *, by: Any) -> Plan:
    """Approved → issued: from now on what it assigns reaches the subordinates."""
    plan = _locked(plan)
    if plan.status != Plan.APPROVED:
        raise PlanError(_("Chỉ ban hành được kế hoạch đã phê duyệt"))
    _require(by, plan, access.APPROVE, _("Bạn không có quyền ban hành kế hoạch của %(unit)s"))
    plan.status = Plan.ISSUED
    plan.issued_at = clock.now()
    plan.issued_by = by
    plan.save(update_fields=["status", "issued_at", "issued_by"])
    log_action(
        "plans.plan.issued", plan, by=by, unit_path=plan.unit.path, after={"status": plan.status}
    )
    receivers = Unit.objects.filter(
        Q(assigned_targets__plan=plan) | Q(assigned_tasks__plan=plan)
    ).distinct()
    for unit in receivers:
        notify(
            access.preparers_of(unit),
            in_system_language(
                gettext_noop("%(unit)s ban hành %(title)s: có chỉ tiêu, nhiệm vụ giao cho đơn vị"),
                {"unit": plan.unit.short_name or plan.unit.name, "title": plan.title},
            ),
            link=reverse("plan-unit", args=[unit.code]),
            exclude=by,
        )
    return plan


@transaction.atomic
def amend_plan(plan: Plan, *, by: Any, note: str) -> Plan:
    """A new draft version of an approved or issued plan, with its content copied; the approved
    version stays in force until the new one is approved."""
    plan = _locked(plan)
    if plan.status not in Plan.IN_FORCE:
        raise PlanError(_("Chỉ sửa đổi được kế hoạch đã phê duyệt"))
    _require(by, plan, access.PREPARE, _("Bạn không có quyền sửa kế hoạch của %(unit)s"))
    if not note.strip():
        raise PlanError(_("Ghi lý do sửa đổi kế hoạch"))
    latest = Plan.objects.filter(series=plan.series).order_by("-version")[0]
    if latest.status == Plan.DRAFT:
        raise PlanError(_("Đã có bản sửa đổi đang soạn (lần %(v)s)") % {"v": latest.version})
    if latest.pk != plan.pk:
        raise PlanError(_("Chỉ sửa đổi được bản mới nhất (lần %(v)s)") % {"v": latest.version})
    content = content_of(plan)
    now = clock.now()
    new = Plan.objects.create(
        unit=plan.unit,
        regulation=plan.regulation,
        kind_code=plan.kind_code,
        task_code=plan.task_code,
        title=plan.title,
        period_id=plan.period_id,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        series=plan.series,
        version=plan.version + 1,
        sections=dict(plan.sections),
        change_note=note.strip(),
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    problems: list[tuple[str, str]] = []
    Writer(new, problems).write(content.model_copy(update={"sections": None, "title": None}))
    _copy_progress(plan, new)
    log_action(
        "plans.plan.amended",
        new,
        by=by,
        unit_path=plan.unit.path,
        after={"version": new.version, "from": plan.pk},
        note=note.strip(),
    )
    return new


def _copy_progress(old: Plan, new: Plan) -> None:
    for task in old.tasks.exclude(progress=Task.NOT_STARTED):
        new.tasks.filter(key=task.key).update(
            progress=task.progress,
            progress_note=task.progress_note,
            progress_at=task.progress_at,
            progress_by=task.progress_by,
        )


@transaction.atomic
def discard_draft(plan: Plan, *, by: Any) -> None:
    """Delete a draft that was never approved (an unwanted amendment, a plan opened by mistake)."""
    plan = _locked(plan)
    if plan.status != Plan.DRAFT:
        raise PlanError(_("Chỉ xóa được bản dự thảo"))
    _require(by, plan, access.PREPARE, _("Bạn không có quyền sửa kế hoạch của %(unit)s"))
    log_action("plans.plan.discarded", plan, by=by, unit_path=plan.unit.path, before=_summary(plan))
    plan.delete()


@transaction.atomic
def report_progress(task: Task, *, progress: str, note: str = "", by: Any) -> Task:
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__unit", "lead_unit")
        .get(pk=task.pk)
    )
    if progress not in dict(Task.PROGRESS_CHOICES):
        raise PlanError(_("Trạng thái «%(value)s» không hợp lệ") % {"value": progress})
    if task.plan.status not in Plan.IN_FORCE:
        raise PlanError(_("Kế hoạch chưa phê duyệt: chưa cập nhật tiến độ"))
    if not access.can_report_progress(by, task, task.plan):
        raise PlanError(_("Bạn không phải đơn vị chủ trì nhiệm vụ này"))
    before = {"progress": task.progress, "note": task.progress_note}
    task.progress = progress
    task.progress_note = note.strip()[:2000]
    task.progress_at = clock.now()
    task.progress_by = by
    task.save(update_fields=["progress", "progress_note", "progress_at", "progress_by"])
    log_action(
        "plans.task.progress",
        task,
        by=by,
        unit_path=task.plan.unit.path,
        before=before,
        after={"progress": task.progress, "note": task.progress_note},
    )
    return task


def _summary(plan: Plan) -> dict[str, Any]:
    return {
        "kind": plan.kind_code,
        "title": plan.title,
        "period": plan.period_id,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "version": plan.version,
    }
