"""/api/v1/reviews — reviews (sơ kết, tổng kết) of a unit's subtree over any span: list, create
(of either kind; the draft's narrative prefilled from the figures), read with the outline, the
conference, the key tasks, the linked awards, the registration and the figures computed now,
edit with a revision check (the narrative, the conference, the key tasks), link and unlink
awards, finish, register (vào sổ văn bản đi), and export as DOCX or XLSX.

Every fetch goes through khth.reviews.access (404 outside the caller's subtree, 403 inside it
without ``inspection.manage`` at the unit, or without ``document.register`` to register); every
change calls the action the pages call (khth.reviews.actions, khth.reviews.registration). A
refusal is 400 with its reason, a body of another shape 422, an edit on a stale revision 409.
The figures are never stored: each read computes them from their sources, with links to those
sources.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import filtered, page
from khth.api.schemas import (
    Day,
    Error,
    Limit,
    Line,
    Offset,
    RevisionConflictOut,
    RowId,
    ShortLine,
    StrictBody,
    Text,
)
from khth.awards import access as award_access
from khth.awards.actions import title_names
from khth.docsystem.register import access as register_access
from khth.docsystem.register.models import RegisteredDocument
from khth.regulations.access import active_regulation
from khth.reviews import access
from khth.reviews.actions import (
    MAX_KEY_TASKS,
    ConflictError,
    area_name,
    create_review,
    finish_review,
    link_award,
    record_conference,
    save_review,
    set_key_tasks,
    unlink_award,
)
from khth.reviews.documents import (
    ReviewData,
    review_data,
    review_document,
    review_file_names,
    review_spreadsheet,
)
from khth.reviews.models import Review
from khth.reviews.outline import review_outline
from khth.reviews.registration import register_review, review_registration
from khth.units.models import Unit
from khth.web.downloads import download

router = Router(tags=["reviews"])


# --- shapes ----------------------------------------------------------------------------------


Kind = Literal["periodic", "implementation"]
Secrecy = Literal["", "mat", "toi_mat", "tuyet_mat"]
Urgency = Literal["", "khan", "thuong_khan", "hoa_toc"]


class ReviewSummary(Schema):
    id: int
    unit_code: str
    # "periodic": a review of the work (6 months, a year); "implementation": of how a
    # regulation or directive was implemented, naming it in ``subject``.
    kind: str
    subject: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    indicators: list[str]
    status: str
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime


class BinOut(Schema):
    label: str
    period: str
    starts_on: dt.date
    ends_on: dt.date


class TimelinessOut(Schema):
    label: str
    expected: int
    on_time: int
    late: int
    missing: int
    on_time_percent: Decimal | None


class CompletenessOut(Schema):
    submitted: int
    complete: int
    percent: Decimal | None


class PointOut(Schema):
    label: str
    value: Decimal | None
    display: str
    link: str


class TrendOut(Schema):
    code: str
    name: str
    unit: str
    points: list[PointOut]


class ReviewLinkOut(Schema):
    title: str
    link: str


class TargetsOut(Schema):
    met: int
    missed: int
    pending: int
    plans: list[ReviewLinkOut]


class LevelsOut(Schema):
    period: str
    counts: dict[str, int]


class ReviewRecurringOut(Schema):
    area: str
    name: str
    units: int


class InspectionsOut(Schema):
    findings: dict[str, int]
    remedies: dict[str, int]
    recurring: list[ReviewRecurringOut]


class AwardsOut(Schema):
    collective: int
    individual: int
    by_title: dict[str, int]
    phrase: str


class FiguresOut(Schema):
    computed_on: dt.date
    bins: list[BinOut]
    timeliness: list[TimelinessOut]
    completeness: CompletenessOut
    trends: list[TrendOut]
    targets: TargetsOut
    levels: list[LevelsOut]
    inspections: InspectionsOut
    awards: AwardsOut


class ReviewOutlineRowOut(Schema):
    code: str
    number: str
    title: str
    depth: int
    # Narrative is written in leaf sections (``sections`` by code).
    is_leaf: bool


class ReviewConferenceOut(Schema):
    held_on: dt.date | None
    place: str
    presided_by: str
    attendance: str
    record: str


class ReviewKeyTaskOut(Schema):
    # "task" (nhiệm vụ trọng tâm) or "solution" (giải pháp), numbered from 1 in each.
    kind: str
    position: int
    text: str
    # Kept while the text is corrected: what a plan's coverage names.
    key: str


class ReviewAwardOut(Schema):
    id: int
    unit_code: str
    recipient: str
    person_name: str
    title_code: str
    title_name: str
    decision_number: str
    decision_date: dt.date


class ReviewRegistrationOut(Schema):
    id: int
    number_text: str
    dated: dt.date
    summary: str
    signer: str


class ReviewOut(ReviewSummary):
    unit_name: str
    kind_name: str
    outline: list[ReviewOutlineRowOut]
    # Narrative by outline section code (sanitised HTML).
    sections: dict[str, str]
    # Sections still holding a synthesis draft nobody has edited: the review cannot be
    # finished until they are (GET /reviews/{id}/synthesis drafts them).
    unedited: list[str] = []
    conference: ReviewConferenceOut
    key_tasks: list[ReviewKeyTaskOut]
    awards: list[ReviewAwardOut]
    # The outgoing register's entry once registered: the exports print its number.
    registration: ReviewRegistrationOut | None
    can_edit: bool
    can_register: bool
    figures: FiguresOut


class ReviewFilter(Schema):
    unit: str | None = None
    status: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class ReviewCreateIn(Schema):
    unit_code: str
    title: str = ""
    starts_on: Day
    ends_on: Day
    # Report indicator codes to trend; empty: the default set.
    indicators: list[str] = []
    kind: Kind = "periodic"
    # The regulation or directive reviewed: required for an implementation review.
    subject: ShortLine = ""


class ReviewConferenceIn(StrictBody):
    """The conference record as a whole (what is not given is emptied), made on ``revision``."""

    revision: int
    held_on: Day | None = None
    place: ShortLine = ""
    presided_by: ShortLine = ""
    attendance: ShortLine = ""
    record: Text = ""


class ReviewKeyTasksIn(StrictBody):
    """The numbered key tasks and groups of solutions, in order, made on ``revision``."""

    revision: int
    tasks: Annotated[list[Line], Field(max_length=MAX_KEY_TASKS)] = []
    solutions: Annotated[list[Line], Field(max_length=MAX_KEY_TASKS)] = []


class ReviewAwardIn(StrictBody):
    award_id: RowId


class ReviewRegistrationIn(StrictBody):
    """The columns of the outgoing register; the kind is the final review's."""

    dated: Day | None = None  # default: today
    summary: Text = ""  # default: the title under "Báo cáo"
    signer: ShortLine = ""
    recipients: Text = ""
    copies: Annotated[int, Field(ge=1, le=100_000)] = 1
    file_holder: ShortLine = ""
    secrecy: Secrecy = ""
    urgency: Urgency = ""
    notes: Text = ""


