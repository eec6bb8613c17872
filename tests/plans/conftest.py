"""Plan fixtures on the named world: the regiment's annual plan for 2024, with one target and
one task assigned to battalion B1, issued; battalion B1's plan covering them; weekly schedules
of B1 (approved) and C1 (draft) for the week of 8 July 2024."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.actions import approve_plan, create_plan, issue_plan, save_plan
from khth.plans.content import EntryIn, MilestoneIn, PlanContent, TargetIn, TaskIn
from khth.plans.models import Plan
from khth.plans.stored import content_of
from khth.units.actions import update_unit

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


WEEKLY = "lhd-tuan"
WEEK = "2024W28"  # Monday 8 – Sunday 14 July 2024
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LONG = (
    "Tổ chức hội nghị quân nhân, học tập nghị quyết; quán triệt nhiệm vụ huấn luyện, "
    "sẵn sàng chiến đấu và xây dựng đơn vị vững mạnh toàn diện «mẫu mực, tiêu biểu»"
)
SECTION_TEXT = "Nâng cao chất lượng học tập chính trị cho 100% quân số của Tiểu đoàn 1."


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 7, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def battalion_plan(world: Any, regiment_plan: Plan) -> Plan:
    po = world.users["po_b1"]
    update_unit(world.unit("B1"), by=None, place="Sóc Trăng", admin_abbr="TĐ1")
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    source = content_of(regiment_plan)
    assert source.targets is not None and source.tasks is not None
    content = PlanContent(
        sections={
            "muc-dich-yeu-cau": f"<p>{SECTION_TEXT}</p>",
            "bao-dam": "<p>Bảo đảm 20 bộ tài liệu cho các đại đội.</p>",
        },
        targets=[
            assigned_target(assigned_key=source.targets[0].key, assignees=["C1", "C2"]),
            TargetIn(
                text="Không để xảy ra vi phạm kỷ luật nghiêm trọng (0 vụ)",
                due_on=dt.date(2024, 12, 31),
            ),
        ],
        tasks=[
            good_task(assigned_key=source.tasks[0].key, lead_unit="B1", is_key=True),
            good_task(
                "Sinh hoạt chuyên đề «Học tập và làm theo tấm gương đạo đức Hồ Chí Minh»",
                lead_unit="C1",
                participant_units=["C2"],
                participants="Đoàn cơ sở",
                starts_on=dt.date(2024, 6, 1),
                ends_on=dt.date(2024, 6, 30),
            ),
        ],
        milestones=[
            MilestoneIn(due_on=dt.date(2024, 6, 15), content="Sơ kết 6 tháng, báo cáo trung đoàn"),
        ],
    )
    return save_plan(plan, content, by=po, base_revision=plan.revision)


def schedule_of(world: Any, code: str, username: str, entries: list[EntryIn]) -> Plan:
    by = world.users[username]
    plan = create_plan(world.unit(code), WEEKLY, period_id=WEEK, by=by)
    return save_plan(plan, PlanContent(entries=entries), by=by, base_revision=plan.revision)


@pytest.fixture
def battalion_schedule(world: Any) -> Plan:
    plan = schedule_of(
        world,
        "B1",
        "po_b1",
        [
            EntryIn(
                starts_at=at(8, 7, 30),
                ends_at=at(8, 9),
                content="Giao ban tuần, triển khai nhiệm vụ",
                lead="Chính trị viên Vũ Văn Ba",
                participants="Cán bộ tiểu đoàn, đại đội",
                place="Hội trường Tiểu đoàn 1",
                notes="Mang sổ tay; báo cáo tình hình",
            ),
            EntryIn(
                starts_at=at(10, 14),
                ends_at=at(10, 16, 30),
                content=LONG,
                lead="Bí thư chi bộ",
                participants="Toàn thể đảng viên",
                place="Nhà văn hóa",
            ),
        ],
    )
    return approve_plan(plan, by=world.users["po_b1"])


@pytest.fixture
def company_schedule(world: Any) -> Plan:
    return schedule_of(
        world,
        "C1",
        "po_c1",
        [
            EntryIn(
                starts_at=at(9, 19),
                ends_at=at(9, 21),
                content="Đọc báo, nghe tin thời sự",
                lead="Chính trị viên Đại đội 1",
                place="Câu lạc bộ đại đội",
            )
        ],
    )
