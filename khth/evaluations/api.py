"""/api/v1/evaluations — list, open, read (scores with their evidence, vetoes, the level, what the
caller may do), the self-assessment with a version check, refreshing the evidence, submit,
return, review, decide; and the summary of a period across the units under one.

Every fetch goes through khth.evaluations.access: an evaluation or unit outside the caller's
subtree is 404. Every change calls khth.evaluations.actions.

Refusals, the same on every endpoint:
- 404 — outside the caller's scope (or no such evaluation or unit);
- 403 — the caller does not hold the step's role: self-assessing (save, refresh, submit) belongs
  to the unit's own people, reviewing and returning to its direct superior, deciding to the
  competent level. The endpoint asks ``access.can`` before calling the action, so whoever is not
  in that role gets 403 whatever the evaluation's state;
- 409 — the evaluation changed since the ``version`` the caller read;
- 400 — every other refusal of an action (EvaluationError: the wrong state, the order of levels,
  a score out of bounds or without its note — then with ``problems`` —, a level above what the
  scores allow, the quota), with the action's message;
- 422 — a body or query that is not of the documented shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from khth.api.answers import content_problems, version_conflict
from khth.api.fetch import row_in_scope, subtree_path, unit_in_scope
from khth.api.query import filtered, page
from khth.api.schemas import (
    Code,
    ContentProblemsOut,
    Error,
    Limit,
    LongText,
    Offset,
    StrictBody,
    VersionConflictOut,
)
from khth.evaluations import access
from khth.evaluations.actions import (
    ConflictError,
    ContentError,
    Entry,
    decide_evaluation,
    effective_points,
    open_evaluation,
    refresh_evidence,
    return_evaluation,
    review_evaluation,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.documents import (
    STATUS_LABELS,
    EvaluationData,
    Summary,
    evaluation_data,
    evaluation_period,
    evaluation_summary,
    level_name,
)
from khth.evaluations.models import CriterionScore, Evaluation
from khth.evaluations.scoring import Classification, classify
from khth.periods import PeriodError, label_of, parse_period
from khth.regulations.access import active_regulation
from khth.regulations.schema import EvaluationLevel
from khth.reports.template import regulation_of

router = Router(tags=["evaluations"])


# Scores are stored with two decimals (six digits); the action checks the criterion's maximum.
Points = Annotated[Decimal, Field(ge=0, le=1000, max_digits=6, decimal_places=2)]


# --- shapes ----------------------------------------------------------------------------------


class EvaluationSummary(Schema):
    id: int
    unit_code: str
    unit_name: str
    period_id: str
    period_label: str
    status: str
    status_label: str
    version: int
    # By the reviewer's scores where given, else the unit's; and the vetoes.
    score: Decimal
    level: str
    proposed_level: str
    decided_level: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    decided_at: dt.datetime | None


class EvaluationLinkOut(Schema):
    label: str
    url: str


class EvaluationEvidenceOut(Schema):
    summary: str
    value: str
    links: list[EvaluationLinkOut]
    available: bool


class ScoreOut(Schema):
    code: str
    name: str
    max_points: int
    guidance: str
    self_points: Decimal | None
    self_note: str
    suggested_points: Decimal | None
    # What the system found, when the criterion is bound to a fact it knows.
    evidence: EvaluationEvidenceOut | None
    review_points: Decimal | None
    review_reason: str
    points: Decimal | None  # the reviewer's where given, else the unit's


class GroupOut(Schema):
    code: str
    name: str
    max_points: int
    self_points: Decimal
    points: Decimal
    criteria: list[ScoreOut]


class VetoOut(Schema):
    code: str
    name: str
    cap_level: str
    source: str  # "automatic" (found in the figures) or "manual" (marked by the reviewer)
    note: str


class VetoRuleOut(Schema):
    code: str
    name: str
    cap_level: str
    automatic: bool


class LevelOut(Schema):
    code: str
    name: str
    min_score: float


class ClassificationOut(Schema):
    score: Decimal
    by_score: str
    level: str
    level_name: str
    capped_by: list[str]


class PermissionsOut(Schema):
    # The caller's roles for this unit.
    self_assess: bool
    review: bool
    decide: bool
    # What the caller may do now (role and state).
    can_edit: bool
    can_refresh: bool
    can_submit: bool
    can_return: bool
    can_review: bool
    can_decide: bool


class EvaluationOut(EvaluationSummary):
    regulation_version: str
    period_start: dt.date
    period_end: dt.date
    reviewer_unit_code: str | None
    decider_unit_code: str | None
    self_note: str
    review_note: str
    decision_note: str
    submitted_by: str | None
    reviewed_by: str | None
    decided_by: str | None
    groups: list[GroupOut]
    vetoes: list[VetoOut]
    veto_rules: list[VetoRuleOut]
    levels: list[LevelOut]
    self_classification: ClassificationOut
    classification: ClassificationOut
    permissions: PermissionsOut


class EvaluationFilter(Schema):
    unit: str | None = None
    period: str | None = None
    status: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class EvaluationOpenIn(StrictBody):
    unit_code: Code
    period_id: Code


class SelfEntryIn(StrictBody):
    points: Points | None = None
    note: LongText = ""


class SelfIn(StrictBody):
    version: int
    scores: dict[Code, SelfEntryIn] = Field(default_factory=dict)
    # None leaves the general note as it is.
    note: LongText | None = None


class ReviewEntryIn(StrictBody):
    points: Points | None = None
    reason: LongText = ""


class ReviewIn(StrictBody):
    version: int
    scores: dict[Code, ReviewEntryIn] = Field(default_factory=dict)
    vetoes: dict[Code, LongText] = Field(default_factory=dict)
    note: LongText = ""


class EvaluationCommentIn(StrictBody):
    comment: LongText = ""


class DecideIn(StrictBody):
    # None: the level the reviewer proposed.
    level: Code | None = None
    note: LongText = ""


class GroupColumnOut(Schema):
    code: str
    name: str
    max_points: int


class SummaryRowOut(Schema):
    unit_code: str
    unit_name: str
    unit_level: str
    level_name: str  # of the unit's level in the tree ("Đại đội")
    depth: int  # below the unit asked for (1: a direct subordinate)
    evaluation_id: int | None
    status: str  # "" without an evaluation
    status_label: str
    group_points: dict[str, Decimal | None]
    score: Decimal | None
    vetoes: list[str]
    proposed_level: str
    decided_level: str


class DistributionOut(Schema):
    level: str  # "" for the units not decided yet
    name: str
    decided: int
    proposed: int  # proposed at this level and waiting for the decision
    percent: Decimal  # of the units listed, decided at this level


class RankOut(Schema):
    rank: int
    unit_code: str
    unit_name: str
    score: Decimal
    level: str  # decided, else proposed, else by the scores
    level_name: str


class SummaryOut(Schema):
    unit_code: str
    period_id: str
    period_label: str
    whole_subtree: bool
    groups: list[GroupColumnOut]
    levels: list[LevelOut]
    rows: list[SummaryRowOut]
    distribution: list[DistributionOut]
    ranking: list[RankOut]


class SummaryFilter(Schema):
    all_: bool = Field(False, alias="all")


# --- fetching through the access helpers -----------------------------------------------------


def _refusal(evaluation: Evaluation, role: str) -> str:
    # The same words as the actions use for the same refusal.
    unit = evaluation.unit.name
    if role == access.SELF:
        return _("Chỉ đơn vị %(unit)s tự đánh giá") % {"unit": unit}
    if role == access.REVIEW:
        return _("Chỉ cấp trên trực tiếp của %(unit)s nhận xét, đề nghị") % {"unit": unit}
    return _("Bạn không phải cấp có thẩm quyền quyết định xếp loại %(unit)s") % {"unit": unit}


def _evaluation(request: HttpRequest, evaluation_id: int, role: str | None = None) -> Evaluation:
    """The evaluation, or 404 outside the caller's subtree / 403 when ``role`` is not theirs."""
    missing = _("Không có bản đánh giá số %(id)s trong phạm vi của bạn") % {"id": evaluation_id}
    evaluation = row_in_scope(request, access.get_evaluation_for_user, evaluation_id, missing)
    if role is not None and not access.can(
        request.user, evaluation.unit, role, regulation_of(evaluation.regulation)
    ):
        raise HttpError(403, _refusal(evaluation, role))
    return evaluation


