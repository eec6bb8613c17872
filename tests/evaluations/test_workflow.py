"""Self-assessment → review → decision, with evidence, order, scope and the quota."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from khth.evaluations.actions import (
    ContentError,
    Entry,
    EvaluationError,
    classification,
    criteria,
    decide_evaluation,
    open_evaluation,
    refresh_evidence,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.reports.actions import open_report, submit_report
from tests.evaluations.conftest import HALF, review, self_assess, six_month_report, through
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db


def scores(evaluation: Evaluation) -> dict[str, CriterionScore]:
    return {s.criterion_code: s for s in evaluation.scores.all()}


def submit_on(world, template: str, period: str, day: dt.date, **numbers) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    with time_machine.travel(moment, tick=False):
        report = open_report(world.unit("C1"), template, period, by=None)
        submit_report(fill(report, world.users["po_c1"], numbers), by=world.users["po_c1"])


def test_criteria_are_pre_scored_from_the_reports(world):
    # January and the half-year report on time, February late, the rest missing.
    submit_on(world, "bc-thang", "202401", dt.date(2024, 1, 15))
    submit_on(world, "bc-thang", "202402", dt.date(2024, 4, 2))
    half = {"quan-so": 100, "gdct-tham-gia": 96}
    submit_on(world, "bc-6-thang", HALF, dt.date(2024, 6, 15), **half)
    evaluation = open_evaluation(
        world.unit("C1"), HALF, by=world.users["po_c1"], today=dt.date(2024, 8, 1)
    )
    found = scores(evaluation)
    on_time = found["bao-cao-dung-han"]
    assert on_time.evidence["summary"].startswith("2/")  # the 6-month report and January
    assert on_time.suggested_points is not None and on_time.suggested_points < 6
    assert on_time.self_points == on_time.suggested_points
    education = found["giao-duc-chinh-tri"]
    assert education.evidence["value"] == "96,0%"
    assert education.suggested_points == Decimal(6)  # 6 × 96 % = 5,76 → 6 to the half point
    assert education.evidence["links"][0][1] == f"/reports/consolidation/C1/bc-6-thang/{HALF}/"
    discipline = found["chinh-tri-tu-tuong"]
    assert discipline.suggested_points == Decimal(10)  # no serious violation: full points
    by_hand = found["can-bo"]
    assert (by_hand.suggested_points, by_hand.evidence) == (None, {})


def test_a_serious_violation_vetoes_and_caps_the_level(world):
    six_month_report(world, "C1", "po_c1", **{"vi-pham-nghiem-trong": 1})
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    assert list(evaluation.vetoes.values_list("veto_code", "source")) == [
        ("vi-pham-ky-luat-nghiem-trong", VetoMark.AUTOMATIC)
    ]
    assert scores(evaluation)["chinh-tri-tu-tuong"].suggested_points == Decimal(0)
    top = {c.code: Entry(Decimal(c.max_points), "căn cứ") for c in criteria(rules_of(evaluation))}
    save_self_assessment(evaluation, top, by=world.users["po_c1"], base_version=evaluation.version)
    result = classification(evaluation)
    assert (result.score, result.by_score.code, result.level.code) == (
        Decimal(100),
        "xuat-sac",
        "hoan-thanh",
    )


def test_hand_scores_need_a_note_and_points_stay_in_bounds(world):
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    with pytest.raises(ContentError) as info:
        save_self_assessment(
            evaluation,
            {"can-bo": Entry(Decimal(4))},
            by=world.users["po_c1"],
            base_version=evaluation.version,
        )
    assert info.value.problems == [("Công tác cán bộ", "điểm phải từ 0 đến 3")]
    with pytest.raises(ContentError) as info:
        submit_evaluation(evaluation, by=world.users["po_c1"])
    problems = dict(info.value.problems)
    assert problems["Công tác cán bộ"] == "chưa chấm điểm"


def test_the_superior_changes_a_score_only_with_a_reason_and_both_are_kept(world):
    evaluation = self_assess(world, "C1", "po_c1")
    with pytest.raises(ContentError):
        review_evaluation(
            evaluation,
            {"can-bo": Entry(Decimal(1))},
            by=world.users["po_b1"],
            base_version=evaluation.version,
        )
    evaluation.refresh_from_db()
    reviewed = review_evaluation(
        evaluation,
        {"can-bo": Entry(Decimal(1), "Chưa kiện toàn chức danh phó chính trị viên")},
        by=world.users["po_b1"],
        base_version=evaluation.version,
    )
    score = scores(reviewed)["can-bo"]
    assert (score.self_points, score.review_points) == (Decimal("2.40"), Decimal(1))
    assert reviewed.status == Evaluation.REVIEWED and reviewed.proposed_level == "tot"
    decided = decide_evaluation(reviewed, by=world.users["cu_r"])
    assert (decided.status, decided.decided_level) == (Evaluation.DECIDED, "tot")
    with pytest.raises(EvaluationError):
        save_self_assessment(decided, {}, by=world.users["po_c1"], base_version=decided.version)


@pytest.mark.parametrize(
    ("step", "user"),
    [
        ("self", "po_c2"),
        ("self", "cu_r"),
        ("review", "cmd_b1"),
        ("review", "po_c1"),
        ("decide", "po_b1"),
    ],
)
def test_each_step_belongs_to_its_level(world, step, user):
    by = world.users[user]
    if step == "self":
        evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
        with pytest.raises(EvaluationError):
            submit_evaluation(evaluation, by=by)
    elif step == "review":
        evaluation = self_assess(world, "C1", "po_c1")
        with pytest.raises(EvaluationError):
            review_evaluation(evaluation, {}, by=by, base_version=evaluation.version)
    else:
        evaluation = review(world, self_assess(world, "C1", "po_c1"), "po_b1")
        with pytest.raises(EvaluationError):
            decide_evaluation(evaluation, by=by)


def test_lower_levels_before_higher(world):
    battalion = open_evaluation(world.unit("B1"), HALF, by=world.users["po_b1"])
    with pytest.raises(EvaluationError, match="Đại đội 1, Đại đội 2"):
        submit_evaluation(battalion, by=world.users["po_b1"])
    through(world, "C1")
    with pytest.raises(EvaluationError, match="Đại đội 2"):
        submit_evaluation(battalion, by=world.users["po_b1"])


def test_the_quota_blocks_excellent_beyond_a_fifth_of_good(world):
    with pytest.raises(EvaluationError) as info:
        through(world, "C1", points=10)  # every criterion at its maximum: 100 points
    message = str(info.value)
    assert "Vượt tỷ lệ" in message and "20%" in message and "tối đa 0" in message
    evaluation = Evaluation.objects.get(unit__code="C1")
    assert evaluation.status == Evaluation.REVIEWED  # nothing half-done
    # Deciding it one level lower, with a reason, goes through.
    decided = decide_evaluation(
        evaluation, by=world.users["cu_r"], level="tot", note="Tỷ lệ xuất sắc"
    )
    assert decided.decided_level == "tot"


def test_a_decision_cannot_be_above_the_scores_or_the_vetoes(world):
    evaluation = review(world, self_assess(world, "C1", "po_c1", points=1), "po_b1")
    with pytest.raises(EvaluationError, match="Không xếp cao hơn"):
        decide_evaluation(evaluation, by=world.users["cu_r"], level="tot", note="x")


def test_refreshing_evidence_keeps_typed_scores(world):
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    save_self_assessment(
        evaluation,
        {"bao-cao-dung-han": Entry(Decimal(5), "Đã báo cáo bằng điện")},
        by=world.users["po_c1"],
        base_version=evaluation.version,
    )
    six_month_report(world, "C1", "po_c1", **{"quan-so": 100, "gdct-tham-gia": 50})
    refresh_evidence(evaluation, by=world.users["po_c1"])
    found = scores(evaluation)
    assert found["bao-cao-dung-han"].self_points == Decimal(5)
    assert found["giao-duc-chinh-tri"].self_points == Decimal(3)


def test_a_new_criteria_set_is_data(world, edited_regulation):
    old = open_evaluation(world.unit("C2"), HALF, by=world.users["po_c2"])

    def edit(data):
        group = data["evaluation"]["groups"][1]
        group["criteria"] = [
            {
                "code": "tong-hop-cac-mat",
                "name": "Kết quả các mặt công tác",
                "max_points": 40,
                "basis": "default",
            }
        ]

    edited_regulation(edit, "2017.1-khth.9")
    new = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    assert "tong-hop-cac-mat" in scores(new) and "can-bo" not in scores(new)
    assert "can-bo" in scores(old)


def test_the_quota_counts_the_units_decided_by_the_same_level(world):
    from khth.evaluations.actions import decided_together

    through(world, "C2")  # decided "tốt" by the regiment
    first = review(world, self_assess(world, "C1", "po_c1"), "po_b1")
    battalion = open_evaluation(world.unit("B1"), HALF, by=world.users["po_b1"])
    # C2 (decided) is in C1's group, with its level; the battalion is not (another level).
    together = decided_together(first)
    assert list(together.values()) == ["tot"]
    assert battalion.pk not in together
