"""Every change to evaluations: open (with the evidence pre-scored), save the self-assessment,
submit, return, review, decide. One transaction each, audited, people notified.

Order: a unit submits its self-assessment only when every direct subordinate's evaluation for
the period is decided ("cấp dưới trước, cấp trên sau").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.evaluations import access
from khth.evaluations.evidence import Gatherer
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.evaluations.scoring import Classification, check_quota, classify, rank
from khth.lib import clock
from khth.lib.errors import ActionRefused, ContentRefused
from khth.notifications.actions import in_system_language, notify
from khth.periods import Period, PeriodError, parse_period
from khth.regulations.schema import Criterion, Regulation
from khth.reports.template import regulation_of
from khth.units.models import Unit
from khth.units.regulation import version_for


class EvaluationError(ActionRefused):
    """A refused evaluation action; the message says why, in the user's language."""


class ContentError(ContentRefused, EvaluationError):
    """Entered content that cannot be stored; ``problems`` name each place."""


class ConflictError(EvaluationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Bản đánh giá đã được người khác sửa sau khi bạn mở nó. Thay đổi của bạn chưa "
                "được lưu: hãy tải lại trang rồi sửa lại."
            )
        )


@dataclass(frozen=True)
class Entry:
    """A score typed for one criterion, with its note (self-assessment) or reason (review)."""

    points: Decimal | None
    note: str = ""


# --- reading ---------------------------------------------------------------------------------


def rules_of(evaluation: Evaluation) -> Regulation:
    return regulation_of(evaluation.regulation)


def criteria(regulation: Regulation) -> list[Criterion]:
    return [c for group in regulation.evaluation.groups for c in group.criteria]


def effective_points(score: CriterionScore) -> Decimal | None:
    return score.review_points if score.review_points is not None else score.self_points


def classification(evaluation: Evaluation, *, reviewed: bool = True) -> Classification:
    """The level by the current scores (the reviewer's where given) and the vetoes."""
    scores = list(evaluation.scores.all())
    points = [effective_points(s) if reviewed else s.self_points for s in scores]
    vetoes = [v.veto_code for v in evaluation.vetoes.all()]
    return classify(rules_of(evaluation).evaluation, points, vetoes)


def period_of_evaluation(evaluation: Evaluation) -> Period:
    return parse_period(evaluation.period_id)


# --- open ------------------------------------------------------------------------------------


@transaction.atomic
def open_evaluation(
    unit: Unit, period_id: str, *, by: Any, today: dt.date | None = None
) -> Evaluation:
    """The unit's evaluation of the period, created with every criterion pre-scored from the
    evidence where the system has it."""
    existing = Evaluation.objects.filter(unit=unit, period_id=period_id).first()
    if existing is not None:
        return existing
    # The regulation the unit follows; the evaluation keeps it. Raises RegulationNotLoaded
    # before anything else.
    version = version_for(unit)
    regulation = regulation_of(version)
    rules = regulation.evaluation
    try:
        period = parse_period(period_id)
    except PeriodError as exc:
        raise EvaluationError(str(exc)) from None
    if period.type.value not in rules.periods:
        raise EvaluationError(
            _("Đánh giá theo kỳ %(periods)s: kỳ %(period)s không hợp")
            % {"periods": ", ".join(rules.periods), "period": period.label}
        )
    if unit.parent_id is None:
        raise EvaluationError(_("Đơn vị cao nhất không có cấp trên đánh giá"))
    if not unit.is_active_on(period.end) and not unit.is_active_on(period.start):
        raise EvaluationError(
            _("%(unit)s không tồn tại trong %(period)s")
            % {"unit": unit.name, "period": period.label}
        )
    now = clock.now()
    evaluation = Evaluation.objects.create(
        unit=unit,
        regulation=version,
        period_id=period.id,
        period_start=period.start,
        period_end=period.end,
        created_at=now,
        updated_at=now,
    )
    _gather(evaluation, regulation, today or clock.today())
    log_action(
        "evaluations.evaluation.opened",
        evaluation,
        by=by,
        unit_path=unit.path,
        after={"period": period.id},
    )
    return evaluation


