"""/api/v1/register — the document register (sổ đăng ký văn bản đi, đến) and Party terms.

- ``GET /register?unit=&direction=&year=&kind=``: registered documents the caller may see —
  those marked MẬT / TỐI MẬT / TUYỆT MẬT only where the caller's role reads that level;
- ``POST /register/outgoing``: register a document the unit issues; it gets the next number of
  its family's sequence ("Số 1-NQ/ĐU", "Số: 01/KH-CT");
- ``POST /register/incoming``: register a document received; it gets the unit's next incoming
  number of the year of arrival;
- ``GET /register/{id}``: one document with its attachments;
- ``GET|POST /units/{code}/party-terms``: the terms of the unit's Party committee (Party
  documents are numbered from 1 again in each).

Refusals: 404 outside the caller's scope or clearance (a secret document's existence is not
told); 403 for registering without ``document.register`` at the unit; 400 for other refusals
(a secrecy level the caller may not read, no Party term, a source already registered…); 422 for
a body or query not of the documented shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from khth.api.fetch import row_in_scope, unit_in_scope
from khth.api.query import filtered, page
from khth.api.schemas import Code, Day, Error, Limit, Offset, RowId, Text
from khth.docsystem.records import access as record_access
from khth.docsystem.register import access
from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    add_party_term,
    register_incoming,
    register_outgoing,
)
from khth.docsystem.register.models import PartyTerm, RegisteredDocument
from khth.inspections import access as inspection_access
from khth.plans import access as plan_access
from khth.reports import access as report_access
from khth.units.access import scope_for
from khth.units.models import Unit

router = Router(tags=["register"])

Secrecy = Literal["", "mat", "toi_mat", "tuyet_mat"]
Urgency = Literal["", "khan", "thuong_khan", "hoa_toc"]
Copies = Annotated[int, Field(ge=1, le=100_000)]


# --- shapes ----------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class DocumentOut(Schema):
    id: int
    unit_code: str
    direction: str
    kind_code: str
    family: str
    number: int
    number_text: str
    dated: dt.date
    summary: str
    signer: str
    recipients: str
    copies: int
    file_holder: str
    secrecy: str
    urgency: str
    sender: str
    received_on: dt.date | None
    handled_by: str
    notes: str
    plan_id: int | None
    report_id: int | None
    typed_document_id: int | None
    inspection_id: int | None
    # A document of a room above the register ("review" and its id), registered by that room.
    source_kind: str
    source_id: int | None
    created_at: dt.datetime


class DocumentFull(DocumentOut):
    attachments: list[AttachmentOut]


class RegisterFilter(Schema):
    unit: str | None = None
    direction: Literal["out", "in"] | None = None
    year: int | None = Field(default=None, ge=1900, le=2999)
    kind: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class OutgoingIn(Schema):
    unit_code: Code
    kind_code: Code
    dated: Day
    summary: Text
    signer: Text = ""
    recipients: Text = ""
    copies: Copies = 1
    file_holder: Text = ""
    secrecy: Secrecy = ""
    urgency: Urgency = ""
    notes: Text = ""
    plan_id: RowId | None = None
    report_id: RowId | None = None
    typed_document_id: RowId | None = None
    # An inspection's conclusion, by the inspecting unit.
    inspection_id: RowId | None = None


class IncomingIn(Schema):
    unit_code: Code
    sender: Text
    number_text: Text
    dated: Day
    received_on: Day
    summary: Text
    kind_code: Code = ""
    secrecy: Secrecy = ""
    urgency: Urgency = ""
    handled_by: Text = ""
    copies: Copies = 1
    notes: Text = ""


class TermOut(Schema):
    id: int
    name: str
    starts_on: dt.date


class TermIn(Schema):
    name: Text = ""
    starts_on: Day


# --- fetching through the access helpers -----------------------------------------------------


def _require_register(request: HttpRequest, unit: Unit) -> None:
    if not access.can_register(request.user, unit):
        raise HttpError(
            403, _("Bạn không có quyền vào sổ văn bản của %(unit)s") % {"unit": unit.name}
        )


def _document(request: HttpRequest, document_id: int) -> RegisteredDocument:
    missing = _("Không có văn bản số %(id)s trong sổ đăng ký thuộc phạm vi của bạn") % {
        "id": document_id
    }
    return row_in_scope(request, access.get_document_for_user, document_id, missing)


# The access helper of each kind of source a registration may come from.
SOURCES: dict[str, Callable[[Any, int], Any]] = {
    "plan": plan_access.get_plan_for_user,
    "report": report_access.get_report_for_user,
    "typed": record_access.get_typed_for_user,
    "inspection": inspection_access.get_inspection_for_user,
}


def _source(request: HttpRequest, what: str, pk: int | None) -> Any:
    """A plan, report or typed document the registration comes from, through its own access
    helper: one the caller cannot see is "not found"."""
    if pk is None:
        return None
    missing = _("Không có văn bản nguồn số %(id)s trong phạm vi của bạn") % {"id": pk}
    return row_in_scope(request, SOURCES[what], pk, missing)


# --- output ----------------------------------------------------------------------------------


def document_out(document: RegisteredDocument) -> dict[str, Any]:
    return {
        "id": document.pk,
        "unit_code": document.unit.code,
        "direction": document.direction,
        "kind_code": document.kind_code,
        "family": document.family,
        "number": document.number,
        "number_text": document.number_text,
        "dated": document.dated,
        "summary": document.summary,
        "signer": document.signer,
        "recipients": document.recipients,
        "copies": document.copies,
        "file_holder": document.file_holder,
        "secrecy": document.secrecy,
        "urgency": document.urgency,
        "sender": document.sender,
        "received_on": document.received_on,
        "handled_by": document.handled_by,
        "notes": document.notes,
        "plan_id": document.plan_id,
        "report_id": document.report_id,
        "typed_document_id": document.typed_document_id,
        "inspection_id": document.inspection_id,
        "source_kind": document.source_kind,
        "source_id": document.source_id,
        "created_at": document.created_at,
    }


def _full(document: RegisteredDocument) -> dict[str, Any]:
    return {
        **document_out(document),
        "attachments": [
            {"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in document.attachments.order_by("pk")
        ],
    }


def term_out(term: PartyTerm) -> dict[str, Any]:
    return {"id": term.pk, "name": term.name, "starts_on": term.starts_on}


# --- the register ----------------------------------------------------------------------------


@router.get("/register", response={200: list[DocumentOut], 404: Error})
def list_documents(request: HttpRequest, filters: Query[RegisterFilter]) -> list[dict[str, Any]]:
    """``unit`` is that unit's own register; ``year`` is the year of the document's date for
    outgoing documents and of its arrival for incoming ones."""
    documents = filtered(
        access.visible_documents(request.user).select_related("unit"),
        unit=unit_in_scope(request, filters.unit) if filters.unit else None,
        direction=filters.direction,
        kind_code=filters.kind,
    )
    if filters.year:
        documents = documents.filter(
            Q(direction=RegisteredDocument.OUTGOING, dated__year=filters.year)
            | Q(direction=RegisteredDocument.INCOMING, received_on__year=filters.year)
        )
    ordered = documents.order_by("-dated", "-pk")[page(filters.limit, filters.offset)]
    return [document_out(d) for d in ordered]


@router.post("/register/outgoing", response={201: DocumentFull, 400: Error, 403: Error, 404: Error})
def outgoing(request: HttpRequest, data: OutgoingIn) -> Status[Any]:
    unit = unit_in_scope(request, data.unit_code)
    _require_register(request, unit)
    document = register_outgoing(
        unit,
        Outgoing(
            kind_code=data.kind_code,
            dated=data.dated,
            summary=data.summary,
            signer=data.signer,
            recipients=data.recipients,
            copies=data.copies,
            file_holder=data.file_holder,
            secrecy=data.secrecy,
            urgency=data.urgency,
            notes=data.notes,
            plan=_source(request, "plan", data.plan_id),
            report=_source(request, "report", data.report_id),
            typed_document=_source(request, "typed", data.typed_document_id),
            inspection=_source(request, "inspection", data.inspection_id),
        ),
        by=request.user,
    )
    return Status(201, _full(document))


@router.post("/register/incoming", response={201: DocumentFull, 400: Error, 403: Error, 404: Error})
def incoming(request: HttpRequest, data: IncomingIn) -> Status[Any]:
    unit = unit_in_scope(request, data.unit_code)
    _require_register(request, unit)
    document = register_incoming(
        unit,
        Incoming(
            sender=data.sender,
            number_text=data.number_text,
            dated=data.dated,
            received_on=data.received_on,
            summary=data.summary,
            kind_code=data.kind_code,
            secrecy=data.secrecy,
            urgency=data.urgency,
            handled_by=data.handled_by,
            copies=data.copies,
            notes=data.notes,
        ),
        by=request.user,
    )
    return Status(201, _full(document))


@router.get("/register/{document_id}", response={200: DocumentFull, 404: Error})
def read(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return _full(_document(request, document_id))


# --- Party committee terms -------------------------------------------------------------------


@router.get("/units/{code}/party-terms", response={200: list[TermOut], 404: Error})
def list_terms(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    unit = unit_in_scope(request, code)
    return [term_out(t) for t in PartyTerm.objects.filter(unit=unit).order_by("-starts_on")]


@router.post(
    "/units/{code}/party-terms", response={201: TermOut, 400: Error, 403: Error, 404: Error}
)
def add_term(request: HttpRequest, code: str, data: TermIn) -> Status[Any]:
    """A new term: the unit's Party documents are numbered from 1 again from ``starts_on``."""
    unit = unit_in_scope(request, code)
    if not (
        access.can_register(request.user, unit)
        or scope_for(request.user).allows(unit, "unit.manage")
    ):
        raise HttpError(
            403, _("Bạn không có quyền khai báo nhiệm kỳ của %(unit)s") % {"unit": unit.name}
        )
    term = add_party_term(unit, name=data.name, starts_on=data.starts_on, by=request.user)
    return Status(201, term_out(term))
