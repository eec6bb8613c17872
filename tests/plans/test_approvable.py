"""Plans that can be approved (issue 12), through the pages: a superior's item is asked only of
plans its own dates overlap and only once for the same days; a task made only of empty phrases
blocks approval; suggestions fit the item; no doubled percent sign reaches a page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from khth.plans.actions import amend_plan, approve_plan, create_plan, save_plan
from khth.plans.content import PlanContent, TargetIn
from khth.plans.models import Plan
from khth.plans.stored import check_plan, content_of
from khth.regulations.models import RegulationContent, RegulationVersion
from tests.plans.conftest import TARGET_TEXT, YEAR, YEARLY
from tests.plans.test_pages import editor_post, specific_task

pytestmark = pytest.mark.django_db

MONTHLY_PLAN = "kh-ctd-thang"
# The regiment's task assigned to B1 in the regiment_plan fixture: 01/03 – 31/05/2024.
CONTEST = "Tổ chức hội thi tuyên truyền viên giỏi cấp tiểu đoàn"
EMPTY_TITLE = "Tổ chức tốt các hoạt động"
EMPTY_MEASURES = "Thực hiện nghiêm theo kế hoạch, duy trì nền nếp"


def b1_plan(world: Any, kind: str = YEARLY, period: str = YEAR) -> Plan:
    return create_plan(world.unit("B1"), kind, period_id=period, by=world.users["po_b1"])


def edit_page(world: Any, plan: Plan) -> str:
    response = world.client("po_b1").get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def findings_of(html: str) -> dict[str, list[str]]:
    """The findings of a page or fragment by rule: each one's text, tags stripped."""
    out: dict[str, list[str]] = {}
    for rule, body in re.findall(r'<li class="[^"]*" data-rule="([a-z_]+)">(.*?)</li>', html, re.S):
        out.setdefault(rule, []).append(re.sub(r"<[^>]+>", "", body))
    return out


def approve_through_page(world: Any, plan: Plan) -> Plan:
    world.client("po_b1").post(f"/plans/{plan.pk}/approve/", follow=True)
    return Plan.objects.get(pk=plan.pk)


# --- 1. coverage by the item's own dates --------------------------------------------------------


def test_an_item_is_asked_only_of_plans_its_own_dates_overlap(world, regiment_plan):
    """The regiment's task runs March to May: an April plan must carry it, a December plan not.
    The target is due 31/12, so both must carry it."""
    april_plan = b1_plan(world, MONTHLY_PLAN, "202404")
    april = findings_of(edit_page(world, april_plan))
    assert len(april["assigned_not_covered"]) == 2
    december_plan = b1_plan(world, MONTHLY_PLAN, "202412")
    december_page = edit_page(world, december_plan)
    december = findings_of(december_page)
    assert [TARGET_TEXT in f for f in december["assigned_not_covered"]] == [True]
    assert CONTEST not in december_page  # not even offered: it is not December's business
    # The planning page offers the task to the April draft only, the target to both.
    page = world.client("po_b1").get("/plans/unit/B1/?year=2024").content.decode()
    task_key = content_of(regiment_plan).tasks[0].key  # type: ignore[index]
    row = page.split(f'data-assigned="{task_key}"')[1].split("</tr>")[0]
    assert f"/plans/{april_plan.pk}/take/" in row and f"/plans/{december_plan.pk}/take/" not in row
    target_key = content_of(regiment_plan).targets[0].key  # type: ignore[index]
    row = page.split(f'data-assigned="{target_key}"')[1].split("</tr>")[0]
    assert f"/plans/{april_plan.pk}/take/" in row and f"/plans/{december_plan.pk}/take/" in row