def _gather(evaluation: Evaluation, regulation: Regulation, today: dt.date) -> None:
    gatherer = Gatherer(evaluation.unit, period_of_evaluation(evaluation), regulation, today)
    stored = {s.criterion_code: s for s in evaluation.scores.all()}
    for criterion in criteria(regulation):
        fact = gatherer.fact(criterion)
        score = stored.get(criterion.code) or CriterionScore(
            evaluation=evaluation, criterion_code=criterion.code
        )
        score.evidence = fact.as_json() if fact is not None else {}
        previous = score.suggested_points
        score.suggested_points = fact.points if fact is not None else None
        # A pre-score follows the evidence until the unit types its own figure.
        if score.self_points is None or score.self_points == previous:
            score.self_points = score.suggested_points
        score.save()
    evaluation.vetoes.filter(source=VetoMark.AUTOMATIC).delete()
    for code, fact in gatherer.vetoes().items():
        VetoMark.objects.create(evaluation=evaluation, veto_code=code, note=fact.summary)


@transaction.atomic
def refresh_evidence(
    evaluation: Evaluation, *, by: Any, today: dt.date | None = None
) -> Evaluation:
    """Gather the evidence again (reports accepted since the evaluation was opened)."""
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.DRAFT:
        raise EvaluationError(_("Chỉ cập nhật bằng chứng khi đơn vị đang tự đánh giá"))
    _require(by, evaluation, access.SELF)
    _gather(evaluation, rules_of(evaluation), today or clock.today())
    _touch(evaluation)
    log_action(
        "evaluations.evaluation.refreshed", evaluation, by=by, unit_path=evaluation.unit.path
    )
    return evaluation


# --- self-assessment -------------------------------------------------------------------------


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "regulation")
        .get(pk=evaluation.pk)
    )


def _require(by: Any, evaluation: Evaluation, role: str) -> None:
    if not access.can(by, evaluation.unit, role, rules_of(evaluation)):
        messages = {
            access.SELF: _("Chỉ đơn vị %(unit)s tự đánh giá"),
            access.REVIEW: _("Chỉ cấp trên trực tiếp của %(unit)s nhận xét, đề nghị"),
            access.DECISION: _("Bạn không phải cấp có thẩm quyền quyết định xếp loại %(unit)s"),
        }
        raise EvaluationError(messages[role] % {"unit": evaluation.unit.name})


def _tell(
    people: QuerySet[Any], evaluation: Evaluation, message: str, params: dict[str, Any], by: Any
) -> None:
    """Notify ``people`` of a step of ``evaluation`` (``message`` with ``params``, in the system's
    language), linking to it; not the person who took the step."""
    notify(
        people,
        in_system_language(message, params),
        link=reverse("evaluation-detail", args=[evaluation.pk]),
        exclude=by,
    )


def _touch(evaluation: Evaluation) -> None:
    evaluation.version += 1
    evaluation.updated_at = clock.now()
    evaluation.save(update_fields=["version", "updated_at"])


def _check_points(
    regulation: Regulation, entries: Mapping[str, Entry], problems: list[tuple[str, str]]
) -> dict[str, Criterion]:
    known = {c.code: c for c in criteria(regulation)}
    for code, entry in entries.items():
        criterion = known.get(code)
        if criterion is None:
            problems.append((code, _("không có tiêu chí này trong quy định")))
            continue
        if entry.points is not None and not 0 <= entry.points <= criterion.max_points:
            problems.append(
                (
                    criterion.name,
                    _("điểm phải từ 0 đến %(max)s") % {"max": criterion.max_points},
                )
            )
    return known


