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
    discard_draft,
    issue_plan,
    report_progress,
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


def test_the_vague_phrases_are_regulation_data(world, edited_regulation):
    def edit(data):
        data["planning"]["specificity"]["vague_phrases"] = ["chung chung"]

    edited_regulation(edit, "2017.1-khth.9")
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    tasks = [good_task("Tăng cường giáo dục"), good_task("Làm chung chung mọi việc")]
    plan = save_plan(plan, PlanContent(tasks=tasks), by=po, base_revision=plan.revision)
    vague = [f.anchor for f in check_plan(plan).findings if f.rule == "vague_wording"]
    assert vague == ["task-2"]


def test_only_the_unit_s_approver_approves_and_issues(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    for outsider in ("cmd_b1", "cu_r", "po_c1"):
        with pytest.raises(PlanError):
            approve_plan(plan, by=world.users[outsider])
    approve_plan(plan, by=po)
    with pytest.raises(PlanError):
        issue_plan(plan, by=world.users["cu_r"])
    assert issue_plan(plan, by=po).status == Plan.ISSUED


def test_a_party_committee_programme_is_approved_on_its_resolution(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), "ctr-kiem-tra-giam-sat", period_id=YEAR, by=po)
    with pytest.raises(PlanError, match="nghị quyết"):
        approve_plan(plan, by=po)
    approved = approve_plan(plan, by=po, reference="Nghị quyết số 05-NQ/ĐU ngày 10/01/2024")
    assert approved.approval_reference == "Nghị quyết số 05-NQ/ĐU ngày 10/01/2024"


def test_issuing_notifies_the_assigned_units_and_everything_is_audited(world, regiment_plan):
    from khth.audit.models import AuditEntry
    from khth.notifications.models import Notification

    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert "po_b1" in notified and "po_c1" not in notified
    actions = AuditEntry.objects.filter(
        action__startswith="plans.", object_id=str(regiment_plan.pk)
    )
    actions = actions.order_by("at", "pk")
    assert list(actions.values_list("action", flat=True)) == [
        "plans.plan.created",
        "plans.plan.saved",
        "plans.plan.approved",
        "plans.plan.issued",
    ]


def test_a_draft_can_be_discarded_but_not_an_approved_plan(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    approve_plan(plan, by=po)
    with pytest.raises(PlanError):
        discard_draft(plan, by=po)
    amended = amend_plan(plan, by=po, note="Điều chỉnh")
    discard_draft(amended, by=po)
    assert list(Plan.objects.filter(series=plan.series).values_list("version", flat=True)) == [1]


def test_progress_survives_an_amendment(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    plan = save_plan(plan, PlanContent(tasks=[good_task()]), by=po, base_revision=plan.revision)
    approve_plan(plan, by=po)
    report_progress(plan.tasks.get(), progress="in_progress", note="Đã học 6/12 buổi", by=po)
    amended = amend_plan(plan, by=po, note="Điều chỉnh")
    task = amended.tasks.get()
    assert (task.progress, task.progress_note) == ("in_progress", "Đã học 6/12 buổi")


def test_an_item_key_sent_twice_is_refused(world):
    import uuid

    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    key = uuid.uuid4()
    twice = PlanContent(tasks=[good_task(key=key), good_task("Tọa đàm 2 buổi", key=key)])
    with pytest.raises(ContentError) as info:
        save_plan(plan, twice, by=po, base_revision=plan.revision)
    assert [place for place, _ in info.value.problems] == ["Nhiệm vụ 2"]


def test_far_years_and_long_codes_are_refused_before_the_database():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="1900"):
        TargetIn(text="x", due_on=dt.date(1, 1, 1))
    with pytest.raises(ValidationError):
        TargetIn(text="x", indicator="x" * 65)


def test_a_periodic_plan_is_titled_by_its_kind_and_period(regiment_plan):
    assert regiment_plan.title == "Kế hoạch CTĐ, CTCT năm 2024"
