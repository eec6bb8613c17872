"""Review fixtures on the named world (tests/conftest.py): five years of the regiment R
(2020–2024) with what a review counts, each item known here so the tests can compute the
figures on their own:

- yearly reports (bc-nam) of 2022–2024, on time or late, with known values (``REPORTS``), one
  monthly report, and one yearly report sent with a written reason for a missing section;
- R's yearly plans of 2023 and 2024 with targets on the yearly figures (two met, one missed);
- decided evaluations (``LEVELS``), one through the whole process and the others as rows;
- inspections with findings and remedies (``FINDINGS``), rows written directly;
- awards (``AWARDS``), rows written directly.

Accounts of the world start today: actions needing a permission run outside time travel, and
reports are submitted inside it (the submission date is what timeliness reads).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from khth.awards.models import Award
from khth.evaluations.models import Evaluation
from khth.inspections.models import Finding, Inspection, Remedy
from khth.periods import parse_period
from khth.plans.actions import approve_plan, create_plan, save_plan
from khth.plans.content import PlanContent, TargetIn
from khth.regulations.access import active_regulation
from khth.regulations.models import RegulationVersion
from khth.reports.actions import open_report, save_report, submit_report
from khth.reports.models import Report
from khth.reports.timeliness import deadline_for
from tests.plans.conftest import good_task
from tests.reports.conftest import complete_content

START = dt.date(2020, 1, 1)
END = dt.date(2024, 12, 31)
TODAY = dt.date(2025, 3, 1)
YEARLY = "bc-nam"
TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Sent:
    unit: str
    year: int
    late: bool
    numbers: dict[str, int]


def numbers(quan_so: int, gdct: int, dang_vien: int, ket_nap: int, **more: int) -> dict[str, int]:
    return {
        "quan-so": quan_so,
        "gdct-tham-gia": gdct,
        "dang-vien": dang_vien,
        "quan-chung-uu-tu": ket_nap + 3,
        "ket-nap": ket_nap,
        **more,
    }


REPORTS = (
    Sent("C1", 2022, False, numbers(100, 95, 30, 2)),
    Sent("C2", 2022, False, numbers(80, 72, 20, 1, **{"dao-ngu": 1})),
    Sent("C3", 2022, True, numbers(90, 81, 25, 0)),
    Sent("C1", 2023, False, numbers(110, 110, 33, 3)),
    Sent("C2", 2023, True, numbers(85, 80, 22, 2, **{"vi-pham-nghiem-trong": 1})),
    Sent("B1", 2023, False, numbers(20, 20, 12, 0)),
    Sent("C1", 2024, False, numbers(120, 114, 36, 4)),
    Sent("C2", 2024, False, numbers(90, 90, 24, 2)),
    Sent("C3", 2024, False, numbers(95, 95, 28, 1)),
    Sent("R", 2024, True, numbers(60, 60, 40, 0)),
)
# C3's report of 2024 goes up without a required section, its reason written: submitted, but
# not complete.
INCOMPLETE = ("C3", 2024)
MONTHLY = ("C1", "202406")

# (unit, period, level) of decided evaluations; R is the review's own unit: not counted.
LEVELS = (
    ("C1", "2023", "xuat-sac"),
    ("C2", "2023", "tot"),
    ("C3", "2023", "hoan-thanh"),
    ("B1", "2023", "tot"),
    ("R", "2023", "xuat-sac"),
    ("C2", "2024S1", "xuat-sac"),
    ("B2", "2024S1", "khong-hoan-thanh"),
)

# (inspection, unit, kind, area, remedy: None | (deadline, closed))
INSPECTIONS = {
    "2023": dt.date(2023, 5, 10),
    "2024": dt.date(2024, 4, 2),
    "2019": dt.date(2019, 9, 1),  # before the span
}
FINDINGS = (
    ("2023", "C1", Finding.WEAKNESS, "xay-dung-dang", (dt.date(2023, 8, 31), True)),
    ("2023", "C2", Finding.WEAKNESS, "xay-dung-dang", (dt.date(2024, 1, 31), False)),
    ("2023", "C3", Finding.VIOLATION, "tu-tuong-ky-luat", (dt.date(2025, 6, 30), False)),
    ("2023", "B1", Finding.STRENGTH, "dan-van", None),
    ("2023", "D", Finding.WEAKNESS, "can-bo", (dt.date(2023, 12, 31), False)),  # not in R
    ("2024", "C1", Finding.WEAKNESS, "tu-tuong-ky-luat", (dt.date(2024, 6, 30), True)),
    ("2024", "B2", Finding.STRENGTH, "chinh-sach", None),
    ("2019", "C2", Finding.WEAKNESS, "can-bo", (dt.date(2019, 12, 31), False)),  # before
)

# (unit, recipient, title, decision date)
AWARDS = (
    ("C1", Award.COLLECTIVE, "don-vi-tien-tien", dt.date(2023, 12, 20)),
    ("B1", Award.COLLECTIVE, "giay-khen", dt.date(2024, 5, 1)),
    ("R", Award.COLLECTIVE, "don-vi-quyet-thang", dt.date(2024, 12, 30)),
    ("C2", Award.INDIVIDUAL, "chien-si-thi-dua-co-so", dt.date(2022, 12, 1)),
    ("C2", Award.INDIVIDUAL, "chien-si-tien-tien", dt.date(2024, 1, 5)),
    ("C3", Award.INDIVIDUAL, "chien-si-tien-tien", dt.date(2024, 1, 5)),
    ("C1", Award.COLLECTIVE, "giay-khen", dt.date(2019, 6, 1)),  # before the span
    ("D", Award.COLLECTIVE, "giay-khen", dt.date(2023, 6, 1)),  # not in R's subtree
)


def at_local(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def deadline(world: Any, code: str, template: str, period_id: str) -> dt.date:
    tmpl = active_regulation().report_template(template)
    return deadline_for(tmpl, world.unit(code).level, parse_period(period_id))


def required_leaf() -> str:
    from khth.reports.template import outline

    rows = outline(active_regulation().report_template(YEARLY))
    return next(r.code for r in rows if r.is_leaf and r.required and r.code != "tinh-hinh")


def send(
    world: Any,
    code: str,
    template: str,
    period_id: str,
    *,
    late: bool,
    values: dict[str, int] | None = None,
    reason: str = "",
) -> Report:
    """``code``'s report filled with ``values``, submitted on its deadline or three days after."""
    by = world.users["cu_r"]
    due = deadline(world, code, template, period_id)
    when = at_local(due + dt.timedelta(days=3 if late else 0))
    with time_machine.travel(when, tick=False):
        report = open_report(world.unit(code), template, period_id, by=by)
        content = complete_content(report, values)
        if reason:
            assert content.sections is not None
            code_missing = required_leaf()
            del content.sections[code_missing]
            content = replace(content, justifications={("section", code_missing): reason})
        report = save_report(report, content, by=by, base_version=report.version)
        return submit_report(report, by=by)