@transaction.atomic
def save_self_assessment(
    evaluation: Evaluation,
    entries: Mapping[str, Entry],
    *,
    by: Any,
    base_version: int,
    note: str | None = None,
) -> Evaluation:
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.DRAFT:
        raise EvaluationError(_("Đã gửi tự đánh giá: không sửa được"))
    _require(by, evaluation, access.SELF)
    if evaluation.version != base_version:
        raise ConflictError()
    problems: list[tuple[str, str]] = []
    _check_points(rules_of(evaluation), entries, problems)
    if problems:
        raise ContentError(problems)
    scores = {s.criterion_code: s for s in evaluation.scores.all()}
    for code, entry in entries.items():
        score = scores[code]
        score.self_points = entry.points
        score.self_note = entry.note.strip()
        score.save(update_fields=["self_points", "self_note"])
    if note is not None:
        evaluation.self_note = note.strip()
        evaluation.save(update_fields=["self_note"])
    _touch(evaluation)
    log_action(
        "evaluations.evaluation.saved",
        evaluation,
        by=by,
        unit_path=evaluation.unit.path,
        after={code: str(e.points) for code, e in entries.items()},
    )
    return evaluation


def pending_subordinates(evaluation: Evaluation) -> list[Unit]:
    """Direct subordinates (active in the period) whose evaluation is not decided yet."""
    children = [
        u
        for u in Unit.objects.filter(parent=evaluation.unit).order_by("path")
        if u.is_active_on(evaluation.period_end)
    ]
    decided = set(
        Evaluation.objects.filter(
            unit__in=children, period_id=evaluation.period_id, status=Evaluation.DECIDED
        ).values_list("unit_id", flat=True)
    )
    return [u for u in children if u.pk not in decided]


@transaction.atomic
def submit_evaluation(evaluation: Evaluation, *, by: Any) -> Evaluation:
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.DRAFT:
        raise EvaluationError(_("Bản tự đánh giá đã gửi"))
    _require(by, evaluation, access.SELF)
    pending = pending_subordinates(evaluation)
    if pending:
        raise EvaluationError(
            _(
                "Cấp dưới đánh giá trước, cấp trên sau: chưa có quyết định xếp loại của "
                "%(units)s kỳ này"
            )
            % {"units": ", ".join(u.short_name or u.name for u in pending)}
        )
    problems: list[tuple[str, str]] = []
    known = {c.code: c for c in criteria(rules_of(evaluation))}
    for score in evaluation.scores.all():
        criterion = known[score.criterion_code]
        if score.self_points is None:
            problems.append((criterion.name, _("chưa chấm điểm")))
        elif score.self_points != score.suggested_points and not score.self_note:
            problems.append((criterion.name, _("chấm tay phải ghi căn cứ")))
    if problems:
        raise ContentError(problems)
    evaluation.status = Evaluation.SUBMITTED
    evaluation.submitted_at = clock.now()
    evaluation.submitted_by = by
    evaluation.save(update_fields=["status", "submitted_at", "submitted_by"])
    _touch(evaluation)
    result = classification(evaluation, reviewed=False)
    log_action(
        "evaluations.evaluation.submitted",
        evaluation,
        by=by,
        unit_path=evaluation.unit.path,
        after={"score": str(result.score), "level": result.level.code},
    )
    _tell(
        access.reviewers_of(evaluation.unit),
        evaluation,
        gettext_noop("%(unit)s đã gửi tự đánh giá kỳ %(period)s"),
        {"unit": evaluation.unit.short_name, "period": evaluation.period_id},
        by,
    )
    return evaluation