class ReviewUpdateIn(Schema):
    revision: int
    title: str | None = None
    # Only the sections given change; the others keep their text.
    sections: dict[str, str] | None = None
    indicators: list[str] | None = None


class ExportFilter(Schema):
    format: Literal["docx", "xlsx"] = "docx"
    # Where the unit's superior Party body is not its parent's: the chain the DOCX goes up.
    send_to: Literal["party", "command", "both"] | None = None


# --- fetching through the access helpers -----------------------------------------------------


def _review(request: HttpRequest, review_id: int, *, write: bool = False) -> Review:
    missing = _("Không có báo cáo sơ kết, tổng kết số %(id)s trong phạm vi của bạn") % {
        "id": review_id
    }
    review = row_in_scope(request, access.get_review_for_user, review_id, missing)
    if write and not access.can_write(request.user, review.unit):
        raise HttpError(403, _refusal(review.unit))
    return review


def _refusal(unit: Unit) -> str:
    return _("Bạn không có quyền soạn, sửa sơ kết, tổng kết của %(unit)s") % {"unit": unit.name}


# --- output ----------------------------------------------------------------------------------


def summary(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "unit_code": review.unit.code,
        "kind": review.kind,
        "subject": review.subject,
        "title": review.title,
        "starts_on": review.starts_on,
        "ends_on": review.ends_on,
        "indicators": list(review.indicators),
        "status": review.status,
        "revision": review.revision,
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


def figures_json(data: ReviewData) -> dict[str, Any]:
    figures, regulation = data.figures, data.regulation
    awards = dict(figures.awards)
    collective, individual = awards.pop("collective", 0), awards.pop("individual", 0)
    return {
        "computed_on": data.today,
        "bins": [
            {"label": b.label, "period": b.period.id, "starts_on": b.start, "ends_on": b.end}
            for b in figures.bins
        ],
        "timeliness": [
            {
                "label": t.label,
                "expected": t.expected,
                "on_time": t.on_time,
                "late": t.late,
                "missing": t.missing,
                "on_time_percent": t.percent(t.on_time),
            }
            for t in figures.timeliness
        ],
        "completeness": {
            "submitted": figures.submitted,
            "complete": figures.complete,
            "percent": figures.completeness_percent,
        },
        "trends": [
            {
                "code": t.code,
                "name": t.name,
                "unit": t.unit_of_measure,
                "points": [
                    {"label": p.label, "value": p.value, "display": p.display, "link": p.link}
                    for p in t.points
                ],
            }
            for t in figures.trends
        ],
        "targets": {
            "met": figures.targets.get("met", 0),
            "missed": figures.targets.get("missed", 0),
            "pending": figures.targets.get("pending", 0),
            "plans": [{"title": t, "link": link} for t, link in figures.target_links],
        },
        "levels": [{"period": label, "counts": counts} for label, counts in figures.levels],
        "inspections": {
            "findings": dict(figures.findings),
            "remedies": dict(figures.remedies),
            "recurring": [
                {"area": code, "name": area_name(regulation, code), "units": n}
                for code, n in figures.recurring
            ],
        },
        "awards": {
            "collective": collective,
            "individual": individual,
            "by_title": awards,
            "phrase": f"{collective} tập thể, {individual} cá nhân",
        },
    }


def _registration(document: RegisteredDocument | None) -> dict[str, Any] | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "number_text": document.number_text,
        "dated": document.dated,
        "summary": document.summary,
        "signer": document.signer,
    }


