"""Evaluation pages: a unit's evaluations by period with, for a superior, the picture across its
subordinates; an evaluation's page with its scores, evidence, vetoes, history and the workflow
forms its reader may use.

The forms post to khth.evaluations.views.editing, which shows this same page again (through
``render_detail``) with what was typed and why it was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from khth.audit.actions import history_of
from khth.evaluations import access
from khth.evaluations.actions import (
    classification,
    effective_points,
    pending_subordinates,
    rules_of,
)
from khth.evaluations.charts import Band, Bar, Point, bar_chart, trend_chart
from khth.evaluations.forms import (
    DecisionForm,
    OpenForm,
    ReturnForm,
    shown_points,
)
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.evaluations.overview import (
    Standing,
    TrendPoint,
    default_period,
    overview,
    parse_or,
    period_choices,
    period_types,
    standing,
    trend,
    with_details,
)
from khth.lib import clock
from khth.periods import Period, PeriodType, parse_period
from khth.regulations.schema import Criterion, Regulation
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for
from khth.web.lists import choice_asked, parent_visible, unit_page
from khth.web.navigation import to_home_unit

# The kinds of form on an evaluation's page; each shows its own refusal (data-testid
# "<kind>-error").
SAVE, SUBMIT, REFRESH, REVIEW, RETURN, DECISION = (
    "save",
    "submit",
    "refresh",
    "review",
    "return",
    "decision",
)


def statuses() -> dict[str, str]:
    return {code: _(label) for code, label in Evaluation.STATUS_CHOICES}


def level_bands(regulation: Regulation) -> list[Band]:
    levels = regulation.evaluation.levels
    return [Band(lv.name, lv.min_score, i, i == len(levels) - 1) for i, lv in enumerate(levels)]


def trend_svg(
    points: list[TrendPoint], regulation: Regulation, chart_id: str, title: str
) -> SafeString:
    return trend_chart(
        [
            Point(
                p.period.label,
                p.standing.score,
                p.standing.level_name,
                p.standing.rank,
                p.standing.lowest,
            )
            for p in points
        ],
        level_bands(regulation),
        total=regulation.evaluation.total_points,
        chart_id=chart_id,
        title=title,
    )


# --- the navigation's «Đánh giá» -------------------------------------------------------------


@login_required
def evaluations_home(request: HttpRequest) -> HttpResponse:
    """The evaluation page of the user's own (topmost) unit."""
    return to_home_unit(request, "evaluation-unit")


# --- a unit's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnRow:
    evaluation: Evaluation
    label: str
    standing: Standing | None


@dataclass(frozen=True)
class Trend:
    kind: str
    title: str
    points: list[TrendPoint]
    svg: SafeString


def _trends(
    unit: Unit, evaluations: list[Evaluation], regulation: Regulation, prefix: str
) -> list[Trend]:
    titles = {
        PeriodType.SIXMONTHLY: _("Điểm và mức xếp loại của %(unit)s theo 6 tháng"),
        PeriodType.YEARLY: _("Điểm và mức xếp loại của %(unit)s theo năm"),
    }
    out = []
    for kind in period_types(regulation):
        points = trend(evaluations, kind)
        if not points:
            continue
        title = titles.get(kind, _("Điểm và mức xếp loại của %(unit)s")) % {"unit": unit.name}
        out.append(
            Trend(
                kind.value, title, points, trend_svg(points, regulation, f"{prefix}-{kind}", title)
            )
        )
    return out


def _overview_levels(unit: Unit, regulation: Regulation) -> list[tuple[str, str]]:
    """Levels of the units deeper than the direct subordinates: the overview can show every
    unit of one of them across the subtree."""
    found = set(
        Unit.objects.subtree_of(unit, include_self=False)
        .filter(depth__gt=unit.depth + 1)
        .order_by()  # Unit's default ordering by path would defeat the DISTINCT
        .values_list("level", flat=True)
        .distinct()
    )
    order = [lv.code for lv in regulation.levels]
    names = {lv.code: lv.name for lv in regulation.levels}
    return [
        (code, names.get(code, code))
        for code in sorted(found, key=lambda c: order.index(c) if c in order else len(order))
    ]


