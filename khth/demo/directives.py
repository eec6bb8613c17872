"""The demo's directive, through the directives' actions: the regiment enters the Central
Military Commission's resolution 847 (public), its units record how they studied it — one
company has not yet, so the follow-up matrix shows a gap — the regiment links its annual plan,
and a company reports a result of the last quarter."""

from __future__ import annotations

import datetime as dt

from khth.demo.context import Year
from khth.directives.actions import (
    DirectiveIn,
    ResultIn,
    StudyIn,
    enter_directive,
    link_plan,
    record_study,
    report_result,
)
from khth.directives.models import Study
from khth.periods import period_of

# (unit, form, present, total, days after the directive was entered)
STUDIES = (
    ("SD330-E1", Study.CONFERENCE, 112, 115, 6),
    ("SD330-E1-D1", Study.CONFERENCE, 41, 42, 10),
    ("SD330-E1-D1-C1", Study.CELL_MEETING, 27, 28, 12),
    ("SD330-E1-D1-C2", Study.POLITICAL_CLASS, 88, 94, 14),
)


def build_directives(year: Year) -> None:
    regiment = year.unit("SD330-E1")
    entered = year.today - dt.timedelta(days=75)
    data = DirectiveIn(
        number="847-NQ/QUTW",
        title="Về phát huy phẩm chất, bản lĩnh, văn hóa, phong cách «Bộ đội Cụ Hồ» trong thời kỳ "
        "mới",
        issuer="Quân ủy Trung ương",
        issued_on=dt.date(2021, 12, 28),
        summary="Trung đoàn tiếp tục quán triệt, thực hiện gắn với nhiệm vụ năm.",
    )
    directive = year.at(
        entered, 9, lambda: enter_directive(regiment, data, by=year.preparer["SD330-E1"])
    )
    for code, form, present, total, days in STUDIES:
        unit = year.unit(code)
        held = entered + dt.timedelta(days=days)
        study = StudyIn(
            held_on=held, form=form, present=present, total=total,
            presided=year.officer[code].full_name, made_up=total - present,
            made_up_on=held + dt.timedelta(days=5),
        )  # fmt: skip
        year.at(
            held + dt.timedelta(days=5),
            16,
            lambda: record_study(directive, unit, study, by=year.preparer[code]),
        )
    plan = year.made.get("annual:SD330-E1")
    if plan is not None:
        year.at(
            entered + dt.timedelta(days=7),
            10,
            lambda: link_plan(directive, regiment, plan, by=year.preparer["SD330-E1"]),
        )
    quarter = period_of(year.today, "quarterly").previous()
    company = year.unit("SD330-E1-D1-C1")
    result = ResultIn(
        period_id=quarter.id,
        text="Chi bộ ra nghị quyết chuyên đề; 100% đảng viên viết cam kết tu dưỡng, rèn luyện.",
        figures=(("Đảng viên viết cam kết", "28/28"), ("Gương người tốt, việc tốt", "6")),
    )
    reported = min(quarter.end + dt.timedelta(days=5), year.today)
    year.at(reported, 15, lambda: report_result(
        directive, company, result, by=year.preparer[company.code]
    ))  # fmt: skip