def full(request: HttpRequest, review: Review) -> dict[str, Any]:
    review = Review.objects.select_related("unit", "unit__parent").get(pk=review.pk)
    titles = title_names()
    registered = review_registration(review)
    links = review.award_links.select_related("award__unit").order_by("award__decision_date")
    return {
        **summary(review),
        "unit_name": review.unit.name,
        "kind_name": _(dict(Review.KIND_CHOICES)[review.kind]),
        "outline": [
            {
                "code": row.code,
                "number": row.full_number,
                "title": row.title,
                "depth": row.depth,
                "is_leaf": row.is_leaf,
            }
            for row in review_outline(active_regulation(), review.kind)
        ],
        "sections": dict(review.sections),
        "unedited": list(review.unedited),
        "conference": {
            "held_on": review.held_on,
            "place": review.place,
            "presided_by": review.presided_by,
            "attendance": review.attendance,
            "record": review.record,
        },
        "key_tasks": [
            {"kind": k.kind, "position": k.position, "text": k.text, "key": str(k.key)}
            for k in review.key_tasks.order_by("-kind", "position")
        ],
        "awards": [
            {
                "id": a.pk,
                "unit_code": a.unit.code,
                "recipient": a.recipient,
                "person_name": a.person_name,
                "title_code": a.title_code,
                "title_name": titles.get(a.title_code, a.title_code),
                "decision_number": a.decision_number,
                "decision_date": a.decision_date,
            }
            for a in (link.award for link in links)
        ],
        "registration": _registration(registered),
        "can_edit": review.status == Review.DRAFT and access.can_write(request.user, review.unit),
        "can_register": (
            review.status == Review.FINAL
            and registered is None
            and register_access.can_register(request.user, review.unit)
        ),
        "figures": figures_json(review_data(review)),
    }


def _conflict(review: Review, exc: ConflictError) -> Status[Any]:
    current = Review.objects.only("revision").get(pk=review.pk).revision
    return Status(409, revision_conflict(exc, current))


# --- endpoints -------------------------------------------------------------------------------


@router.get("/reviews", response={200: list[ReviewSummary], 404: Error})
def list_reviews(request: HttpRequest, filters: Query[ReviewFilter]) -> list[dict[str, Any]]:
    """Reviews the caller sees, latest span first; ``unit`` narrows to that unit's subtree."""
    reviews = filtered(
        access.visible_reviews(request.user).select_related("unit"),
        unit__path__startswith=subtree_path(request, filters.unit),
        status=filters.status,
    )
    ordered = reviews.order_by("-ends_on", "unit__path", "-pk")
    return [summary(r) for r in ordered[page(filters.limit, filters.offset)]]


@router.post("/reviews", response={201: ReviewOut, 400: Error, 403: Error, 404: Error})
def create(request: HttpRequest, data: ReviewCreateIn) -> Status[Any]:
    """A new draft over [starts_on, ends_on], its narrative prefilled from the figures."""
    unit = unit_in_scope(request, data.unit_code)
    if not access.can_write(request.user, unit):
        raise HttpError(403, _refusal(unit))
    review = create_review(
        unit,
        title=data.title,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        by=request.user,
        indicators=data.indicators or None,
        kind=data.kind,
        subject=data.subject,
    )
    return Status(201, full(request, review))


@router.get("/reviews/{review_id}", response={200: ReviewOut, 404: Error})
def read(request: HttpRequest, review_id: int) -> dict[str, Any]:
    return full(request, _review(request, review_id))


