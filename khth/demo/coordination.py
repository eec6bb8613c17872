"""The demo's coordination with the city's Party boards, through the coordination actions: the
city military command's agreement with the Ban Tổ chức and the Ban Tuyên giáo và Dân vận of
the Thành ủy Cần Thơ (since 2025 the propaganda and mass mobilisation boards are one), its
quarterly exchange reports — the two last quarters' sent, with the figures the boards sent back
— and a joint activity."""

from __future__ import annotations

import datetime as dt
from functools import partial

from khth.coordination.actions import (
    ActivityIn,
    AgreementIn,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_exchange,
    record_activity,
    save_exchange,
    send_exchange,
)
from khth.demo.context import Year
from khth.periods import period_of

PARTNERS = (
    PartnerIn(
        name="Ban Tổ chức Thành ủy Cần Thơ", short_name="Ban Tổ chức Thành ủy",
        address="Số 2 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ",
        contact="Đồng chí Phó Trưởng ban phụ trách tổ chức cơ sở đảng",
    ),
    PartnerIn(
        name="Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
        short_name="Ban Tuyên giáo và Dân vận Thành ủy",
        address="Phường Ninh Kiều, thành phố Cần Thơ",
    ),
)  # fmt: skip
INDICATORS = (
    "dang-vien-dqtv-dbdv",
    "dang-vien-dqtv-dbdv-xuat-sac",
    "dang-vien-dqtv-dbdv-tot",
    "ket-nap-dang-dqtv-dbdv",
    "chuyen-sinh-hoat-vao-quan-doi",
    "boi-duong-bi-thu-chi-bo-quan-su",
)


def build_coordination(year: Year) -> None:
    city = year.unit("CHQS-CT")
    officer = year.officer[city.code]
    start = min(year.units.values(), key=lambda u: u.depth).valid_from
    partners = [
        year.at(
            start + dt.timedelta(days=10),
            9,
            partial(create_partner, city, data, by=officer),
        )
        for data in PARTNERS
    ]
    signed = start + dt.timedelta(days=20)
    agreement = year.at(signed, 10, lambda: create_agreement(
        partners, AgreementIn(
            title="Quy chế phối hợp trong công tác xây dựng Đảng trong lực lượng dân quân tự vệ, "
            "dự bị động viên", signed_on=signed, valid_from=signed, indicators=INDICATORS,
        ), by=officer,
    ))  # fmt: skip
    quarter = period_of(year.today, "quarterly")
    for back, period in enumerate((quarter.previous(), quarter.previous().previous())):
        if period.start < start:
            continue
        day = period.end + dt.timedelta(days=10)
        if day >= year.today:
            day = year.today - dt.timedelta(days=1)
        rng = year.rng("exchange", period.id)
        members = 310 + rng.randint(0, 30)
        values = {
            "dang-vien-dqtv-dbdv": str(members),
            "dang-vien-dqtv-dbdv-xuat-sac": str(members // 6),
            "dang-vien-dqtv-dbdv-tot": str(members // 2),
            "ket-nap-dang-dqtv-dbdv": str(rng.randint(4, 12)),
            "chuyen-sinh-hoat-vao-quan-doi": str(rng.randint(1, 5)),
            "boi-duong-bi-thu-chi-bo-quan-su": str(rng.randint(20, 40)),
        }
        report = year.at(
            day, 8, lambda: generate_exchange(agreement, period.id, by=officer, today=day)
        )
        # Only what the report asks to be typed (the rest comes from reports and hand-overs).
        values = {code: raw for code, raw in values.items() if code in report.values}
        report = year.at(day, 10, lambda: save_exchange(
            report, values=values, by=officer, base_revision=report.revision,
            note="Số liệu của Ban Tổ chức Thành ủy gửi ngày " + day.strftime("%d/%m/%Y"),
        ))  # fmt: skip
        if back == 1 or day < year.today - dt.timedelta(days=3):
            year.at(
                day + dt.timedelta(days=1),
                9,
                lambda: send_exchange(report, by=officer, signer=officer.full_name),
            )
    held = max(start + dt.timedelta(days=40), year.today - dt.timedelta(days=60))
    activity = ActivityIn(
        held_on=held,
        title="Bồi dưỡng nghiệp vụ công tác Đảng cho bí thư chi bộ quân sự xã, phường",
        content="Phối hợp mở lớp 3 ngày tại Trường Chính trị thành phố.",
        participants="Bộ CHQS thành phố, Ban Tổ chức Thành ủy, 103 bí thư chi bộ quân sự",
        result="100% học viên đạt yêu cầu; 12 học viên khá, giỏi.",
    )
    year.at(
        held + dt.timedelta(days=3), 15, lambda: record_activity(agreement, activity, by=officer)
    )
