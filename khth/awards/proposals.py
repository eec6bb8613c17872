"""Which units a proposal rule picks, from decided evaluations. Pure: no database here.

A rule "``level`` in ``periods`` consecutive periods of type ``period``" holds for a unit when its
latest decided evaluation of that type and the ``periods - 1`` periods just before it were all
decided at ``level`` or above. Only the latest run counts: a unit that was "xuất sắc" in 2021
and 2022 but "tốt" in 2023 is not proposed on the strength of 2021–2022 (that was a matter for
2022's awards). A missing period (no decided evaluation) breaks the run, as a lower level does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from khth.periods import Period, PeriodError, parse_period
from khth.regulations.schema.evaluation import EvaluationLevel
from khth.regulations.schema.followup import ProposalRule


@dataclass(frozen=True)
class Decided:
    period_id: str
    level: str


@dataclass(frozen=True)
class Match:
    periods: tuple[Period, ...]  # oldest first
    levels: tuple[str, ...]


def _rank(levels: Sequence[EvaluationLevel], code: str) -> int | None:
    for i, level in enumerate(levels):
        if level.code == code:
            return i
    return None


def match(
    rule: ProposalRule, levels: Sequence[EvaluationLevel], decided: Sequence[Decided]
) -> Match | None:
    """The run of periods the rule rests on for one unit's decided evaluations, or None."""
    wanted = _rank(levels, rule.level)
    if wanted is None:
        return None
    by_period: dict[Period, str] = {}
    for row in decided:
        try:
            period = parse_period(row.period_id)
        except PeriodError:
            continue
        if period.type.value == rule.period:
            by_period[period] = row.level
    if not by_period:
        return None
    period = max(by_period)
    run: list[tuple[Period, str]] = []
    while len(run) < rule.periods:
        level = by_period.get(period)
        rank = _rank(levels, level) if level is not None else None
        if rank is None or rank > wanted:
            return None
        run.append((period, level or ""))
        period = period.previous()
    run.reverse()
    return Match(tuple(p for p, _level in run), tuple(level for _p, level in run))


def basis_text(
    unit_name: str, level_names: Mapping[str, str], found: Match, title_name: str
) -> str:
    """The grounds, in words, for whoever confirms: stored, so Vietnamese like a document."""
    shown = ", ".join(
        f"{p.label} ({level_names.get(level, level)})"
        for p, level in zip(found.periods, found.levels, strict=True)
    )
    if len(found.periods) == 1:
        return f"{unit_name}: kết quả đánh giá {shown}; đề nghị {title_name}."
    return (
        f"{unit_name}: {len(found.periods)} kỳ liên tiếp đạt mức đề ra — {shown}; "
        f"đề nghị {title_name}."
    )
