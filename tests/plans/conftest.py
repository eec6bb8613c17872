"""Plan fixtures on the named world: the regiment's annual plan for 2024, with one target and
one task assigned to battalion B1, issued."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.actions import approve_plan, create_plan, issue_plan, save_plan
from khth.plans.content import PlanContent, TargetIn, TaskIn
from khth.plans.models import Plan

YEARLY = "kh-ctd-nam"
YEAR = "2024"
TARGET_TEXT = "Tỷ lệ quân số tham gia học tập chính trị"


def good_task(title: str = "Giáo dục chính trị cho chiến sĩ mới", **changes: Any) -> TaskIn:
    data: dict[str, Any] = {
        "title": title,
        "measures": "Tổ chức 12 buổi học, kiểm tra nhận thức cuối đợt cho 100% quân số",
        "lead_person": "Chính trị viên",
        "starts_on": dt.date(2024, 3, 1),
        "ends_on": dt.date(2024, 5, 31),
    }
    data.update(changes)
    return TaskIn.model_validate(data)


def assigned_target(**changes: Any) -> TargetIn:
    data: dict[str, Any] = {
        "text": TARGET_TEXT,
        "template": "bc-thang",
        "indicator": "gdct-ty-le",
        "comparison": ">=",
        "value": Decimal(95),
        "due_on": dt.date(2024, 12, 31),
        "assignees": ["B1"],
    }
    data.update(changes)
    return TargetIn.model_validate(data)


@pytest.fixture
def regiment_plan(world: Any) -> Plan:
    officer = world.users["cu_r"]
    plan = create_plan(world.unit("R"), YEARLY, period_id=YEAR, by=officer)
    content = PlanContent(
        targets=[assigned_target()],
        tasks=[good_task("Tổ chức hội thi tuyên truyền viên giỏi cấp tiểu đoàn", assignees=["B1"])],
    )
    plan = save_plan(plan, content, by=officer, base_revision=plan.revision)
    approve_plan(plan, by=officer)
    return issue_plan(plan, by=officer)
