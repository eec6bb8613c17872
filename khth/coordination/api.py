"""/api/v1 coordination with outside bodies: partners, agreements, exchange reports, joint
activities and their review.

- ``GET|POST /partners``, ``GET|PUT /partners/{id}``;
- ``GET|POST /agreements``, ``GET|PUT /agreements/{id}`` (the schedule and agreed indicators);
- every PUT and PATCH carries the ``revision`` it was made on (each object's output has it);
  made on an older one, it is refused 409 with ``current_revision`` and ``current``, the object
  as the other person saved it, and nothing is stored;
- ``GET /coordination-indicators``: the indicators an agreement may choose (regulation data);
- ``GET /exchanges?unit=&agreement=&status=``; ``POST /exchanges`` (an agreement and an ended
  period: its draft, or the existing report); ``POST /exchanges/generate-due`` (the unit's due
  reports); ``GET /exchanges/{id}`` — exactly what is sent: the agreed indicators and nothing
  else of the unit's data; ``PATCH /exchanges/{id}`` (entered values, note);
  ``POST /exchanges/{id}/refresh``; ``POST /exchanges/{id}/send`` (registered, numbered);
  ``GET /exchanges/{id}/export.docx`` and ``export.xlsx``;
- ``GET|POST /joint-activities``, ``PUT /joint-activities/{id}``;
  ``GET /joint-activities/review?unit=&from=&to=``.

Refusals: 404 outside the caller's scope; 403 without ``coordination.manage`` at the unit that
owns the partner; 409 for an edit made on an older revision; 400 for the other refusals of the
actions (CoordinationError); 422 for a body or query not of the documented shape (an id beyond
MAX_ID included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StringConstraints

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import date_span, filtered, page
from khth.api.schemas import (
    MAX_ID,
    NO_NUL,
    Code,
    Error,
    Limit,
    Line,
    LongText,
    Offset,
    RevisionConflictOut,
    StrictBody,
)
from khth.coordination import access
from khth.coordination.actions import (
    ActivityIn,
    AgreementIn,
    ConflictError,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_due,
    generate_exchange,
    record_activity,
    refresh_exchange,
    save_exchange,
    send_exchange,
    summary_of,
    update_activity,
    update_agreement,
    update_partner,
)
from khth.coordination.api_both_ways import router as both_ways_router
from khth.coordination.documents import (
    exchange_document,
    exchange_file_names,
    exchange_spreadsheet,
)
from khth.coordination.exchange import display, ordered
from khth.coordination.models import Agreement, ExchangeReport, JointActivity, Partner
from khth.coordination.review import review_for
from khth.lib import clock
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.units.models import Unit
from khth.web.downloads import download

router = Router(tags=["coordination"])
# Information the other way and the Party members handed over, in a module of their own.
router.add_router("", both_ways_router)

Value = Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)]
# An id a list is narrowed by: one that cannot name a row is refused (422) before it reaches
# the database, where SQLite overflows on it.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


# --- shapes ----------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    # "indicator:<code>": taken from the unit's reports; None: entered in the exchange report.
    source: str | None
    # "send" (unit → partner), "receive" (partner → unit) or "both".
    direction: str
    # "transfers": counted from the agreement's list of members handed over, when it has rows.
    tally: str | None


class PartnerOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    name: str
    short_name: str
    address: str
    contact: str
    created_at: dt.datetime
    can_manage: bool
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class AgreementOut(Schema):
    id: int
    partner_id: int  # the first of the partners (kept for older clients)
    partner_name: str  # every partner's name, "; " between them
    partner_ids: list[int]
    partner_names: list[str]
    unit_code: str
    title: str
    signed_on: dt.date
    valid_from: dt.date
    valid_to: dt.date | None
    frequency: str
    indicators: list[str]
    created_at: dt.datetime
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class CoordinationValueOut(Schema):
    code: str
    name: str
    unit: str
    value: str | None  # "12", "3.5": exact, as stored
    display: str  # "1.234", "3,5"
    source: str  # "report" (from the consolidation) or "entered"
    link: str  # the consolidation it came from (inside KHTH; never sent)


class ExchangeOut(Schema):
    id: int
    agreement_id: int
    agreement_title: str
    partner_name: str
    unit_code: str
    unit_name: str
    period_id: str
    period_label: str
    summary: str
    status: str
    number: str | None
    dated: dt.date | None
    note: str
    values: list[CoordinationValueOut]
    generated_at: dt.datetime
    sent_at: dt.datetime | None
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class ActivityOut(Schema):
    id: int
    agreement_id: int
    partner_name: str
    held_on: dt.date
    title: str
    content: str
    participants: str
    result: str
    created_at: dt.datetime
    revision: int  # what an edit sends back
    updated_at: dt.datetime


class PartnerConflictOut(RevisionConflictOut):
    current: PartnerOut


class AgreementConflictOut(RevisionConflictOut):
    current: AgreementOut


class ExchangeConflictOut(RevisionConflictOut):
    current: ExchangeOut


class ActivityConflictOut(RevisionConflictOut):
    current: ActivityOut


class PartnerLineOut(Schema):
    partner: str
    activities: int
    with_result: int
    exchanges_due: int
    exchanges_sent: int
    received_due: int  # what the partner owed the unit for periods ended in the span
    received: int
    transfers_handed_over: int  # introduction letters dated in the span
    transfers_received: int  # taken in by the locality in the span


class CoordinationReviewOut(Schema):
    unit_code: str
    starts_on: dt.date
    ends_on: dt.date
    total: int
    with_result: int
    exchanges_due: int
    exchanges_sent: int
    received_due: int
    received: int
    transfers_handed_over: int
    transfers_received: int
    partners: list[PartnerLineOut]
    activities: list[ActivityOut]


class CoordinationUnitFilter(Schema):
    unit: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class AgreementFilter(CoordinationUnitFilter):
    partner: RowId | None = None


class ExchangeFilter(CoordinationUnitFilter):
    agreement: RowId | None = None
    status: Literal["", "draft", "sent"] = ""


class ActivityFilter(CoordinationUnitFilter):
    agreement: RowId | None = None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class CoordinationReviewFilter(Schema):
    unit: str
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class PartnerBody(StrictBody):
    name: Line
    short_name: Line = ""
    address: Line = ""
    contact: Line = ""


class NewPartnerIn(PartnerBody):
    unit_code: Code


class PartnerEditIn(PartnerBody):
    revision: int  # the revision the edit was made on


class AgreementBody(StrictBody):
    title: Line
    signed_on: dt.date
    valid_from: dt.date
    valid_to: dt.date | None = None
    frequency: Code = ""  # empty: the regulation's default schedule
    indicators: list[Code] = Field(min_length=1, max_length=100)


class NewAgreementIn(AgreementBody):
    # One partner (partner_id) or several (partner_ids), all of the same unit.
    partner_id: RowId | None = None
    partner_ids: list[RowId] = Field(default_factory=list, max_length=100)


class AgreementEditIn(AgreementBody):
    revision: int  # the revision the edit was made on
    # Absent: the partners stay; given: the agreement's partners become these.
    partner_ids: list[RowId] | None = Field(default=None, min_length=1, max_length=100)


class NewExchangeIn(StrictBody):
    agreement_id: int
    period_id: Code


class DueIn(StrictBody):
    unit_code: Code


class ExchangePatch(StrictBody):
    revision: int  # the revision the edit was made on
    # Code → value as typed ("1.234", "12"); null or "" clears it.
    values: dict[Code, Value | None] = Field(default_factory=dict)
    note: LongText | None = None


class SendIn(StrictBody):
    dated: dt.date | None = None
    signer: Line = ""


class ActivityBody(StrictBody):
    held_on: dt.date
    title: Line
    content: LongText = ""
    participants: Line = ""
    result: LongText = ""


class NewActivityIn(ActivityBody):
    agreement_id: int


class ActivityEditIn(ActivityBody):
    revision: int  # the revision the edit was made on


# --- fetching through the access helpers -----------------------------------------------------


def _missing(what: str, pk: int) -> str:
    return _("Không có %(what)s số %(id)s trong phạm vi của bạn") % {"what": what, "id": pk}


def _managed(request: HttpRequest, unit: Unit) -> None:
    if not access.can_manage(request.user, unit):
        raise HttpError(
            403,
            _("Bạn không có quyền quản lý phối hợp của %(unit)s") % {"unit": unit.name},
        )


def _partner(request: HttpRequest, pk: int) -> Partner:
    missing = _missing(_("cơ quan phối hợp"), pk)
    return row_in_scope(request, access.get_partner_for_user, pk, missing)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    missing = _missing(_("quy chế phối hợp"), pk)
    return row_in_scope(request, access.get_agreement_for_user, pk, missing)


def _exchange(request: HttpRequest, pk: int) -> ExchangeReport:
    missing = _missing(_("báo cáo trao đổi thông tin"), pk)
    return row_in_scope(request, access.get_exchange_for_user, pk, missing)


def _activity(request: HttpRequest, pk: int) -> JointActivity:
    missing = _missing(_("hoạt động phối hợp"), pk)
    return row_in_scope(request, access.get_activity_for_user, pk, missing)


# --- output ----------------------------------------------------------------------------------


def partner_out(request: HttpRequest, partner: Partner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "unit_code": partner.unit.code,
        "unit_name": partner.unit.name,
        "name": partner.name,
        "short_name": partner.short_name,
        "address": partner.address,
        "contact": partner.contact,
        "created_at": partner.created_at,
        "can_manage": access.can_manage(request.user, partner.unit),
        "revision": partner.revision,
        "updated_at": partner.updated_at,
    }


def agreement_out(agreement: Agreement) -> dict[str, Any]:
    partners = agreement.partner_list
    return {
        "id": agreement.pk,
        "partner_id": partners[0].pk if partners else 0,
        "partner_name": "; ".join(p.name for p in partners),
        "partner_ids": [p.pk for p in partners],
        "partner_names": [p.name for p in partners],
        "unit_code": agreement.unit.code,
        "title": agreement.title,
        "signed_on": agreement.signed_on,
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "frequency": agreement.frequency,
        "indicators": list(agreement.indicators),
        "created_at": agreement.created_at,
        "revision": agreement.revision,
        "updated_at": agreement.updated_at,
    }


def exchange_out(report: ExchangeReport) -> dict[str, Any]:
    """What the report holds — the agreed indicators, the note, its number — and its place."""
    agreement = report.agreement
    unit = agreement.unit
    registered = report.registered
    return {
        "id": report.pk,
        "agreement_id": agreement.pk,
        "agreement_title": agreement.title,
        "partner_name": agreement.partner_names,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "period_id": report.period_id,
        "period_label": parse_period(report.period_id).label,
        "summary": summary_of(report),
        "status": report.status,
        "number": registered.number_text if registered else None,
        "dated": registered.dated if registered else None,
        "note": report.note,
        "values": [
            {
                "code": code,
                "name": str(item.get("name", code)),
                "unit": str(item.get("unit", "")),
                "value": item.get("value"),
                "display": display(item.get("value")),
                "source": str(item.get("source", "")),
                "link": str(item.get("link", "")),
            }
            for code, item in ordered(report.values)
        ],
        "generated_at": report.generated_at,
        "sent_at": report.sent_at,
        "revision": report.revision,
        "updated_at": report.updated_at,
    }


def activity_out(activity: JointActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "agreement_id": activity.agreement_id,
        "partner_name": activity.agreement.partner_names,
        "held_on": activity.held_on,
        "title": activity.title,
        "content": activity.content,
        "participants": activity.participants,
        "result": activity.result,
        "created_at": activity.created_at,
        "revision": activity.revision,
        "updated_at": activity.updated_at,
    }


def _agreement_in(data: AgreementBody) -> AgreementIn:
    return AgreementIn(
        title=data.title,
        signed_on=data.signed_on,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        frequency=data.frequency,
        indicators=tuple(data.indicators),
    )


def _activity_in(data: ActivityBody) -> ActivityIn:
    return ActivityIn(
        held_on=data.held_on,
        title=data.title,
        content=data.content,
        participants=data.participants,
        result=data.result,
    )


def _partner_in(data: PartnerBody) -> PartnerIn:
    return PartnerIn(
        name=data.name, short_name=data.short_name, address=data.address, contact=data.contact
    )


# --- partners and agreements -----------------------------------------------------------------


@router.get("/coordination-indicators", response=list[IndicatorOut])
def indicators(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "source": i.source,
            "direction": i.direction,
            "tally": i.tally,
        }
        for i in active_regulation().followup.coordination.indicators
    ]


@router.get("/partners", response={200: list[PartnerOut], 404: Error})
def list_partners(
    request: HttpRequest, filters: Query[CoordinationUnitFilter]
) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_partners(request.user).select_related("unit"),
        unit__path__startswith=subtree_path(request, filters.unit),
    )
    ordered = rows.order_by("unit__path", "sort_name", "pk")[page(filters.limit, filters.offset)]
    return [partner_out(request, p) for p in ordered]


@router.post("/partners", response={201: PartnerOut, 400: Error, 403: Error, 404: Error})
def new_partner(request: HttpRequest, data: NewPartnerIn) -> Status[Any]:
    unit = unit_in_scope(request, data.unit_code)
    _managed(request, unit)
    partner = create_partner(unit, _partner_in(data), by=request.user)
    return Status(201, partner_out(request, partner))


@router.get("/partners/{partner_id}", response={200: PartnerOut, 404: Error})
def read_partner(request: HttpRequest, partner_id: int) -> dict[str, Any]:
    return partner_out(request, _partner(request, partner_id))


def _conflict(exc: ConflictError[Any], current: dict[str, Any]) -> Status[Any]:
    """409: the edit was made on an older revision; ``current`` is what the other person saved."""
    return Status(409, {**revision_conflict(exc, exc.current.revision), "current": current})


@router.put(
    "/partners/{partner_id}",
    response={200: PartnerOut, 400: Error, 403: Error, 404: Error, 409: PartnerConflictOut},
)
def edit_partner(request: HttpRequest, partner_id: int, data: PartnerEditIn) -> Status[Any]:
    partner = _partner(request, partner_id)
    _managed(request, partner.unit)
    try:
        saved = update_partner(
            partner, _partner_in(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(exc, partner_out(request, exc.current))
    return Status(200, partner_out(request, saved))


@router.get("/agreements", response={200: list[AgreementOut], 404: Error})
def list_agreements(request: HttpRequest, filters: Query[AgreementFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_agreements(request.user).select_related("unit").prefetch_related("partners"),
        unit__path__startswith=subtree_path(request, filters.unit),
    )
    if filters.partner is not None:
        rows = rows.filter(partners=filters.partner)
    ordered = rows.order_by("unit__path", "-valid_from", "pk")
    return [agreement_out(a) for a in ordered[page(filters.limit, filters.offset)]]


@router.post("/agreements", response={201: AgreementOut, 400: Error, 403: Error, 404: Error})
def new_agreement(request: HttpRequest, data: NewAgreementIn) -> Status[Any]:
    ids = [*([data.partner_id] if data.partner_id is not None else []), *data.partner_ids]
    if not ids:
        return Status(400, {"detail": _("Phải chọn ít nhất một cơ quan phối hợp")})
    partners = [_partner(request, pk) for pk in dict.fromkeys(ids)]
    _managed(request, partners[0].unit)
    agreement = create_agreement(partners, _agreement_in(data), by=request.user)
    return Status(201, agreement_out(agreement))


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, 404: Error})
def read_agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    return agreement_out(_agreement(request, agreement_id))


@router.put(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, 400: Error, 403: Error, 404: Error, 409: AgreementConflictOut},
)
def edit_agreement(request: HttpRequest, agreement_id: int, data: AgreementEditIn) -> Status[Any]:
    agreement = _agreement(request, agreement_id)
    _managed(request, agreement.unit)
    try:
        saved = update_agreement(
            agreement,
            _agreement_in(data),
            by=request.user,
            base_revision=data.revision,
            partners=None
            if data.partner_ids is None
            else [_partner(request, pk) for pk in dict.fromkeys(data.partner_ids)],
        )
    except ConflictError as exc:
        return _conflict(exc, agreement_out(exc.current))
    return Status(200, agreement_out(saved))


# --- exchange reports ------------------------------------------------------------------------


@router.get("/exchanges", response={200: list[ExchangeOut], 404: Error})
def list_exchanges(request: HttpRequest, filters: Query[ExchangeFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_exchanges(request.user).select_related(
            "agreement", "agreement__unit", "registered"
        ),
        agreement__unit__path__startswith=subtree_path(request, filters.unit),
    )
    if filters.agreement is not None:
        rows = rows.filter(agreement_id=filters.agreement)
    rows = filtered(rows, status=filters.status)
    ordered = rows.order_by("-period_id", "agreement__unit__path", "pk")
    return [exchange_out(r) for r in ordered[page(filters.limit, filters.offset)]]


@router.post(
    "/exchanges", response={200: ExchangeOut, 201: ExchangeOut, 400: Error, 403: Error, 404: Error}
)
def new_exchange(request: HttpRequest, data: NewExchangeIn) -> Status[Any]:
    """The draft of an ended period (201), or the report it already has (200)."""
    agreement = _agreement(request, data.agreement_id)
    _managed(request, agreement.unit)
    existed = ExchangeReport.objects.filter(agreement=agreement, period_id=data.period_id).exists()
    report = generate_exchange(agreement, data.period_id, by=request.user)
    return Status(200 if existed else 201, exchange_out(report))


@router.post("/exchanges/generate-due", response={201: list[ExchangeOut], 403: Error, 404: Error})
def due(request: HttpRequest, data: DueIn) -> Status[Any]:
    """The unit's exchange reports of ended periods that have none: what the daily job does."""
    unit = unit_in_scope(request, data.unit_code)
    _managed(request, unit)
    created = generate_due(clock.today(), by=request.user, unit=unit)
    return Status(201, [exchange_out(r) for r in created])