def test_an_item_taken_on_for_the_year_is_not_asked_again_of_its_months(
    world, regiment_plan, battalion_plan
):
    po = world.users["po_b1"]
    december = b1_plan(world, MONTHLY_PLAN, "202412")
    # The year plan that takes the target on is still a draft: it may be discarded, so the
    # month still answers for the target.
    assert approve_through_page(world, december).status == Plan.DRAFT
    approve_plan(battalion_plan, by=po)
    page = edit_page(world, december)
    assert "assigned_not_covered" not in findings_of(page)
    assert f"đã nhận thực hiện trong {battalion_plan.title}" in page
    assert approve_through_page(world, december).status == Plan.APPROVED
    # The year plan's own amendment that drops the target is not excused by its version 1.
    amended = amend_plan(battalion_plan, by=po, note="Bỏ bớt chỉ tiêu")
    amended = save_plan(amended, PlanContent(targets=[]), by=po, base_revision=amended.revision)
    assert [
        TARGET_TEXT in f for f in findings_of(edit_page(world, amended))["assigned_not_covered"]
    ] == [True]
    # The year plan in force holds March too, and it carries the regiment's March–May task.
    march = b1_plan(world, MONTHLY_PLAN, "202403")
    assert "assigned_not_covered" not in findings_of(edit_page(world, march))


