"""The demo year's document system, through its actions: record books kept month by month (one
line corrected, with its reason), the Party cells' monthly resolutions as typed documents, and
the outgoing and incoming registers of the battalion and the regiment with numbers in both
families — «05/BC-CT» for the command's documents, «12-NQ/ĐU» for the Party committee's, the
latter counted over the Party committee's term."""

from __future__ import annotations

import datetime as dt

from khth.demo.context import Year
from khth.docsystem.records.actions import add_entry, correct_entry, create_typed_document
from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    add_party_term,
    register_incoming,
    register_outgoing,
)
from khth.periods import period_of
from khth.reports.models import Report

BOOK_UNITS = ("SD330-E1-D1-C1", "SD330-E1-D1-C2", "SD330-E1-D1")
REGISTER_UNITS = ("SD330-E1", "SD330-E1-D1")
TERM_UNITS = ("SD330-E1", "SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2", "CHQS-CT-KV7")
MONTHS = 12

SUMMARY_LINES = (
    ("Giáo dục chính trị", "Học tập chuyên đề {n} cho toàn đại đội", "{q}/{t} đồng chí tham gia"),
    ("Tư tưởng – kỷ luật", "Nắm tình hình tư tưởng sau đợt nghỉ phép", "Ổn định, không vi phạm"),
    ("Dân vận", "Giúp dân nạo vét kênh, gia cố bờ bao", "{d} ngày công"),
    ("Thi đua – khen thưởng", "Bình xét thi đua tháng", "Đề nghị biểu dương 3 cá nhân"),
)
INCOMING = (
    ("Sư đoàn 330", "HD-CT", "Hướng dẫn tổng kết công tác Đảng, công tác chính trị năm"),
    ("Sư đoàn 330", "KH-CT", "Kế hoạch tổ chức hội thi tuyên truyền viên giỏi"),
    ("Đảng ủy Sư đoàn 330", "NQ/ĐU", "Nghị quyết lãnh đạo thực hiện nhiệm vụ quý"),
    ("Cục Chính trị Quân khu 9", "CV-CT", "Về việc tăng cường giáo dục pháp luật cho bộ đội"),
)


def _terms(year: Year, start: dt.date) -> None:
    for code in TERM_UNITS:
        unit, officer = year.unit(code), year.officer[code]
        year.at(
            start,
            8,
            lambda: add_party_term(unit, name="Nhiệm kỳ 2025 – 2030", starts_on=start, by=officer),
        )


def _books(year: Year, months: list[dt.date]) -> None:
    for code in BOOK_UNITS:
        unit, preparer = year.unit(code), year.preparer[code]
        first_line = None
        for number, first in enumerate(months, start=1):
            rng = year.rng("books", code, first.isoformat())
            area, content, result = SUMMARY_LINES[number % len(SUMMARY_LINES)]
            day = first + dt.timedelta(days=rng.randint(3, 20))
            if day >= year.today:
                break  # nothing is written ahead of today
            raw = {
                "ngay": day.strftime("%d/%m/%Y"),
                "mat-cong-tac": area,
                "noi-dung": content.format(n=number),
                "ket-qua": result.format(q=90 + rng.randint(0, 6), t=96, d=rng.randint(20, 60)),
                "nguoi-ghi": preparer.full_name,
            }
            line = year.at(day, 16, lambda: add_entry(unit, "so-tong-hop-ctd", raw, by=preparer))
            first_line = first_line or (line, raw, day)
            meeting = first + dt.timedelta(days=24)
            if unit.level == "dai-doi" and meeting < year.today:
                minutes = {
                    "ngay": meeting.strftime("%d/%m/%Y"),
                    "loai": "Thường kỳ",
                    "co-mat": str(24 + rng.randint(0, 4)),
                    "vang-mat": str(rng.randint(0, 2)),
                    "noi-dung": "Đánh giá kết quả lãnh đạo tháng, ra nghị quyết lãnh đạo tháng tới",
                    "chu-tri": year.officer[code].full_name,
                    "thu-ky": preparer.full_name,
                }
                year.at(
                    meeting,
                    20,
                    lambda: add_entry(unit, "so-bien-ban-sinh-hoat-dang", minutes, by=preparer),
                )
        if first_line is not None and code == "SD330-E1-D1-C1":
            line, raw, day = first_line
            fixed = {**raw, "ket-qua": "91/96 đồng chí tham gia; 5 đồng chí học bù"}
            reason = "Ghi nhầm số quân số tham gia, sửa theo sổ điểm danh"
            year.at(day + dt.timedelta(days=2), 8, lambda: correct_entry(
                line, fixed, reason=reason, by=preparer
            ))  # fmt: skip


