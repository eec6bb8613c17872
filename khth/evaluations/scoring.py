"""Scores to levels: the thresholds, the vetoes that cap a level, the quota. Pure functions of
the regulation's evaluation part."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from khth.regulations.schema import Evaluation, EvaluationLevel

ZERO = Decimal(0)


def level_for(score: Decimal, levels: Sequence[EvaluationLevel]) -> EvaluationLevel:
    """The highest level whose threshold the score reaches (levels are listed top first; the
    lowest has threshold 0, so every score has a level)."""
    for level in levels:
        if score >= Decimal(str(level.min_score)):
            return level
    return levels[-1]


def rank(levels: Sequence[EvaluationLevel], code: str) -> int:
    """0 for the top level; larger is lower."""
    for i, level in enumerate(levels):
        if level.code == code:
            return i
    raise KeyError(code)


@dataclass(frozen=True)
class Classification:
    score: Decimal
    by_score: EvaluationLevel
    level: EvaluationLevel
    # Codes of the vetoes that lowered the level (empty when the score decided it).
    capped_by: tuple[str, ...]


def classify(
    rules: Evaluation, points: Iterable[Decimal | None], vetoes: Iterable[str]
) -> Classification:
    score = sum((p for p in points if p is not None), ZERO)
    by_score = level_for(score, rules.levels)
    level = by_score
    capped_by: list[str] = []
    caps = {v.code: v.cap_level for v in rules.vetoes}
    for code in vetoes:
        cap = caps.get(code)
        if cap is None:
            continue
        if rank(rules.levels, cap) > rank(rules.levels, level.code):
            level = rules.levels[rank(rules.levels, cap)]
        if rank(rules.levels, cap) > rank(rules.levels, by_score.code):
            capped_by.append(code)
    return Classification(score, by_score, level, tuple(capped_by))


@dataclass(frozen=True)
class QuotaCheck:
    allowed: bool
    limited: int  # how many would hold the limited level, this one included
    base: int  # how many are at the base level or above
    maximum: int


def check_quota(rules: Evaluation, level_code: str, others: Mapping[int, str]) -> QuotaCheck | None:
    """Whether one more evaluation at ``level_code`` keeps the quota among the evaluations
    decided together; ``others`` are the levels of the rest of the group (decided, or proposed
    when not yet decided), this one excluded. None when the quota does not concern the level.

    The base counts every unit at the base level *or above*: the units rated "xuất sắc" are
    chosen among those that are at least "tốt"."""
    quota = rules.quota
    if quota is None or level_code != quota.level:
        return None
    base_rank = rank(rules.levels, quota.max_ratio_of)
    levels = [*others.values(), level_code]
    limited = sum(1 for code in levels if code == quota.level)
    base = sum(1 for code in levels if rank(rules.levels, code) <= base_rank)
    # Floor, computed exactly: 20 % of 14 is 2.8 → 2.
    maximum = int(Decimal(str(quota.ratio)) * base)
    return QuotaCheck(limited <= maximum, limited, base, maximum)
