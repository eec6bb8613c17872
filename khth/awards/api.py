"""/api/v1/awards — the awards register and the proposals drafted from evaluations.

- ``GET /award-titles``: the titles of the regulation (code, name, collective or individual,
  issuer);
- ``GET /awards?unit=&from=&to=&recipient=&title=&text=``: awards the caller may see, of the
  unit's subtree when ``unit`` is given, newest decision first;
- ``GET /awards/counts?unit=&from=&to=``: "10 tập thể, 5 cá nhân" over the span, and by title;
- ``GET /awards/export.xlsx?unit=&from=&to=…``: the register as XLSX (the page's filters);
- ``POST /awards``: register an award (``award.manage`` over the unit);
- ``GET /awards/{id}``; ``POST /awards/{id}/remove``: take out one entered by mistake;
- ``GET /award-proposals?unit=&status=``; ``POST /award-proposals/draft``: apply the rules
  to the unit's subtree; ``POST /award-proposals/{id}/confirm`` (registers the award) and
  ``/reject`` (with a note).

Refusals: 404 outside the caller's scope; 403 without ``award.manage`` over the unit; 400 for the
other refusals of the actions (AwardError); 422 for a body or query not of the documented shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import date_span, filtered, page
from khth.api.schemas import Code, Day, Error, Limit, Offset, ShortLine, StrictBody, Text
from khth.awards import access
from khth.awards.actions import (
    AwardIn,
    confirm_proposal,
    draft_proposals,
    register_award,
    reject_proposal,
    remove_award,
    title_names,
)
from khth.awards.counts import counts
from khth.awards.documents import awards_file_names, awards_spreadsheet
from khth.awards.models import Award, Proposal
from khth.awards.register import AwardFilter, select_awards, year_span
from khth.lib import clock
from khth.periods import label_of
from khth.regulations.access import active_regulation
from khth.units.models import Unit
from khth.web.downloads import download

router = Router(tags=["awards"])


# --- shapes ----------------------------------------------------------------------------------


class TitleOut(Schema):
    code: str
    name: str
    recipient: str
    issuer: str


class AwardOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    recipient: str  # "collective", "individual" or "outside_body"
    person_name: str
    person_rank: str
    # The body outside the army awarded (recipient "outside_body"; unit: the army unit giving it).
    body_name: str
    title_code: str
    title_name: str
    issuer: str
    decision_number: str
    decision_date: dt.date
    reason: str
    created_at: dt.datetime
    created_by: str


class TitleCountOut(Schema):
    code: str
    name: str
    count: int


class AwardCountsOut(Schema):
    unit_code: str
    starts_on: dt.date
    ends_on: dt.date
    collective: int
    individual: int
    total: int
    by_title: list[TitleCountOut]


class ProposalOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    title_code: str
    title_name: str
    periods: list[str]
    period_labels: list[str]
    basis: str
    status: str
    note: str
    award_id: int | None
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None


class AwardFilterIn(Schema):
    unit: str | None = None
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None
    recipient: Literal["", "collective", "individual", "outside_body"] = ""
    title: str = ""
    text: str = ""
    limit: Limit = 100
    offset: Offset = 0


class AwardSpanIn(Schema):
    unit: str
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None
    recipient: Literal["", "collective", "individual", "outside_body"] = ""
    title: str = ""
    text: str = ""


class ProposalFilter(Schema):
    unit: str | None = None
    status: Literal["", "proposed", "confirmed", "rejected"] = ""
    limit: Limit = 100
    offset: Offset = 0


class NewAwardIn(StrictBody):
    unit_code: Code
    title_code: Code
    decision_number: ShortLine
    decision_date: Day
    issuer: ShortLine = ""
    reason: Text = ""
    person_name: ShortLine = ""
    person_rank: ShortLine = ""
    body_name: ShortLine = ""  # required for a title given to a body outside the army


class RemoveIn(StrictBody):
    reason: Text


class DraftIn(StrictBody):
    unit_code: Code


class ConfirmIn(StrictBody):
    decision_number: ShortLine
    decision_date: Day
    issuer: ShortLine = ""
    reason: Text = ""
    person_name: ShortLine = ""
    person_rank: ShortLine = ""


class RejectIn(StrictBody):
    note: Text


# --- fetching through the access helpers -----------------------------------------------------


def _managed(request: HttpRequest, unit: Unit) -> Unit:
    if not access.can_manage(request.user, unit):
        raise HttpError(
            403, _("Bạn không có quyền quản lý khen thưởng của %(unit)s") % {"unit": unit.name}
        )
    return unit


def _award(request: HttpRequest, award_id: int) -> Award:
    missing = _("Không có khen thưởng số %(id)s trong phạm vi của bạn") % {"id": award_id}
    return row_in_scope(request, access.get_award_for_user, award_id, missing)


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    missing = _("Không có đề xuất khen thưởng số %(id)s trong phạm vi của bạn") % {
        "id": proposal_id
    }
    proposal = row_in_scope(request, access.get_proposal_for_user, proposal_id, missing)
    _managed(request, proposal.unit)
    return proposal


# --- output ----------------------------------------------------------------------------------


def _unit_and_title(row: Award | Proposal, names: dict[str, str]) -> dict[str, Any]:
    """What an award and a proposal both tell: the row, its unit, its title (``names``: code →
    name; a code without a name shows as the code)."""
    return {
        "id": row.pk,
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "title_code": row.title_code,
        "title_name": names.get(row.title_code, row.title_code),
    }


def award_out(award: Award, names: dict[str, str]) -> dict[str, Any]:
    return {
        **_unit_and_title(award, names),
        "recipient": award.recipient,
        "person_name": award.person_name,
        "person_rank": award.person_rank,
        "body_name": award.body_name,
        "issuer": award.issuer,
        "decision_number": award.decision_number,
        "decision_date": award.decision_date,
        "reason": award.reason,
        "created_at": award.created_at,
        "created_by": award.created_by.full_name,
    }


def proposal_out(proposal: Proposal, names: dict[str, str]) -> dict[str, Any]:
    return {
        **_unit_and_title(proposal, names),
        "periods": list(proposal.periods),
        "period_labels": [label_of(p) for p in proposal.periods],
        "basis": proposal.basis,
        "status": proposal.status,
        "note": proposal.note,
        "award_id": proposal.award_id,
        "created_at": proposal.created_at,
        "decided_at": proposal.decided_at,
        "decided_by": proposal.decided_by.full_name if proposal.decided_by else None,
    }


def _span(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    default_start, default_end = year_span(clock.today().year)
    return date_span(start or default_start, end or default_end)


# --- the register ----------------------------------------------------------------------------


@router.get("/award-titles", response=list[TitleOut])
def titles(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "name": t.name, "recipient": t.recipient, "issuer": t.issuer}
        for t in active_regulation().followup.awards.titles
    ]


@router.get("/awards/counts", response={200: AwardCountsOut, 400: Error, 404: Error})
def award_counts(request: HttpRequest, filters: Query[AwardSpanIn]) -> dict[str, Any]:
    """Awards to the unit's subtree with the decision dated in the span (default: this year)."""
    unit = unit_in_scope(request, filters.unit)
    start, end = _span(filters.from_, filters.to)
    found = counts(unit, start, end)
    names = title_names()
    return {
        "unit_code": unit.code,
        "starts_on": start,
        "ends_on": end,
        "collective": found.collective,
        "individual": found.individual,
        "total": found.total,
        "by_title": [
            {"code": code, "name": names.get(code, code), "count": n}
            for code, n in found.by_title.items()
        ],
    }


