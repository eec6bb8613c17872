"""Information both ways (seed 003: "chế độ thông tin, trao đổi tình hình mọi mặt"): each
coordination indicator has a direction in the regulation; the unit's exchange report carries
only what it sends; what each partner sends is recorded per partner and period (API and page),
linked to or entered in the incoming register; the agreement shows sent / received / missing
per period and partner; the review counts both ways; and another unit's people cannot read or
change any of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.coordination.actions import (
    AgreementIn,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_exchange,
    save_exchange,
    send_exchange,
)
from khth.coordination.models import Agreement, Partner, ReceivedExchange
from khth.coordination.received import ReceivedIn, both_ways, record_received
from khth.coordination.review import activity_review
from khth.docsystem.register.actions import Incoming, register_incoming
from khth.lib import clock
from khth.regulations.access import active_regulation
from tests.api.test_api import api
from tests.coordination.test_api import send

pytestmark = pytest.mark.django_db

BOTH = "dang-vien-dqtv-dbdv"  # the unit sends it and each province sends it
RECEIVE = "dia-phuong-tiep-nhan-sinh-hoat"  # only the provinces send it
SEND = "quan-chung-uu-tu"  # only the unit sends it
AGREED = (BOTH, SEND, RECEIVE)
Q = "2024Q3"


@pytest.fixture
def boards(world: Any) -> list[Partner]:
    return [
        create_partner(
            world.unit("B1"), PartnerIn(name=f"Ban Tổ chức Tỉnh ủy {n}"), by=world.users["po_b1"]
        )
        for n in ("Bắc Giang", "Thái Nguyên")
    ]


@pytest.fixture
def both(world: Any, boards: list[Partner]) -> Agreement:
    return create_agreement(
        boards,
        AgreementIn(
            title="Quy chế phối hợp công tác tổ chức xây dựng Đảng",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=AGREED,
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )


def received(world: Any, agreement: Agreement, partner: Partner, **kw: Any) -> ReceivedExchange:
    data = ReceivedIn(received_on=dt.date(2024, 10, 10), values={BOTH: "1.234", RECEIVE: "3"})
    return record_received(agreement, partner, kw.get("period", Q), data, by=world.users["po_b1"])


def test_each_indicator_has_a_direction(regulation):
    indicators = {i.code: i for i in active_regulation().followup.coordination.indicators}
    assert indicators[SEND].direction == "send"  # the default
    assert indicators[BOTH].direction == "both"
    assert indicators[RECEIVE].direction == "receive"
    # The content seed 003 lists: quality of Party members in militia and reserve forces,
    # sources for admission, training of branch secretaries.
    assert {"dang-vien-dqtv-dbdv-xuat-sac", "dang-vien-dqtv-dbdv-tot"} <= set(indicators)
    assert "boi-duong-bi-thu-chi-bo-quan-su" in indicators
    assert indicators["boi-duong-bi-thu-chi-bo-quan-su"].basis == "seed"


def test_the_sent_report_holds_only_what_the_unit_sends(world, both):
    report = generate_exchange(both, Q, by=world.users["po_b1"], today=dt.date(2024, 10, 5))
    assert set(report.values) == {BOTH, SEND}


def test_an_agreement_that_only_receives_drafts_no_report(world, boards):
    from khth.coordination.actions import generate_due

    create_agreement(
        boards,
        AgreementIn(
            title="Quy chế nhận",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=(RECEIVE,),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )
    assert generate_due(dt.date(2024, 10, 5)) == []


def test_received_values_are_stored_per_partner(world, both, boards):
    row = received(world, both, boards[0])
    assert row.values == {BOTH: "1234", RECEIVE: "3"}
    assert row.partner == boards[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"values": {SEND: "3"}}, "quan-chung-uu-tu"),  # the unit sends it, never receives it
        ({"values": {BOTH: "-1"}}, "âm"),
        ({"values": {BOTH: "mười"}}, "không phải số"),
        ({"values": {}}, "ít nhất một số liệu"),
        ({"period_id": "2024-09"}, ""),
        ({"period_id": "202409"}, "chế độ trao đổi"),
        ({"received_on": "2024-06-01"}, "Ngày nhận"),
        ({"received_on": "2999-01-01"}, "Ngày nhận"),
        ({"incoming_id": 999999}, "Văn bản đến"),
    ],
)
def test_bad_input_is_refused_with_its_field(world, both, boards, change, message):
    body = {
        "agreement_id": both.pk,
        "partner_id": boards[0].pk,
        "period_id": Q,
        "received_on": "2024-10-10",
        "values": {BOTH: "12"},
        **change,
    }
    answer = send(api("po_b1"), "post", "/received-exchanges", body)
    assert answer.status_code in (400, 422), answer.content
    assert message in (answer.json()["detail"] if answer.status_code == 400 else "")
    assert not ReceivedExchange.objects.exists()


def test_twice_for_the_same_partner_and_period_is_refused(world, both, boards):
    received(world, both, boards[0])
    again = send(
        api("po_b1"),
        "post",
        "/received-exchanges",
        {
            "agreement_id": both.pk,
            "partner_id": boards[0].pk,
            "period_id": Q,
            "received_on": "2024-10-11",
            "values": {BOTH: "1"},
        },
    )
    assert again.status_code == 400 and "Đã ghi" in again.json()["detail"]


def test_a_partner_outside_the_agreement_is_refused(world, both):
    other = create_partner(world.unit("B1"), PartnerIn(name="Ban Dân vận"), by=world.users["po_b1"])
    answer = send(
        api("po_b1"),
        "post",
        "/received-exchanges",
        {
            "agreement_id": both.pk,
            "partner_id": other.pk,
            "period_id": Q,
            "received_on": "2024-10-10",
            "values": {BOTH: "1"},
        },
    )
    assert answer.status_code == 400 and "Cơ quan phối hợp" in answer.json()["detail"]


def test_linked_to_the_incoming_register_or_entered_in_it(world, both, boards):
    unit = world.unit("B1")
    doc = register_incoming(
        unit,
        Incoming(
            sender=boards[0].name,
            number_text="125-BC/BTCTU",
            dated=dt.date(2024, 10, 8),
            received_on=dt.date(2024, 10, 10),
            summary="Trao đổi thông tin quý III",
        ),
        by=world.users["po_b1"],
    )
    client = api("po_b1")
    linked = send(
        client,
        "post",
        "/received-exchanges",
        {
            "agreement_id": both.pk,
            "partner_id": boards[0].pk,
            "period_id": Q,
            "received_on": "2024-10-10",
            "values": {BOTH: "12"},
            "incoming_id": doc.pk,
        },
    )
    assert linked.status_code == 201, linked.content
    assert linked.json()["incoming_number"] == doc.number
    # The second province's report is entered in the register from here.
    row = received(world, both, boards[1])
    entered = send(
        client,
        "post",
        f"/received-exchanges/{row.pk}/register",
        {"number_text": "88-BC/BTCTU", "dated": "2024-10-09"},
    )
    assert entered.status_code == 200, entered.content
    row.refresh_from_db()
    assert row.incoming is not None
    assert row.incoming.sender == boards[1].name
    assert row.incoming.direction == "in"
    twice = send(
        client,
        "post",
        f"/received-exchanges/{row.pk}/register",
        {"number_text": "88-BC/BTCTU", "dated": "2024-10-09"},
    )
    assert twice.status_code == 400


def test_another_units_incoming_document_cannot_be_linked(world, both, boards):
    theirs = register_incoming(
        world.unit("C1"),
        Incoming(
            sender="Huyện ủy",
            number_text="1",
            dated=dt.date(2024, 10, 1),
            received_on=dt.date(2024, 10, 2),
            summary="Công văn",
        ),
        by=world.users["po_c1"],
    )
    answer = send(
        api("po_b1"),
        "post",
        "/received-exchanges",
        {
            "agreement_id": both.pk,
            "partner_id": boards[0].pk,
            "period_id": Q,
            "received_on": "2024-10-10",
            "values": {BOTH: "12"},
            "incoming_id": theirs.pk,
        },
    )
    assert answer.status_code == 400 and "sổ văn bản đến" in answer.json()["detail"]


def test_sent_received_and_missing_per_period_and_partner(world, both, boards, quarter_reports):
    po = world.users["po_b1"]
    report = generate_exchange(both, Q, by=po, today=dt.date(2024, 10, 5))
    report = save_exchange(report, values={BOTH: "10"}, by=po, base_revision=report.revision)
    send_exchange(report, by=po, dated=dt.date(2024, 10, 6))
    received(world, both, boards[0])
    rows = {r.period.id: r for r in both_ways(both, dt.date(2024, 10, 20))}
    assert list(rows) == ["2024Q3", "2024Q2", "2024Q1"]  # newest first
    q3 = {c.partner.pk: c for c in rows[Q].cells}
    assert (q3[boards[0].pk].sent, q3[boards[0].pk].received) == ("sent", "received")
    assert (q3[boards[1].pk].sent, q3[boards[1].pk].received) == ("sent", "missing")
    q2 = {c.partner.pk: c for c in rows["2024Q2"].cells}
    assert (q2[boards[0].pk].sent, q2[boards[0].pk].received) == ("missing", "missing")

    answer = api("po_b1").get(f"/api/v1/agreements/{both.pk}/both-ways").json()
    q3_out = next(r for r in answer if r["period_id"] == Q)
    assert [(c["sent"], c["received"]) for c in q3_out["partners"]] == [
        ("sent", "received"),
        ("sent", "missing"),
    ]
    page = world.client("po_b1").get(f"/coordination/agreement/{both.pk}/").content.decode()
    assert f'data-period="{Q}" data-partner="{boards[1].pk}"' in page
    assert 'data-received="missing"' in page and 'data-received="received"' in page


def test_nothing_to_receive_shows_no_missing(world, boards):
    """An agreement that only sends: the received side is not asked for."""
    only = create_agreement(
        boards,
        AgreementIn(
            title="Quy chế gửi",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=(SEND,),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )
    rows = both_ways(only, dt.date(2024, 10, 20))
    assert rows
    for row in rows:
        assert all(cell.received == "none" for cell in row.cells)
        assert all(cell.sent == "missing" for cell in row.cells)


def test_the_page_records_and_corrects_what_was_received(world, both, boards):
    client = world.client("po_b1")
    bad = client.post(
        f"/coordination/agreement/{both.pk}/received/new/",
        {
            "partner": boards[0].pk,
            "period_id": Q,
            "received_on": "10/10/2024",
            f"value-{BOTH}": "-3",
        },
    )
    assert bad.status_code == 400 and "số không được âm" in bad.content.decode()
    made = client.post(
        f"/coordination/agreement/{both.pk}/received/new/",
        {
            "partner": boards[0].pk,
            "period_id": Q,
            "received_on": "10/10/2024",
            f"value-{BOTH}": "12",
            f"value-{RECEIVE}": "4",
        },
    )
    assert made.status_code == 302, made.content.decode()[:3000]
    row = ReceivedExchange.objects.get()
    assert row.values == {BOTH: "12", RECEIVE: "4"}
    page = client.get(f"/coordination/received/{row.pk}/")
    assert page.status_code == 200 and boards[0].name in page.content.decode()
    stale = client.post(
        f"/coordination/received/{row.pk}/edit/",
        {"revision": "0", "received_on": "11/10/2024", f"value-{BOTH}": "13"},
    )
    assert stale.status_code == 409
    saved = client.post(
        f"/coordination/received/{row.pk}/edit/",
        {"revision": str(row.revision), "received_on": "11/10/2024", f"value-{BOTH}": "13"},
    )
    assert saved.status_code == 302
    row.refresh_from_db()
    assert row.values == {BOTH: "13", RECEIVE: None}
    assert row.revision == 2


def test_a_stale_api_edit_is_refused(world, both, boards):
    row = received(world, both, boards[0])
    body = {"received_on": "2024-10-10", "values": {BOTH: "5"}}
    client = api("po_b1")
    first = send(client, "put", f"/received-exchanges/{row.pk}", {**body, "revision": 1})
    assert first.status_code == 200, first.content
    stale = send(client, "put", f"/received-exchanges/{row.pk}", {**body, "revision": 1})
    assert stale.status_code == 409 and stale.json()["current_revision"] == 2


def test_other_units_cannot_read_or_change(world, both, boards):
    row = received(world, both, boards[0])
    company = api("po_c1")  # C1 sits below B1: it does not see B1's coordination
    assert company.get(f"/api/v1/received-exchanges/{row.pk}").status_code == 404
    assert company.get("/api/v1/received-exchanges").json() == []
    assert company.get(f"/api/v1/agreements/{both.pk}/both-ways").status_code == 404
    body = {"received_on": "2024-10-10", "values": {BOTH: "5"}, "revision": 1}
    assert send(company, "put", f"/received-exchanges/{row.pk}", body).status_code == 404
    assert world.client("po_c1").get(f"/coordination/received/{row.pk}/").status_code == 404
    commander = api("cmd_b1")  # reads B1, acts for nobody
    assert commander.get(f"/api/v1/received-exchanges/{row.pk}").status_code == 200
    assert send(commander, "put", f"/received-exchanges/{row.pk}", body).status_code == 403
    superior = api("cu_r")  # the regiment reads, but does not act for B1
    assert superior.get(f"/api/v1/received-exchanges/{row.pk}").status_code == 200
    new = {
        "agreement_id": both.pk,
        "partner_id": boards[1].pk,
        "period_id": Q,
        "received_on": "2024-10-10",
        "values": {BOTH: "1"},
    }
    assert send(superior, "post", "/received-exchanges", new).status_code == 403


def test_the_review_counts_both_ways(world, both, boards):
    received(world, both, boards[0])
    received(world, both, boards[0], period="2024Q2")
    review = activity_review(
        world.unit("B1"),
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        both.activities.all(),
        Agreement.objects.all(),
        both.exchanges.all(),
        ReceivedExchange.objects.all(),
    )
    lines = {line.partner: line for line in review.lines}
    first, second = (lines[b.name] for b in boards)
    # Four quarters ended by the span's end, each owed by each province.
    assert (first.received, first.received_due) == (2, 4)
    assert (second.received, second.received_due) == (0, 4)
    assert review.received == 2 and review.received_due == 8
    answer = api("po_b1").get(
        "/api/v1/joint-activities/review?unit=B1&from=2024-01-01&to=2024-12-31"
    )
    assert answer.json()["received"] == 2
    assert clock.today() > dt.date(2024, 12, 31)
