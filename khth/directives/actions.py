"""Every change to directives and to how units follow them: enter and edit a directive; record
and correct a unit's study of it; link the unit's implementation plan (a plan of khth.plans, read
through its access module) or take the link off; report and correct results. One transaction
each, audited (khth.audit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.directives import access
from khth.directives.models import Directive, PlanLink, Result, Study
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.models import count_revision
from khth.lib.vietnamese import fold, nfc
from khth.periods import PeriodError, parse_period
from khth.regulations.access import active_regulation
from khth.units.models import Unit

MAX_FIGURES = 30
LONG = 20_000


class DirectiveError(ActionRefused):
    """A refused directives action; the message says why, in the user's language."""


Edited = Directive | Study | Result
Row = TypeVar("Row", Directive, Study, Result)
Record = TypeVar("Record", Study, Result)


def _what(row: Edited) -> str:
    if isinstance(row, Directive):
        return _("Nghị quyết, chỉ thị")
    if isinstance(row, Study):
        return _("Kết quả quán triệt")
    return _("Báo cáo kết quả thực hiện")


class ConflictError(DirectiveError, Generic[Row]):
    """An edit made on a revision older than ``current``'s: nothing was stored. ``current`` is
    the row as the other person left it."""

    def __init__(self, current: Row) -> None:
        self.current: Row = current
        who = current.updated_by.full_name if current.updated_by else _("người khác")
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            _(
                "%(what)s đã được %(who)s lưu lúc %(when)s (lần lưu %(revision)s) sau khi bạn "
                "mở. Thay đổi của bạn chưa được lưu."
            )
            % {"what": _what(current), "who": who, "when": when, "revision": current.revision}
        )


def _require_revision(row: Row, base_revision: int) -> None:
    if row.revision != base_revision:
        raise ConflictError(row)


def _line(value: str, limit: int, what: str, *, required: bool = False) -> str:
    value = " ".join(nfc(value).split())
    if required and not value:
        raise DirectiveError(_("Phải ghi %(what)s") % {"what": what.lower()})
    if len(value) > limit:
        raise DirectiveError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": limit})
    return value


def _long(value: str, what: str, *, required: bool = False) -> str:
    value = nfc(value).strip()
    if required and not value:
        raise DirectiveError(_("Phải ghi %(what)s") % {"what": what.lower()})
    if len(value) > LONG:
        raise DirectiveError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": LONG})
    return value


def _not_after_today(day: dt.date, what: str) -> None:
    if day > clock.today():
        raise DirectiveError(_("%(what)s chưa tới") % {"what": what})


def _snapshot(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Fields as the audit log keeps them: dates as ISO text."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def _update(row: Edited, fields: Mapping[str, Any], action: str, unit: Unit, by: Any) -> None:
    """Set the checked ``fields`` on the locked row (its revision already checked), count one
    more revision, save only them, and audit what they were and became."""
    before = _snapshot({k: getattr(row, k) for k in fields})
    for name, value in fields.items():
        setattr(row, name, value)
    count_revision(row, by)
    row.save(update_fields=[*fields, "revision", "updated_at", "updated_by"])
    after = {**_snapshot(fields), "revision": row.revision}
    log_action(action, row, by=by, unit_path=unit.path, before=before, after=after)


# --- directives ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectiveIn:
    number: str  # số, ký hiệu
    title: str  # trích yếu
    issuer: str  # cơ quan ban hành
    issued_on: dt.date
    levels: Sequence[str] = ()  # empty: every unit of the subtree
    summary: str = ""


def _directive_fields(data: DirectiveIn) -> dict[str, Any]:
    known = [level.code for level in active_regulation().levels]
    unknown = sorted(set(data.levels) - set(known))
    if unknown:
        raise DirectiveError(
            _("Không có cấp «%(codes)s» trong quy định") % {"codes": ", ".join(unknown)}
        )
    _not_after_today(data.issued_on, _("Ngày ban hành"))
    return {
        "number": _line(data.number, 100, _("Số, ký hiệu"), required=True),
        "title": _line(data.title, 500, _("Trích yếu"), required=True),
        "issuer": _line(data.issuer, 300, _("Cơ quan ban hành"), required=True),
        "issued_on": data.issued_on,
        # In the regulation's order, whatever order they were chosen in.
        "levels": [code for code in known if code in set(data.levels)],
        "summary": _long(data.summary, _("Nội dung tóm tắt")),
    }


def _check_number(unit: Unit, number: str, exclude: int | None = None) -> None:
    others = Directive.objects.filter(unit=unit)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if any(fold(d.number) == fold(number) for d in others.only("number")):
        raise DirectiveError(
            _("%(unit)s đã nhập văn bản số «%(number)s»") % {"unit": unit.name, "number": number}
        )


@transaction.atomic
def enter_directive(unit: Unit, data: DirectiveIn, *, by: Any) -> Directive:
    """A superior's resolution or directive, entered by ``unit`` for its subtree to follow."""
    if not access.can_enter(by, unit):
        raise PermissionDenied(access.ENTER)
    if unit.valid_to is not None:
        raise DirectiveError(_("%(unit)s đã giải thể") % {"unit": unit.name})
    fields = _directive_fields(data)
    _check_number(unit, fields["number"])
    now = clock.now()
    directive = Directive.objects.create(
        unit=unit, created_at=now, created_by=by, updated_at=now, updated_by=by, **fields
    )
    log_action(
        "directives.directive.entered",
        directive,
        by=by,
        unit_path=unit.path,
        after={**_snapshot(fields), "unit": unit.code},
    )
    return directive


@transaction.atomic
def update_directive(
    directive: Directive, data: DirectiveIn, *, by: Any, base_revision: int
) -> Directive:
    """Store an edit made on ``base_revision``; ConflictError when someone saved since."""
    directive = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by", "created_by")
        .get(pk=directive.pk)
    )
    if not access.can_enter(by, directive.unit):
        raise PermissionDenied(access.ENTER)
    _require_revision(directive, base_revision)
    fields = _directive_fields(data)
    _check_number(directive.unit, fields["number"], exclude=directive.pk)
    _update(directive, fields, "directives.directive.updated", directive.unit, by)
    return directive