@router.get("/awards/export.xlsx", response={200: None, 400: Error, 404: Error})
def export_xlsx(request: HttpRequest, filters: Query[AwardSpanIn]) -> HttpResponse:
    unit = unit_in_scope(request, filters.unit)
    start, end = _span(filters.from_, filters.to)
    which = AwardFilter(start, end, filters.recipient, filters.title, filters.text)
    rows = select_awards(access.visible_awards(request.user), unit, which)
    book = awards_spreadsheet(unit, start, end, rows, counts(unit, start, end), title_names())
    return download(book, awards_file_names(unit, start, end))


@router.get("/awards", response={200: list[AwardOut], 404: Error})
def list_awards(request: HttpRequest, filters: Query[AwardFilterIn]) -> list[dict[str, Any]]:
    awards = access.visible_awards(request.user).select_related("unit", "created_by")
    unit = unit_in_scope(request, filters.unit) if filters.unit else None
    which = AwardFilter(filters.from_, filters.to, filters.recipient, filters.title, filters.text)
    rows = select_awards(awards, unit, which).select_related("created_by")
    names = title_names()
    return [award_out(a, names) for a in rows[page(filters.limit, filters.offset)]]


@router.post("/awards", response={201: AwardOut, 400: Error, 403: Error, 404: Error})
def create(request: HttpRequest, data: NewAwardIn) -> Status[Any]:
    unit = _managed(request, unit_in_scope(request, data.unit_code))
    award = register_award(
        unit,
        AwardIn(
            title_code=data.title_code,
            decision_number=data.decision_number,
            decision_date=data.decision_date,
            issuer=data.issuer,
            reason=data.reason,
            person_name=data.person_name,
            person_rank=data.person_rank,
            body_name=data.body_name,
        ),
        by=request.user,
    )
    return Status(201, award_out(award, title_names()))