# --- output ----------------------------------------------------------------------------------


def _classification(result: Classification) -> dict[str, Any]:
    return {
        "score": result.score,
        "by_score": result.by_score.code,
        "level": result.level.code,
        "level_name": result.level.name,
        "capped_by": list(result.capped_by),
    }


def summary(evaluation: Evaluation, current: Classification) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "unit_code": evaluation.unit.code,
        "unit_name": evaluation.unit.name,
        "period_id": evaluation.period_id,
        "period_label": label_of(evaluation.period_id),
        "status": evaluation.status,
        "status_label": _(STATUS_LABELS.get(evaluation.status, evaluation.status)),
        "version": evaluation.version,
        "score": current.score,
        "level": current.level.code,
        "proposed_level": evaluation.proposed_level,
        "decided_level": evaluation.decided_level,
        "updated_at": evaluation.updated_at,
        "submitted_at": evaluation.submitted_at,
        "reviewed_at": evaluation.reviewed_at,
        "decided_at": evaluation.decided_at,
    }


def _evidence(score: CriterionScore | None) -> dict[str, Any] | None:
    if score is None or not score.evidence:
        return None
    found = score.evidence
    links = [
        {"label": str(link[0]), "url": str(link[1])}
        for link in found.get("links", [])
        if isinstance(link, list | tuple) and len(link) == 2
    ]
    return {
        "summary": str(found.get("summary", "")),
        "value": str(found.get("value", "")),
        "links": links,
        "available": bool(found.get("available", True)),
    }


