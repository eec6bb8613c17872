"""Every change to coordination: partners, agreements, exchange reports (generate, refresh from
the reports, enter values, send — registered in the outgoing register, which numbers it), the
due reports generated on schedule, and joint activities. One transaction each, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_args

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.coordination import access
from khth.coordination.exchange import (
    ENTERED,
    TRANSFERS,
    canonical,
    compute,
    indicators_of,
    ordered,
    sent_codes,
)
from khth.coordination.models import (
    Agreement,
    ExchangeReport,
    JointActivity,
    Partner,
    PartyTransfer,
    ReceivedExchange,
)
from khth.coordination.tallies import tallies_for
from khth.docsystem.register.actions import Outgoing, RegisterError, register_outgoing
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.models import count_revision
from khth.lib.vietnamese import fold, nfc, parse_number, same_name
from khth.notifications.actions import in_system_language, notify
from khth.periods import Period, PeriodError, parse_period, periods_between
from khth.regulations.access import active_regulation
from khth.regulations.schema.common import Frequency
from khth.units.models import Unit

# Exchanges run on these schedules (a weekly or daily exchange of reports is not a thing).
FREQUENCIES: tuple[str, ...] = tuple(f for f in get_args(Frequency) if f not in {"daily", "weekly"})


class CoordinationError(ActionRefused):
    """A refused coordination action; the message says why, in the user's language."""


Edited = Partner | Agreement | ExchangeReport | JointActivity | ReceivedExchange | PartyTransfer
Row = TypeVar(
    "Row", Partner, Agreement, ExchangeReport, JointActivity, ReceivedExchange, PartyTransfer
)


def _what(row: Edited) -> str:
    if isinstance(row, Partner):
        return _("Cơ quan phối hợp")
    if isinstance(row, Agreement):
        return _("Quy chế phối hợp")
    if isinstance(row, ExchangeReport):
        return _("Báo cáo trao đổi thông tin")
    if isinstance(row, ReceivedExchange):
        return _("Thông tin cơ quan phối hợp gửi đơn vị")
    if isinstance(row, PartyTransfer):
        return _("Đảng viên bàn giao về địa phương")
    return _("Hoạt động phối hợp")


class ConflictError(CoordinationError, Generic[Row]):
    """An edit made on a revision older than ``current``'s: nothing was stored. ``current`` is
    the row as the other person left it, to show them what changed."""

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
    """Refuse an edit made on an older revision of the locked ``row``."""
    if row.revision != base_revision:
        raise ConflictError(row)


def _require(by: Any, unit: Unit) -> None:
    if not access.can_manage(by, unit):
        raise PermissionDenied(access.MANAGE)


def _line(value: str, limit: int, what: str, *, required: bool = False) -> str:
    value = " ".join(nfc(value).split())
    if required and not value:
        raise CoordinationError(_("Phải ghi %(what)s") % {"what": what.lower()})
    if len(value) > limit:
        raise CoordinationError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": limit})
    return value


def _long(value: str, what: str) -> str:
    value = nfc(value).strip()
    if len(value) > 20_000:
        raise CoordinationError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": 20_000})
    return value


# --- partners --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerIn:
    name: str
    short_name: str = ""
    address: str = ""
    contact: str = ""


def _partner_fields(data: PartnerIn) -> dict[str, str]:
    return {
        "name": _line(data.name, 300, _("Tên cơ quan, tổ chức phối hợp"), required=True),
        "short_name": _line(data.short_name, 100, _("Tên ngắn")),
        "address": _line(data.address, 300, _("Địa chỉ")),
        "contact": _line(data.contact, 300, _("Người liên hệ")),
    }


def _check_partner_name(unit: Unit, name: str, exclude: int | None = None) -> None:
    # Only the very same name is refused: names that differ in a tone or a letter mark only
    # ("Ba", "Bà") are different names, which similar_partners points out without refusing.
    others = Partner.objects.filter(unit=unit)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if any(same_name(p.name, name) for p in others):
        raise CoordinationError(
            _("%(unit)s đã có cơ quan phối hợp «%(name)s»") % {"unit": unit.name, "name": name}
        )


def similar_partners(partner: Partner) -> list[Partner]:
    """The unit's other partners whose names differ from ``partner``'s only in accents, tones
    or case: worth a warning, since one may be a typing slip for the other."""
    others = Partner.objects.filter(unit_id=partner.unit_id).exclude(pk=partner.pk)
    return [p for p in others.order_by("sort_name", "pk") if fold(p.name) == fold(partner.name)]


