"""The per-person list of Party members handed over to the localities (bàn giao đảng viên chuyển
sinh hoạt về địa phương, seed 003): entered on a page and through the API, sorted the Vietnamese
way by given name, the locality's receipt recorded; the exchange report's "transferred to the
locality" figure counted from it for its period once it holds rows; the review counting handed
over and received per partner; and no one outside the unit's scope reading the personal data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from khth.coordination.actions import (
    AgreementIn,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_exchange,
    refresh_exchange,
    save_exchange,
)
from khth.coordination.documents import exchange_spreadsheet
from khth.coordination.models import Agreement, Partner, PartyTransfer
from khth.coordination.review import review_for
from khth.coordination.transfers import TransferIn, record_transfer
from khth.documents.render.xlsx import render_workbook
from tests.api.test_api import api
from tests.coordination.test_api import send

pytestmark = pytest.mark.django_db

MOVED = "chuyen-sinh-hoat-ve-dia-phuong"


@pytest.fixture
def boards(world: Any) -> list[Partner]:
    return [
        create_partner(
            world.unit("B1"), PartnerIn(name=f"Ban Tổ chức Tỉnh ủy {n}"), by=world.users["po_b1"]
        )
        for n in ("Lạng Sơn", "Cao Bằng")
    ]


@pytest.fixture
def handover(world: Any, boards: list[Partner]) -> Agreement:
    return create_agreement(
        boards,
        AgreementIn(
            title="Quy chế phối hợp công tác tổ chức xây dựng Đảng",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=(MOVED,),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )


def member(name: str, letter: dt.date, **kw: Any) -> TransferIn:
    return TransferIn(
        full_name=name,
        birth_year=kw.pop("birth_year", 1990),
        party_organisation="Chi bộ Đại đội 1",
        commune="Xã Hữu Lũng",
        province="Lạng Sơn",
        letter_date=letter,
        rank_post="Thượng sĩ, Tiểu đội trưởng",
        **kw,
    )


def body(agreement: Agreement, partner: Partner, **change: Any) -> dict[str, Any]:
    return {
        "agreement_id": agreement.pk,
        "partner_id": partner.pk,
        "full_name": "Hoàng Văn Bình",
        "birth_year": 1998,
        "rank_post": "Trung sĩ",
        "party_organisation": "Chi bộ Đại đội 1",
        "commune": "Xã Chi Lăng",
        "province": "Lạng Sơn",
        "letter_date": "2024-08-01",
        **change,
    }


def test_the_list_through_the_api_sorted_by_given_name(world, handover, boards):
    client = api("po_b1")
    for name in ("Nguyễn Văn Ân", "Trần Thị An", "Lê Văn Bình", "Đỗ Văn Anh"):
        made = send(client, "post", "/party-transfers", body(handover, boards[0], full_name=name))
        assert made.status_code == 201, made.content
    listed = client.get(f"/api/v1/party-transfers?agreement={handover.pk}").json()
    assert [r["full_name"] for r in listed] == [
        "Trần Thị An",
        "Đỗ Văn Anh",
        "Nguyễn Văn Ân",
        "Lê Văn Bình",
    ]
    assert listed[0]["status"] == "introduced" and listed[0]["received_on"] is None
    assert client.get(f"/api/v1/party-transfers?partner={boards[1].pk}").json() == []


def test_the_locality_receives_and_the_status_follows(world, handover, boards):
    client = api("po_b1")
    made = send(client, "post", "/party-transfers", body(handover, boards[0])).json()
    edit = {k: v for k, v in body(handover, boards[0]).items() if k not in {"agreement_id"}}
    taken = send(
        client,
        "put",
        f"/party-transfers/{made['id']}",
        {**edit, "handed_over_on": "2024-08-05", "received_on": "2024-08-20", "revision": 1},
    )
    assert taken.status_code == 200, taken.content
    assert taken.json()["status"] == "received"
    assert taken.json()["received_on"] == "2024-08-20"
    stale = send(client, "put", f"/party-transfers/{made['id']}", {**edit, "revision": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "received"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"birth_year": 1800}, "Năm sinh"),
        ({"full_name": "  "}, "họ và tên"),
        ({"commune": ""}, "xã, phường"),
        ({"letter_date": "2999-01-01"}, ""),
        ({"handed_over_on": "2024-07-01"}, "Ngày bàn giao"),
        ({"received_on": "2024-07-01"}, "Ngày địa phương tiếp nhận"),
    ],
)
def test_bad_rows_are_refused_naming_the_field(world, handover, boards, change, field):
    answer = send(api("po_b1"), "post", "/party-transfers", body(handover, boards[0], **change))
    assert answer.status_code in (400, 422), answer.content
    if answer.status_code == 400:
        assert field in answer.json()["detail"]
    assert not PartyTransfer.objects.exists()


def test_a_partner_outside_the_agreement_cannot_receive(world, handover):
    other = create_partner(world.unit("B1"), PartnerIn(name="Huyện ủy"), by=world.users["po_b1"])
    answer = send(api("po_b1"), "post", "/party-transfers", body(handover, other))
    assert answer.status_code == 400 and "Cơ quan tiếp nhận" in answer.json()["detail"]


def test_the_exchange_report_counts_the_list_for_its_period(world, handover, boards):
    po = world.users["po_b1"]
    report = generate_exchange(handover, "2024Q3", by=po, today=dt.date(2024, 10, 5))
    # No row yet: the figure is entered, as before the list existed.
    assert report.values[MOVED]["source"] == "entered"
    record_transfer(handover, boards[0], member("Lê Văn An", dt.date(2024, 7, 2)), by=po)
    record_transfer(handover, boards[1], member("Lê Văn Bảo", dt.date(2024, 9, 30)), by=po)
    record_transfer(handover, boards[1], member("Lê Văn Chí", dt.date(2024, 10, 1)), by=po)
    report = refresh_exchange(report, by=po, today=dt.date(2024, 10, 5))
    assert report.values[MOVED]["value"] == "2"  # Q3 only: 2 July and 30 September
    assert report.values[MOVED]["source"] == "transfers"
    q2 = generate_exchange(handover, "2024Q2", by=po, today=dt.date(2024, 10, 5))
    assert q2.values[MOVED]["value"] == "0" and q2.values[MOVED]["source"] == "transfers"
    with pytest.raises(Exception, match="danh sách bàn giao"):
        save_exchange(report, values={MOVED: "5"}, by=po, base_revision=report.revision)
    page = world.client("po_b1").get(f"/coordination/exchange/{report.pk}/").content.decode()
    assert "Đếm từ danh sách bàn giao đảng viên" in page
    # The report says where the figure came from; the names stay out of it.
    book = openpyxl.load_workbook(io.BytesIO(render_workbook(exchange_spreadsheet(report))))
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "Đếm từ danh sách bàn giao đảng viên" in cells
    assert not any(
        "Lê Văn" in c
        for s in book.worksheets
        for r in s.iter_rows(values_only=True)
        for c in map(str, r)
    )


def test_the_review_counts_handed_over_and_received(world, handover, boards):
    po = world.users["po_b1"]
    record_transfer(handover, boards[0], member("Lê Văn An", dt.date(2024, 7, 2)), by=po)
    record_transfer(
        handover,
        boards[0],
        member("Lê Văn Bảo", dt.date(2024, 3, 1), received_on=dt.date(2024, 4, 2)),
        by=po,
    )
    record_transfer(handover, boards[1], member("Lê Văn Chí", dt.date(2023, 12, 1)), by=po)
    review = review_for(po, world.unit("B1"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    lines = {line.partner: line for line in review.lines}
    assert (
        lines[boards[0].name].transfers_handed_over,
        lines[boards[0].name].transfers_received,
    ) == (2, 1)
    assert lines[boards[1].name].transfers_handed_over == 0  # letter dated before the span
    answer = api("po_b1").get(
        "/api/v1/joint-activities/review?unit=B1&from=2024-01-01&to=2024-12-31"
    )
    assert answer.json()["transfers_handed_over"] == 2
    assert answer.json()["transfers_received"] == 1
    page = world.client("po_b1").get(
        "/coordination/B1/review/?starts_on=01/01/2024&ends_on=31/12/2024"
    )
    assert "bàn giao 2 đảng viên về địa phương, địa phương đã tiếp nhận 1" in page.content.decode()


def test_the_pages_enter_list_and_correct(world, handover, boards):
    client = world.client("po_b1")
    form = {
        "partner": boards[1].pk,
        "full_name": "Vi Văn Thắng",
        "birth_year": "1996",
        "rank_post": "Thượng sĩ",
        "party_organisation": "Chi bộ Đại đội 2",
        "commune": "Xã Quảng Uyên",
        "province": "Cao Bằng",
        "letter_date": "01/08/2024",
        "handed_over_on": "",
        "received_on": "",
    }
    bad = client.post(
        f"/coordination/agreement/{handover.pk}/transfers/new/", {**form, "province": ""}
    )
    assert bad.status_code == 400
    made = client.post(f"/coordination/agreement/{handover.pk}/transfers/new/", form)
    assert made.status_code == 302, made.content.decode()[:3000]
    row = PartyTransfer.objects.get()
    listed = client.get(f"/coordination/agreement/{handover.pk}/transfers/?partner={boards[1].pk}")
    assert "Vi Văn Thắng" in listed.content.decode()
    huge = client.get(f"/coordination/agreement/{handover.pk}/transfers/?partner={10**30}")
    assert huge.status_code == 200
    other = client.get(f"/coordination/agreement/{handover.pk}/transfers/?partner={boards[0].pk}")
    assert "Vi Văn Thắng" not in other.content.decode()
    saved = client.post(
        f"/coordination/transfer/{row.pk}/edit/",
        {**form, "received_on": "20/08/2024", "revision": str(row.revision)},
    )
    assert saved.status_code == 302
    row.refresh_from_db()
    assert row.status == "received" and row.received_on == dt.date(2024, 8, 20)
    page = client.get(f"/coordination/transfer/{row.pk}/").content.decode()
    assert "Địa phương đã tiếp nhận" in page
    stale = client.post(f"/coordination/transfer/{row.pk}/edit/", {**form, "revision": "1"})
    assert stale.status_code == 409


def test_personal_data_stays_within_scope(world, handover, boards):
    row = record_transfer(
        handover, boards[0], member("Lê Văn An", dt.date(2024, 7, 2)), by=world.users["po_b1"]
    )
    company = api("po_c1")  # C1 is below B1 and does not see B1's coordination
    assert company.get(f"/api/v1/party-transfers/{row.pk}").status_code == 404
    assert company.get("/api/v1/party-transfers").json() == []
    edit = {k: v for k, v in body(handover, boards[0]).items() if k != "agreement_id"}
    assert (
        send(company, "put", f"/party-transfers/{row.pk}", {**edit, "revision": 1}).status_code
        == 404
    )
    assert world.client("po_c1").get(f"/coordination/transfer/{row.pk}/").status_code == 404
    assert (
        world.client("po_c1").get(f"/coordination/agreement/{handover.pk}/transfers/").status_code
        == 404
    )
    commander = api("cmd_b1")
    assert commander.get(f"/api/v1/party-transfers/{row.pk}").status_code == 200
    assert (
        send(commander, "put", f"/party-transfers/{row.pk}", {**edit, "revision": 1}).status_code
        == 403
    )
    assert send(commander, "post", "/party-transfers", body(handover, boards[0])).status_code == 403