@transaction.atomic
def return_evaluation(evaluation: Evaluation, *, by: Any, comment: str) -> Evaluation:
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.SUBMITTED:
        raise EvaluationError(_("Chỉ trả lại được bản tự đánh giá đang chờ nhận xét"))
    _require(by, evaluation, access.REVIEW)
    if not comment.strip():
        raise EvaluationError(_("Trả lại phải ghi nhận xét: cần làm lại gì"))
    evaluation.status = Evaluation.DRAFT
    evaluation.review_note = comment.strip()
    evaluation.save(update_fields=["status", "review_note"])
    _touch(evaluation)
    log_action(
        "evaluations.evaluation.returned",
        evaluation,
        by=by,
        unit_path=evaluation.unit.path,
        note=comment.strip(),
    )
    _tell(
        access.assessors_of(evaluation.unit),
        evaluation,
        gettext_noop("Cấp trên trả lại bản tự đánh giá kỳ %(period)s: %(text)s"),
        {"period": evaluation.period_id, "text": comment.strip()},
        by,
    )
    return evaluation


# --- review and decision ---------------------------------------------------------------------


@transaction.atomic
def review_evaluation(
    evaluation: Evaluation,
    entries: Mapping[str, Entry],
    *,
    by: Any,
    base_version: int,
    note: str = "",
    vetoes: Mapping[str, str] | None = None,
) -> Evaluation:
    """The superior's review: a score changed only with a reason (both kept), vetoes the system
    cannot see marked with a reason; the level proposed follows."""
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.SUBMITTED:
        raise EvaluationError(_("Chỉ nhận xét được bản tự đánh giá đã gửi"))
    _require(by, evaluation, access.REVIEW)
    if evaluation.version != base_version:
        raise ConflictError()
    regulation = rules_of(evaluation)
    problems: list[tuple[str, str]] = []
    known = _check_points(regulation, entries, problems)
    scores = {s.criterion_code: s for s in evaluation.scores.all()}
    for code, entry in entries.items():
        if code not in known:
            continue
        score = scores[code]
        changed = entry.points is not None and entry.points != score.self_points
        if changed and not entry.note.strip():
            problems.append((known[code].name, _("đổi điểm của đơn vị phải ghi lý do")))
    veto_names = {v.code: v for v in regulation.evaluation.vetoes}
    for code, reason in (vetoes or {}).items():
        if code not in veto_names:
            problems.append((code, _("không có điều kiện này trong quy định")))
        elif not reason.strip():
            problems.append((veto_names[code].name, _("phải ghi lý do")))
    if problems:
        raise ContentError(problems)
    for code, entry in entries.items():
        score = scores[code]
        changed = entry.points is not None and entry.points != score.self_points
        score.review_points = entry.points if changed else None
        score.review_reason = entry.note.strip() if changed else ""
        score.save(update_fields=["review_points", "review_reason"])
    for code, reason in (vetoes or {}).items():
        VetoMark.objects.update_or_create(
            evaluation=evaluation,
            veto_code=code,
            defaults={"source": VetoMark.MANUAL, "note": reason.strip(), "marked_by": by},
        )
    result = classification(evaluation)
    evaluation.status = Evaluation.REVIEWED
    evaluation.review_note = note.strip()
    evaluation.proposed_level = result.level.code
    evaluation.reviewed_at = clock.now()
    evaluation.reviewed_by = by
    evaluation.save(
        update_fields=["status", "review_note", "proposed_level", "reviewed_at", "reviewed_by"]
    )
    _touch(evaluation)
    log_action(
        "evaluations.evaluation.reviewed",
        evaluation,
        by=by,
        unit_path=evaluation.unit.path,
        after={
            "score": str(result.score),
            "proposed": result.level.code,
            "changed": {c: str(e.points) for c, e in entries.items() if scores[c].review_points},
        },
    )
    _tell(
        access.deciders_of(evaluation.unit, regulation),
        evaluation,
        gettext_noop("Đề nghị xếp loại %(unit)s kỳ %(period)s: %(level)s"),
        {
            "unit": evaluation.unit.short_name,
            "period": evaluation.period_id,
            "level": result.level.name,
        },
        by,
    )
    return evaluation