@transaction.atomic
def create_partner(unit: Unit, data: PartnerIn, *, by: Any) -> Partner:
    """A body outside the army tree that ``unit`` coordinates with. It gets no account."""
    _require(by, unit)
    fields = _partner_fields(data)
    _check_partner_name(unit, fields["name"])
    now = clock.now()
    partner = Partner.objects.create(
        unit=unit, created_at=now, updated_at=now, updated_by=by, **fields
    )
    log_action("coordination.partner.created", partner, by=by, unit_path=unit.path, after=fields)
    return partner


@transaction.atomic
def update_partner(partner: Partner, data: PartnerIn, *, by: Any, base_revision: int) -> Partner:
    """Store an edit made on ``base_revision``; ConflictError when someone saved since."""
    partner = (
        Partner.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by")
        .get(pk=partner.pk)
    )
    _require(by, partner.unit)
    _require_revision(partner, base_revision)
    fields = _partner_fields(data)
    _check_partner_name(partner.unit, fields["name"], exclude=partner.pk)
    _update(partner, fields, "coordination.partner.updated", partner.unit, by)
    return partner


# --- agreements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementIn:
    title: str
    signed_on: dt.date
    valid_from: dt.date
    indicators: tuple[str, ...]
    frequency: str = ""  # empty: the regulation's default schedule
    valid_to: dt.date | None = None


def _agreement_fields(data: AgreementIn) -> dict[str, Any]:
    coordination = active_regulation().followup.coordination
    frequency = data.frequency or coordination.frequency
    if frequency not in FREQUENCIES:
        raise CoordinationError(
            _("Chế độ trao đổi «%(value)s» không hợp lệ (%(valid)s)")
            % {"value": frequency, "valid": ", ".join(FREQUENCIES)}
        )
    known = [i.code for i in coordination.indicators]
    unknown = sorted(set(data.indicators) - set(known))
    if unknown:
        raise CoordinationError(
            _("Không có chỉ tiêu trao đổi «%(codes)s» trong quy định")
            % {"codes": ", ".join(unknown)}
        )
    chosen = [code for code in known if code in set(data.indicators)]
    if not chosen:
        raise CoordinationError(_("Phải chọn ít nhất một chỉ tiêu trao đổi"))
    if data.valid_to is not None and data.valid_to < data.valid_from:
        raise CoordinationError(_("Ngày hết hiệu lực trước ngày có hiệu lực"))
    return {
        "title": _line(data.title, 300, _("Tên quy chế phối hợp"), required=True),
        "signed_on": data.signed_on,
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
        "frequency": frequency,
        "indicators": chosen,
    }


def _snapshot(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Fields as the audit log keeps them: dates as ISO text."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def _update(
    row: Edited,
    fields: Mapping[str, Any],
    action: str,
    unit: Unit,
    by: Any,
) -> None:
    """Set the checked ``fields`` on the locked row (its revision already checked), count one
    more revision, save only them, and audit what they were and became."""
    before = _snapshot({k: getattr(row, k) for k in fields})
    for name, value in fields.items():
        setattr(row, name, value)
    count_revision(row, by)
    row.save(update_fields=[*fields, "revision", "updated_at", "updated_by"])
    after = {**_snapshot(fields), "revision": row.revision}
    log_action(action, row, by=by, unit_path=unit.path, before=before, after=after)


def _partners_of(partners: Partner | Sequence[Partner], unit: Unit | None = None) -> list[Partner]:
    """The agreement's partners, at least one, all of the same army unit (``unit`` when given),
    each once."""
    found = [partners] if isinstance(partners, Partner) else list(partners)
    if not found:
        raise CoordinationError(_("Phải chọn ít nhất một cơ quan phối hợp"))
    owner = unit or found[0].unit
    if any(p.unit_id != owner.pk for p in found):
        raise CoordinationError(
            _("Các cơ quan phối hợp của một quy chế phải là cơ quan phối hợp của %(unit)s")
            % {"unit": owner.name}
        )
    return list({p.pk: p for p in found}.values())


@transaction.atomic
def create_agreement(
    partners: Partner | Sequence[Partner], data: AgreementIn, *, by: Any
) -> Agreement:
    """An agreement (quy chế phối hợp) with one or several ``partners`` of the same unit (the
    Ban Tổ chức Tỉnh ủy of six provinces under one agreement): the exchange schedule and the
    agreed indicators, a subset of the regulation's coordination indicators."""
    chosen = _partners_of(partners)
    unit = chosen[0].unit
    _require(by, unit)
    fields = _agreement_fields(data)
    now = clock.now()
    agreement = Agreement.objects.create(
        unit=unit, created_at=now, updated_at=now, updated_by=by, **fields
    )
    agreement.partners.set(chosen)
    log_action(
        "coordination.agreement.created",
        agreement,
        by=by,
        unit_path=unit.path,
        after={**_snapshot(fields), "partners": [p.name for p in chosen]},
    )
    return agreement


