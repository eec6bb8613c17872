"""Planning an inspection, recording its findings and remedies, and concluding it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.inspections import access
from khth.inspections.actions.common import (
    MAX_TEXT,
    InspectionError,
    area_names,
    detail_link,
    document_kind_names,
    label,
    locked,
    require_manager,
    require_planned,
    require_revision,
    text_field,
)
from khth.inspections.followup import WEAK_KINDS
from khth.inspections.models import Finding, Inspection, Remedy, RemedyEvidence
from khth.lib import clock
from khth.lib.models import count_revision
from khth.lib.vietnamese import nfc, short_date
from khth.notifications.actions import in_system_language, notify
from khth.reports.richtext import is_blank, sanitize
from khth.units.models import Unit


@dataclass(frozen=True)
class InspectionData:
    """What a plan of an inspection says; units by code, areas and document kinds by the
    regulation's codes."""

    title: str
    starts_on: dt.date
    ends_on: dt.date
    units: Sequence[str]
    areas: Sequence[str]
    kind: str = Inspection.INSPECTION
    document_kinds: Sequence[str] = field(default_factory=tuple)
    team: str = ""


def _codes(values: Sequence[str], known: dict[str, str], label: str) -> list[str]:
    """Known codes in the regulation's order, each once; an unknown code is refused by name."""
    wanted = {nfc(v).strip() for v in values if v and v.strip()}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InspectionError(
            _("%(field)s không có trong quy định: %(codes)s")
            % {"field": label, "codes": ", ".join(unknown)}
        )
    return [code for code in known if code in wanted]


@dataclass(frozen=True)
class _Checked:
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    units: list[Unit]
    areas: list[str]
    document_kinds: list[str]
    team: str


def _check(by_unit: Unit, data: InspectionData) -> _Checked:
    if data.kind not in dict(Inspection.KINDS):
        raise InspectionError(_("Hình thức «%(kind)s» không hợp lệ") % {"kind": data.kind})
    title = text_field(data.title, 300, _("tên cuộc kiểm tra"))
    if data.ends_on < data.starts_on:
        raise InspectionError(_("Ngày kết thúc trước ngày bắt đầu"))
    areas = _codes(data.areas, area_names(), _("Nội dung kiểm tra"))
    if not areas:
        raise InspectionError(_("Chọn ít nhất một nội dung (mặt công tác) kiểm tra"))
    kinds = _codes(data.document_kinds, document_kind_names(), _("Văn kiện kiểm tra"))
    codes = sorted({c.strip() for c in data.units if c and c.strip()})
    if not codes:
        raise InspectionError(_("Chọn ít nhất một đơn vị được kiểm tra"))
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    units = []
    for code in codes:
        unit = found.get(code)
        if unit is None or not unit.path.startswith(by_unit.path) or unit.pk == by_unit.pk:
            raise InspectionError(
                _("«%(code)s» không phải đơn vị thuộc quyền %(unit)s")
                % {"code": code, "unit": by_unit.name}
            )
        if not unit.is_active_on(data.starts_on) and not unit.is_active_on(data.ends_on):
            raise InspectionError(
                _("%(unit)s không tồn tại trong thời gian kiểm tra") % {"unit": unit.name}
            )
        units.append(unit)
    units.sort(key=lambda u: u.path)
    team = text_field(data.team, 500, _("Thành phần đoàn"), required=False)
    return _Checked(title, data.kind, data.starts_on, data.ends_on, units, areas, kinds, team)


def summary(inspection: Inspection) -> dict[str, Any]:
    """The audited fields of a plan, JSON-ready."""
    return {
        "title": inspection.title,
        "kind": inspection.kind,
        "starts_on": inspection.starts_on.isoformat(),
        "ends_on": inspection.ends_on.isoformat(),
        "units": sorted(inspection.units.values_list("code", flat=True)),
        "areas": list(inspection.areas),
        "document_kinds": list(inspection.document_kinds),
        "team": inspection.team,
    }