def reports(world: Any) -> list[Report]:
    sent = []
    for item in REPORTS:
        incomplete = (item.unit, item.year) == INCOMPLETE
        sent.append(
            send(
                world,
                item.unit,
                YEARLY,
                str(item.year),
                late=item.late,
                values=item.numbers,
                reason="Chưa tổng hợp kịp" if incomplete else "",
            )
        )
    sent.append(send(world, MONTHLY[0], "bc-thang", MONTHLY[1], late=False))
    return sent


def plans(world: Any) -> list[Any]:
    """R's yearly plans: 2023 (gdct ≥ 90%: met with 210/215; đảng viên ≥ 1000: missed) and
    2024 (kết nạp ≥ 5: met with 7)."""
    officer = world.users["cu_r"]
    made = []
    targets = {
        "2023": [
            ("Tỷ lệ quân số học tập chính trị", "gdct-ty-le", 90, dt.date(2023, 12, 31)),
            ("Số đảng viên", "dang-vien", 1000, dt.date(2023, 12, 31)),
        ],
        "2024": [("Kết nạp đảng viên mới", "ket-nap", 5, dt.date(2024, 12, 31))],
    }
    for year, rows in targets.items():
        plan = create_plan(world.unit("R"), "kh-ctd-nam", period_id=year, by=officer)
        content = PlanContent(
            targets=[
                TargetIn.model_validate(
                    {
                        "text": text,
                        "template": YEARLY,
                        "indicator": indicator,
                        "comparison": ">=",
                        "value": Decimal(value),
                        "due_on": due,
                    }
                )
                for text, indicator, value, due in rows
            ],
            tasks=[
                good_task(
                    starts_on=dt.date(int(year), 3, 1),
                    ends_on=dt.date(int(year), 5, 31),
                )
            ],
        )
        plan = save_plan(plan, content, by=officer, base_revision=plan.revision)
        made.append(approve_plan(plan, by=officer))
    return made