@router.get("/awards/{award_id}", response={200: AwardOut, 404: Error})
def read(request: HttpRequest, award_id: int) -> dict[str, Any]:
    return award_out(_award(request, award_id), title_names())


@router.post("/awards/{award_id}/remove", response={204: None, 400: Error, 403: Error, 404: Error})
def remove(request: HttpRequest, award_id: int, data: RemoveIn) -> Status[None]:
    award = _award(request, award_id)
    _managed(request, award.unit)
    remove_award(award, by=request.user, reason=data.reason)
    return Status(204, None)


# --- proposals -------------------------------------------------------------------------------


@router.get("/award-proposals", response={200: list[ProposalOut], 404: Error})
def list_proposals(request: HttpRequest, filters: Query[ProposalFilter]) -> list[dict[str, Any]]:
    rows = filtered(
        access.visible_proposals(request.user).select_related("unit", "decided_by"),
        unit__path__startswith=subtree_path(request, filters.unit),
        status=filters.status,
    )
    names = title_names()
    ordered = rows.order_by("-created_at", "unit__path", "pk")
    return [proposal_out(p, names) for p in ordered[page(filters.limit, filters.offset)]]


@router.post("/award-proposals/draft", response={201: list[ProposalOut], 403: Error, 404: Error})
def draft(request: HttpRequest, data: DraftIn) -> Status[Any]:
    """Apply the proposal rules to the unit's subtree; the new proposals (none twice)."""
    unit = _managed(request, unit_in_scope(request, data.unit_code))
    created = draft_proposals(unit, clock.today(), by=request.user)
    names = title_names()
    return Status(201, [proposal_out(p, names) for p in created])


@router.post(
    "/award-proposals/{proposal_id}/confirm",
    response={201: AwardOut, 400: Error, 403: Error, 404: Error},
)
def confirm(request: HttpRequest, proposal_id: int, data: ConfirmIn) -> Status[Any]:
    """The award was decided: it goes into the register, the proposal is closed."""
    proposal = _proposal(request, proposal_id)
    award = confirm_proposal(
        proposal,
        decision_number=data.decision_number,
        decision_date=data.decision_date,
        issuer=data.issuer,
        reason=data.reason,
        person_name=data.person_name,
        person_rank=data.person_rank,
        by=request.user,
    )
    return Status(201, award_out(award, title_names()))


@router.post(
    "/award-proposals/{proposal_id}/reject",
    response={200: ProposalOut, 400: Error, 403: Error, 404: Error},
)
def reject(request: HttpRequest, proposal_id: int, data: RejectIn) -> dict[str, Any]:
    proposal = reject_proposal(_proposal(request, proposal_id), note=data.note, by=request.user)
    return proposal_out(proposal, title_names())