@transaction.atomic
def update_agreement(
    agreement: Agreement,
    data: AgreementIn,
    *,
    by: Any,
    base_revision: int,
    partners: Sequence[Partner] | None = None,
) -> Agreement:
    """Store an edit made on ``base_revision`` (ConflictError when someone saved since).
    Reports already sent keep what they held; drafts take the new indicator set when they are
    refreshed. ``partners``, when given, is the new set of partners (a province joins or
    leaves the agreement)."""
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by")
        .get(pk=agreement.pk)
    )
    unit = agreement.unit
    _require(by, unit)
    _require_revision(agreement, base_revision)
    fields = _agreement_fields(data)
    if fields["frequency"] != agreement.frequency and agreement.exchanges.exists():
        raise CoordinationError(
            _("Đã có báo cáo trao đổi theo chế độ cũ: không đổi được chế độ trao đổi")
        )
    chosen = None if partners is None else _partners_of(partners, unit)
    _update(agreement, fields, "coordination.agreement.updated", unit, by)
    before = [p.name for p in agreement.partner_list]
    if chosen is not None and {p.pk for p in chosen} != {p.pk for p in agreement.partner_list}:
        agreement.partners.set(chosen)
        log_action(
            "coordination.agreement.partners_changed",
            agreement,
            by=by,
            unit_path=unit.path,
            before={"partners": before},
            after={"partners": [p.name for p in agreement.partner_list]},
        )
    return agreement


# --- exchange reports ------------------------------------------------------------------------


def exchange_period(agreement: Agreement, period_id: str) -> Period:
    try:
        period = parse_period(period_id)
    except PeriodError as exc:
        raise CoordinationError(str(exc)) from None
    if period.type.value != agreement.frequency:
        raise CoordinationError(
            _("Kỳ %(period)s không đúng chế độ trao đổi của quy chế phối hợp (%(frequency)s)")
            % {"period": period.label, "frequency": agreement.frequency}
        )
    if period.end < agreement.valid_from or (
        agreement.valid_to is not None and period.start > agreement.valid_to
    ):
        raise CoordinationError(
            _("Kỳ %(period)s ngoài thời hạn hiệu lực của quy chế phối hợp")
            % {"period": period.label}
        )
    return period


def _create_exchange(
    agreement: Agreement, period: Period, today: dt.date, by: Any
) -> ExchangeReport:
    unit = agreement.unit
    values = compute(
        active_regulation(),
        unit,
        agreement.frequency,
        period,
        list(agreement.indicators),
        today=today,
        tallies=tallies_for(agreement, period),
    )
    now = clock.now()
    report = ExchangeReport.objects.create(
        agreement=agreement,
        period_id=period.id,
        values=values,
        generated_at=now,
        updated_at=now,
        updated_by=by,
    )
    log_action(
        "coordination.exchange.generated",
        report,
        by=by,
        unit_path=unit.path,
        after={"period": period.id, "values": _plain(values)},
    )
    return report


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {code: item.get("value") for code, item in values.items()}


@transaction.atomic
def generate_exchange(
    agreement: Agreement, period_id: str, *, by: Any, today: dt.date | None = None
) -> ExchangeReport:
    """The draft exchange report of an ended period; the existing one if there is one."""
    _require(by, agreement.unit)
    day = today or clock.today()
    period = exchange_period(agreement, period_id)
    if period.end >= day:
        raise CoordinationError(
            _("Kỳ %(period)s chưa kết thúc: chưa lập được báo cáo trao đổi")
            % {"period": period.label}
        )
    existing = ExchangeReport.objects.filter(agreement=agreement, period_id=period.id).first()
    if existing is not None:
        return existing
    return _create_exchange(agreement, period, day, by)


def _locked_draft(report: ExchangeReport) -> ExchangeReport:
    locked = (
        ExchangeReport.objects.select_for_update(of=("self",))
        .select_related("agreement", "agreement__unit", "updated_by")
        .get(pk=report.pk)
    )
    if locked.status != ExchangeReport.DRAFT:
        raise CoordinationError(_("Báo cáo trao đổi đã gửi: không sửa được nữa"))
    return locked