@login_required
def unit_evaluations(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    # Periods and the deciding level come from the regulation the unit follows.
    regulation = regulation_for(unit)
    today = clock.today()
    own = list(
        with_details(access.visible_evaluations(request.user).filter(unit=unit)).order_by(
            "-period_start", "-period_end"
        )
    )
    periods = period_choices(regulation, today, since=unit.valid_from)
    default = default_period(regulation, today)
    can_open = unit.parent_id is not None and access.can(
        request.user, unit, access.SELF, regulation
    )
    context: dict[str, Any] = {
        "rows": [OwnRow(e, parse_period(e.period_id).label, standing(e)) for e in own],
        "statuses": statuses(),
        "open_form": OpenForm(initial={"period_id": default.id}, periods=periods)
        if can_open
        else None,
        "trends": _trends(unit, own, regulation, "trend"),
    }
    if Unit.objects.filter(parent=unit).exists():
        context.update(_overview_context(request, unit, regulation, periods, default))
    return unit_page(request, "evaluations/unit.html", unit, context)


def _overview_context(
    request: HttpRequest,
    unit: Unit,
    regulation: Regulation,
    periods: list[Period],
    default: Period,
) -> dict[str, Any]:
    period = parse_or(request.GET.get("period"), default)
    if period.type.value not in regulation.evaluation.periods:
        period = default
    if period not in periods:
        periods = sorted([*periods, period], key=lambda p: (p.end, p.start), reverse=True)
    levels = _overview_levels(unit, regulation)
    level = choice_asked(request, "level", {code for code, _name in levels}, "")
    picture = overview(unit, period, regulation, level=level or None)
    chart = bar_chart(
        [Bar(b.code, b.name, b.count, b.rank, b.lowest) for b in picture.distribution],
        chart_id="distribution",
        title=_("Phân bố mức xếp loại — %(period)s") % {"period": period.label},
    )
    return {
        "overview": picture,
        "overview_periods": periods,
        "overview_levels": levels,
        "overview_level": level,
        "distribution_svg": chart,
    }


# --- an evaluation's page --------------------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: Criterion
    score: CriterionScore | None
    typed_points: str
    typed_note: str
    problems: list[str]

    @property
    def evidence(self) -> dict[str, Any]:
        return self.score.evidence if self.score is not None and self.score.evidence else {}

    @property
    def links(self) -> list[tuple[str, str]]:
        """Only links inside KHTH: the evidence stores paths of its own pages."""
        out = []
        for link in self.evidence.get("links", []):
            if (
                len(link) == 2
                and str(link[1]).startswith("/")
                and not str(link[1]).startswith("//")
            ):
                out.append((str(link[0]), str(link[1])))
        return out

    @property
    def effective(self) -> Decimal | None:
        return effective_points(self.score) if self.score is not None else None

    @property
    def changed_by_review(self) -> bool:
        return self.score is not None and self.score.review_points is not None


@dataclass
class GroupRow:
    code: str
    name: str
    rows: list[CriterionRow]

    @property
    def max_points(self) -> int:
        return sum(r.criterion.max_points for r in self.rows)

    def _sum(self, values: list[Decimal | None]) -> Decimal:
        return sum((v for v in values if v is not None), Decimal(0))

    @property
    def suggested_total(self) -> Decimal:
        return self._sum([r.score.suggested_points if r.score else None for r in self.rows])

    @property
    def self_total(self) -> Decimal:
        return self._sum([r.score.self_points if r.score else None for r in self.rows])

    @property
    def total(self) -> Decimal:
        return self._sum([r.effective for r in self.rows])


@dataclass
class DetailState:
    """What a refused form carried, to show again: typed scores, notes, vetoes, errors."""

    typed: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    note: str | None = None
    vetoes: dict[str, str] = field(default_factory=dict)
    base_version: int | None = None
    decision_form: DecisionForm | None = None
    return_form: ReturnForm | None = None


def place_problems(
    evaluation: Evaluation, problems: list[tuple[str, str]], state: DetailState
) -> list[str]:
    """Put an action's (place, message) problems next to their criterion (the place is its
    name, or its code); return them all as lines naming the place."""
    by_place: dict[str, str] = {}
    for criterion in _criteria(evaluation):
        by_place[criterion.name] = criterion.code
        by_place[criterion.code] = criterion.code
    lines = []
    for place, message in problems:
        code = by_place.get(place)
        if code is not None:
            state.problems.setdefault(code, []).append(message)
        lines.append(f"{place}: {message}")
    return lines


def _criteria(evaluation: Evaluation) -> list[Criterion]:
    return [c for g in rules_of(evaluation).evaluation.groups for c in g.criteria]


def decision_levels(evaluation: Evaluation) -> list[tuple[str, str]]:
    """The levels the decision may choose: not above what the scores and vetoes give."""
    levels = rules_of(evaluation).evaluation.levels
    reached = classification(evaluation).level.code
    codes = [lv.code for lv in levels]
    start = codes.index(reached) if reached in codes else 0
    return [(lv.code, lv.name) for lv in levels[start:]]


def _groups(evaluation: Evaluation, mode: str, state: DetailState) -> list[GroupRow]:
    scores = {s.criterion_code: s for s in evaluation.scores.all()}
    groups = []
    for group in rules_of(evaluation).evaluation.groups:
        rows = []
        for criterion in group.criteria:
            score = scores.get(criterion.code)
            if criterion.code in state.typed:
                points, note = state.typed[criterion.code]
            elif score is None:
                points, note = "", ""
            elif mode == "review":
                shown = (
                    score.review_points if score.review_points is not None else score.self_points
                )
                points, note = shown_points(shown), score.review_reason
            else:
                points, note = shown_points(score.self_points), score.self_note
            rows.append(
                CriterionRow(criterion, score, points, note, state.problems.get(criterion.code, []))
            )
        groups.append(GroupRow(group.code, group.name, rows))
    return groups


def render_detail(
    request: HttpRequest,
    evaluation: Evaluation,
    state: DetailState | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    state = state or DetailState()
    user = request.user
    unit = evaluation.unit
    regulation = rules_of(evaluation)
    rules = regulation.evaluation
    can_self = access.can(user, unit, access.SELF, regulation)
    can_review = access.can(user, unit, access.REVIEW, regulation)
    can_decide = access.can(user, unit, access.DECISION, regulation)
    editing = evaluation.status == Evaluation.DRAFT and can_self
    reviewing = evaluation.status == Evaluation.SUBMITTED and can_review
    deciding = evaluation.status == Evaluation.REVIEWED and can_decide
    mode = "self" if editing else "review" if reviewing else "read"
    result = classification(evaluation)
    self_result = classification(evaluation, reviewed=False)
    level_names = {lv.code: lv.name for lv in rules.levels}
    veto_names = {v.code: v.name for v in rules.vetoes}
    if evaluation.decided_level:
        level_code, level_kind = evaluation.decided_level, _("đã quyết định")
    elif evaluation.proposed_level:
        level_code, level_kind = evaluation.proposed_level, _("cấp trên đề nghị")
    else:
        level_code, level_kind = result.level.code, _("theo điểm tự chấm, tạm tính")
    marks = list(evaluation.vetoes.select_related("marked_by"))
    marked = {m.veto_code for m in marks}
    history = list(
        with_details(access.visible_evaluations(user).filter(unit=unit)).order_by(
            "-period_start", "-period_end"
        )
    )
    kind = parse_period(evaluation.period_id).type
    points = trend(history, kind)
    decision_form = state.decision_form or DecisionForm(
        initial={"level": evaluation.proposed_level}, levels=decision_levels(evaluation)
    )
    context = {
        "evaluation": evaluation,
        "unit": unit,
        "label": parse_period(evaluation.period_id).label,
        "statuses": statuses(),
        "status_name": statuses()[evaluation.status],
        "result": result,
        "self_result": self_result,
        "level_name": level_names.get(level_code, level_code),
        "level_kind": level_kind,
        "proposed_name": level_names.get(evaluation.proposed_level, evaluation.proposed_level),
        "capped_by": [veto_names.get(c, c) for c in result.capped_by],
        "total_points": rules.total_points,
        "groups": _groups(evaluation, mode, state),
        "mode": mode,
        "vetoes": [(m, veto_names.get(m.veto_code, m.veto_code)) for m in marks],
        "markable": [v for v in rules.vetoes if v.code not in marked] if reviewing else [],
        "typed_vetoes": state.vetoes,
        "automatic": VetoMark.AUTOMATIC,
        "note": state.note,
        "base_version": state.base_version or evaluation.version,
        "errors": state.errors,
        "editing": editing,
        "reviewing": reviewing,
        "deciding": deciding,
        "pending": pending_subordinates(evaluation) if editing and unit.children.exists() else [],
        "decision_form": decision_form if deciding else None,
        "return_form": (state.return_form or ReturnForm()) if reviewing else None,
        "history_rows": [OwnRow(e, parse_period(e.period_id).label, standing(e)) for e in history],
        "trend_svg": trend_svg(
            points,
            regulation,
            "trend",
            _("Điểm và mức xếp loại của %(unit)s qua các kỳ") % {"unit": unit.name},
        )
        if points
        else None,
        "history": history_of(evaluation)[:50],
        # The summary across the units under the superior, for whoever may read the superior.
        "summary_of": unit.parent if parent_visible(user, unit) else None,
    }
    return render(request, "evaluations/detail.html", context, status=status)


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, access.get_evaluation_for_user(request.user, pk))


urlpatterns: list[URLPattern] = [
    path("", evaluations_home, name="evaluations-home"),
    path("unit/<str:unit_code>/", unit_evaluations, name="evaluation-unit"),
    path("<int:pk>/", evaluation_detail, name="evaluation-detail"),
]