@router.get("/exchanges/{exchange_id}", response={200: ExchangeOut, 404: Error})
def read_exchange(request: HttpRequest, exchange_id: int) -> dict[str, Any]:
    return exchange_out(_exchange(request, exchange_id))


@router.patch(
    "/exchanges/{exchange_id}",
    response={200: ExchangeOut, 400: Error, 403: Error, 404: Error, 409: ExchangeConflictOut},
)
def patch_exchange(request: HttpRequest, exchange_id: int, data: ExchangePatch) -> Status[Any]:
    report = _exchange(request, exchange_id)
    _managed(request, report.agreement.unit)
    try:
        saved = save_exchange(
            report,
            values=data.values,
            note=data.note,
            by=request.user,
            base_revision=data.revision,
        )
    except ConflictError as exc:
        return _conflict(exc, exchange_out(exc.current))
    return Status(200, exchange_out(saved))


@router.post(
    "/exchanges/{exchange_id}/refresh",
    response={200: ExchangeOut, 400: Error, 403: Error, 404: Error},
)
def refresh(request: HttpRequest, exchange_id: int) -> dict[str, Any]:
    report = _exchange(request, exchange_id)
    _managed(request, report.agreement.unit)
    return exchange_out(refresh_exchange(report, by=request.user))


@router.post(
    "/exchanges/{exchange_id}/send",
    response={200: ExchangeOut, 400: Error, 403: Error, 404: Error},
)
def send(request: HttpRequest, exchange_id: int, data: SendIn) -> dict[str, Any]:
    """Registered in the unit's outgoing register: the report gets its number and is locked."""
    report = _exchange(request, exchange_id)
    _managed(request, report.agreement.unit)
    sent = send_exchange(report, dated=data.dated, signer=data.signer, by=request.user)
    return exchange_out(sent)