@transaction.atomic
def refresh_exchange(
    report: ExchangeReport, *, by: Any, today: dt.date | None = None
) -> ExchangeReport:
    """Take the figures from the reports again (subordinates may have reported since); entered
    values stay. The agreement's current indicator set applies. Counted as an edit: a form opened
    before shows figures that are no longer the report's."""
    report = _locked_draft(report)
    agreement = report.agreement
    _require(by, agreement.unit)
    period = parse_period(report.period_id)
    before = _plain(report.values)
    report.values = compute(
        active_regulation(),
        agreement.unit,
        agreement.frequency,
        period,
        list(agreement.indicators),
        previous=report.values,
        today=today or clock.today(),
        tallies=tallies_for(agreement, period),
    )
    count_revision(report, by)
    report.generated_at = report.updated_at
    report.save(update_fields=["values", "generated_at", "revision", "updated_at", "updated_by"])
    log_action(
        "coordination.exchange.refreshed",
        report,
        by=by,
        unit_path=agreement.unit.path,
        before=before,
        after={**_plain(report.values), "revision": report.revision},
    )
    return report


def _entered_value(name: str, raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        number = parse_number(raw)
    except ValueError:
        raise CoordinationError(
            _("%(name)s: «%(value)s» không phải số (ví dụ 12 hoặc 1.234)")
            % {"name": name, "value": raw}
        ) from None
    if number < 0:
        raise CoordinationError(_("%(name)s: số không được âm") % {"name": name})
    return canonical(number)


@transaction.atomic
def save_exchange(
    report: ExchangeReport,
    *,
    values: Mapping[str, str | None],
    by: Any,
    base_revision: int,
    note: str | None = None,
) -> ExchangeReport:
    """Store the entered values ("1.234", "12"; blank clears) and the note, edited on
    ``base_revision`` (ConflictError when someone saved or refreshed since). Values taken from
    the reports cannot be typed over: they stay linked to their source."""
    report = _locked_draft(report)
    unit = report.agreement.unit
    _require(by, unit)
    _require_revision(report, base_revision)
    stored = dict(report.values)
    before = _plain(stored)
    for code, raw in values.items():
        item = stored.get(code)
        if item is None:
            raise CoordinationError(
                _("«%(code)s» không thuộc các chỉ tiêu đã thỏa thuận trao đổi") % {"code": code}
            )
        if item.get("source") == TRANSFERS:
            raise CoordinationError(
                _("%(name)s đếm từ danh sách bàn giao đảng viên: không nhập tay được")
                % {"name": item["name"]}
            )
        if item.get("source") != ENTERED:
            raise CoordinationError(
                _("%(name)s lấy từ số liệu báo cáo: không nhập tay được") % {"name": item["name"]}
            )
        stored[code] = {**item, "value": _entered_value(item["name"], raw)}
    report.values = stored
    fields = ["values", "revision", "updated_at", "updated_by"]
    if note is not None:
        report.note = _long(note, _("Ghi chú"))
        fields.append("note")
    count_revision(report, by)
    report.save(update_fields=fields)
    log_action(
        "coordination.exchange.saved",
        report,
        by=by,
        unit_path=unit.path,
        before=before,
        after={**_plain(stored), "revision": report.revision},
    )
    return report


def summary_of(report: ExchangeReport) -> str:
    """The trích yếu of the report: what the register and the document say it is about."""
    period = parse_period(report.period_id)
    label = period.label[:1].lower() + period.label[1:]
    return f"Trao đổi thông tin {label} với {report.agreement.partner_names}"


@transaction.atomic
def send_exchange(
    report: ExchangeReport, *, by: Any, dated: dt.date | None = None, signer: str = ""
) -> ExchangeReport:
    """Register the report in the unit's outgoing register (it gets its number) and mark it
    sent. Refused while an agreed value is missing."""
    report = _locked_draft(report)
    agreement = report.agreement
    unit = agreement.unit
    _require(by, unit)
    missing = [
        item["name"] for _code, item in ordered(report.values) if item.get("value") in (None, "")
    ]
    if missing:
        raise CoordinationError(_("Chưa có số liệu: %(names)s") % {"names": "; ".join(missing)})
    if not report.values:
        raise CoordinationError(_("Báo cáo trao đổi không có chỉ tiêu nào"))
    regulation = active_regulation()
    try:
        registered = register_outgoing(
            unit,
            Outgoing(
                kind_code=regulation.followup.coordination.document_kind,
                dated=dated or clock.today(),
                summary=summary_of(report),
                signer=signer,
                recipients="; ".join(p.name for p in agreement.partner_list),
            ),
            by=by,
        )
    except RegisterError as exc:
        raise CoordinationError(str(exc)) from None
    report.status = ExchangeReport.SENT
    report.registered = registered
    report.sent_at = clock.now()
    report.sent_by = by
    report.save(update_fields=["status", "registered", "sent_at", "sent_by"])
    log_action(
        "coordination.exchange.sent",
        report,
        by=by,
        unit_path=unit.path,
        after={"number": registered.number_text, "values": _plain(report.values)},
    )
    return report


def due_periods(agreement: Agreement, today: dt.date) -> list[Period]:
    """The periods of the agreement's schedule that ended before ``today`` within its term (and
    while its unit existed)."""
    unit = agreement.unit
    last = today - dt.timedelta(days=1)
    for limit in (agreement.valid_to, unit.valid_to):
        if limit is not None:
            last = min(last, limit)
    if last < agreement.valid_from:
        return []
    return [
        p for p in periods_between(agreement.valid_from, last, agreement.frequency) if p.end < today
    ]


@transaction.atomic
def generate_due(
    today: dt.date, *, by: Any = None, unit: Unit | None = None
) -> list[ExchangeReport]:
    """The draft exchange reports of every ended period that has none (``unit``: only its
    agreements). Run daily by ``khth coordination generate``; ``by`` None is the operator."""
    if by is not None:
        # A person drafts for the unit they manage; only the operator's job runs for all.
        if unit is None:
            raise PermissionDenied(access.MANAGE)
        _require(by, unit)
    agreements = Agreement.objects.select_related("unit").filter(valid_from__lt=today)
    if unit is not None:
        agreements = agreements.filter(unit=unit)
    have = set(
        ExchangeReport.objects.filter(agreement__in=agreements).values_list(
            "agreement_id", "period_id"
        )
    )
    created: list[ExchangeReport] = []
    by_unit: dict[int, list[ExchangeReport]] = {}
    regulation = active_regulation()
    for agreement in agreements.order_by("unit__path", "pk"):
        if agreement.frequency not in FREQUENCIES:
            continue
        if not sent_codes(regulation, list(agreement.indicators)):
            continue  # the unit only receives under this agreement: nothing to draft
        for period in due_periods(agreement, today):
            if (agreement.pk, period.id) in have:
                continue
            report = _create_exchange(agreement, period, today, by)
            created.append(report)
            by_unit.setdefault(agreement.unit_id, []).append(report)
    for reports in by_unit.values():
        owner = reports[0].agreement.unit
        notify(
            access.managers_at(owner),
            in_system_language(
                gettext_noop("%(n)s báo cáo trao đổi thông tin với cơ quan phối hợp chờ gửi"),
                {"n": len(reports)},
            ),
            link=reverse("coordination-unit", args=[owner.code]),
            exclude=by,
        )
    return created


# --- joint activities ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityIn:
    held_on: dt.date
    title: str
    content: str = ""
    participants: str = ""
    result: str = ""


def _activity_fields(data: ActivityIn) -> dict[str, Any]:
    return {
        "held_on": data.held_on,
        "title": _line(data.title, 300, _("Tên hoạt động"), required=True),
        "content": _long(data.content, _("Nội dung")),
        "participants": _line(data.participants, 500, _("Thành phần")),
        "result": _long(data.result, _("Kết quả")),
    }


@transaction.atomic
def record_activity(agreement: Agreement, data: ActivityIn, *, by: Any) -> JointActivity:
    """A joint activity held under the agreement (joint training, a survey…) and its result."""
    unit = agreement.unit
    _require(by, unit)
    fields = _activity_fields(data)
    now = clock.now()
    activity = JointActivity.objects.create(
        agreement=agreement,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
        **fields,
    )
    log_action(
        "coordination.activity.recorded",
        activity,
        by=by,
        unit_path=unit.path,
        after=_snapshot(fields),
    )
    return activity


@transaction.atomic
def update_activity(
    activity: JointActivity, data: ActivityIn, *, by: Any, base_revision: int
) -> JointActivity:
    """Correct an activity or add its result once known, edited on ``base_revision``
    (ConflictError when someone saved since)."""
    activity = (
        JointActivity.objects.select_for_update(of=("self",))
        .select_related("agreement__unit", "updated_by")
        .get(pk=activity.pk)
    )
    unit = activity.agreement.unit
    _require(by, unit)
    _require_revision(activity, base_revision)
    fields = _activity_fields(data)
    _update(activity, fields, "coordination.activity.updated", unit, by)
    return activity


def indicator_names() -> dict[str, str]:
    return {code: i.name for code, i in indicators_of(active_regulation()).items()}


def names_of(codes: Iterable[str]) -> list[str]:
    names = indicator_names()
    return [names.get(code, code) for code in codes]
