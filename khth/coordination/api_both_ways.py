"""/api/v1 coordination the other way and person by person, mounted on the coordination router:

- ``GET /received-exchanges?unit=&agreement=&partner=&period=``, ``POST /received-exchanges``,
  ``GET|PUT /received-exchanges/{id}``, ``POST /received-exchanges/{id}/register`` (into the
  unit's incoming register): what each partner sent the unit for a period;
- ``GET /agreements/{id}/both-ways``: per ended period and partner, sent / received / missing;
- ``GET /party-transfers?unit=&agreement=&partner=``, ``POST /party-transfers``,
  ``GET|PUT /party-transfers/{id}``: the Party members handed over to the localities.

Refusals as in khth.coordination.api: 404 outside the scope, 403 without
``coordination.manage`` at the owning unit, 409 for an edit on an older revision, 400 for a
refused action, 422 for a malformed body.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StringConstraints

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, subtree_path
from khth.api.query import filtered, page
from khth.api.schemas import (
    MAX_ID,
    NO_NUL,
    Code,
    Day,
    Error,
    Limit,
    Line,
    LongText,
    Offset,
    RevisionConflictOut,
    StrictBody,
)
from khth.coordination import access
from khth.coordination.actions import ConflictError
from khth.coordination.exchange import display, indicators_of
from khth.coordination.models import Agreement, Partner, PartyTransfer, ReceivedExchange
from khth.coordination.received import (
    ReceivedIn,
    both_ways,
    record_received,
    register_received,
    update_received,
)
from khth.coordination.transfers import TransferIn, record_transfer, update_transfer
from khth.lib import clock
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.units.models import Unit

router = Router(tags=["coordination"])

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Value = Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)]
Year = Annotated[int, Field(ge=0, le=10_000)]


# --- shapes ----------------------------------------------------------------------------------


class ReceivedValueOut(Schema):
    code: str
    name: str
    unit: str
    value: str | None  # "12": exact, as stored; None: the partner did not give it
    display: str  # "1.234"


class ReceivedOut(Schema):
    id: int
    agreement_id: int
    partner_id: int
    partner_name: str
    unit_code: str
    period_id: str
    period_label: str
    received_on: dt.date
    values: list[ReceivedValueOut]
    note: str
    incoming_id: int | None
    incoming_number: int | None  # the number in the unit's incoming register
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class ReceivedConflictOut(RevisionConflictOut):
    current: ReceivedOut


class ReceivedBody(StrictBody):
    received_on: Day
    # Code → value as typed ("1.234", "12"); null or "" when the partner did not give it.
    values: dict[Code, Value | None] = Field(default_factory=dict)
    note: LongText = ""
    incoming_id: RowId | None = None  # a document of the unit's incoming register


class NewReceivedIn(ReceivedBody):
    agreement_id: RowId
    partner_id: RowId
    period_id: Code


class ReceivedEditIn(ReceivedBody):
    revision: int  # the revision the edit was made on


class RegisterReceivedIn(StrictBody):
    number_text: Line  # the partner's number and ký hiệu: "125-BC/BTCTU"
    dated: Day  # the date on the partner's document


class ReceivedFilter(Schema):
    unit: str | None = None
    agreement: RowId | None = None
    partner: RowId | None = None
    period: Code = ""
    limit: Limit = 100
    offset: Offset = 0


class TallyCellOut(Schema):
    partner_id: int
    partner_name: str
    sent: str  # "sent", "draft", "missing", or "none" (nothing flows unit → partner)
    received: str  # "received", "missing", or "none" (nothing flows partner → unit)
    exchange_id: int | None
    received_id: int | None


class PeriodRowOut(Schema):
    period_id: str
    period_label: str
    partners: list[TallyCellOut]


class TransferOut(Schema):
    id: int
    agreement_id: int
    partner_id: int
    partner_name: str
    unit_code: str
    full_name: str
    birth_year: int
    rank_post: str
    party_organisation: str
    commune: str
    province: str
    letter_date: dt.date
    handed_over_on: dt.date | None
    status: str  # "introduced" or "received"
    received_on: dt.date | None
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class TransferConflictOut(RevisionConflictOut):
    current: TransferOut


class TransferBody(StrictBody):
    full_name: Line
    birth_year: Year
    rank_post: Line = ""
    party_organisation: Line
    commune: Line
    province: Line
    letter_date: Day
    handed_over_on: Day | None = None
    received_on: Day | None = None  # given: the locality has taken the member in


class NewTransferIn(TransferBody):
    agreement_id: RowId
    partner_id: RowId


class TransferEditIn(TransferBody):
    revision: int  # the revision the edit was made on
    partner_id: RowId | None = None  # given: the receiving board changes


class TransferFilter(Schema):
    unit: str | None = None
    agreement: RowId | None = None
    partner: RowId | None = None
    limit: Limit = 100
    offset: Offset = 0


# --- fetching and output ---------------------------------------------------------------------


def _missing(what: str, pk: int) -> str:
    return _("Không có %(what)s số %(id)s trong phạm vi của bạn") % {"what": what, "id": pk}


def _managed(request: HttpRequest, unit: Unit) -> None:
    if not access.can_manage(request.user, unit):
        raise HttpError(
            403, _("Bạn không có quyền quản lý phối hợp của %(unit)s") % {"unit": unit.name}
        )


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    missing = _missing(_("quy chế phối hợp"), pk)
    return row_in_scope(request, access.get_agreement_for_user, pk, missing)


def _partner(request: HttpRequest, pk: int) -> Partner:
    missing = _missing(_("cơ quan phối hợp"), pk)
    return row_in_scope(request, access.get_partner_for_user, pk, missing)


def _received(request: HttpRequest, pk: int) -> ReceivedExchange:
    missing = _missing(_("thông tin cơ quan phối hợp gửi"), pk)
    return row_in_scope(request, access.get_received_for_user, pk, missing)


def _transfer(request: HttpRequest, pk: int) -> PartyTransfer:
    missing = _missing(_("đảng viên bàn giao"), pk)
    return row_in_scope(request, access.get_transfer_for_user, pk, missing)


def received_out(row: ReceivedExchange) -> dict[str, Any]:
    known = indicators_of(active_regulation())
    values = []
    for code, value in row.values.items():
        indicator = known.get(code)
        values.append(
            {
                "code": code,
                "name": indicator.name if indicator else code,
                "unit": indicator.unit if indicator else "",
                "value": value,
                "display": display(value),
            }
        )
    order = {code: i for i, code in enumerate(row.agreement.indicators)}
    values.sort(key=lambda v: (order.get(v["code"], len(order)), v["code"]))
    return {
        "id": row.pk,
        "agreement_id": row.agreement_id,
        "partner_id": row.partner_id,
        "partner_name": row.partner.name,
        "unit_code": row.agreement.unit.code,
        "period_id": row.period_id,
        "period_label": parse_period(row.period_id).label,
        "received_on": row.received_on,
        "values": values,
        "note": row.note,
        "incoming_id": row.incoming_id,
        "incoming_number": row.incoming.number if row.incoming else None,
        "revision": row.revision,
        "updated_at": row.updated_at,
    }


def transfer_out(row: PartyTransfer) -> dict[str, Any]:
    return {
        "id": row.pk,
        "agreement_id": row.agreement_id,
        "partner_id": row.partner_id,
        "partner_name": row.partner.name,
        "unit_code": row.agreement.unit.code,
        "full_name": row.full_name,
        "birth_year": row.birth_year,
        "rank_post": row.rank_post,
        "party_organisation": row.party_organisation,
        "commune": row.commune,
        "province": row.province,
        "letter_date": row.letter_date,
        "handed_over_on": row.handed_over_on,
        "status": row.status,
        "received_on": row.received_on,
        "revision": row.revision,
        "updated_at": row.updated_at,
    }


def _conflict(exc: ConflictError[Any], current: dict[str, Any]) -> Status[Any]:
    return Status(409, {**revision_conflict(exc, exc.current.revision), "current": current})


def _received_in(data: ReceivedBody) -> ReceivedIn:
    return ReceivedIn(
        received_on=data.received_on,
        values=data.values,
        note=data.note,
        incoming_id=data.incoming_id,
    )


def _transfer_in(data: TransferBody) -> TransferIn:
    return TransferIn(
        full_name=data.full_name,
        birth_year=data.birth_year,
        rank_post=data.rank_post,
        party_organisation=data.party_organisation,
        commune=data.commune,
        province=data.province,
        letter_date=data.letter_date,
        handed_over_on=data.handed_over_on,
        received_on=data.received_on,
    )


# --- received exchanges ----------------------------------------------------------------------


@router.get("/received-exchanges", response={200: list[ReceivedOut], 404: Error})
def list_received(request: HttpRequest, filters: Query[ReceivedFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_received(request.user).select_related(
            "agreement", "agreement__unit", "partner", "incoming"
        ),
        agreement__unit__path__startswith=subtree_path(request, filters.unit),
    )
    if filters.agreement is not None:
        rows = rows.filter(agreement_id=filters.agreement)
    if filters.partner is not None:
        rows = rows.filter(partner_id=filters.partner)
    rows = filtered(rows, period_id=filters.period)
    ordered = rows.order_by("-period_id", "partner__sort_name", "pk")
    return [received_out(r) for r in ordered[page(filters.limit, filters.offset)]]


@router.post("/received-exchanges", response={201: ReceivedOut, 400: Error, 403: Error, 404: Error})
def new_received(request: HttpRequest, data: NewReceivedIn) -> Status[Any]:
    agreement = _agreement(request, data.agreement_id)
    partner = _partner(request, data.partner_id)
    _managed(request, agreement.unit)
    row = record_received(agreement, partner, data.period_id, _received_in(data), by=request.user)
    return Status(201, received_out(row))


@router.get("/received-exchanges/{received_id}", response={200: ReceivedOut, 404: Error})
def read_received(request: HttpRequest, received_id: int) -> dict[str, Any]:
    return received_out(_received(request, received_id))


@router.put(
    "/received-exchanges/{received_id}",
    response={200: ReceivedOut, 400: Error, 403: Error, 404: Error, 409: ReceivedConflictOut},
)
def edit_received(request: HttpRequest, received_id: int, data: ReceivedEditIn) -> Status[Any]:
    row = _received(request, received_id)
    _managed(request, row.agreement.unit)
    try:
        saved = update_received(
            row, _received_in(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(exc, received_out(exc.current))
    return Status(200, received_out(saved))


@router.post(
    "/received-exchanges/{received_id}/register",
    response={200: ReceivedOut, 400: Error, 403: Error, 404: Error},
)
def register(request: HttpRequest, received_id: int, data: RegisterReceivedIn) -> dict[str, Any]:
    """Into the unit's incoming register: the partner's report takes the unit's number."""
    row = _received(request, received_id)
    _managed(request, row.agreement.unit)
    saved = register_received(row, number_text=data.number_text, dated=data.dated, by=request.user)
    return received_out(saved)