def _resolutions(year: Year, months: list[dt.date]) -> None:
    """The Party cells' and committees' monthly resolutions, typed, and registered where the unit
    keeps a register (battalion and regiment: «NQ/ĐU» numbers of the Party family)."""
    for code in ("SD330-E1-D1-C1", "SD330-E1-D1", "SD330-E1"):
        unit, officer = year.unit(code), year.officer[code]
        for first in months[-4:]:
            month = period_of(first, "monthly")
            day = first + dt.timedelta(days=1)
            if day >= year.today:
                break
            title = f"Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng {first.month}/{first.year}"
            body = (
                "<p>Đánh giá kết quả lãnh đạo tháng trước; xác định nhiệm vụ trọng tâm: duy trì "
                "học tập chính trị trên 95% quân số, giữ nghiêm kỷ luật, an toàn.</p>"
            )
            document = year.at(day, 8, lambda: create_typed_document(
                unit, "nq-thang", dated=day, title=title, body=body, period_id=month.id, by=officer
            ))  # fmt: skip
            if code in REGISTER_UNITS:
                data = Outgoing(
                    kind_code="nq-thang", dated=day, summary=title, signer=officer.full_name,
                    recipients="Đảng ủy cấp trên; các chi bộ trực thuộc; lưu", copies=5,
                    typed_document=document,
                )  # fmt: skip
                year.at(day, 10, lambda: register_outgoing(unit, data, by=officer))


def _registers(year: Year, months: list[dt.date]) -> None:
    """The monthly reports the regiment and battalion sent (administrative numbers), and what
    came in from above."""
    for code in REGISTER_UNITS:
        unit, preparer, officer = year.unit(code), year.preparer[code], year.officer[code]
        sent = Report.objects.filter(
            unit=unit, template_code="bc-thang", first_submitted_at__isnull=False
        ).order_by("period_start")
        for report in sent:
            day = report.first_submitted_at.date() if report.first_submitted_at else year.today
            data = Outgoing(
                kind_code="bc-dinh-ky", dated=day, signer=officer.full_name,
                summary=f"Báo cáo kết quả CTĐ, CTCT tháng {report.period_end.month}/"
                f"{report.period_end.year}", recipients="Cấp trên trực tiếp; lưu",
                report=report,
            )  # fmt: skip
            year.at(day, 16, lambda: register_outgoing(unit, data, by=preparer))
        for number, first in enumerate(months[-6:], start=1):
            sender, abbr, summary = INCOMING[number % len(INCOMING)]
            day = first + dt.timedelta(days=8)
            if day + dt.timedelta(days=1) >= year.today:
                break
            data_in = Incoming(
                sender=sender, number_text=f"{100 + 7 * number}/{abbr}" if "/" not in abbr
                else f"{30 + number}-{abbr}", dated=day, received_on=day + dt.timedelta(days=1),
                summary=summary, kind_code="", handled_by=officer.full_name,
            )  # fmt: skip
            year.at(
                day + dt.timedelta(days=1), 9, lambda: register_incoming(unit, data_in, by=preparer)
            )


def build_records(year: Year, start: dt.date) -> None:
    current = period_of(year.today, "monthly")
    months: list[dt.date] = []
    month = current
    for _step in range(MONTHS):
        months.insert(0, month.start)
        month = month.previous()
    months = [m for m in months if m >= start]
    _terms(year, start)
    _books(year, months)
    _resolutions(year, months)
    _registers(year, months)