def test_taking_on_a_longer_item_cuts_its_dates_to_the_plan(world, regiment_plan):
    april = b1_plan(world, MONTHLY_PLAN, "202404")
    client = world.client("po_b1")
    source = content_of(regiment_plan)
    assert source.targets is not None and source.tasks is not None
    for key in (source.tasks[0].key, source.targets[0].key):
        assert client.post(f"/plans/{april.pk}/take/", {"key": str(key)}).status_code == 302
    task = april.tasks.get()
    assert (task.starts_on, task.ends_on) == (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert april.targets.get().due_on == dt.date(2024, 4, 30)
    found = findings_of(edit_page(world, april))
    assert "task_outside_period" not in found and "assigned_not_covered" not in found


# --- 2. empty phrases -----------------------------------------------------------------------------


def test_a_task_of_only_empty_phrases_cannot_be_approved(world):
    client = world.client("po_b1")
    plan = b1_plan(world)
    empty = specific_task(title=EMPTY_TITLE, measures=EMPTY_MEASURES)
    data = editor_post(plan, tasks=[empty], then="approve")
    page = client.post(f"/plans/{plan.pk}/edit/", data, follow=True).content.decode()
    assert "Chưa phê duyệt được" in page
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == Plan.DRAFT
    (finding,) = findings_of(edit_page(world, plan))["task_only_vague"]
    assert "phải sửa" in finding
    assert "«tổ chức tốt», «các hoạt động», «thực hiện nghiêm», «theo kế hoạch»" in finding
    # A named activity is concrete: the same phrases around it are only worth a warning.
    named = specific_task(title=f"Tổ chức tốt {CONTEST.lower()}", measures=EMPTY_MEASURES)
    data = editor_post(plan, tasks=[named], then="approve")
    client.post(f"/plans/{plan.pk}/edit/", data)
    assert Plan.objects.get(pk=plan.pk).status == Plan.APPROVED


@pytest.mark.parametrize(
    "phrase",
    [
        "tổ chức tốt",
        "các hoạt động",
        "theo kế hoạch",
        "duy trì nền nếp",
        "thực hiện nghiêm",
        "đạt kết quả tốt",
    ],
)
def test_the_common_empty_phrases_are_caught(world, phrase):
    plan = b1_plan(world)
    client = world.client("po_b1")
    alone = specific_task(title=phrase.capitalize(), measures=phrase)
    fragment = client.post(f"/plans/{plan.pk}/check/", editor_post(plan, tasks=[alone]))
    assert f"«{phrase}»" in findings_of(fragment.content.decode())["task_only_vague"][0]
    # With a concrete object after it the phrase is neither vague nor empty.
    concrete = specific_task(
        title=f"{phrase.capitalize()} 2 buổi học tập chính trị", measures="Đại đội 1 chủ trì"
    )
    fragment = client.post(f"/plans/{plan.pk}/check/", editor_post(plan, tasks=[concrete]))
    found = findings_of(fragment.content.decode())
    assert "task_only_vague" not in found and "vague_wording" not in found


def test_suggestions_fit_the_item(world):
    plan = b1_plan(world)
    data = editor_post(
        plan,
        targets=[{"text": "Đạt kết quả tốt trong học tập chính trị", "due_on": "2024-12-31"}],
        tasks=[
            # No dates, no lead, no number.
            specific_task(
                title=EMPTY_TITLE, measures=EMPTY_MEASURES, starts_on="", ends_on="", lead_unit=""
            ),
            # Dates, lead and numbers: only the words after the phrase are missing.
            specific_task(title="Nâng cao chất lượng sinh hoạt chi bộ"),
        ],
    )
    fragment = world.client("po_b1").post(f"/plans/{plan.pk}/check/", data).content.decode()
    found = findings_of(fragment)
    (empty,) = found["task_only_vague"]
    assert "thời gian: ngày bắt đầu, ngày kết thúc trong kỳ 01/01/2024 – 31/12/2024" in empty
    assert "đơn vị hoặc người chủ trì" in empty and "số buổi, số lượt" in empty
    target, task = found["vague_wording"]
    assert "Chỉ tiêu 1" in target and "con số và đơn vị tính" in target
    assert "thời gian" not in target and "chủ trì" not in target
    assert "Nhiệm vụ 2" in task and "đối tượng hoặc mức cụ thể" in task
    assert "thời gian" not in task and "con số" not in task
    # No canned example shared by every item.
    assert "giáo dục chính trị, bảo đảm" not in fragment


def test_no_doubled_percent_sign_on_plan_pages(world):
    po = world.users["po_b1"]
    plan = b1_plan(world)
    content = PlanContent(
        targets=[TargetIn(text="Giữ vững ổn định chính trị", due_on=dt.date(2024, 12, 31))],
    )
    plan = save_plan(plan, content, by=po, base_revision=plan.revision)
    client = world.client("po_b1")
    pages = {
        "edit": client.get(f"/plans/{plan.pk}/edit/"),
        "check": client.post(
            f"/plans/{plan.pk}/check/",
            editor_post(plan, targets=[{"text": "Giữ vững ổn định chính trị"}]),
        ),
        "detail": client.get(f"/plans/{plan.pk}/"),
        "print": client.get(f"/plans/{plan.pk}/print/"),
        "unit": client.get("/plans/unit/B1/?year=2024"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert "%%" not in response.content.decode(), name
    # The suggestion that used to carry it is shown, with its single percent sign.
    assert "≥ 95% quân số" in pages["edit"].content.decode()


def test_a_version_stored_before_the_empty_task_rule_blocks_with_it(world):
    """A regulation stored before ``task_only_vague`` existed names no severity for it; its
    plans are still checked, and the empty task still blocks."""
    active = RegulationVersion.objects.get(is_active=True)
    content = dict(RegulationContent.objects.get(version=active).content)
    planning = dict(content["planning"])
    specificity = dict(planning["specificity"])
    specificity["severities"] = {
        k: v for k, v in specificity["severities"].items() if k != "task_only_vague"
    }
    planning["specificity"] = specificity
    content["planning"] = planning
    older = RegulationVersion.objects.create(
        code=active.code,
        version="2017.1-khth.0",
        title=active.title,
        effective_from=active.effective_from,
        checksum="older",
        source_name="older.yaml",
        loaded_at=active.loaded_at,
    )
    RegulationContent.objects.create(version=older, content=content)
    plan = b1_plan(world)
    Plan.objects.filter(pk=plan.pk).update(regulation=older)
    plan = Plan.objects.get(pk=plan.pk)
    empty = specific_task(title=EMPTY_TITLE, measures=EMPTY_MEASURES)
    data = editor_post(plan, tasks=[empty])
    assert world.client("po_b1").post(f"/plans/{plan.pk}/edit/", data).status_code == 302
    (finding,) = check_plan(Plan.objects.get(pk=plan.pk)).findings
    assert (finding.rule, finding.severity) == ("task_only_vague", "blocking")