def decided_together(evaluation: Evaluation) -> dict[int, str]:
    """The other evaluations of the period decided by the same unit at the same level, with
    their level (decided, or proposed while not decided): the group the quota counts in."""
    regulation = rules_of(evaluation)
    decider = access.decider_id(evaluation.unit, regulation)
    peers = Evaluation.objects.filter(
        period_id=evaluation.period_id, unit__level=evaluation.unit.level
    ).exclude(pk=evaluation.pk)
    # The deciding unit is anywhere on the path (paths start at the root), not only first.
    peers = peers.filter(unit__path__contains=f"/{decider}/") if decider else peers.none()
    peers = peers.select_related("unit")
    return {
        e.pk: e.decided_level or e.proposed_level
        for e in peers
        if access.decider_id(e.unit, regulation) == decider
        and (e.decided_level or e.proposed_level)
    }


@transaction.atomic
def decide_evaluation(
    evaluation: Evaluation, *, by: Any, level: str | None = None, note: str = ""
) -> Evaluation:
    """The competent level's decision; then the evaluation is locked. The quota is enforced
    here, among the units decided together."""
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.REVIEWED:
        raise EvaluationError(_("Chỉ quyết định được khi cấp trên trực tiếp đã nhận xét, đề nghị"))
    _require(by, evaluation, access.DECISION)
    regulation = rules_of(evaluation)
    rules = regulation.evaluation
    names = {lv.code: lv.name for lv in rules.levels}
    chosen = level or evaluation.proposed_level
    if chosen not in names:
        raise EvaluationError(_("Không có mức xếp loại «%(level)s»") % {"level": chosen})
    result = classification(evaluation)
    if rank(rules.levels, chosen) < rank(rules.levels, result.level.code):
        raise EvaluationError(
            _("Không xếp cao hơn «%(level)s»: %(why)s")
            % {
                "level": result.level.name,
                "why": _("điểm %(score)s") % {"score": result.score}
                if not result.capped_by
                else _("vướng điều kiện %(vetoes)s")
                % {"vetoes": ", ".join(_veto_name(regulation, c) for c in result.capped_by)},
            }
        )
    if chosen != evaluation.proposed_level and not note.strip():
        raise EvaluationError(_("Quyết định khác mức đề nghị phải ghi lý do"))
    quota = check_quota(rules, chosen, decided_together(evaluation))
    if quota is not None and not quota.allowed and rules.quota is not None:
        raise EvaluationError(
            _(
                "Vượt tỷ lệ: «%(limited)s» không quá %(ratio)s%% số được xếp «%(base)s» trở lên "
                "trong các đơn vị cùng đánh giá — %(base_count)s đơn vị «%(base)s» trở lên cho "
                "phép tối đa %(maximum)s; xếp thêm đơn vị này sẽ là %(count)s"
            )
            % {
                "limited": names[rules.quota.level],
                "ratio": f"{rules.quota.ratio * 100:g}",
                "base": names[rules.quota.max_ratio_of],
                "base_count": quota.base,
                "maximum": quota.maximum,
                "count": quota.limited,
            }
        )
    evaluation.status = Evaluation.DECIDED
    evaluation.decided_level = chosen
    evaluation.decision_note = note.strip()
    evaluation.decided_at = clock.now()
    evaluation.decided_by = by
    evaluation.save(
        update_fields=["status", "decided_level", "decision_note", "decided_at", "decided_by"]
    )
    _touch(evaluation)
    log_action(
        "evaluations.evaluation.decided",
        evaluation,
        by=by,
        unit_path=evaluation.unit.path,
        after={"level": chosen, "score": str(result.score)},
        note=note.strip(),
    )
    _tell(
        access.assessors_of(evaluation.unit),
        evaluation,
        gettext_noop("Quyết định xếp loại kỳ %(period)s: %(level)s"),
        {"period": evaluation.period_id, "level": names[chosen]},
        by,
    )
    return evaluation


def _veto_name(regulation: Regulation, code: str) -> str:
    for veto in regulation.evaluation.vetoes:
        if veto.code == code:
            return veto.name
    return code
