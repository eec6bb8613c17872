"""The register API through HTTP — Party terms, registering outgoing and incoming documents, the
list with its filters, reading one — and the secrecy rules: a document marked TỐI MẬT is
invisible to everyone whose role does not read that level (the list, the page's helper, the
API), and nobody registers a document at a level they may not read."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from khth.docsystem.records.actions import create_typed_document
from khth.docsystem.records.models import TypedDocument
from khth.docsystem.register.access import get_document_for_user, visible_documents
from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    RegisterError,
    register_incoming,
    register_outgoing,
)
from khth.docsystem.register.models import RegisteredDocument
from khth.plans.actions import create_plan
from khth.units.actions import update_unit
from tests.api.test_api import api

pytestmark = pytest.mark.django_db

JSON = "application/json"
TERM = {"name": "Nhiệm kỳ 2020 – 2025", "starts_on": "2020-10-15"}
PLAN = {"unit_code": "C1", "kind_code": "kh-ctd-thang", "dated": "2024-03-01", "summary": "Tháng 3"}


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


@pytest.fixture
def company(world: Any) -> Any:
    return update_unit(world.unit("C1"), by=None, party_abbr="ĐU", admin_abbr="CT")


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/register": {"get"},
        "/api/v1/register/outgoing": {"post"},
        "/api/v1/register/incoming": {"post"},
        "/api/v1/register/{document_id}": {"get"},
        "/api/v1/units/{code}/party-terms": {"get", "post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path


# --- Party terms -----------------------------------------------------------------------------


def test_party_terms_are_declared_and_listed(world, company):
    client = api("po_c1")
    created = send(client, "post", "/units/C1/party-terms", TERM)
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "Nhiệm kỳ 2020 – 2025"
    again = send(client, "post", "/units/C1/party-terms", TERM)
    assert again.status_code == 400 and "15/10/2020" in again.json()["detail"]
    send(client, "post", "/units/C1/party-terms", {"name": "", "starts_on": "2025-10-10"})
    terms = client.get("/api/v1/units/C1/party-terms").json()
    assert [(t["name"], t["starts_on"]) for t in terms] == [
        ("2025", "2025-10-10"),
        ("Nhiệm kỳ 2020 – 2025", "2020-10-15"),
    ]
    # Superiors read them; a sibling does not.
    assert len(api("po_b1").get("/api/v1/units/C1/party-terms").json()) == 2
    assert api("po_c2").get("/api/v1/units/C1/party-terms").status_code == 404


def test_who_may_declare_a_term(world, company):
    assert send(api("cmd_b1"), "post", "/units/B1/party-terms", TERM).status_code == 403
    assert send(api("po_c2"), "post", "/units/C1/party-terms", TERM).status_code == 404
    # The unit's manager may, without registering documents.
    assert send(api("admin_d"), "post", "/units/C1/party-terms", TERM).status_code == 201


# --- registering -----------------------------------------------------------------------------


def test_outgoing_documents_get_the_next_number_of_their_family(world, company):
    client = api("po_c1")
    first = send(client, "post", "/register/outgoing", {**PLAN, "signer": "Phạm Văn Một"})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["number"] == 1 and body["number_text"] == "Số: 01/KH-CT"
    assert body["family"] == "administrative" and body["direction"] == "out"
    assert body["attachments"] == []
    report = send(client, "post", "/register/outgoing", {**PLAN, "kind_code": "bc-dinh-ky"})
    assert report.json()["number_text"] == "Số: 02/BC-CT"
    # A Party document needs the term of the chi bộ first.
    resolution = {**PLAN, "kind_code": "nq-thang"}
    refused = send(client, "post", "/register/outgoing", resolution)
    assert refused.status_code == 400
    assert "Chưa khai báo nhiệm kỳ cấp ủy của Đại đội 1" in refused.json()["detail"]
    send(client, "post", "/units/C1/party-terms", TERM)
    assert send(client, "post", "/register/outgoing", resolution).json()["number_text"] == (
        "Số 1-NQ/ĐU"
    )


def test_who_may_register(world, company):
    for username, status in [("cmd_b1", 403), ("po_b1", 403), ("po_c2", 404), ("as_c1", 201)]:
        response = send(api(username), "post", "/register/outgoing", PLAN)
        assert response.status_code == status, (username, response.content)
    bad = send(api("po_c1"), "post", "/register/outgoing", {**PLAN, "kind_code": "xx"})
    assert bad.status_code == 400 and "xx" in bad.json()["detail"]
    empty = send(api("po_c1"), "post", "/register/outgoing", {**PLAN, "summary": " "})
    assert empty.status_code == 400
    assert (
        send(api("po_c1"), "post", "/register/outgoing", {**PLAN, "copies": 0}).status_code == 422
    )
    marks = {**PLAN, "secrecy": "bi-mat"}
    assert send(api("po_c1"), "post", "/register/outgoing", marks).status_code == 422
    assert RegisteredDocument.objects.count() == 1


def test_a_typed_document_is_registered_once_and_becomes_final(world, company):
    officer = world.users["po_c1"]
    send(api("po_c1"), "post", "/units/C1/party-terms", TERM)
    document = create_typed_document(
        company, "nq-thang", dated=dt.date(2024, 7, 2), title="Nghị quyết tháng 7", by=officer
    )
    body = {**PLAN, "kind_code": "nq-thang", "typed_document_id": document.pk}
    registered = send(api("po_c1"), "post", "/register/outgoing", body)
    assert registered.status_code == 201, registered.content
    assert registered.json()["typed_document_id"] == document.pk
    document.refresh_from_db()
    assert document.status == TypedDocument.FINAL
    twice = send(api("po_c1"), "post", "/register/outgoing", body)
    assert twice.status_code == 400 and "Số 1-NQ/ĐU" in twice.json()["detail"]
    # Sources go through their own scope: C2's officer cannot name C1's plan.
    plan = create_plan(company, "kh-ctd-thang", period_id="202403", by=officer)
    c2 = {**PLAN, "unit_code": "C2", "plan_id": plan.pk}
    assert send(api("po_c2"), "post", "/register/outgoing", c2).status_code == 404
    # Nor can a unit register another unit's plan as its own.
    b1 = {**PLAN, "unit_code": "B1", "plan_id": plan.pk}
    other = send(api("po_b1"), "post", "/register/outgoing", b1)
    assert other.status_code == 400 and "chính đơn vị" in other.json()["detail"]


def test_incoming_documents_take_the_units_arrival_number(world, company):
    client = api("as_c1")
    data = {
        "unit_code": "C1",
        "sender": "Tiểu đoàn 1",
        "number_text": "Số: 12/HD-TĐ1",
        "dated": "2024-02-08",
        "received_on": "2024-02-10",
        "summary": "Hướng dẫn giáo dục chính trị",
        "secrecy": "mat",
    }
    first = send(client, "post", "/register/incoming", data)
    assert first.status_code == 201, first.content
    assert first.json()["number"] == 1 and first.json()["number_text"] == "Số: 12/HD-TĐ1"
    assert send(client, "post", "/register/incoming", data).json()["number"] == 2
    early = send(client, "post", "/register/incoming", {**data, "received_on": "2024-02-01"})
    assert early.status_code == 400 and "trước ngày" in early.json()["detail"]


# --- the list and one document ---------------------------------------------------------------


@pytest.fixture
def register(world: Any, company: Any) -> dict[str, RegisteredDocument]:
    """C1's register: an ordinary plan and a TỐI MẬT report of 2024, a MẬT report of 2025, an
    incoming guidance received in 2024."""
    officer = world.users["po_c1"]

    def out(kind: str, day: dt.date, secrecy: str = "") -> RegisteredDocument:
        data = Outgoing(kind_code=kind, dated=day, summary=f"{kind} {day}", secrecy=secrecy)
        return register_outgoing(company, data, by=officer)

    incoming = Incoming(
        sender="Tiểu đoàn 1",
        number_text="Số: 12/HD-TĐ1",
        dated=dt.date(2024, 12, 30),
        received_on=dt.date(2025, 1, 2),
        summary="Hướng dẫn",
    )
    return {
        "plan": out("kh-ctd-thang", dt.date(2024, 3, 1)),
        "secret": out("bc-dinh-ky", dt.date(2024, 3, 31), "toi_mat"),
        "mat": out("bc-dinh-ky", dt.date(2025, 1, 5), "mat"),
        "incoming": register_incoming(company, incoming, by=officer),
    }


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [d["id"] for d in response.json()]


def test_the_list_and_its_filters(world, register):
    client = api("po_c1")
    plan, secret, mat, incoming = (register[k].pk for k in ("plan", "secret", "mat", "incoming"))
    assert ids(client.get("/api/v1/register?unit=C1")) == [mat, incoming, secret, plan]
    assert ids(client.get("/api/v1/register?unit=C1&direction=out&year=2024")) == [secret, plan]
    # The year of an incoming document is the year it arrived.
    assert ids(client.get("/api/v1/register?direction=in&year=2025")) == [incoming]
    assert ids(client.get("/api/v1/register?year=2025")) == [mat, incoming]
    assert ids(client.get("/api/v1/register?kind=bc-dinh-ky")) == [mat, secret]
    assert ids(client.get("/api/v1/register?unit=C1&limit=1&offset=1")) == [incoming]
    assert client.get("/api/v1/register?direction=sideways").status_code == 422
    assert client.get("/api/v1/register?unit=C2").status_code == 404
    one = client.get(f"/api/v1/register/{secret}").json()
    assert one["number_text"] == "Số: 02/BC-CT" and one["secrecy"] == "toi_mat"


# --- secrecy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("po_c1", {"plan", "secret", "mat", "incoming"}),
        ("po_b1", {"plan", "secret", "mat", "incoming"}),  # a superior with clearance
        ("cmd_b1", {"plan", "secret", "mat", "incoming"}),
        ("cu_r", {"plan", "secret", "mat", "incoming"}),
        ("as_c1", {"plan", "mat", "incoming"}),  # reads MẬT, not TỐI MẬT
        ("admin_d", {"plan", "incoming"}),  # manages the division, reads no secret
        ("po_c2", set()),  # outside the subtree
        ("nobody", set()),
    ],
)
def test_secret_documents_are_seen_only_with_clearance(world, register, username, sees):
    user = world.users[username]
    expected = {register[key].pk for key in sees}
    # The queryset every list and the search filter through…
    assert set(visible_documents(user).values_list("pk", flat=True)) == expected
    # …the helper of the document page…
    for key, document in register.items():
        if key in sees:
            assert get_document_for_user(user, document.pk) == document
        else:
            with pytest.raises(Http404):
                get_document_for_user(user, document.pk)
    # …and the API, where a document beyond clearance is "not found" like one outside the scope.
    client = api(username) if username != "nobody" else world.client("nobody")
    assert set(ids(client.get("/api/v1/register"))) == expected
    for key, document in register.items():
        status = client.get(f"/api/v1/register/{document.pk}").status_code
        assert status == (200 if key in sees else 404), (key, status)


def test_nobody_registers_at_a_level_they_may_not_read(world, company):
    assistant = world.users["as_c1"]
    for secrecy in ("toi_mat", "tuyet_mat"):
        with pytest.raises(RegisterError, match="không được đọc"):
            register_outgoing(
                company,
                Outgoing(
                    kind_code="bc-dinh-ky",
                    dated=dt.date(2024, 3, 1),
                    summary="Báo cáo",
                    secrecy=secrecy,
                ),
                by=assistant,
            )
    incoming = {
        "unit_code": "C1",
        "sender": "Trung đoàn 1",
        "number_text": "Số: 3/TB-CT",
        "dated": "2024-03-01",
        "received_on": "2024-03-02",
        "summary": "Thông báo",
        "secrecy": "toi_mat",
    }
    refused = send(api("as_c1"), "post", "/register/incoming", incoming)
    assert refused.status_code == 400 and "không được đọc" in refused.json()["detail"]
    assert not RegisteredDocument.objects.exists()
    # MẬT is within the assistant's clearance; TỐI MẬT within the political officer's.
    assert (
        send(api("as_c1"), "post", "/register/incoming", {**incoming, "secrecy": "mat"}).status_code
        == 201
    )
    assert send(api("po_c1"), "post", "/register/incoming", incoming).status_code == 201
    # No number was spent on the refusals.
    assert sorted(RegisteredDocument.objects.values_list("number", flat=True)) == [1, 2]


def test_the_list_takes_the_same_queries_however_long(world, register, company):
    client = api("po_c1")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/register").status_code == 200
        return len(captured)

    queries()  # once first: what is read once per process or per token is not the list's
    few = queries()
    for day in range(1, 11):
        data = Outgoing(kind_code="cv", dated=dt.date(2024, 5, day), summary="Công văn")
        register_outgoing(company, data, by=world.users["po_c1"])
    assert queries() == few
