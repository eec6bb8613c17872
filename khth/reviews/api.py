"""/api/v1/reviews — reviews (sơ kết, tổng kết) of a unit's subtree over any span: list, create
(the draft's narrative prefilled from the figures), read with the figures computed now, edit
with a revision check, finish, and export as DOCX or XLSX.

Every fetch goes through khth.reviews.access (404 outside the caller's subtree, 403 inside it
without ``inspection.manage`` at the unit); every change calls khth.reviews.actions. The figures
are never stored: each read computes them from their sources, with links to those sources.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from khth.api.answers import revision_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import filtered, page
from khth.api.schemas import Day, Error, Limit, Offset, RevisionConflictOut
from khth.reviews import access
from khth.reviews.actions import (
    ConflictError,
    area_name,
    create_review,
    finish_review,
    save_review,
)
from khth.reviews.documents import (
    ReviewData,
    review_data,
    review_document,
    review_file_names,
    review_spreadsheet,
)
from khth.reviews.models import Review
from khth.units.models import Unit
from khth.web.downloads import download

router = Router(tags=["reviews"])


# --- shapes ----------------------------------------------------------------------------------


class ReviewSummary(Schema):
    id: int
    unit_code: str
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


class ReviewOut(ReviewSummary):
    unit_name: str
    # Narrative by outline section code (sanitised HTML).
    sections: dict[str, str]
    can_edit: bool
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


class ReviewUpdateIn(Schema):
    revision: int
    title: str | None = None
    # Only the sections given change; the others keep their text.
    sections: dict[str, str] | None = None
    indicators: list[str] | None = None


class ExportFilter(Schema):
    format: Literal["docx", "xlsx"] = "docx"


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


def full(request: HttpRequest, review: Review) -> dict[str, Any]:
    return {
        **summary(review),
        "unit_name": review.unit.name,
        "sections": dict(review.sections),
        "can_edit": review.status == Review.DRAFT and access.can_write(request.user, review.unit),
        "figures": figures_json(review_data(review)),
    }


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
        current = Review.objects.only("revision").get(pk=review.pk).revision
        return Status(409, revision_conflict(exc, current))
    return Status(200, full(request, review))


@router.post(
    "/reviews/{review_id}/finish", response={200: ReviewOut, 400: Error, 403: Error, 404: Error}
)
def finish(request: HttpRequest, review_id: int) -> dict[str, Any]:
    review = _review(request, review_id, write=True)
    return full(request, finish_review(review, by=request.user))


@router.get("/reviews/{review_id}/export", response={404: Error})
def export(request: HttpRequest, review_id: int, options: Query[ExportFilter]) -> HttpResponse:
    """The official DOCX (``format=docx``) or the XLSX of the figures (``format=xlsx``)."""
    review = _review(request, review_id)
    data = review_data(review)
    made = review_spreadsheet(data) if options.format == "xlsx" else review_document(data)
    return download(made, review_file_names(review))
