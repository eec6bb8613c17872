"""The demo year's plans, through the plans' actions: the annual plan of each level of the chain
cascaded down (each level takes up what its superior assigned and passes it on), the monthly
plans of the last months, the weekly activity schedules with their entries, progress reported
on tasks, and next year's draft plan of the regiment waiting for its political officer.

Results come from the reported figures (khth.plans.results): the regiment's «no serious
violation» target is not met (a company reported one), the attendance targets are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from khth.demo.clock import moment
from khth.demo.context import Year
from khth.periods import period_of
from khth.plans.actions import approve_plan, create_plan, issue_plan, report_progress, save_plan
from khth.plans.content import EntryIn, MilestoneIn, PlanContent, TargetIn, TaskIn
from khth.plans.models import Plan

# The chain of annual plans, superior first, with the subordinates each assigns to.
CHAIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("QK9", ("SD330", "CHQS-CT")),
    ("SD330", ("SD330-E1", "SD330-E2")),
    ("SD330-E1", ("SD330-E1-D1", "SD330-E1-D2", "SD330-E1-CTS")),
    ("SD330-E1-D1", ("SD330-E1-D1-C1", "SD330-E1-D1-C2", "SD330-E1-D1-C3")),
    ("SD330-E1-D1-C1", ()),
    ("SD330-E1-D1-C2", ()),
    ("CHQS-CT", ("CHQS-CT-KV1", "CHQS-CT-KV7")),
    ("CHQS-CT-KV7", ()),
)
MONTHLY = ("SD330-E1", "SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2")
WEEKLY = ("SD330-E1", "SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2")
NAMESPACE = uuid.UUID("8f2d1a1e-2b1c-4c1e-9d6a-0d3e4c5b6a70")

SECTIONS = {
    "muc-dich-yeu-cau": (
        "<p>Lãnh đạo, chỉ đạo thực hiện thắng lợi nhiệm vụ huấn luyện, sẵn sàng chiến đấu năm "
        "{year}; xây dựng {unit} vững mạnh toàn diện «mẫu mực, tiêu biểu»; mọi cán bộ, chiến sĩ "
        "nắm vững nhiệm vụ, chấp hành nghiêm kỷ luật.</p>"
    ),
    "chi-tieu": (
        "<p>100% quân số được giáo dục chính trị, trong đó trên 95% tham gia học tập đầy đủ; "
        "không để xảy ra vi phạm kỷ luật nghiêm trọng; kết nạp từ 2 đảng viên trở lên.</p>"
    ),
    "noi-dung-bien-phap": (
        "<p>Quý I: quán triệt nghị quyết, kế hoạch năm; quý II: hội thi tuyên truyền viên giỏi; "
        "quý III: sơ kết 6 tháng, diễn tập; quý IV: tổng kết, đánh giá, xếp loại.</p>"
    ),
    "to-chuc-thuc-hien": (
        "<p>Chính ủy, chính trị viên chủ trì; cơ quan chính trị (phó chính trị viên) tham mưu, "
        "hướng dẫn; các đơn vị xây dựng kế hoạch thực hiện, báo cáo kết quả hằng tháng.</p>"
    ),
    "bao-dam": "<p>Tài liệu học tập, phòng Hồ Chí Minh, kinh phí CTĐ, CTCT theo phân cấp.</p>",
}


def _key(*parts: str) -> uuid.UUID:
    """A stable item key: the same demo every run (a random key would differ each time)."""
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def _sections(unit_name: str, year: int) -> dict[str, str]:
    return {code: text.format(unit=unit_name, year=year) for code, text in SECTIONS.items()}


def _annual(year: Year, number: int) -> None:
    """Each level's annual plan of ``number``, superior first, each taking up its superior's."""
    assigned: dict[str, tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = {}
    for step, (code, below) in enumerate(CHAIN):
        unit = year.unit(code)
        preparer, officer = year.preparer[code], year.officer[code]
        made = dt.date(number - 1, 12, 5) + dt.timedelta(days=3 * step)
        taken = assigned.get(code)
        targets = [
            TargetIn(
                key=_key(code, str(number), "gdct"),
                text="Tỷ lệ quân số tham gia học tập chính trị",
                template="bc-thang", indicator="gdct-ty-le", comparison=">=",
                value=Decimal(95), due_on=dt.date(number, 12, 31),
                assigned_key=taken[0] if taken else None, assignees=list(below),
            ),
            TargetIn(
                key=_key(code, str(number), "vpnt"),
                text="Không để xảy ra vi phạm kỷ luật nghiêm trọng",
                template="bc-thang", indicator="vi-pham-nghiem-trong", comparison="<=",
                value=Decimal(0), due_on=dt.date(number, 12, 31),
                assigned_key=taken[1] if taken else None, assignees=list(below),
            ),
        ]  # fmt: skip
        tasks = [
            TaskIn(
                key=_key(code, str(number), "hoi-thi"),
                title="Tổ chức hội thi tuyên truyền viên giỏi",
                measures="Mỗi đơn vị chọn 3 – 5 tuyên truyền viên; chấm thi theo 3 nội dung",
                lead_person="Chính ủy, chính trị viên",
                starts_on=dt.date(number, 5, 1), ends_on=dt.date(number, 6, 30),
                is_key=True, assigned_key=taken[2] if taken else None, assignees=list(below),
            ),
        ]  # fmt: skip
        content = PlanContent(
            sections=_sections(unit.name, number),
            targets=targets,
            tasks=tasks,
            milestones=[
                MilestoneIn(
                    key=_key(code, str(number), "so-ket"),
                    due_on=dt.date(number, 6, 15),
                    content="Sơ kết 6 tháng",
                    template="bc-6-thang",
                )
            ],
        )
        for below_code in below:
            assigned[below_code] = (targets[0].key, targets[1].key, tasks[0].key)  # type: ignore[assignment]
        plan = year.at(
            made, 8, lambda: create_plan(unit, "kh-ctd-nam", period_id=str(number), by=preparer)
        )
        plan = year.at(
            made, 10, lambda: save_plan(plan, content, by=preparer, base_revision=plan.revision)
        )
        plan = year.at(made + dt.timedelta(days=1), 9, lambda: approve_plan(plan, by=officer))
        plan = year.at(made + dt.timedelta(days=1), 14, lambda: issue_plan(plan, by=officer))
        if number == year.today.year and year.today >= dt.date(number, 6, 30):
            task = plan.tasks.get()
            year.at(dt.date(number, 6, 28), 16, lambda: report_progress(
                task, progress="done", by=preparer,
                note="Đã tổ chức hội thi; 3 tuyên truyền viên đạt giải.",
            ))  # fmt: skip
        year.made[f"annual:{code}"] = plan


def _monthly(year: Year) -> None:
    current = period_of(year.today, "monthly")
    months = [current.previous().previous(), current.previous(), current]
    for code in MONTHLY:
        unit = year.unit(code)
        preparer, officer = year.preparer[code], year.officer[code]
        for month in months:
            made = month.start - dt.timedelta(days=3)
            content = PlanContent(
                sections=_sections(unit.name, month.start.year),
                targets=[
                    TargetIn(
                        key=_key(code, month.id, "gdct"),
                        text="Quân số tham gia học tập chính trị trong tháng",
                        template="bc-thang", indicator="gdct-ty-le", comparison=">=",
                        value=Decimal(97), due_on=month.end,
                    )
                ],
                tasks=[
                    TaskIn(
                        key=_key(code, month.id, "sh"),
                        title="Sinh hoạt chuyên đề «Học tập và làm theo Bác»",
                        measures="Mỗi tiểu đội chọn 1 tấm gương; chi bộ nhận xét, biểu dương",
                        lead_person="Chính trị viên", starts_on=month.start,
                        ends_on=month.start + dt.timedelta(days=20),
                    )
                ],
            )  # fmt: skip
            plan = year.at(
                made, 8, lambda: create_plan(unit, "kh-ctd-thang", period_id=month.id, by=preparer)
            )
            plan = year.at(
                made, 10, lambda: save_plan(plan, content, by=preparer, base_revision=plan.revision)
            )
            plan = year.at(made + dt.timedelta(days=1), 9, lambda: approve_plan(plan, by=officer))
            year.at(made + dt.timedelta(days=1), 10, lambda: issue_plan(plan, by=officer))


WEEK_ENTRIES = (
    (0, 7, 9, "Học tập chính trị: chuyên đề {n}", "Chính trị viên", "Toàn đơn vị", "Hội trường"),
    (1, 17, 18, "Đọc báo, nghe tin, thông báo chính trị", "Phó chính trị viên", "Toàn đơn vị",
     "Phòng Hồ Chí Minh"),
    (2, 19, 21, "Sinh hoạt chi bộ thường kỳ", "Bí thư chi bộ", "Đảng viên", "Phòng Hồ Chí Minh"),
    (4, 19, 20, "Sinh hoạt Hội đồng quân nhân", "Chủ tịch Hội đồng quân nhân", "Toàn đơn vị",
     "Hội trường"),
    (5, 7, 11, "Giúp dân nạo vét kênh mương", "Phó chính trị viên", "Hai trung đội",
     "Ấp Phú Lợi"),
)  # fmt: skip


def _weekly(year: Year) -> None:
    current = period_of(year.today, "weekly")
    weeks = [current.previous(), current]
    for code in WEEKLY:
        unit = year.unit(code)
        officer = year.officer[code]
        for number, week in enumerate(weeks, start=1):
            made = week.start - dt.timedelta(days=2)
            entries = [
                EntryIn(
                    key=_key(code, week.id, str(day), str(start)),
                    starts_at=moment(week.start + dt.timedelta(days=day), start),
                    ends_at=moment(week.start + dt.timedelta(days=day), end),
                    content=text.format(n=number + 2), lead=lead, participants=who, place=place,
                )
                for day, start, end, text, lead, who, place in WEEK_ENTRIES
            ]  # fmt: skip
            plan = year.at(
                made, 15, lambda: create_plan(unit, "lhd-tuan", period_id=week.id, by=officer)
            )
            plan = year.at(
                made,
                16,
                lambda: save_plan(
                    plan, PlanContent(entries=entries), by=officer, base_revision=plan.revision
                ),
            )
            plan = year.at(made, 17, lambda: approve_plan(plan, by=officer))
            year.at(made, 17, lambda: issue_plan(plan, by=officer), minute=30)


def _next_year_draft(year: Year) -> None:
    """Next year's plan of the regiment, drafted and waiting for its political officer."""
    code = "SD330-E1"
    unit, preparer = year.unit(code), year.preparer[code]
    number = year.today.year + 1
    made = year.today - dt.timedelta(days=2)
    content = PlanContent(sections=_sections(unit.name, number))
    plan = year.at(
        made, 9, lambda: create_plan(unit, "kh-ctd-nam", period_id=str(number), by=preparer)
    )
    year.at(made, 11, lambda: save_plan(plan, content, by=preparer, base_revision=plan.revision))


def build_plans(year: Year) -> None:
    _annual(year, year.today.year)
    _monthly(year)
    _weekly(year)
    _next_year_draft(year)
    year.made["plans"] = Plan.objects.count()
