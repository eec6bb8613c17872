"""The regiment issues its annual plan with a target assigned to the battalions; a battalion
drafts its plan, the live specificity check flags a vague task and the uncovered assigned target
by name, the officer fixes both, the political officer approves; after the period the target
shows «Đạt chỉ tiêu» from the December reports of the battalion's companies."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from khth.plans.actions import approve_plan, create_plan, save_plan
from khth.plans.content import PlanContent
from khth.plans.models import Plan
from khth.reports.actions import open_report, submit_report
from tests.browser.test_report_cycle import log_out
from tests.browser.test_scope_in_browser import log_in
from tests.plans.conftest import TARGET_TEXT, YEAR, YEARLY, assigned_target
from tests.reports.conftest import MONTHLY, fill

pytestmark = pytest.mark.browser

VAGUE = "Tăng cường giáo dục chính trị"
SPECIFIC = "Tăng cường giáo dục chính trị cho 100% quân số, mỗi tháng 2 buổi"


def approved_regiment_plan(world: Any) -> Plan:
    """The regiment's 2024 plan, approved by the commissar, waiting to be issued."""
    officer = world.users["cu_r"]
    plan = create_plan(world.unit("R"), YEARLY, period_id=YEAR, by=officer)
    content = PlanContent(targets=[assigned_target(assignees=["B1", "B2"])])
    plan = save_plan(plan, content, by=officer, base_revision=plan.revision)
    return approve_plan(plan, by=officer)


def december_reports(world: Any) -> None:
    """C1 and C2 reported December 2024: 97 and 99 of 100 men attended, 98% for the battalion."""
    by = world.users["cu_r"]
    for code, attending in {"C1": 97, "C2": 99}.items():
        report = open_report(world.unit(code), MONTHLY, "202412", by=by)
        submit_report(fill(report, by, {"quan-so": 100, "gdct-tham-gia": attending}), by=by)


def test_annual_plan_cycle(page, world):
    regiment = approved_regiment_plan(world)
    december_reports(world)

    log_in(page, "cu_r")
    page.goto(f"/plans/{regiment.pk}/")
    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-status").inner_text() == "Đã ban hành"
    log_out(page)

    log_in(page, "po_b1")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.wait_for_url("**/plans/unit/B1/")
    page.goto("/plans/unit/B1/?year=2024")
    assigned = page.get_by_test_id("assigned")
    assert TARGET_TEXT in assigned.inner_text()
    assert "chưa có kế hoạch thực hiện" in assigned.inner_text()
    form = page.get_by_test_id("new-plan")
    form.get_by_label("Loại kế hoạch").select_option(YEARLY)
    form.get_by_label("Kỳ kế hoạch").fill(YEAR)
    form.get_by_role("button", name="Lập dự thảo").click()
    page.wait_for_url("**/edit/")

    # A vague task: the live check names it, and the target the regiment assigned.
    page.locator('[name="task-1-title"]').fill(VAGUE)
    page.locator('[name="task-1-measures"]').fill("Tổ chức 12 buổi học, kiểm tra cuối đợt")
    page.locator('[name="task-1-lead_unit"]').select_option("B1")
    page.locator('[name="task-1-starts_on"]').fill("2024-03-01")
    page.locator('[name="task-1-ends_on"]').fill("2024-11-30")
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("«tăng cường» chưa nêu đối tượng hay mức cụ thể")
    expect(findings).to_contain_text(f"Nhiệm vụ 1 «{VAGUE}»")
    expect(findings).to_contain_text(f"Chỉ tiêu cấp trên giao «{TARGET_TEXT}»")

    # The officer rewrites the task and takes the assigned target.
    page.locator('[name="task-1-title"]').fill(SPECIFIC)
    expect(findings).not_to_contain_text("tăng cường")
    page.get_by_test_id("assigned").get_by_role("button", name="Nhận thực hiện").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("assigned")).to_contain_text("đã có nội dung thực hiện")
    expect(page.get_by_test_id("blocking-count")).to_have_text("0 điểm phải sửa")
    assert page.locator('[name="target-1-text"]').input_value() == TARGET_TEXT
    assert page.locator('[name="task-1-title"]').input_value() == SPECIFIC

    # The political officer approves.
    page.get_by_role("button", name="Lưu và phê duyệt").click()
    page.wait_for_url("**/plans/*/")
    assert page.get_by_test_id("plan-status").inner_text() == "Đã phê duyệt"
    plan = Plan.objects.get(unit__code="B1", kind_code=YEARLY)
    assert plan.status == Plan.APPROVED

    # Today is after 2024: the target is judged on the companies' December figures.
    result = page.get_by_test_id("target-result").first
    assert "Đạt chỉ tiêu" in result.inner_text()
    assert "98,0%" in result.inner_text()