@transaction.atomic
def plan_inspection(by_unit: Unit, data: InspectionData, *, by: Any) -> Inspection:
    """A planned inspection (or survey) of units below ``by_unit``; the inspected units'
    people are told."""
    if not access.can_plan_at(by, by_unit):
        raise InspectionError(
            _("Bạn không có quyền lập kế hoạch kiểm tra của %(unit)s") % {"unit": by_unit.name}
        )
    checked = _check(by_unit, data)
    now = clock.now()
    inspection = Inspection.objects.create(
        by_unit=by_unit,
        kind=checked.kind,
        title=checked.title,
        starts_on=checked.starts_on,
        ends_on=checked.ends_on,
        areas=checked.areas,
        document_kinds=checked.document_kinds,
        team=checked.team,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    inspection.units.set(checked.units)
    log_action(
        "inspections.inspection.planned",
        inspection,
        by=by,
        unit_path=by_unit.path,
        after=summary(inspection),
    )
    for unit in checked.units:
        notify(
            access.responders_of(unit),
            in_system_language(
                gettext_noop(
                    "%(inspector)s sẽ kiểm tra %(unit)s từ %(start)s đến %(end)s: %(title)s"
                ),
                {
                    "inspector": label(by_unit),
                    "unit": label(unit),
                    "start": short_date(checked.starts_on),
                    "end": short_date(checked.ends_on),
                    "title": checked.title,
                },
            ),
            link=detail_link(inspection),
            exclude=by,
        )
    return inspection


@transaction.atomic
def update_inspection(
    inspection: Inspection, data: InspectionData, *, by: Any, base_revision: int
) -> Inspection:
    """Edit the plan while it is not concluded, on ``base_revision`` (ConflictError when someone
    saved the plan or the conclusion since). A unit with findings stays inspected."""
    inspection = locked(inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    require_revision(inspection, base_revision)
    checked = _check(inspection.by_unit, data)
    keep = {u.pk for u in checked.units}
    dropped = Unit.objects.filter(findings__inspection=inspection).exclude(pk__in=keep).first()
    if dropped is not None:
        raise InspectionError(
            _("Đã có kết quả kiểm tra %(unit)s: không bỏ đơn vị này khỏi kế hoạch được")
            % {"unit": dropped.name}
        )
    used = set(inspection.findings.values_list("area", flat=True))
    missing = sorted(used - set(checked.areas))
    if missing:
        names = area_names()
        raise InspectionError(
            _("Đã có kết quả kiểm tra về %(areas)s: giữ nội dung này trong kế hoạch")
            % {"areas": ", ".join(names.get(code, code) for code in missing)}
        )
    before = summary(inspection)
    inspection.kind = checked.kind
    inspection.title = checked.title
    inspection.starts_on = checked.starts_on
    inspection.ends_on = checked.ends_on
    inspection.areas = checked.areas
    inspection.document_kinds = checked.document_kinds
    inspection.team = checked.team
    count_revision(inspection, by)
    inspection.save(
        update_fields=[
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "areas",
            "document_kinds",
            "team",
            "revision",
            "updated_at",
            "updated_by",
        ]
    )
    inspection.units.set(checked.units)
    log_action(
        "inspections.inspection.updated",
        inspection,
        by=by,
        unit_path=inspection.by_unit.path,
        before=before,
        after={**summary(inspection), "revision": inspection.revision},
    )
    return inspection


# --- findings and remedies -------------------------------------------------------------------


@transaction.atomic
def add_finding(
    inspection: Inspection, *, unit_code: str, kind: str, area: str, text: str, by: Any
) -> Finding:
    """A strength, weakness or violation found in one inspected unit, in one of the areas the
    inspection covers."""
    inspection = locked(inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    unit = inspection.units.filter(code=unit_code).first()
    if unit is None:
        raise InspectionError(
            _("«%(code)s» không phải đơn vị được kiểm tra trong cuộc này") % {"code": unit_code}
        )
    if kind not in dict(Finding.KINDS):
        raise InspectionError(_("Loại kết quả «%(kind)s» không hợp lệ") % {"kind": kind})
    if area not in inspection.areas:
        raise InspectionError(
            _("Nội dung «%(area)s» không nằm trong kế hoạch kiểm tra") % {"area": area}
        )
    finding = Finding.objects.create(
        inspection=inspection,
        unit=unit,
        kind=kind,
        area=area,
        text=text_field(text, MAX_TEXT, _("nội dung kết quả kiểm tra")),
        created_at=clock.now(),
        created_by=by,
    )
    log_action(
        "inspections.finding.added",
        finding,
        by=by,
        unit_path=inspection.by_unit.path,
        after={"unit": unit.code, "kind": kind, "area": area, "text": finding.text},
    )
    return finding


@transaction.atomic
def delete_finding(finding: Finding, *, by: Any) -> None:
    """Remove a finding recorded by mistake, with its remedies — not once a remedy has been
    reported done."""
    inspection = locked(finding.inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    finding = Finding.objects.select_related("unit").get(pk=finding.pk)
    reported = finding.remedies.filter(status=Remedy.CLOSED).exists()
    if reported or RemedyEvidence.objects.filter(remedy__finding=finding).exists():
        raise InspectionError(_("Đơn vị đã báo cáo khắc phục theo kết quả này: không xóa được"))
    log_action(
        "inspections.finding.deleted",
        finding,
        by=by,
        unit_path=inspection.by_unit.path,
        before={
            "unit": finding.unit.code,
            "kind": finding.kind,
            "area": finding.area,
            "text": finding.text,
            "remedies": finding.remedies.count(),
        },
    )
    finding.delete()


@transaction.atomic
def add_remedy(
    finding: Finding,
    *,
    action: str,
    deadline: dt.date,
    by: Any,
    owner_code: str = "",
) -> Remedy:
    """What must be done about a weakness or violation, by whom (the inspected unit, or a unit
    below it) and by when. The owner unit's people are told."""
    inspection = locked(finding.inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    finding = Finding.objects.select_related("unit").get(pk=finding.pk)
    if finding.kind not in WEAK_KINDS:
        raise InspectionError(_("Chỉ giao việc khắc phục cho hạn chế, khuyết điểm hoặc vi phạm"))
    owner_code = (owner_code or "").strip() or finding.unit.code
    owner = Unit.objects.filter(code=owner_code).first()
    if owner is None or not owner.path.startswith(finding.unit.path):
        raise InspectionError(
            _("Đơn vị thực hiện phải là %(unit)s hoặc đơn vị trực thuộc")
            % {"unit": finding.unit.name}
        )
    if not owner.is_active_on(clock.today()):
        raise InspectionError(_("%(unit)s đã giải thể") % {"unit": owner.name})
    if deadline < inspection.starts_on:
        raise InspectionError(_("Thời hạn khắc phục trước ngày bắt đầu kiểm tra"))
    remedy = Remedy.objects.create(
        finding=finding,
        owner=owner,
        action=text_field(action, MAX_TEXT, _("nội dung khắc phục")),
        deadline=deadline,
        created_at=clock.now(),
        created_by=by,
    )
    log_action(
        "inspections.remedy.assigned",
        remedy,
        by=by,
        unit_path=inspection.by_unit.path,
        after={"owner": owner.code, "action": remedy.action, "deadline": deadline.isoformat()},
    )
    notify(
        access.responders_of(owner),
        in_system_language(
            gettext_noop("%(inspector)s giao %(unit)s khắc phục, hạn %(deadline)s: %(action)s"),
            {
                "inspector": label(inspection.by_unit),
                "unit": label(owner),
                "deadline": short_date(deadline),
                "action": remedy.action[:200],
            },
        ),
        link=detail_link(inspection, f"remedy-{remedy.pk}"),
        exclude=by,
    )
    return remedy


@transaction.atomic
def delete_remedy(remedy: Remedy, *, by: Any) -> None:
    """Remove a remedy assigned by mistake, while the owner has reported nothing."""
    inspection = locked(remedy.finding.inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    remedy = Remedy.objects.select_related("owner").get(pk=remedy.pk)
    if remedy.status == Remedy.CLOSED or remedy.files.exists():
        raise InspectionError(_("Đơn vị đã báo cáo khắc phục: không xóa được"))
    log_action(
        "inspections.remedy.deleted",
        remedy,
        by=by,
        unit_path=inspection.by_unit.path,
        before={
            "owner": remedy.owner.code,
            "action": remedy.action,
            "deadline": remedy.deadline.isoformat(),
        },
    )
    remedy.delete()


# --- conclusion ------------------------------------------------------------------------------


@transaction.atomic
def save_conclusion(
    inspection: Inspection, html: str, *, by: Any, base_revision: int
) -> Inspection:
    """Store the conclusion written on ``base_revision`` (ConflictError when someone saved the
    plan or the conclusion since)."""
    inspection = locked(inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    require_revision(inspection, base_revision)
    before = inspection.conclusion
    inspection.conclusion = sanitize(html)
    count_revision(inspection, by)
    inspection.save(update_fields=["conclusion", "revision", "updated_at", "updated_by"])
    log_action(
        "inspections.inspection.conclusion_saved",
        inspection,
        by=by,
        unit_path=inspection.by_unit.path,
        before={"conclusion": before},
        after={"conclusion": inspection.conclusion, "revision": inspection.revision},
    )
    return inspection


@transaction.atomic
def conclude_inspection(
    inspection: Inspection,
    *,
    by: Any,
    html: str | None = None,
    base_revision: int | None = None,
) -> Inspection:
    """«Kết luận»: refused without a conclusion text, with an inspected unit that has no finding,
    or with a weakness or violation that has no remedy. With ``html``, the conclusion written on
    ``base_revision`` is saved in the same step (an edit: it needs the revision)."""
    if html is not None:
        if base_revision is None:
            raise InspectionError(_("Thiếu lần lưu của kết luận đã sửa"))
        save_conclusion(inspection, html, by=by, base_revision=base_revision)
    inspection = locked(inspection)
    require_manager(inspection, by)
    require_planned(inspection)
    if is_blank(inspection.conclusion):
        raise InspectionError(_("Chưa viết kết luận chung của cuộc kiểm tra"))
    without = inspection.units.exclude(findings__inspection=inspection).order_by("path")
    if without:
        raise InspectionError(
            _("Chưa ghi kết quả kiểm tra của: %(units)s")
            % {"units": ", ".join(u.name for u in without)}
        )
    bare = (
        inspection.findings.filter(kind__in=WEAK_KINDS, remedies__isnull=True)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )
    if bare:
        first = bare[0]
        raise InspectionError(
            _("Còn %(n)s hạn chế, vi phạm chưa giao việc khắc phục (%(unit)s: «%(text)s»)")
            % {"n": len(bare), "unit": first.unit.name, "text": first.text[:80]}
        )
    inspection.status = Inspection.CONCLUDED
    inspection.concluded_at = clock.now()
    inspection.concluded_by = by
    inspection.save(update_fields=["status", "concluded_at", "concluded_by"])
    log_action(
        "inspections.inspection.concluded",
        inspection,
        by=by,
        unit_path=inspection.by_unit.path,
        after={"status": inspection.status},
    )
    for unit in inspection.units.all():
        notify(
            access.responders_of(unit),
            in_system_language(
                gettext_noop("%(inspector)s đã kết luận: %(title)s"),
                {"inspector": label(inspection.by_unit), "title": inspection.title},
            ),
            link=detail_link(inspection),
            exclude=by,
        )
    return inspection


@transaction.atomic
def reopen_inspection(inspection: Inspection, *, note: str, by: Any) -> Inspection:
    """Concluded → planned again, to correct an omission; the conclusion is issued again after."""
    inspection = locked(inspection)
    require_manager(inspection, by)
    if inspection.status != Inspection.CONCLUDED:
        raise InspectionError(_("Cuộc kiểm tra chưa kết luận"))
    note = text_field(note, 2000, _("lý do mở lại kết luận"))
    inspection.status = Inspection.PLANNED
    inspection.concluded_at = None
    inspection.concluded_by = None
    inspection.save(update_fields=["status", "concluded_at", "concluded_by"])
    log_action(
        "inspections.inspection.reopened",
        inspection,
        by=by,
        unit_path=inspection.by_unit.path,
        after={"status": inspection.status},
        note=note,
    )
    return inspection
