"""Information the other way: what each partner sends the unit under an agreement (the values of
the indicators flowing partner → unit, ``direction: receive | both``), one received exchange
per partner and period, optionally linked to the unit's incoming register; and the both-ways
table of an agreement — per period and partner, what was sent, what was received, what is
missing. The changes are here (one transaction each, audited), as in khth.coordination.actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.coordination.actions import (
    CoordinationError,
    _entered_value,
    _long,
    _require,
    _require_revision,
    due_periods,
    exchange_period,
)
from khth.coordination.exchange import indicators_of, received_codes, sent_codes
from khth.coordination.models import Agreement, ExchangeReport, Partner, ReceivedExchange
from khth.docsystem.register.actions import Incoming, RegisterError, register_incoming
from khth.docsystem.register.models import RegisteredDocument
from khth.lib import clock
from khth.lib.models import count_revision
from khth.periods import Period, parse_period
from khth.regulations.access import active_regulation


@dataclass(frozen=True)
class ReceivedIn:
    """What a partner sent for a period: values by indicator code as typed ("1.234"; blank:
    not given), the day it arrived, a note, and the incoming registration it is (its id)."""

    received_on: dt.date
    values: Mapping[str, str | None]
    note: str = ""
    incoming_id: int | None = None


def receivable(agreement: Agreement) -> list[str]:
    """The agreed indicators each partner sends the unit, in the agreement's order."""
    return received_codes(active_regulation(), list(agreement.indicators))


def _values(agreement: Agreement, raw: Mapping[str, str | None]) -> dict[str, str | None]:
    codes = receivable(agreement)
    if not codes:
        raise CoordinationError(
            _("Quy chế phối hợp không có chỉ tiêu nào cơ quan phối hợp gửi đơn vị")
        )
    stray = sorted(set(raw) - set(codes))
    if stray:
        raise CoordinationError(
            _("«%(codes)s» không thuộc các chỉ tiêu cơ quan phối hợp gửi đơn vị theo quy chế")
            % {"codes": ", ".join(stray)}
        )
    names = {code: i.name for code, i in indicators_of(active_regulation()).items()}
    values = {code: _entered_value(names[code], raw.get(code)) for code in codes}
    if all(v is None for v in values.values()):
        raise CoordinationError(_("Phải ghi ít nhất một số liệu nhận được"))
    return values


def _incoming(agreement: Agreement, pk: int | None) -> RegisteredDocument | None:
    if pk is None:
        return None
    found = RegisteredDocument.objects.filter(
        pk=pk, unit=agreement.unit, direction=RegisteredDocument.INCOMING
    ).first()
    if found is None:
        raise CoordinationError(
            _("Văn bản đến: không có văn bản mã %(id)s trong sổ văn bản đến của %(unit)s")
            % {"id": pk, "unit": agreement.unit.name}
        )
    return found


def _check_day(period: Period, received_on: dt.date) -> None:
    if received_on > clock.today():
        raise CoordinationError(_("Ngày nhận: chưa tới ngày %(day)s") % {"day": _day(received_on)})
    if received_on < period.start:
        raise CoordinationError(
            _("Ngày nhận: %(day)s trước khi bắt đầu %(period)s")
            % {"day": _day(received_on), "period": period.label.lower()}
        )


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _snapshot(row: ReceivedExchange) -> dict[str, Any]:
    return {
        "partner": row.partner.name,
        "period": row.period_id,
        "values": dict(row.values),
        "received_on": row.received_on.isoformat(),
        "incoming": row.incoming.number_text if row.incoming else None,
        "note": row.note,
    }


