"""Progress and results: task states against dates, targets met or missed from report values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.actions import approve_plan, create_plan, report_progress, save_plan
from khth.plans.content import PlanContent, TargetIn
from khth.plans.models import Task
from khth.plans.results import (
    IN_WORDS,
    MET,
    MISSED,
    NO_DATA,
    OVERDUE,
    PENDING,
    Evaluator,
    progress_of,
    targets_for_consolidation,
    task_state,
)
from khth.reports.actions import open_report, submit_report
from khth.reports.consolidation import consolidate
from tests.plans.conftest import YEAR, YEARLY, good_task
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db

AFTER = dt.date(2025, 2, 1)


def report(world, code: str, user: str, period: str = "202412", /, **numbers: Any) -> None:
    filled = fill(
        open_report(world.unit(code), "bc-thang", period, by=None), world.users[user], numbers
    )
    submit_report(filled, by=world.users[user])


def battalion_plan(world, *targets: TargetIn):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    return save_plan(plan, PlanContent(targets=list(targets)), by=po, base_revision=plan.revision)


def percent_target(value: int, **changes) -> TargetIn:
    data = {
        "text": "Tỷ lệ quân số tham gia học tập chính trị",
        "template": "bc-thang",
        "indicator": "gdct-ty-le",
        "comparison": ">=",
        "value": Decimal(value),
        "due_on": dt.date(2024, 12, 31),
    }
    data.update(changes)
    return TargetIn.model_validate(data)


@pytest.mark.parametrize(("wanted", "state"), [(95, MET), (96, MET), (97, MISSED)])
def test_a_percentage_target_is_read_from_the_recomputed_ratio(world, wanted, state):
    # 60/60 and 36/40 make 96/100 = 96 %, not the average 95 % of 100 % and 90 %.
    report(world, "C1", "po_c1", **{"quan-so": 60, "gdct-tham-gia": 60})
    report(world, "C2", "po_c2", **{"quan-so": 40, "gdct-tham-gia": 36})
    plan = battalion_plan(world, percent_target(wanted))
    (result,) = progress_of(plan, AFTER).targets
    assert result.state == state
    assert result.actual == Decimal(96)
    assert result.display == "96,0%"
    assert result.period is not None and result.period.id == "202412"


def test_before_the_period_ends_the_target_is_pending_with_the_figure_so_far(world):
    report(world, "C1", "po_c1", **{"quan-so": 10, "gdct-tham-gia": 10})
    plan = battalion_plan(world, percent_target(95))
    (result,) = progress_of(plan, dt.date(2024, 12, 20)).targets
    assert (result.state, result.actual) == (PENDING, Decimal(100))


def test_no_report_means_no_data(world):
    plan = battalion_plan(world, percent_target(95))
    assert progress_of(plan, AFTER).targets[0].state == NO_DATA


def test_a_target_in_words_is_judged_in_the_report(world):
    plan = battalion_plan(world, TargetIn(text="Đơn vị đạt vững mạnh toàn diện"))
    assert progress_of(plan, AFTER).targets[0].state == IN_WORDS


def test_an_at_most_target_on_a_sum(world):
    report(world, "C1", "po_c1", **{"vi-pham-thong-thuong": 1})
    report(world, "C2", "po_c2", **{"vi-pham-thong-thuong": 2})
    at_most = {"template": "bc-thang", "indicator": "vi-pham-thong-thuong", "comparison": "<="}
    plan = battalion_plan(
        world,
        TargetIn.model_validate({"text": "Vi phạm thông thường", "value": 3, **at_most}),
        TargetIn.model_validate({"text": "Vi phạm thông thường", "value": 2, **at_most}),
    )
    evaluator = Evaluator(plan, AFTER)
    assert [evaluator.evaluate(t).state for t in plan.targets.all()] == [MET, MISSED]


def test_the_due_date_picks_the_period(world):
    report(world, "C1", "po_c1", "202406", **{"quan-so": 10, "gdct-tham-gia": 10})
    plan = battalion_plan(world, percent_target(95, due_on=dt.date(2024, 6, 30)))
    (result,) = progress_of(plan, AFTER).targets
    assert result.period is not None
    assert (result.state, result.period.id) == (MET, "202406")


def test_task_states(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    plan = save_plan(
        plan,
        PlanContent(tasks=[good_task(), good_task("Tổ chức 2 buổi tọa đàm", lead_unit="C1")]),
        by=po,
        base_revision=plan.revision,
    )
    first, second = plan.tasks.all()
    assert task_state(first, dt.date(2024, 5, 31)) == Task.NOT_STARTED
    assert task_state(first, dt.date(2024, 6, 1)) == OVERDUE
    approve_plan(plan, by=po)
    # The company leading the second task reports its progress; the sibling company cannot.
    report_progress(second, progress=Task.DONE, note="Đã tổ chức 2 buổi", by=world.users["po_c1"])
    second.refresh_from_db()
    assert task_state(second, dt.date(2025, 1, 1)) == Task.DONE
    progress = progress_of(plan, dt.date(2024, 6, 1))
    assert (progress.tasks, progress.done, progress.overdue, progress.percent_done) == (2, 1, 1, 50)


def test_the_consolidation_shows_the_plan_targets_of_its_period(world):
    report(world, "C1", "po_c1", **{"quan-so": 100, "gdct-tham-gia": 90})
    plan = battalion_plan(
        world, percent_target(95), percent_target(95, due_on=dt.date(2024, 6, 30))
    )
    approve_plan(plan, by=world.users["po_b1"])
    consolidation = consolidate(world.unit("B1"), "bc-thang", period_id="202412", today=AFTER)
    (result,) = targets_for_consolidation(consolidation)
    assert (result.state, result.display) == (MISSED, "90,0%")