# --- what a unit records ---------------------------------------------------------------------


def _may_record(directive: Directive, unit: Unit, by: Any) -> None:
    if not access.can_record(by, unit):
        raise PermissionDenied(access.RECORD)
    if not access.follows(directive, unit):
        raise DirectiveError(
            _("%(unit)s không thuộc diện thực hiện văn bản %(number)s")
            % {"unit": unit.name, "number": directive.number}
        )


@dataclass(frozen=True)
class StudyIn:
    held_on: dt.date
    form: str
    present: int
    total: int
    presided: str
    made_up: int = 0  # of the absent, how many studied later
    made_up_on: dt.date | None = None
    note: str = ""


def _study_fields(directive: Directive, data: StudyIn) -> dict[str, Any]:
    if data.form not in {code for code, _label in Study.FORMS}:
        raise DirectiveError(
            _("Hình thức quán triệt «%(form)s» không hợp lệ") % {"form": data.form}
        )
    if data.held_on < directive.issued_on:
        raise DirectiveError(_("Ngày quán triệt trước ngày ban hành văn bản"))
    _not_after_today(data.held_on, _("Ngày quán triệt"))
    if data.total < 1:
        raise DirectiveError(_("Tổng số người phải học tập phải lớn hơn 0"))
    if not 0 <= data.present <= data.total:
        raise DirectiveError(_("Số có mặt phải từ 0 đến tổng số (%(n)s)") % {"n": data.total})
    absent = data.total - data.present
    if not 0 <= data.made_up <= absent:
        raise DirectiveError(_("Số học bù phải từ 0 đến số vắng mặt (%(n)s)") % {"n": absent})
    if data.made_up and data.made_up_on is None:
        raise DirectiveError(_("Phải ghi ngày học bù"))
    made_up_on = data.made_up_on if data.made_up else None
    if made_up_on is not None:
        if made_up_on < data.held_on:
            raise DirectiveError(_("Ngày học bù trước ngày quán triệt"))
        _not_after_today(made_up_on, _("Ngày học bù"))
    return {
        "held_on": data.held_on,
        "form": data.form,
        "present": data.present,
        "total": data.total,
        "made_up": data.made_up,
        "made_up_on": made_up_on,
        "presided": _line(data.presided, 200, _("Người chủ trì"), required=True),
        "note": _long(data.note, _("Ghi chú")),
    }


@transaction.atomic
def record_study(directive: Directive, unit: Unit, data: StudyIn, *, by: Any) -> Study:
    """``unit`` studied ``directive`` (quán triệt, học tập): once; later changes edit it."""
    _may_record(directive, unit, by)
    fields = _study_fields(directive, data)
    if Study.objects.filter(directive=directive, unit=unit).exists():
        raise DirectiveError(
            _("%(unit)s đã ghi kết quả quán triệt văn bản này: sửa bản đã ghi")
            % {"unit": unit.name}
        )
    now = clock.now()
    study = Study.objects.create(
        directive=directive,
        unit=unit,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
        **fields,
    )
    log_action(
        "directives.study.recorded",
        study,
        by=by,
        unit_path=unit.path,
        after={**_snapshot(fields), "unit": unit.code},
    )
    return study


def _locked_record(rows: QuerySet[Record], pk: int, *, by: Any, base_revision: int) -> Record:
    """A unit's own record (a study, a result) locked for an edit by ``by`` made on
    ``base_revision``: only the unit's own people write it, and not over someone's later save."""
    record = (
        rows.select_for_update(of=("self",))
        .select_related("unit", "directive", "directive__unit", "updated_by")
        .get(pk=pk)
    )
    if not access.can_record(by, record.unit):
        raise PermissionDenied(access.RECORD)
    _require_revision(record, base_revision)
    return record