def _score(criterion: Any, score: CriterionScore | None) -> dict[str, Any]:
    return {
        "code": criterion.code,
        "name": criterion.name,
        "max_points": criterion.max_points,
        "guidance": criterion.guidance,
        "self_points": score.self_points if score else None,
        "self_note": score.self_note if score else "",
        "suggested_points": score.suggested_points if score else None,
        "evidence": _evidence(score),
        "review_points": score.review_points if score else None,
        "review_reason": score.review_reason if score else "",
        "points": effective_points(score) if score else None,
    }


def _levels(levels: Iterable[EvaluationLevel]) -> list[dict[str, Any]]:
    return [{"code": lv.code, "name": lv.name, "min_score": lv.min_score} for lv in levels]


def _total(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _permissions(request: HttpRequest, data: EvaluationData) -> dict[str, bool]:
    ev = data.evaluation
    own = access.can(request.user, ev.unit, access.SELF, data.regulation)
    review = access.can(request.user, ev.unit, access.REVIEW, data.regulation)
    decide = access.can(request.user, ev.unit, access.DECISION, data.regulation)
    draft = ev.status == Evaluation.DRAFT
    submitted = ev.status == Evaluation.SUBMITTED
    return {
        "self_assess": own,
        "review": review,
        "decide": decide,
        "can_edit": own and draft,
        "can_refresh": own and draft,
        "can_submit": own and draft,
        "can_return": review and submitted,
        "can_review": review and submitted,
        "can_decide": decide and ev.status == Evaluation.REVIEWED,
    }


def _name(user: Any) -> str | None:
    return user.full_name if user is not None else None


def full(request: HttpRequest, evaluation: Evaluation) -> dict[str, Any]:
    data = evaluation_data(evaluation)
    ev, reg = data.evaluation, data.regulation
    rules = reg.evaluation
    caps = {v.code: v for v in rules.vetoes}
    groups = []
    for group in rules.groups:
        scores = [data.scores.get(c.code) for c in group.criteria]
        groups.append(
            {
                "code": group.code,
                "name": group.name,
                "max_points": sum(c.max_points for c in group.criteria),
                "self_points": _total([s.self_points if s else None for s in scores]),
                "points": _total([effective_points(s) if s else None for s in scores]),
                "criteria": [_score(c, s) for c, s in zip(group.criteria, scores, strict=True)],
            }
        )
    current = data.current
    return {
        **summary(ev, current),
        "regulation_version": ev.regulation.version,
        "period_start": ev.period_start,
        "period_end": ev.period_end,
        "reviewer_unit_code": ev.unit.parent.code if ev.unit.parent else None,
        "decider_unit_code": data.decider.code if data.decider else None,
        "self_note": ev.self_note,
        "review_note": ev.review_note,
        "decision_note": ev.decision_note,
        "submitted_by": _name(ev.submitted_by),
        "reviewed_by": _name(ev.reviewed_by),
        "decided_by": _name(ev.decided_by),
        "groups": groups,
        "vetoes": [
            {
                "code": v.veto_code,
                "name": caps[v.veto_code].name if v.veto_code in caps else v.veto_code,
                "cap_level": caps[v.veto_code].cap_level if v.veto_code in caps else "",
                "source": v.source,
                "note": v.note,
            }
            for v in data.vetoes
        ],
        "veto_rules": [
            {
                "code": v.code,
                "name": v.name,
                "cap_level": v.cap_level,
                "automatic": v.evidence is not None,
            }
            for v in rules.vetoes
        ],
        "levels": _levels(rules.levels),
        "self_classification": _classification(data.own),
        "classification": _classification(current),
        "permissions": _permissions(request, data),
    }


def _conflict(evaluation: Evaluation, exc: ConflictError) -> dict[str, Any]:
    current = Evaluation.objects.values_list("version", flat=True).get(pk=evaluation.pk)
    return version_conflict(exc, current)


# --- list, open, read ------------------------------------------------------------------------


@router.get("/evaluations", response={200: list[EvaluationSummary], 404: Error})
def list_evaluations(
    request: HttpRequest, filters: Query[EvaluationFilter]
) -> list[dict[str, Any]]:
    """Evaluations in the caller's scope; ``unit`` narrows to that unit's subtree."""
    evaluations = filtered(
        access.visible_evaluations(request.user)
        .select_related("unit", "regulation")
        .prefetch_related("scores", "vetoes"),
        unit__path__startswith=subtree_path(request, filters.unit),
        period_id=filters.period,
        status=filters.status,
    )
    ordered = evaluations.order_by("-period_start", "unit__path")
    out = []
    for evaluation in ordered[page(filters.limit, filters.offset)]:
        rules = regulation_of(evaluation.regulation).evaluation
        current = classify(
            rules,
            [effective_points(s) for s in evaluation.scores.all()],
            [v.veto_code for v in evaluation.vetoes.all()],
        )
        out.append(summary(evaluation, current))
    return out


@router.post(
    "/evaluations",
    response={200: EvaluationOut, 201: EvaluationOut, 400: Error, 403: Error, 404: Error},
)
def open_(request: HttpRequest, data: EvaluationOpenIn) -> Status[Any]:
    """Open the unit's evaluation of the period, every criterion pre-scored from the evidence
    (201); one that exists already is returned as it is (200). The unit's own people open it
    (403 for others)."""
    unit = unit_in_scope(request, data.unit_code)
    if not access.can(request.user, unit, access.SELF, active_regulation()):
        raise HttpError(403, _("Chỉ đơn vị %(unit)s tự đánh giá") % {"unit": unit.name})
    try:
        period = parse_period(data.period_id)
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from None
    existed = Evaluation.objects.filter(unit=unit, period_id=period.id).exists()
    evaluation = open_evaluation(unit, period.id, by=request.user)
    return Status(200 if existed else 201, full(request, evaluation))


@router.get("/evaluations/{evaluation_id}", response={200: EvaluationOut, 404: Error})
def read(request: HttpRequest, evaluation_id: int) -> dict[str, Any]:
    """Scores by group with their evidence, the vetoes, the level by the unit's scores and by
    the current ones, and what the caller may do."""
    return full(request, _evaluation(request, evaluation_id))


# --- self-assessment -------------------------------------------------------------------------


@router.patch(
    "/evaluations/{evaluation_id}/self",
    response={
        200: EvaluationOut,
        400: ContentProblemsOut | Error,
        403: Error,
        404: Error,
        409: VersionConflictOut,
    },
)
def save_self(request: HttpRequest, evaluation_id: int, data: SelfIn) -> Status[Any]:
    """Store the unit's scores (and notes) made on ``version``: 409 when it changed since, 400
    naming each problem (nothing is stored then). ``points: null`` clears a score."""
    evaluation = _evaluation(request, evaluation_id, access.SELF)
    entries = {code: Entry(e.points, e.note) for code, e in data.scores.items()}
    try:
        evaluation = save_self_assessment(
            evaluation, entries, by=request.user, base_version=data.version, note=data.note
        )
    except ConflictError as exc:
        return Status(409, _conflict(evaluation, exc))
    except ContentError as exc:
        return Status(400, content_problems(exc.problems))
    return Status(200, full(request, evaluation))


@router.post(
    "/evaluations/{evaluation_id}/refresh",
    response={200: EvaluationOut, 400: Error, 403: Error, 404: Error},
)
def refresh(request: HttpRequest, evaluation_id: int) -> dict[str, Any]:
    """Gather the evidence again; scores the unit typed stay."""
    evaluation = _evaluation(request, evaluation_id, access.SELF)
    return full(request, refresh_evidence(evaluation, by=request.user))


@router.post(
    "/evaluations/{evaluation_id}/submit",
    response={200: EvaluationOut, 400: ContentProblemsOut | Error, 403: Error, 404: Error},
)
def submit(request: HttpRequest, evaluation_id: int) -> Status[Any]:
    """Send the self-assessment up: every criterion scored, a hand score with its note (else
    400 with the problems), every direct subordinate decided first (else 400)."""
    evaluation = _evaluation(request, evaluation_id, access.SELF)
    try:
        evaluation = submit_evaluation(evaluation, by=request.user)
    except ContentError as exc:
        return Status(
            400,
            {
                **content_problems(exc.problems),
                "detail": _("Chưa gửi được: còn tiêu chí chưa chấm đủ"),
            },
        )
    return Status(200, full(request, evaluation))


# --- review and decision ---------------------------------------------------------------------


@router.post(
    "/evaluations/{evaluation_id}/return",
    response={200: EvaluationOut, 400: Error, 403: Error, 404: Error},
)
def return_(request: HttpRequest, evaluation_id: int, data: EvaluationCommentIn) -> dict[str, Any]:
    """The direct superior sends the self-assessment back, saying what to redo."""
    evaluation = _evaluation(request, evaluation_id, access.REVIEW)
    return full(request, return_evaluation(evaluation, by=request.user, comment=data.comment))


def _review(request: HttpRequest, evaluation_id: int, data: ReviewIn) -> Status[Any]:
    evaluation = _evaluation(request, evaluation_id, access.REVIEW)
    entries = {code: Entry(e.points, e.reason) for code, e in data.scores.items()}
    try:
        evaluation = review_evaluation(
            evaluation,
            entries,
            by=request.user,
            base_version=data.version,
            note=data.note,
            vetoes=data.vetoes,
        )
    except ConflictError as exc:
        return Status(409, _conflict(evaluation, exc))
    except ContentError as exc:
        return Status(400, content_problems(exc.problems))
    return Status(200, full(request, evaluation))


REVIEW_RESPONSES: dict[int, Any] = {
    200: EvaluationOut,
    400: ContentProblemsOut | Error,
    403: Error,
    404: Error,
    409: VersionConflictOut,
}


@router.patch("/evaluations/{evaluation_id}/review", response=REVIEW_RESPONSES)
def review_patch(request: HttpRequest, evaluation_id: int, data: ReviewIn) -> Status[Any]:
    """The direct superior's review, made on ``version``: a changed score needs its reason
    (both scores are kept), a veto the system cannot see is marked with a reason; the level
    proposed follows from the scores and vetoes. 409 when the evaluation changed since."""
    return _review(request, evaluation_id, data)


@router.post("/evaluations/{evaluation_id}/review", response=REVIEW_RESPONSES)
def review_post(request: HttpRequest, evaluation_id: int, data: ReviewIn) -> Status[Any]:
    """The same as PATCH, for clients that only POST."""
    return _review(request, evaluation_id, data)


@router.post(
    "/evaluations/{evaluation_id}/decide",
    response={200: EvaluationOut, 400: Error, 403: Error, 404: Error},
)
def decide(request: HttpRequest, evaluation_id: int, data: DecideIn) -> dict[str, Any]:
    """The competent level decides (``level`` null: the proposed one); another level than
    proposed needs a note. Refused with 400 and the counts when the quota would be exceeded.
    The evaluation is locked afterwards."""
    evaluation = _evaluation(request, evaluation_id, access.DECISION)
    decided = decide_evaluation(evaluation, by=request.user, level=data.level, note=data.note)
    return full(request, decided)


# --- the summary across units ----------------------------------------------------------------


def _summary_out(found: Summary) -> dict[str, Any]:
    reg = found.regulation
    groups = reg.evaluation.groups
    rows = []
    for row in found.rows:
        rows.append(
            {
                "unit_code": row.unit.code,
                "unit_name": row.unit.name,
                "unit_level": row.unit.level,
                "level_name": row.level_name,
                "depth": row.depth,
                "evaluation_id": row.evaluation.pk if row.evaluation else None,
                "status": row.status,
                "status_label": _(STATUS_LABELS[row.status])
                if row.evaluation is not None
                else _("Chưa mở đánh giá"),
                "group_points": {g.code: p for g, p in zip(groups, row.group_points, strict=True)},
                "score": row.score,
                "vetoes": list(row.vetoes),
                "proposed_level": row.proposed,
                "decided_level": row.decided,
            }
        )
    return {
        "unit_code": found.root.code,
        "period_id": found.period.id,
        "period_label": found.period.label,
        "whole_subtree": found.whole_subtree,
        "groups": [
            {"code": g.code, "name": g.name, "max_points": sum(c.max_points for c in g.criteria)}
            for g in groups
        ],
        "levels": _levels(reg.evaluation.levels),
        "rows": rows,
        "distribution": [
            {
                "level": c.code,
                "name": c.name if c.code else _("Chưa quyết định"),
                "decided": c.decided,
                "proposed": c.proposed,
                "percent": (c.share * 100).quantize(Decimal("0.1")),
            }
            for c in found.distribution()
        ],
        "ranking": [
            {
                "rank": r.rank,
                "unit_code": r.row.unit.code,
                "unit_name": r.row.unit.name,
                "score": r.row.score,
                "level": r.row.final,
                "level_name": level_name(r.row.regulation or reg, r.row.final),
            }
            for r in found.ranking()
        ],
    }


@router.get(
    "/units/{code}/evaluations/{period}/summary",
    response={200: SummaryOut, 400: Error, 403: Error, 404: Error},
)
def unit_summary(
    request: HttpRequest, code: str, period: str, filters: Query[SummaryFilter]
) -> dict[str, Any]:
    """The evaluations of ``period`` across the units under ``code`` as the tree stood on the
    period's last day — its direct subordinates, or with ``?all=true`` the whole subtree — with
    the distribution of the levels decided (counts and percentages of the units listed) and a
    ranking (by the level that counts now, then by score). 400 for a period that is not
    evaluated (six-monthly and yearly by default)."""
    unit = unit_in_scope(request, code)
    found = evaluation_period(period)
    return _summary_out(
        evaluation_summary(unit, found, whole_subtree=filters.all_, user=request.user)
    )