@router.get("/agreements/{agreement_id}/both-ways", response={200: list[PeriodRowOut], 404: Error})
def agreement_both_ways(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    """Per ended period (newest first) and partner: what the unit sent, what it received."""
    agreement = _agreement(request, agreement_id)
    return [
        {
            "period_id": row.period.id,
            "period_label": row.period.label,
            "partners": [
                {
                    "partner_id": cell.partner.pk,
                    "partner_name": cell.partner.name,
                    "sent": cell.sent,
                    "received": cell.received,
                    "exchange_id": cell.exchange.pk if cell.exchange else None,
                    "received_id": cell.received_row.pk if cell.received_row else None,
                }
                for cell in row.cells
            ],
        }
        for row in both_ways(agreement, clock.today())
    ]


# --- Party members handed over ---------------------------------------------------------------


@router.get("/party-transfers", response={200: list[TransferOut], 404: Error})
def list_transfers(request: HttpRequest, filters: Query[TransferFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_transfers(request.user).select_related(
            "agreement", "agreement__unit", "partner"
        ),
        agreement__unit__path__startswith=subtree_path(request, filters.unit),
    )
    if filters.agreement is not None:
        rows = rows.filter(agreement_id=filters.agreement)
    if filters.partner is not None:
        rows = rows.filter(partner_id=filters.partner)
    ordered = rows.order_by("sort_name", "pk")
    return [transfer_out(r) for r in ordered[page(filters.limit, filters.offset)]]


@router.post("/party-transfers", response={201: TransferOut, 400: Error, 403: Error, 404: Error})
def new_transfer(request: HttpRequest, data: NewTransferIn) -> Status[Any]:
    agreement = _agreement(request, data.agreement_id)
    partner = _partner(request, data.partner_id)
    _managed(request, agreement.unit)
    row = record_transfer(agreement, partner, _transfer_in(data), by=request.user)
    return Status(201, transfer_out(row))


@router.get("/party-transfers/{transfer_id}", response={200: TransferOut, 404: Error})
def read_transfer(request: HttpRequest, transfer_id: int) -> dict[str, Any]:
    return transfer_out(_transfer(request, transfer_id))


@router.put(
    "/party-transfers/{transfer_id}",
    response={200: TransferOut, 400: Error, 403: Error, 404: Error, 409: TransferConflictOut},
)
def edit_transfer(request: HttpRequest, transfer_id: int, data: TransferEditIn) -> Status[Any]:
    row = _transfer(request, transfer_id)
    _managed(request, row.agreement.unit)
    partner = None if data.partner_id is None else _partner(request, data.partner_id)
    try:
        saved = update_transfer(
            row, _transfer_in(data), by=request.user, base_revision=data.revision, partner=partner
        )
    except ConflictError as exc:
        return _conflict(exc, transfer_out(exc.current))
    return Status(200, transfer_out(saved))
