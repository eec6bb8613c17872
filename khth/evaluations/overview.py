"""The picture a superior gets of its subordinates' evaluations for a period, and a unit's
standing across periods.

A unit's *standing* for a period is its score (the reviewer's points where given) and its level:
the decided level once decided, the proposed level once reviewed, and until then the level the
self-assessed scores and vetoes give. An evaluation still being self-assessed has no standing:
its scores are not the unit's yet.

Everything here reads a bounded number of queries whatever the number of units: the units, then
the evaluations of the period and of the previous one with their scores and vetoes prefetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from khth.evaluations.actions import classification, rules_of
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.periods import Period, PeriodError, PeriodType, parse_period, period_of
from khth.regulations.schema import Regulation
from khth.units.models import Unit

# How far back the period choices go (a unit's evaluations older than this are still listed).
YEARS_BACK = 10


# --- periods ---------------------------------------------------------------------------------


def period_types(regulation: Regulation) -> list[PeriodType]:
    return [PeriodType(p) for p in regulation.evaluation.periods]


def default_period(regulation: Regulation, today: dt.date) -> Period:
    """The latest ended six-month period (or of the first evaluated type without six-month)."""
    types = period_types(regulation)
    kind = PeriodType.SIXMONTHLY if PeriodType.SIXMONTHLY in types else types[0]
    current = period_of(today, kind)
    return current if current.end < today else current.previous()


def period_choices(
    regulation: Regulation, today: dt.date, since: dt.date | None = None
) -> list[Period]:
    """The periods of the evaluated types from ``since`` (at most YEARS_BACK years ago) up to
    the current one, newest first, the six-month and yearly ones interleaved by end date."""
    earliest = dt.date(today.year - YEARS_BACK, 1, 1)
    start = max(since, earliest) if since else earliest
    out: list[Period] = []
    for kind in period_types(regulation):
        period = period_of(today, kind)
        while period.end >= start:
            out.append(period)
            period = period.previous()
    out.sort(key=lambda p: (p.end, p.start), reverse=True)
    return out


def parse_or(period_id: str | None, fallback: Period) -> Period:
    if not period_id:
        return fallback
    try:
        return parse_period(period_id)
    except PeriodError:
        return fallback


# --- standing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    evaluation: Evaluation
    score: Decimal
    level_code: str
    level_name: str
    rank: int  # 0 for the top level
    lowest: bool  # at the lowest level ("Không hoàn thành nhiệm vụ" by default)
    final: bool  # decided
    capped_by: tuple[str, ...]

    @property
    def period(self) -> Period:
        return parse_period(self.evaluation.period_id)


def with_details(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Everything ``standing`` reads, in a fixed number of queries."""
    return evaluations.select_related("unit", "regulation").prefetch_related(
        Prefetch("scores", queryset=CriterionScore.objects.order_by("pk")),
        Prefetch("vetoes", queryset=VetoMark.objects.order_by("pk")),
    )


def standing(evaluation: Evaluation) -> Standing | None:
    if evaluation.status == Evaluation.DRAFT:
        return None
    rules = rules_of(evaluation).evaluation
    result = classification(evaluation)
    code = evaluation.decided_level or evaluation.proposed_level or result.level.code
    codes = [lv.code for lv in rules.levels]
    names = {lv.code: lv.name for lv in rules.levels}
    rank = codes.index(code) if code in codes else len(codes) - 1
    return Standing(
        evaluation=evaluation,
        score=result.score,
        level_code=code,
        level_name=names.get(code, code),
        rank=rank,
        lowest=rank >= len(codes) - 1,
        final=evaluation.status == Evaluation.DECIDED,
        capped_by=result.capped_by,
    )


# --- a superior's picture --------------------------------------------------------------------

NONE = "none"  # no evaluation opened


@dataclass
class Row:
    unit: Unit
    evaluation: Evaluation | None
    standing: Standing | None
    previous: Standing | None
    position: int | None = None  # in the ranking by score, ties share a position

    @property
    def status(self) -> str:
        return self.evaluation.status if self.evaluation is not None else NONE

    @property
    def below(self) -> bool:
        """Below «Hoàn thành nhiệm vụ»: at the lowest level."""
        return self.standing is not None and self.standing.lowest

    @property
    def score_delta(self) -> Decimal | None:
        if self.standing is None or self.previous is None:
            return None
        return self.standing.score - self.previous.score

    @property
    def level_change(self) -> int | None:
        """Levels gained since the previous period (negative: lost); None without both."""
        if self.standing is None or self.previous is None:
            return None
        return self.previous.rank - self.standing.rank

    @property
    def levels_up(self) -> int:
        return max(self.level_change or 0, 0)

    @property
    def levels_down(self) -> int:
        return max(-(self.level_change or 0), 0)


@dataclass(frozen=True)
class Bucket:
    code: str
    name: str
    count: int
    rank: int
    lowest: bool