@router.get("/exchanges/{exchange_id}/export.docx", response={200: None, 404: Error})
def export_docx(request: HttpRequest, exchange_id: int) -> HttpResponse:
    report = _exchange(request, exchange_id)
    return download(exchange_document(report), exchange_file_names(report))


@router.get("/exchanges/{exchange_id}/export.xlsx", response={200: None, 404: Error})
def export_xlsx(request: HttpRequest, exchange_id: int) -> HttpResponse:
    report = _exchange(request, exchange_id)
    return download(exchange_spreadsheet(report), exchange_file_names(report))


# --- joint activities ------------------------------------------------------------------------


@router.get("/joint-activities/review", response={200: CoordinationReviewOut, 404: Error})
def review(request: HttpRequest, filters: Query[CoordinationReviewFilter]) -> dict[str, Any]:
    """Activities held in the span under the unit's subtree's agreements, counted by partner,
    and the exchanges due in the span (default: this year up to today)."""
    unit = unit_in_scope(request, filters.unit)
    today = clock.today()
    start, end = date_span(filters.from_ or dt.date(today.year, 1, 1), filters.to or today)
    found = review_for(request.user, unit, start, end)
    return {
        "unit_code": unit.code,
        "starts_on": start,
        "ends_on": end,
        "total": found.total,
        "with_result": found.with_result,
        "exchanges_due": found.exchanges_due,
        "exchanges_sent": found.exchanges_sent,
        "received_due": found.received_due,
        "received": found.received,
        "transfers_handed_over": found.transfers_handed_over,
        "transfers_received": found.transfers_received,
        "partners": [asdict(line) for line in found.lines],
        "activities": [activity_out(a) for a in found.activities],
    }


