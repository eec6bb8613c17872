"""The demo's inspection, through the inspections' actions: the regiment inspects the Party and
political work of battalion 1 and two of its companies six weeks ago; findings for each unit,
remedies with deadlines — one closed with its evidence, one overdue, one due next week — and
the conclusion."""

from __future__ import annotations

import datetime as dt

from khth.demo.context import Year
from khth.inspections.actions import (
    InspectionData,
    add_finding,
    add_remedy,
    close_remedy,
    conclude_inspection,
    plan_inspection,
)
from khth.inspections.models import Finding

INSPECTED = ("SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2")
# (unit, kind, area, text, remedy or "", days from today to the remedy's deadline)
FINDINGS = (
    ("SD330-E1-D1", Finding.STRENGTH, "che-do-ke-hoach-tong-hop",
     "Báo cáo tuần, tháng đầy đủ, đúng hạn; số liệu khớp sổ tổng hợp.", "", 0),
    ("SD330-E1-D1", Finding.WEAKNESS, "he-thong-van-kien",
     "Kế hoạch tháng chưa xác định rõ chỉ tiêu dân vận.",
     "Bổ sung chỉ tiêu dân vận vào kế hoạch tháng, báo cáo kết quả.", -20),
    ("SD330-E1-D1-C1", Finding.WEAKNESS, "he-thong-van-kien",
     "Sổ biên bản sinh hoạt chi bộ ghi chưa đủ ý kiến phát biểu của đảng viên.",
     "Ghi đầy đủ biên bản, chi ủy ký xác nhận; kiểm tra lại 3 tháng gần nhất.", -5),
    ("SD330-E1-D1-C2", Finding.WEAKNESS, "giao-duc-chinh-tri",
     "Học bù chính trị cho quân số vắng chưa kịp thời, chưa kiểm tra kết quả học bù.",
     "Tổ chức học bù và kiểm tra nhận thức cho 6 đồng chí vắng.", 7),
)  # fmt: skip


def build_inspections(year: Year) -> None:
    regiment = year.unit("SD330-E1")
    manager = year.preparer[regiment.code]
    today = year.today
    starts = today - dt.timedelta(days=45)
    data = InspectionData(
        title="Kiểm tra thực hiện chế độ kế hoạch – tổng hợp CTĐ, CTCT quý",
        starts_on=starts, ends_on=starts + dt.timedelta(days=3), units=list(INSPECTED),
        areas=["he-thong-van-kien", "che-do-ke-hoach-tong-hop", "giao-duc-chinh-tri"],
        team="Ban Chính trị Trung đoàn 1: Đặng Thị Kim Ngân (trưởng đoàn), 2 trợ lý",
    )  # fmt: skip
    inspection = year.at(
        starts - dt.timedelta(days=10), 9, lambda: plan_inspection(regiment, data, by=manager)
    )
    remedies = []
    for code, kind, area, text, action, days in FINDINGS:
        finding = year.at(starts + dt.timedelta(days=2), 16, lambda: add_finding(
            inspection, unit_code=code, kind=kind, area=area, text=text, by=manager
        ))  # fmt: skip
        if action:
            deadline = today + dt.timedelta(days=days)
            remedy = year.at(starts + dt.timedelta(days=3), 9, lambda: add_remedy(
                finding, action=action, deadline=deadline, by=manager, owner_code=code
            ))  # fmt: skip
            remedies.append((code, remedy))
    conclusion = (
        "<p>Tiểu đoàn 1 và các đại đội thực hiện cơ bản đúng chế độ kế hoạch – tổng hợp; còn "
        "hạn chế về hệ thống văn kiện và học bù chính trị. Yêu cầu các đơn vị khắc phục đúng "
        "thời hạn, báo cáo kết quả về Ban Chính trị trung đoàn.</p>"
    )
    officer = year.officer[regiment.code]
    year.at(
        starts + dt.timedelta(days=4),
        10,
        lambda: conclude_inspection(
            inspection, by=officer, html=conclusion, base_revision=inspection.revision
        ),
    )
    code, first = remedies[0]
    closer = year.preparer[code]
    year.at(today - dt.timedelta(days=22), 15, lambda: close_remedy(
        first, by=closer,
        evidence="Đã bổ sung chỉ tiêu «giúp dân 60 ngày công» vào kế hoạch tháng; kế hoạch đã "
        "được chính trị viên phê duyệt ngày "
        + (today - dt.timedelta(days=23)).strftime("%d/%m/%Y"),
    ))  # fmt: skip
    year.made["inspection"] = inspection
