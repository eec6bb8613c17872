"""Evaluation helpers on the named world: the first half of 2024 (``2024S1``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from khth.evaluations.actions import (
    Entry,
    criteria,
    decide_evaluation,
    open_evaluation,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.models import Evaluation
from khth.reports.actions import open_report, submit_report
from tests.reports.conftest import fill

HALF = "2024S1"


def six_month_report(world: Any, code: str, user: str, **numbers: Any) -> None:
    report = open_report(world.unit(code), "bc-6-thang", HALF, by=None)
    submit_report(fill(report, world.users[user], numbers), by=world.users[user])


def self_assess(world: Any, code: str, user: str, points: Any = None) -> Evaluation:
    """Open, score every criterion (``points`` each; default: 0.8 × its maximum, 80 points in
    all, "tốt") and submit."""
    evaluation = open_evaluation(world.unit(code), HALF, by=world.users[user])
    entries = {}
    for criterion in criteria(rules_of(evaluation)):
        value = (
            Decimal(points)
            if points is not None
            else Decimal(criterion.max_points) * Decimal("0.8")
        )
        entries[criterion.code] = Entry(
            min(value, Decimal(criterion.max_points)), "Căn cứ báo cáo 6 tháng"
        )
    save_self_assessment(evaluation, entries, by=world.users[user], base_version=evaluation.version)
    return submit_evaluation(evaluation, by=world.users[user])


def review(world: Any, evaluation: Evaluation, user: str) -> Evaluation:
    return review_evaluation(evaluation, {}, by=world.users[user], base_version=evaluation.version)


def through(world: Any, code: str, points: Any = None) -> Evaluation:
    """A company self-assessed, reviewed by its battalion and decided by the regiment."""
    companies = {"C1": ("po_c1", "po_b1"), "C2": ("po_c2", "po_b1")}
    own, reviewer = companies[code]
    evaluation = review(world, self_assess(world, code, own, points), reviewer)
    return decide_evaluation(evaluation, by=world.users["cu_r"])