@dataclass
class Overview:
    unit: Unit
    period: Period
    previous_period: Period
    level: str | None  # None: the direct subordinates; else every unit of that level below
    rows: list[Row]
    distribution: list[Bucket] = field(default_factory=list)

    @property
    def ranking(self) -> list[Row]:
        return sorted(
            (r for r in self.rows if r.standing is not None),
            key=lambda r: (r.position or 0, r.unit.path),
        )

    @property
    def unranked(self) -> list[Row]:
        """The units without a standing yet, in tree order."""
        return [r for r in self.rows if r.standing is None]

    @property
    def assessed(self) -> int:
        return sum(1 for r in self.rows if r.standing is not None)

    @property
    def final(self) -> int:
        return sum(1 for r in self.rows if r.standing is not None and r.standing.final)

    @property
    def not_assessed(self) -> list[Row]:
        return [r for r in self.rows if r.status in (NONE, Evaluation.DRAFT)]

    @property
    def waiting_review(self) -> list[Row]:
        return [r for r in self.rows if r.status == Evaluation.SUBMITTED]

    @property
    def waiting_decision(self) -> list[Row]:
        return [r for r in self.rows if r.status == Evaluation.REVIEWED]

    @property
    def below(self) -> list[Row]:
        return [r for r in self.rows if r.below]


def units_in_period(unit: Unit, period: Period, level: str | None = None) -> QuerySet[Unit]:
    """The direct subordinates of ``unit`` (or, with ``level``, every unit of that level in its
    subtree) that existed at some time in the period, in tree order."""
    units = Unit.objects.subtree_of(unit, include_self=False)
    units = units.filter(level=level) if level else units.filter(parent=unit)
    return units.filter(valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start)
    )


def _by_unit(evaluations: Iterable[Evaluation]) -> dict[int, Evaluation]:
    return {e.unit_id: e for e in evaluations}


def overview(
    unit: Unit, period: Period, regulation: Regulation, *, level: str | None = None
) -> Overview:
    """The subordinates' evaluations for ``period``: standings, ranking, changes since the
    previous period of the same type, the distribution over ``regulation``'s levels."""
    chosen = units_in_period(unit, period, level)
    units = list(chosen.order_by("path"))
    previous_period = period.previous()
    # A subquery, not the list of keys: SQLite takes at most 32,766 values in one statement.
    both = with_details(
        Evaluation.objects.filter(
            unit_id__in=chosen.values("pk"), period_id__in=[period.id, previous_period.id]
        )
    )
    current: dict[int, Evaluation] = {}
    previous: dict[int, Evaluation] = {}
    for evaluation in both:
        (current if evaluation.period_id == period.id else previous)[evaluation.unit_id] = (
            evaluation
        )
    rows = []
    for u in units:
        found = current.get(u.pk)
        before = previous.get(u.pk)
        rows.append(
            Row(
                unit=u,
                evaluation=found,
                standing=standing(found) if found is not None else None,
                previous=standing(before) if before is not None else None,
            )
        )
    _rank(rows)
    return Overview(
        unit=unit,
        period=period,
        previous_period=previous_period,
        level=level,
        rows=rows,
        distribution=distribution(rows, regulation),
    )


def _rank(rows: Sequence[Row]) -> None:
    """Competition ranking by score: 1, 2, 2, 4."""
    ranked = sorted(
        ((r, r.standing.score) for r in rows if r.standing is not None),
        key=lambda pair: -pair[1],
    )
    position = 0
    last: Decimal | None = None
    for index, (row, score) in enumerate(ranked, start=1):
        if score != last:
            position = index
            last = score
        row.position = position


def distribution(rows: Iterable[Row], regulation: Regulation) -> list[Bucket]:
    """How many units stand at each level of the regulation (top first); a level of an older
    regulation version that the current one lacks gets a bucket of its own at the end."""
    levels = regulation.evaluation.levels
    counts: dict[str, int] = {lv.code: 0 for lv in levels}
    extra: dict[str, tuple[str, bool]] = {}
    for row in rows:
        if row.standing is None:
            continue
        code = row.standing.level_code
        if code not in counts:
            extra[code] = (row.standing.level_name, row.standing.lowest)
            counts[code] = 0
        counts[code] += 1
    buckets = [
        Bucket(lv.code, lv.name, counts[lv.code], i, i == len(levels) - 1)
        for i, lv in enumerate(levels)
    ]
    for i, (code, (name, lowest)) in enumerate(extra.items(), start=len(levels)):
        buckets.append(Bucket(code, name, counts[code], i, lowest))
    return buckets


# --- a unit across periods -------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    standing: Standing


def trend(evaluations: Iterable[Evaluation], kind: PeriodType) -> list[TrendPoint]:
    """The unit's standings over the periods of one type, oldest first (drafts left out)."""
    points = []
    for evaluation in evaluations:
        period = parse_period(evaluation.period_id)
        if period.type != kind:
            continue
        found = standing(evaluation)
        if found is not None:
            points.append(TrendPoint(period, found))
    points.sort(key=lambda p: p.period.start)
    return points