@router.get("/joint-activities", response={200: list[ActivityOut], 404: Error})
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_activities(request.user).select_related("agreement"),
        agreement__unit__path__startswith=subtree_path(request, filters.unit),
    )
    if filters.agreement is not None:
        rows = rows.filter(agreement_id=filters.agreement)
    if filters.from_ is not None:
        rows = rows.filter(held_on__gte=filters.from_)
    if filters.to is not None:
        rows = rows.filter(held_on__lte=filters.to)
    ordered = rows.order_by("-held_on", "-pk")
    return [activity_out(a) for a in ordered[page(filters.limit, filters.offset)]]


@router.post("/joint-activities", response={201: ActivityOut, 400: Error, 403: Error, 404: Error})
def new_activity(request: HttpRequest, data: NewActivityIn) -> Status[Any]:
    agreement = _agreement(request, data.agreement_id)
    _managed(request, agreement.unit)
    return Status(
        201, activity_out(record_activity(agreement, _activity_in(data), by=request.user))
    )


@router.put(
    "/joint-activities/{activity_id}",
    response={200: ActivityOut, 400: Error, 403: Error, 404: Error, 409: ActivityConflictOut},
)
def edit_activity(request: HttpRequest, activity_id: int, data: ActivityEditIn) -> Status[Any]:
    activity = _activity(request, activity_id)
    _managed(request, activity.agreement.unit)
    try:
        saved = update_activity(
            activity, _activity_in(data), by=request.user, base_revision=data.revision
        )
    except ConflictError as exc:
        return _conflict(exc, activity_out(exc.current))
    return Status(200, activity_out(saved))