@router.patch(
    "/reviews/{review_id}",
    response={200: ReviewOut, 400: Error, 403: Error, 404: Error, 409: RevisionConflictOut},
)
def update(request: HttpRequest, review_id: int, data: ReviewUpdateIn) -> Status[Any]:
    """Store an edit made on ``revision``; 409 when someone saved since (nothing is stored)."""
    review = _review(request, review_id, write=True)
    try:
        review = save_review(
            review,
            by=request.user,
            base_revision=data.revision,
            title=data.title,
            sections=data.sections,
            indicators=data.indicators,
        )
    except ConflictError as exc:
        return _conflict(review, exc)
    return Status(200, full(request, review))


@router.post(
    "/reviews/{review_id}/finish", response={200: ReviewOut, 400: Error, 403: Error, 404: Error}
)
def finish(request: HttpRequest, review_id: int) -> dict[str, Any]:
    review = _review(request, review_id, write=True)
    return full(request, finish_review(review, by=request.user))


WRITE_ANSWERS: dict[int, Any] = {
    200: ReviewOut,
    400: Error,
    403: Error,
    404: Error,
    409: RevisionConflictOut,
}


@router.put("/reviews/{review_id}/conference", response=WRITE_ANSWERS)
def conference(request: HttpRequest, review_id: int, data: ReviewConferenceIn) -> Status[Any]:
    """The conference (hội nghị sơ kết, tổng kết): when, where, who presided, who attended, a
    short record. Before or after the review is finished, as on the page."""
    review = _review(request, review_id, write=True)
    try:
        review = record_conference(
            review,
            by=request.user,
            base_revision=data.revision,
            held_on=data.held_on,
            place=data.place,
            presided_by=data.presided_by,
            attendance=data.attendance,
            record=data.record,
        )
    except ConflictError as exc:
        return _conflict(review, exc)
    return Status(200, full(request, review))


@router.put("/reviews/{review_id}/key-tasks", response=WRITE_ANSWERS)
def key_tasks(request: HttpRequest, review_id: int, data: ReviewKeyTasksIn) -> Status[Any]:
    """The key tasks and groups of solutions (while a draft); numbered by their order, each
    keeps its ``key`` by number, so a plan that took one on still covers it."""
    review = _review(request, review_id, write=True)
    try:
        review = set_key_tasks(
            review,
            by=request.user,
            base_revision=data.revision,
            tasks=list(data.tasks),
            solutions=list(data.solutions),
        )
    except ConflictError as exc:
        return _conflict(review, exc)
    return Status(200, full(request, review))


def _award(request: HttpRequest, award_id: int) -> Any:
    missing = _("Không có khen thưởng số %(id)s trong phạm vi của bạn") % {"id": award_id}
    return row_in_scope(request, award_access.get_award_for_user, award_id, missing)


@router.post(
    "/reviews/{review_id}/awards", response={200: ReviewOut, 400: Error, 403: Error, 404: Error}
)
def add_award(request: HttpRequest, review_id: int, data: ReviewAwardIn) -> dict[str, Any]:
    """Link an award of the register decided at the conference (of the review's subtree,
    decided since its start); linking it again changes nothing."""
    review = _review(request, review_id, write=True)
    link_award(review, _award(request, data.award_id), by=request.user)
    return full(request, review)


@router.delete(
    "/reviews/{review_id}/awards/{award_id}",
    response={200: ReviewOut, 403: Error, 404: Error},
)
def remove_award(request: HttpRequest, review_id: int, award_id: int) -> dict[str, Any]:
    review = _review(request, review_id, write=True)
    unlink_award(review, _award(request, award_id), by=request.user)
    return full(request, review)


@router.post(
    "/reviews/{review_id}/registration",
    response={201: ReviewOut, 400: Error, 403: Error, 404: Error},
)
def register(request: HttpRequest, review_id: int, data: ReviewRegistrationIn) -> Status[Any]:
    """Vào sổ văn bản đi: the finished review gets the next number of its unit's outgoing
    register, which its exports print from then on. 403 without ``document.register`` at the
    unit; 400 for a draft, a review already registered, or a secrecy the caller may not mark."""
    review = _review(request, review_id)
    if not register_access.can_register(request.user, review.unit):
        raise HttpError(
            403, _("Bạn không có quyền vào sổ văn bản của %(unit)s") % {"unit": review.unit.name}
        )
    register_review(review, by=request.user, **data.model_dump())
    return Status(201, full(request, review))


@router.get("/reviews/{review_id}/export", response={404: Error})
def export(request: HttpRequest, review_id: int, options: Query[ExportFilter]) -> HttpResponse:
    """The official DOCX (``format=docx``; ``send_to``: the chain it goes up where the unit
    has two, see docs/reviews.md) or the XLSX of the figures (``format=xlsx``)."""
    review = _review(request, review_id)
    data = review_data(review)
    if options.format == "xlsx":
        return download(review_spreadsheet(data), review_file_names(review))
    return download(review_document(data, send_to=options.send_to), review_file_names(review))
