"""The per-person list of Party members handed over to a locality (bàn giao đảng viên chuyển
sinh hoạt về địa phương) under an agreement: who, from which army Party organisation, to which
commune and province, which partner receives, the introduction letter's date, the handover, and
the locality's receipt. One transaction each, audited, as in khth.coordination.actions.

Personal data: read only within the owning unit's scope (khth.coordination.access).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.coordination.actions import (
    CoordinationError,
    _line,
    _require,
    _require_revision,
    _snapshot,
    _update,
)
from khth.coordination.models import Agreement, Partner, PartyTransfer
from khth.lib import clock


@dataclass(frozen=True)
class TransferIn:
    full_name: str
    birth_year: int
    party_organisation: str  # the army Party organisation the member leaves
    commune: str
    province: str
    letter_date: dt.date  # ngày giấy giới thiệu sinh hoạt đảng
    rank_post: str = ""
    handed_over_on: dt.date | None = None
    received_on: dt.date | None = None  # set: the locality has taken the member in


def _fields(data: TransferIn) -> dict[str, Any]:
    today = clock.today()
    if not 1900 <= data.birth_year <= today.year - 16:
        raise CoordinationError(
            _("Năm sinh: %(year)s không hợp lệ (từ 1900 đến %(last)s)")
            % {"year": data.birth_year, "last": today.year - 16}
        )
    for what, day in (
        (_("Ngày giấy giới thiệu"), data.letter_date),
        (_("Ngày bàn giao"), data.handed_over_on),
        (_("Ngày địa phương tiếp nhận"), data.received_on),
    ):
        if day is not None and day > today:
            raise CoordinationError(_("%(what)s: ngày chưa tới") % {"what": what})
    if data.handed_over_on is not None and data.handed_over_on < data.letter_date:
        raise CoordinationError(_("Ngày bàn giao: trước ngày giấy giới thiệu sinh hoạt đảng"))
    if data.received_on is not None and data.received_on < data.letter_date:
        raise CoordinationError(
            _("Ngày địa phương tiếp nhận: trước ngày giấy giới thiệu sinh hoạt đảng")
        )
    return {
        "full_name": _line(data.full_name, 200, _("Họ và tên"), required=True),
        "birth_year": data.birth_year,
        "rank_post": _line(data.rank_post, 200, _("Cấp bậc, chức vụ")),
        "party_organisation": _line(
            data.party_organisation, 300, _("Chi bộ, đảng bộ nơi chuyển đi"), required=True
        ),
        "commune": _line(data.commune, 200, _("Xã, phường"), required=True),
        "province": _line(data.province, 200, _("Tỉnh, thành phố"), required=True),
        "letter_date": data.letter_date,
        "handed_over_on": data.handed_over_on,
        "received_on": data.received_on,
    }


def _of_agreement(agreement: Agreement, partner: Partner) -> None:
    if not agreement.partners.filter(pk=partner.pk).exists():
        raise CoordinationError(
            _("Cơ quan tiếp nhận: %(partner)s không cùng quy chế phối hợp «%(title)s»")
            % {"partner": partner.name, "title": agreement.title}
        )


@transaction.atomic
def record_transfer(
    agreement: Agreement, partner: Partner, data: TransferIn, *, by: Any
) -> PartyTransfer:
    """A Party member handed over to the locality of ``partner`` (the provincial board)."""
    unit = agreement.unit
    _require(by, unit)
    _of_agreement(agreement, partner)
    fields = _fields(data)
    now = clock.now()
    row = PartyTransfer.objects.create(
        agreement=agreement,
        partner=partner,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
        **fields,
    )
    log_action(
        "coordination.transfer.recorded",
        row,
        by=by,
        unit_path=unit.path,
        after={**_snapshot(fields), "partner": partner.name},
    )
    return row


@transaction.atomic
def update_transfer(
    row: PartyTransfer,
    data: TransferIn,
    *,
    by: Any,
    base_revision: int,
    partner: Partner | None = None,
) -> PartyTransfer:
    """Correct a row or record the locality's receipt, edited on ``base_revision``
    (ConflictError when someone saved since). ``partner`` given: the receiving board changes."""
    row = (
        PartyTransfer.objects.select_for_update(of=("self",))
        .select_related("agreement__unit", "partner", "updated_by")
        .get(pk=row.pk)
    )
    unit = row.agreement.unit
    _require(by, unit)
    _require_revision(row, base_revision)
    fields: dict[str, Any] = _fields(data)
    if partner is not None and partner.pk != row.partner_id:
        _of_agreement(row.agreement, partner)
        fields["partner_id"] = partner.pk
    _update(row, fields, "coordination.transfer.updated", unit, by)
    return row


@dataclass(frozen=True)
class TransferCounts:
    handed_over: int
    received: int


def counts_by_partner(
    transfers: QuerySet[PartyTransfer], starts_on: dt.date, ends_on: dt.date
) -> dict[int, TransferCounts]:
    """Per partner id: members whose introduction letter is dated in the span (handed over) and
    members the locality took in during the span (received). ``transfers`` is already scoped."""
    handed: dict[int, int] = {}
    taken: dict[int, int] = {}
    within = transfers.filter(
        Q(letter_date__gte=starts_on, letter_date__lte=ends_on)
        | Q(received_on__gte=starts_on, received_on__lte=ends_on)
    )
    for partner_id, letter, received in within.values_list(
        "partner_id", "letter_date", "received_on"
    ):
        if starts_on <= letter <= ends_on:
            handed[partner_id] = handed.get(partner_id, 0) + 1
        if received is not None and starts_on <= received <= ends_on:
            taken[partner_id] = taken.get(partner_id, 0) + 1
    return {pk: TransferCounts(handed.get(pk, 0), taken.get(pk, 0)) for pk in {*handed, *taken}}
