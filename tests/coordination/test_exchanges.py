"""Exchange reports: generated from the unit's data for a period of the agreement's schedule
(values of ``source`` indicators from the consolidation of the owning unit, the others entered),
edited, sent — registered in the outgoing register, which numbers it —, generated on schedule
without duplicates; and holding the agreed indicators and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from khth.coordination.actions import (
    AgreementIn,
    CoordinationError,
    create_agreement,
    generate_due,
    generate_exchange,
    refresh_exchange,
    save_exchange,
    send_exchange,
    update_agreement,
)
from khth.coordination.documents import exchange_rows
from khth.coordination.exchange import ordered
from khth.coordination.models import Agreement, ExchangeReport
from khth.docsystem.register.models import RegisteredDocument
from khth.notifications.models import Notification
from khth.reports.consolidation import consolidate
from tests.coordination.conftest import (
    AGREED,
    CANDIDATES,
    ENTERED,
    FROM_REPORTS,
    NOT_AGREED,
    PARTNER,
    QUARTER,
    TODAY,
    quarter_report,
)

pytestmark = pytest.mark.django_db


def generate(
    world: Any, agreement: Agreement, period: str = QUARTER, user: str = "po_b1"
) -> ExchangeReport:
    return generate_exchange(agreement, period, by=world.users[user], today=TODAY)


def test_values_come_from_the_reports_or_are_entered(world, agreement, quarter_reports):
    report = generate(world, agreement)
    assert [code for code, _item in ordered(report.values)] == AGREED
    taken = report.values[FROM_REPORTS]
    # Computed here from what the companies reported, not read back from KHTH.
    assert taken["value"] == str(CANDIDATES["C1"] + CANDIDATES["C2"])
    assert taken["source"] == "report"
    assert taken["template"] == "bc-quy"
    assert taken["link"] == f"/reports/consolidation/B1/bc-quy/{QUARTER}/"
    assert taken["name"] == "Số quần chúng ưu tú (đối tượng kết nạp Đảng)"
    entered = report.values[ENTERED]
    assert (entered["value"], entered["source"], entered["link"]) == (None, "entered", "")
    # The same figure as the consolidation page shows.
    assert (
        consolidate(world.unit("B1"), "bc-quy", period_id=QUARTER).indicators[FROM_REPORTS].display
        == "12"
    )
    assert report.status == ExchangeReport.DRAFT
    assert generate(world, agreement).pk == report.pk  # asked again: the same report


def test_an_indicator_no_report_of_the_schedule_holds_is_entered(world, partner):
    # "Chuyển sinh hoạt đảng về địa phương" is reported yearly only (bc-cd-phat-trien-dang).
    agreement = create_agreement(
        partner,
        AgreementIn(
            title="Kế hoạch phối hợp",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=("chuyen-sinh-hoat-ve-dia-phuong",),
        ),
        by=world.users["po_b1"],
    )
    assert agreement.frequency == "quarterly"  # the regulation's default schedule
    report = generate(world, agreement)
    assert report.values["chuyen-sinh-hoat-ve-dia-phuong"]["source"] == "entered"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2024Q4", "chưa kết thúc"),
        ("202409", "không đúng chế độ trao đổi"),
        ("2023Q4", "ngoài thời hạn hiệu lực"),
        ("2024Q9", "quý phải từ 1 đến 4"),
    ],
)
def test_periods_refused(world, agreement, period, message):
    with pytest.raises(CoordinationError, match=message):
        generate(world, agreement, period)


def test_entered_values_and_the_note(world, agreement, quarter_reports):
    report = generate(world, agreement)
    report = save_exchange(
        report,
        values={ENTERED: "1.234"},
        note="Đề nghị phối hợp rà soát",
        by=world.users["po_b1"],
        base_revision=1,
    )
    assert report.values[ENTERED]["value"] == "1234"
    assert report.note == "Đề nghị phối hợp rà soát"
    with pytest.raises(CoordinationError, match="không phải số"):
        save_exchange(
            report,
            values={ENTERED: "nhiều"},
            by=world.users["po_b1"],
            base_revision=report.revision,
        )
    with pytest.raises(CoordinationError, match="âm"):
        save_exchange(
            report, values={ENTERED: "-3"}, by=world.users["po_b1"], base_revision=report.revision
        )
    with pytest.raises(CoordinationError, match="lấy từ số liệu báo cáo"):
        save_exchange(
            report,
            values={FROM_REPORTS: "99"},
            by=world.users["po_b1"],
            base_revision=report.revision,
        )
    with pytest.raises(CoordinationError, match="không thuộc các chỉ tiêu"):
        save_exchange(
            report,
            values={NOT_AGREED[0]: "1"},
            by=world.users["po_b1"],
            base_revision=report.revision,
        )
    cleared = save_exchange(
        report, values={ENTERED: ""}, by=world.users["po_b1"], base_revision=report.revision
    )
    assert cleared.values[ENTERED]["value"] is None
    assert cleared.note == "Đề nghị phối hợp rà soát"  # note None: unchanged


def test_refreshing_takes_late_reports_and_keeps_entered_values(world, agreement):
    quarter_report(world, "C1", "po_c1", {FROM_REPORTS: 5})
    report = generate(world, agreement)
    assert report.values[FROM_REPORTS]["value"] == "5"
    report = save_exchange(
        report, values={ENTERED: "40"}, by=world.users["po_b1"], base_revision=report.revision
    )
    quarter_report(world, "C2", "po_c2", {FROM_REPORTS: 7})
    report = refresh_exchange(report, by=world.users["po_b1"], today=TODAY)
    assert report.values[FROM_REPORTS]["value"] == "12"
    assert report.values[ENTERED]["value"] == "40"


def test_sending_registers_a_number(world, agreement, quarter_reports):
    report = generate(world, agreement)
    with pytest.raises(CoordinationError, match="Chưa có số liệu: Số đảng viên trong dân quân"):
        send_exchange(report, by=world.users["po_b1"])
    report = save_exchange(
        report, values={ENTERED: "40"}, by=world.users["po_b1"], base_revision=report.revision
    )
    sent = send_exchange(report, by=world.users["po_b1"], dated=dt.date(2024, 10, 6))
    assert sent.status == ExchangeReport.SENT
    document = sent.registered
    assert document is not None
    assert re.fullmatch(r"Số: 01/BC-.+", document.number_text), document.number_text
    assert (document.direction, document.kind_code, document.dated) == (
        RegisteredDocument.OUTGOING,
        "bc-chuyen-de",
        dt.date(2024, 10, 6),
    )
    assert document.recipients == PARTNER
    assert document.summary == f"Trao đổi thông tin quý III/2024 với {PARTNER}"
    assert document.unit.code == "B1"
    # Sent: locked.
    with pytest.raises(CoordinationError, match="đã gửi"):
        save_exchange(
            sent, values={ENTERED: "41"}, by=world.users["po_b1"], base_revision=sent.revision
        )
    with pytest.raises(CoordinationError, match="đã gửi"):
        refresh_exchange(sent, by=world.users["po_b1"])
    with pytest.raises(CoordinationError, match="đã gửi"):
        send_exchange(sent, by=world.users["po_b1"])
    # The next one sent takes the next number of the year.
    quarter_report(world, "C1", "po_c1", {FROM_REPORTS: 1}, period="2024Q2")
    second = save_exchange(
        generate(world, agreement, "2024Q2"),
        values={ENTERED: "3"},
        by=world.users["po_b1"],
        base_revision=1,
    )
    again = send_exchange(second, by=world.users["po_b1"], dated=dt.date(2024, 10, 7))
    assert again.registered is not None
    assert again.registered.number_text.startswith("Số: 02/BC-")


def test_only_the_owning_unit_s_managers_change_it(world, agreement, quarter_reports):
    for user in ("cu_r", "cmd_b1", "po_c1"):  # a superior, a reader, a subordinate
        with pytest.raises(PermissionDenied):
            generate(world, agreement, user=user)
    report = generate(world, agreement)
    for user in ("cu_r", "cmd_b1", "po_c1", "po_c2"):
        with pytest.raises(PermissionDenied):
            save_exchange(
                report, values={ENTERED: "1"}, by=world.users[user], base_revision=report.revision
            )
        with pytest.raises(PermissionDenied):
            send_exchange(report, by=world.users[user])


def test_generate_due_is_idempotent(world, agreement, quarter_reports):
    created = generate_due(TODAY)
    assert [r.period_id for r in created] == ["2024Q1", "2024Q2", "2024Q3"]
    assert all(r.status == ExchangeReport.DRAFT for r in created)
    assert generate_due(TODAY) == []
    assert ExchangeReport.objects.count() == 3
    q3 = ExchangeReport.objects.get(period_id=QUARTER)
    assert q3.values[FROM_REPORTS]["value"] == "12"
    # The people who send them are told, once per run.
    told = Notification.objects.filter(user=world.users["po_b1"], link="/coordination/B1/")
    assert [n.message for n in told] == [
        "3 báo cáo trao đổi thông tin với cơ quan phối hợp chờ gửi"
    ]
    # The next quarter, once ended.
    assert [r.period_id for r in generate_due(dt.date(2025, 1, 1))] == ["2024Q4"]
    assert generate_due(dt.date(2025, 1, 1)) == []


def test_generate_due_keeps_to_the_agreement_s_term(world, agreement):
    update_agreement(
        agreement,
        AgreementIn(
            title=agreement.title,
            signed_on=agreement.signed_on,
            valid_from=dt.date(2024, 2, 1),
            valid_to=dt.date(2024, 5, 31),
            indicators=tuple(agreement.indicators),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
        base_revision=agreement.revision,
    )
    assert [r.period_id for r in generate_due(TODAY)] == ["2024Q1", "2024Q2"]
    with pytest.raises(PermissionDenied):
        generate_due(TODAY, by=world.users["cmd_b1"], unit=world.unit("B1"))


def test_an_agreement_chooses_among_the_regulation_s_indicators(world, partner):
    def make(**changes: Any) -> Agreement:
        data: dict[str, Any] = {
            "title": "Quy chế",
            "signed_on": dt.date(2024, 1, 2),
            "valid_from": dt.date(2024, 1, 1),
            "indicators": (FROM_REPORTS,),
        } | changes
        return create_agreement(partner, AgreementIn(**data), by=world.users["po_b1"])

    with pytest.raises(CoordinationError, match="Không có chỉ tiêu trao đổi «quan-so»"):
        make(indicators=("quan-so",))
    with pytest.raises(CoordinationError, match="ít nhất một"):
        make(indicators=())
    with pytest.raises(CoordinationError, match="Chế độ trao đổi"):
        make(frequency="weekly")
    with pytest.raises(CoordinationError, match="hết hiệu lực"):
        make(valid_to=dt.date(2023, 1, 1))
    # Kept in the regulation's order, once each.
    made = make(indicators=(FROM_REPORTS, ENTERED, FROM_REPORTS))
    assert made.indicators == AGREED


def test_the_agreed_order_does_not_hang_on_the_database_s_key_order(world, agreement):
    # PostgreSQL's jsonb keeps keys sorted its own way: the order comes from the stored positions.
    report = generate(world, agreement)
    report.values = dict(reversed(list(report.values.items())))
    assert [row.code for row in exchange_rows(report)] == AGREED