@transaction.atomic
def record_received(
    agreement: Agreement, partner: Partner, period_id: str, data: ReceivedIn, *, by: Any
) -> ReceivedExchange:
    """What ``partner`` sent the unit for ``period_id`` under ``agreement``."""
    unit = agreement.unit
    _require(by, unit)
    if not agreement.partners.filter(pk=partner.pk).exists():
        raise CoordinationError(
            _("Cơ quan phối hợp: %(partner)s không cùng quy chế phối hợp «%(title)s»")
            % {"partner": partner.name, "title": agreement.title}
        )
    period = exchange_period(agreement, period_id)
    _check_day(period, data.received_on)
    if ReceivedExchange.objects.filter(
        agreement=agreement, partner=partner, period_id=period.id
    ).exists():
        raise CoordinationError(
            _("Đã ghi thông tin %(partner)s gửi %(period)s: sửa bản đã ghi")
            % {"partner": partner.name, "period": period.label.lower()}
        )
    now = clock.now()
    row = ReceivedExchange.objects.create(
        agreement=agreement,
        partner=partner,
        period_id=period.id,
        values=_values(agreement, data.values),
        note=_long(data.note, _("Ghi chú")),
        received_on=data.received_on,
        incoming=_incoming(agreement, data.incoming_id),
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    log_action(
        "coordination.received.recorded", row, by=by, unit_path=unit.path, after=_snapshot(row)
    )
    return row


def _locked(row: ReceivedExchange) -> ReceivedExchange:
    return (
        ReceivedExchange.objects.select_for_update(of=("self",))
        .select_related("agreement", "agreement__unit", "partner", "incoming", "updated_by")
        .get(pk=row.pk)
    )


@transaction.atomic
def update_received(
    row: ReceivedExchange, data: ReceivedIn, *, by: Any, base_revision: int
) -> ReceivedExchange:
    """Correct what was received, edited on ``base_revision`` (ConflictError when someone
    saved since). The partner and period stay: a wrong one is a new record."""
    row = _locked(row)
    agreement = row.agreement
    _require(by, agreement.unit)
    _require_revision(row, base_revision)
    _check_day(parse_period(row.period_id), data.received_on)
    before = _snapshot(row)
    row.values = _values(agreement, data.values)
    row.note = _long(data.note, _("Ghi chú"))
    row.received_on = data.received_on
    row.incoming = _incoming(agreement, data.incoming_id)
    count_revision(row, by)
    row.save(
        update_fields=[
            "values",
            "note",
            "received_on",
            "incoming",
            "revision",
            "updated_at",
            "updated_by",
        ]
    )
    log_action(
        "coordination.received.updated",
        row,
        by=by,
        unit_path=agreement.unit.path,
        before=before,
        after={**_snapshot(row), "revision": row.revision},
    )
    return row


@transaction.atomic
def register_received(
    row: ReceivedExchange, *, number_text: str, dated: dt.date, by: Any
) -> ReceivedExchange:
    """Enter the partner's report in the unit's incoming register (it takes the unit's
    incoming number) and link it. Needs ``document.register`` at the unit, as every
    registration does."""
    row = _locked(row)
    agreement = row.agreement
    _require(by, agreement.unit)
    if row.incoming_id is not None:
        raise CoordinationError(_("Đã vào sổ văn bản đến"))
    period = parse_period(row.period_id)
    label = period.label[:1].lower() + period.label[1:]
    try:
        document = register_incoming(
            agreement.unit,
            Incoming(
                sender=row.partner.name,
                number_text=number_text,
                dated=dated,
                received_on=row.received_on,
                summary=f"Trao đổi thông tin {label} theo {agreement.title}",
            ),
            by=by,
        )
    except RegisterError as exc:
        raise CoordinationError(str(exc)) from None
    row.incoming = document
    row.save(update_fields=["incoming"])
    log_action(
        "coordination.received.registered",
        row,
        by=by,
        unit_path=agreement.unit.path,
        after={"incoming": document.number},
    )
    return row


# --- both ways, per period and partner -------------------------------------------------------

SENT = "sent"
DRAFT = "draft"
MISSING = "missing"
RECEIVED = "received"
NOT_AGREED = "none"  # nothing flows this way under the agreement


@dataclass(frozen=True)
class Cell:
    partner: Partner
    sent: str  # SENT, DRAFT, MISSING or NOT_AGREED: the unit's report goes to every partner
    received: str  # RECEIVED, MISSING or NOT_AGREED
    received_row: ReceivedExchange | None
    exchange: ExchangeReport | None


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    cells: list[Cell]


def both_ways(agreement: Agreement, today: dt.date) -> list[PeriodRow]:
    """Per ended period of the agreement (newest first) and per partner: the unit's exchange
    report sent, drafted or missing, and the partner's received or missing. Three queries."""
    regulation = active_regulation()
    codes = list(agreement.indicators)
    sends = bool(sent_codes(regulation, codes))
    receives = bool(received_codes(regulation, codes))
    partners = agreement.partner_list
    reports = {r.period_id: r for r in agreement.exchanges.all()}
    received = {
        (r.period_id, r.partner_id): r for r in agreement.received.select_related("partner")
    }
    rows = []
    for period in reversed(due_periods(agreement, today)):
        report = reports.get(period.id)
        sent = NOT_AGREED
        if sends:
            sent = MISSING if report is None else (SENT if report.status == SENT else DRAFT)
        cells = []
        for partner in partners:
            got = received.get((period.id, partner.pk))
            state = NOT_AGREED if not receives else (RECEIVED if got else MISSING)
            cells.append(Cell(partner, sent, state, got, report))
        rows.append(PeriodRow(period, cells))
    return rows