@transaction.atomic
def update_study(study: Study, data: StudyIn, *, by: Any, base_revision: int) -> Study:
    study = _locked_record(Study.objects.all(), study.pk, by=by, base_revision=base_revision)
    fields = _study_fields(study.directive, data)
    _update(study, fields, "directives.study.updated", study.unit, by)
    return study


@transaction.atomic
def link_plan(directive: Directive, unit: Unit, plan: Any, *, by: Any) -> PlanLink:
    """``plan`` (a khth.plans Plan of ``unit``, fetched through khth.plans.access) carries the
    directive out at ``unit``; it replaces the plan linked before, if any."""
    _may_record(directive, unit, by)
    if plan.unit_id != unit.pk:
        raise DirectiveError(
            _("Kế hoạch «%(title)s» không phải của %(unit)s")
            % {"title": plan.title, "unit": unit.name}
        )
    link = (
        PlanLink.objects.select_for_update(of=("self",))
        .filter(directive=directive, unit=unit)
        .first()
    )
    now = clock.now()
    if link is None:
        link = PlanLink.objects.create(
            directive=directive, unit=unit, plan=plan, linked_at=now, linked_by=by
        )
        before = None
    else:
        before = {"plan": link.plan_id}
        link.plan = plan
        link.linked_at = now
        link.linked_by = by
        link.save(update_fields=["plan", "linked_at", "linked_by"])
    log_action(
        "directives.plan.linked",
        link,
        by=by,
        unit_path=unit.path,
        before=before,
        after={"plan": plan.pk, "unit": unit.code},
    )
    return link


@transaction.atomic
def unlink_plan(link: PlanLink, *, by: Any) -> None:
    """Take off a plan linked by mistake; the plan itself stays as it is."""
    link = PlanLink.objects.select_for_update(of=("self",)).select_related("unit").get(pk=link.pk)
    if not access.can_record(by, link.unit):
        raise PermissionDenied(access.RECORD)
    log_action(
        "directives.plan.unlinked",
        link,
        by=by,
        unit_path=link.unit.path,
        before={"plan": link.plan_id, "unit": link.unit.code},
    )
    link.delete()


@dataclass(frozen=True)
class ResultIn:
    period_id: str  # "2025Q1", "2025S1", "2025"…
    text: str
    figures: Sequence[tuple[str, str]] = ()  # (label, value) pairs, optional


def _result_fields(directive: Directive, data: ResultIn) -> dict[str, Any]:
    try:
        period = parse_period(data.period_id.strip())
    except PeriodError as exc:
        raise DirectiveError(str(exc)) from None
    if period.end < directive.issued_on:
        raise DirectiveError(_("Kỳ báo cáo kết thúc trước ngày ban hành văn bản"))
    if period.start > clock.today():
        raise DirectiveError(_("Kỳ báo cáo chưa bắt đầu"))
    if len(data.figures) > MAX_FIGURES:
        raise DirectiveError(_("Nhiều nhất %(n)s số liệu") % {"n": MAX_FIGURES})
    figures = []
    for label, value in data.figures:
        label = _line(label, 200, _("Tên số liệu"), required=True)
        figures.append({"label": label, "value": _line(value, 50, _("Số liệu"), required=True)})
    return {
        "period_id": period.id,
        "text": _long(data.text, _("Kết quả thực hiện"), required=True),
        "figures": figures,
    }


@transaction.atomic
def report_result(directive: Directive, unit: Unit, data: ResultIn, *, by: Any) -> Result:
    """``unit`` reports what it achieved under ``directive`` in one period."""
    _may_record(directive, unit, by)
    fields = _result_fields(directive, data)
    if Result.objects.filter(
        directive=directive, unit=unit, period_id=fields["period_id"]
    ).exists():
        raise DirectiveError(
            _("%(unit)s đã báo cáo kết quả kỳ này: sửa bản đã báo cáo") % {"unit": unit.name}
        )
    now = clock.now()
    result = Result.objects.create(
        directive=directive,
        unit=unit,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
        **fields,
    )
    log_action(
        "directives.result.reported",
        result,
        by=by,
        unit_path=unit.path,
        after={**fields, "unit": unit.code},
    )
    return result


@transaction.atomic
def update_result(result: Result, data: ResultIn, *, by: Any, base_revision: int) -> Result:
    result = _locked_record(Result.objects.all(), result.pk, by=by, base_revision=base_revision)
    fields = _result_fields(result.directive, data)
    if (
        fields["period_id"] != result.period_id
        and Result.objects.filter(
            directive=result.directive, unit=result.unit, period_id=fields["period_id"]
        ).exists()
    ):
        raise DirectiveError(
            _("%(unit)s đã báo cáo kết quả kỳ này: sửa bản đã báo cáo") % {"unit": result.unit.name}
        )
    _update(result, fields, "directives.result.updated", result.unit, by)
    return result
