"""Demo plans: the regiment's annual plan of the current year, issued, with a target and a task
assigned to its battalions, and a weekly activity schedule of company 1 — so that a fresh demo
shows the cascade (battalion 1 has assigned items to cover) and the calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from khth.accounts.models import User
from khth.lib import clock
from khth.periods import period_of
from khth.plans.actions import approve_plan, create_plan, issue_plan, save_plan
from khth.plans.content import EntryIn, MilestoneIn, PlanContent, TargetIn, TaskIn
from khth.units.models import Unit

REGIMENT = "SD330-E1"
COMPANY = "SD330-E1-D1-C1"


def build_plans() -> None:
    today = clock.today()
    regiment = Unit.objects.get(code=REGIMENT)
    officer = User.objects.get(username="cu.e1")
    battalions = sorted(
        u.code for u in Unit.objects.filter(parent=regiment, level="tieu-doan", valid_to=None)
    )
    year = today.year
    plan = create_plan(regiment, "kh-ctd-nam", period_id=str(year), by=officer)
    content = PlanContent(
        sections={
            "muc-dich-yeu-cau": (
                "<p>Lãnh đạo, chỉ đạo thực hiện thắng lợi nhiệm vụ huấn luyện, sẵn sàng chiến đấu "
                f"năm {year}; xây dựng trung đoàn vững mạnh toàn diện «mẫu mực, tiêu biểu».</p>"
            ),
            "to-chuc-thuc-hien": (
                "<p>Chính ủy trung đoàn chủ trì; Ban Chính trị tham mưu, hướng dẫn; các tiểu "
                "đoàn xây dựng kế hoạch thực hiện, báo cáo kết quả hằng tháng.</p>"
            ),
        },
        targets=[
            TargetIn(
                text="Tỷ lệ quân số tham gia học tập chính trị",
                template="bc-thang",
                indicator="gdct-ty-le",
                comparison=">=",
                value=Decimal(95),
                due_on=dt.date(year, 12, 31),
                assignees=battalions,
            ),
            TargetIn(
                text="Không để xảy ra vi phạm kỷ luật nghiêm trọng",
                template="bc-thang",
                indicator="vi-pham-nghiem-trong",
                comparison="<=",
                value=Decimal(0),
                due_on=dt.date(year, 12, 31),
            ),
        ],
        tasks=[
            TaskIn(
                title="Tổ chức hội thi tuyên truyền viên giỏi cấp tiểu đoàn",
                measures="Mỗi tiểu đoàn chọn 5 tuyên truyền viên; chấm thi theo 3 nội dung",
                lead_person="Chủ nhiệm chính trị",
                starts_on=dt.date(year, 5, 1),
                ends_on=dt.date(year, 6, 30),
                is_key=True,
                assignees=battalions,
            ),
        ],
        milestones=[
            MilestoneIn(
                due_on=dt.date(year, 6, 15), content="Sơ kết 6 tháng", template="bc-6-thang"
            )
        ],
    )
    plan = save_plan(plan, content, by=officer, base_revision=plan.revision)
    approve_plan(plan, by=officer)
    issue_plan(plan, by=officer)

    company = Unit.objects.get(code=COMPANY)
    political_officer = User.objects.get(username="ctv.e1d1c1")
    week = period_of(today, "weekly")
    schedule = create_plan(company, "lhd-tuan", period_id=week.id, by=political_officer)
    monday = week.start

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        day_of = monday + dt.timedelta(days=day)
        return timezone.make_aware(dt.datetime.combine(day_of, dt.time(hour, minute)))

    entries = [
        EntryIn(
            starts_at=at(0, 7),
            ends_at=at(0, 9),
            content="Học tập chính trị: chuyên đề 3",
            lead="Chính trị viên đại đội",
            participants="Toàn đại đội",
            place="Hội trường đại đội",
        ),
        EntryIn(
            starts_at=at(2, 19),
            ends_at=at(2, 21),
            content="Sinh hoạt chi bộ thường kỳ",
            lead="Bí thư chi bộ",
            participants="Đảng viên chi bộ",
            place="Phòng Hồ Chí Minh",
        ),
        EntryIn(
            starts_at=at(4, 19),
            content="Sinh hoạt Hội đồng quân nhân",
            lead="Chủ tịch Hội đồng quân nhân",
            participants="Toàn đại đội",
            place="Hội trường đại đội",
        ),
    ]
    save_plan(schedule, PlanContent(entries=entries), by=political_officer, base_revision=1)
