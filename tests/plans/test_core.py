"""The plan actions and the cascade, end to end on the named world."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from khth.plans.actions import (
    Blocked,
    ConflictError,
    ContentError,
    PlanError,
    amend_plan,
    approve_plan,
    create_plan,
    save_plan,
)
from khth.plans.content import PlanContent, TargetIn
from khth.plans.models import Plan
from khth.plans.stored import check_plan, content_of
from tests.plans.conftest import TARGET_TEXT, YEAR, YEARLY, assigned_target, good_task

pytestmark = pytest.mark.django_db


def test_the_battalion_sees_what_is_assigned_and_must_cover_it(world, regiment_plan):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    result = check_plan(plan)
    uncovered = [f for f in result.findings if f.rule == "assigned_not_covered"]
    assert len(uncovered) == 2
    assert TARGET_TEXT in uncovered[0].place
    with pytest.raises(Blocked):
        approve_plan(plan, by=po)
    source = content_of(regiment_plan)
    assert source.targets is not None and source.tasks is not None
    content = PlanContent(
        targets=[assigned_target(assigned_key=source.targets[0].key, assignees=[])],
        tasks=[good_task(assigned_key=source.tasks[0].key)],
    )
    plan = save_plan(plan, content, by=po, base_revision=plan.revision)
    assert check_plan(plan).ok
    approved = approve_plan(plan, by=po)
    assert approved.status == Plan.APPROVED


def test_other_battalions_are_not_assigned(world, regiment_plan):
    plan = create_plan(world.unit("B2"), YEARLY, period_id=YEAR, by=world.users["cu_r"])
    assert not [f for f in check_plan(plan).findings if f.rule == "assigned_not_covered"]


def test_a_weaker_target_needs_a_reason(world, regiment_plan):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    key = content_of(regiment_plan).targets[0].key  # type: ignore[index]
    weaker = assigned_target(assigned_key=key, assignees=[], value=Decimal(90))
    plan = save_plan(plan, PlanContent(targets=[weaker]), by=po, base_revision=plan.revision)
    rules = {f.rule for f in check_plan(plan).findings}
    assert "target_weaker_than_assigned" in rules
    reasoned = weaker.model_copy(update={"weaker_reason": "Đơn vị mới thành lập, quân số thay đổi"})
    plan = save_plan(plan, PlanContent(targets=[reasoned]), by=po, base_revision=plan.revision)
    assert "target_weaker_than_assigned" not in {f.rule for f in check_plan(plan).findings}


def test_a_stale_save_is_refused(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    save_plan(plan, PlanContent(title="Kế hoạch mới"), by=po, base_revision=1)
    with pytest.raises(ConflictError):
        save_plan(plan, PlanContent(title="Kế hoạch khác"), by=po, base_revision=1)


def test_bad_references_are_named_and_nothing_is_saved(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    bad = PlanContent(
        targets=[TargetIn(text="X", template="bc-thang", indicator="khong-co")],
        tasks=[good_task(lead_unit="C3")],
    )
    with pytest.raises(ContentError) as info:
        save_plan(plan, bad, by=po, base_revision=plan.revision)
    places = [place for place, _ in info.value.problems]
    assert places == ["Chỉ tiêu 1", "Nhiệm vụ 1"]
    plan.refresh_from_db()
    assert plan.revision == 1 and not plan.targets.exists()


def test_an_amendment_is_a_new_version_and_the_old_stays(world, regiment_plan):
    officer = world.users["cu_r"]
    new = amend_plan(regiment_plan, by=officer, note="Bổ sung nhiệm vụ diễn tập")
    assert (new.version, new.status, new.series) == (2, Plan.DRAFT, regiment_plan.series)
    assert content_of(new).targets == content_of(regiment_plan).targets
    with pytest.raises(PlanError):
        amend_plan(regiment_plan, by=officer, note="lần nữa")


def test_a_periodic_plan_must_have_a_period_of_its_kind(world):
    with pytest.raises(PlanError):
        create_plan(world.unit("B1"), YEARLY, period_id="202407", by=world.users["po_b1"])
    plan = create_plan(
        world.unit("B1"),
        "kh-nhiem-vu",
        starts_on=dt.date(2024, 6, 1),
        ends_on=dt.date(2024, 6, 30),
        task_code="dien-tap",
        by=world.users["po_b1"],
    )
    assert (plan.starts_on, plan.ends_on, plan.period_id) == (
        dt.date(2024, 6, 1),
        dt.date(2024, 6, 30),
        "",
    )