def evaluations(world: Any) -> None:
    version = RegulationVersion.objects.get(is_active=True)
    now = timezone.now()
    for code, period_id, level in LEVELS:
        period = parse_period(period_id)
        Evaluation.objects.create(
            unit=world.unit(code),
            regulation=version,
            period_id=period.id,
            period_start=period.start,
            period_end=period.end,
            status=Evaluation.DECIDED,
            decided_level=level,
            created_at=now,
            updated_at=now,
        )
    # Not decided: not counted.
    period = parse_period("2024S1")
    Evaluation.objects.create(
        unit=world.unit("C3"),
        regulation=version,
        period_id=period.id,
        period_start=period.start,
        period_end=period.end,
        status=Evaluation.SUBMITTED,
        created_at=now,
        updated_at=now,
    )


def inspections(world: Any) -> None:
    by = world.users["cu_r"]
    now = timezone.now()
    made = {}
    for key, day in INSPECTIONS.items():
        inspection = Inspection.objects.create(
            by_unit=world.unit("D") if key == "2023" else world.unit("R"),
            title=f"Kiểm tra năm {key}",
            starts_on=day,
            ends_on=day + dt.timedelta(days=2),
            areas=["xay-dung-dang", "tu-tuong-ky-luat"],
            created_at=now,
            created_by=by,
            updated_at=now,
        )
        inspection.units.set([world.unit("B1"), world.unit("B2")])
        made[key] = inspection
    for key, code, kind, area, remedy in FINDINGS:
        finding = Finding.objects.create(
            inspection=made[key],
            unit=world.unit(code),
            kind=kind,
            area=area,
            text=f"Nhận xét {area} của {code}",
            created_at=now,
            created_by=by,
        )
        if remedy is not None:
            due, closed = remedy
            Remedy.objects.create(
                finding=finding,
                owner=world.unit(code),
                action=f"Khắc phục {area}",
                deadline=due,
                status=Remedy.CLOSED if closed else Remedy.OPEN,
                created_at=now,
                created_by=by,
                closed_at=now if closed else None,
                closed_by=by if closed else None,
            )


def awards(world: Any) -> None:
    by = world.users["cu_r"]
    for number, (code, recipient, title, day) in enumerate(AWARDS, start=1):
        Award.objects.create(
            unit=world.unit(code),
            recipient=recipient,
            person_name="Nguyễn Văn Thi" if recipient == Award.INDIVIDUAL else "",
            title_code=title,
            issuer="Thủ trưởng Sư đoàn",
            decision_number=f"{number}/QĐ-SĐ",
            decision_date=day,
            created_at=timezone.now(),
            created_by=by,
        )


@pytest.fixture
def history(world: Any) -> Any:
    """Five years of R's subtree as described above."""
    reports(world)
    plans(world)
    evaluations(world)
    inspections(world)
    awards(world)
    return world
