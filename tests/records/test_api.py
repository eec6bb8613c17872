"""The records API through HTTP: books with their freshness, entries with history (add, correct,
withdraw), typed documents with the revision check, the compliance of a unit and the matrix of a
subtree — and the scope, write rights and secrecy on each."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from khth.docsystem.records.actions import add_entry, correct_entry, create_typed_document
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from tests.api.test_api import api

pytestmark = pytest.mark.django_db

JSON = "application/json"
BOOK = "so-tong-hop-ctd"
ROW = {
    "ngay": "05/07/2024",
    "mat-cong-tac": "Giáo dục chính trị",
    "noi-dung": "Học tập chuyên đề 3",
}


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/units/{code}/books": {"get"},
        "/api/v1/units/{code}/books/{book_code}/entries": {"get", "post"},
        "/api/v1/records/entries/{entry_id}": {"get"},
        "/api/v1/records/entries/{entry_id}/correct": {"post"},
        "/api/v1/records/entries/{entry_id}/withdraw": {"post"},
        "/api/v1/records/documents": {"get", "post"},
        "/api/v1/records/documents/{document_id}": {"get", "patch"},
        "/api/v1/units/{code}/compliance": {"get"},
        "/api/v1/units/{code}/compliance/matrix": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path


# --- books -----------------------------------------------------------------------------------


def test_books_of_a_unit_with_their_freshness(world):
    client = api("as_c1")
    books = {b["code"]: b for b in client.get("/api/v1/units/C1/books").json()}
    # A company keeps its level's books, not a regiment's.
    assert "so-tong-hop-ctd" in books and "so-gioi-thieu-sinh-hoat-dang" not in books
    synthesis = books[BOOK]
    assert synthesis["update_frequency"] == "weekly"
    assert synthesis["state"] == "missing" and synthesis["last_entry_on"] is None
    assert synthesis["lines"] == 0 and synthesis["can_write"] is True
    assert synthesis["columns"][1] == {
        "code": "mat-cong-tac",
        "name": "Mặt công tác",
        "type": "choice",
        "required": True,
        "choices": synthesis["columns"][1]["choices"],
    }
    assert books["so-nghi-quyet"]["typed_document_kind"] == "nq-thang"
    add_entry(world.unit("C1"), BOOK, ROW, by=world.users["as_c1"])
    synthesis = next(b for b in client.get("/api/v1/units/C1/books").json() if b["code"] == BOOK)
    assert synthesis["state"] == "present" and synthesis["lines"] == 1
    assert synthesis["last_entry_on"] is not None
    # A superior reads the company's books but does not write them.
    superior = next(
        b for b in api("po_b1").get("/api/v1/units/C1/books").json() if b["code"] == BOOK
    )
    assert superior["lines"] == 1 and superior["can_write"] is False


def test_books_follow_the_scope(world):
    assert api("po_c2").get("/api/v1/units/C1/books").status_code == 404
    assert api("po_c1").get("/api/v1/units/C1/books/khong-co/entries").status_code == 404
    assert (
        api("po_c1").get("/api/v1/units/C1/books/so-gioi-thieu-sinh-hoat-dang/entries").status_code
        == 404
    )


def test_add_correct_withdraw_and_read_the_history(world):
    client = api("as_c1")
    created = send(client, "post", f"/units/C1/books/{BOOK}/entries", {"values": ROW})
    assert created.status_code == 201, created.content
    first = created.json()
    assert first["line"] == 1 and first["state"] == "current"
    assert first["values"]["ngay"] == "2024-07-05"
    assert first["display"]["ngay"] == "05/07/2024"
    assert first["created_by"] == "Đỗ Thị Trợ"
    second = send(client, "post", f"/units/C1/books/{BOOK}/entries", {"values": ROW}).json()
    # A correction: a new entry on the same line, with the reason.
    fixed = send(
        client,
        "post",
        f"/records/entries/{first['id']}/correct",
        {"values": {**ROW, "noi-dung": "Học tập chuyên đề 4"}, "reason": "Ghi nhầm chuyên đề"},
    )
    assert fixed.status_code == 201, fixed.content
    assert fixed.json()["line"] == 1 and fixed.json()["corrects_id"] == first["id"]
    # The corrected entry cannot be corrected again: only the current one can.
    again = send(
        client, "post", f"/records/entries/{first['id']}/correct", {"values": ROW, "reason": "x"}
    )
    assert again.status_code == 400 and "bản hiện hành" in again.json()["detail"]
    # A withdrawal needs a reason.
    refused = send(client, "post", f"/records/entries/{second['id']}/withdraw", {"reason": " "})
    assert refused.status_code == 400 and "lý do" in refused.json()["detail"]
    withdrawn = send(
        client, "post", f"/records/entries/{second['id']}/withdraw", {"reason": "Ghi trùng dòng 1"}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    lines = client.get(f"/api/v1/units/C1/books/{BOOK}/entries").json()
    assert [(line["line"], line["state"]) for line in lines] == [(1, "current"), (2, "withdrawn")]
    assert lines[0]["entry"]["values"]["noi-dung"] == "Học tập chuyên đề 4"
    assert lines[0]["entry"]["correction_reason"] == "Ghi nhầm chuyên đề"
    assert [(e["id"], e["state"]) for e in lines[0]["history"]] == [(first["id"], "corrected")]
    assert lines[0]["history"][0]["values"]["noi-dung"] == "Học tập chuyên đề 3"
    assert lines[1]["entry"]["withdrawn_reason"] == "Ghi trùng dòng 1"
    # Nothing was deleted.
    assert BookEntry.objects.count() == 3
    assert client.get(f"/api/v1/records/entries/{first['id']}").json()["state"] == "corrected"


def test_bad_values_are_named_by_column_and_nothing_is_stored(world):
    response = send(
        api("as_c1"),
        "post",
        f"/units/C1/books/{BOOK}/entries",
        {"values": {"ngay": "31/02/2024", "mat-cong-tac": "Khác", "la": "x"}},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nội dung không hợp lệ, chưa lưu gì"
    places = {p["place"] for p in body["problems"]}
    assert places == {"la", "Ngày", "Mặt công tác", "Nội dung"}
    assert not BookEntry.objects.exists()
    # Values are text as typed in the form.
    typed = send(api("as_c1"), "post", f"/units/C1/books/{BOOK}/entries", {"values": {"ngay": 5}})
    assert typed.status_code == 422


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_b1", 403),  # a superior never writes a subordinate's books
        ("cmd_b1", 403),  # read-only
        ("cu_r", 403),
        ("po_c2", 404),  # a sibling
        ("nobody", 404),
    ],
)
def test_only_the_units_people_write_its_books(world, username, status):
    entry = add_entry(world.unit("C1"), BOOK, ROW, by=world.users["po_c1"])
    client = api(username) if username != "nobody" else world.client("nobody")
    path = f"/units/C1/books/{BOOK}/entries"
    assert send(client, "post", path, {"values": ROW}).status_code == status
    correct = {"values": ROW, "reason": "sửa"}
    expected = 404 if status == 404 else status
    assert send(client, "post", f"/records/entries/{entry.pk}/correct", correct).status_code == (
        expected
    )
    assert (
        send(client, "post", f"/records/entries/{entry.pk}/withdraw", {"reason": "hủy"}).status_code
        == expected
    )
    assert BookEntry.objects.count() == 1


def test_entries_outside_the_scope_are_not_found(world):
    entry = add_entry(world.unit("C1"), BOOK, ROW, by=world.users["po_c1"])
    assert api("po_c2").get(f"/api/v1/records/entries/{entry.pk}").status_code == 404
    assert api("po_b1").get(f"/api/v1/records/entries/{entry.pk}").status_code == 200
    assert api("po_c1").get(f"/api/v1/records/entries/{2**70}").status_code in {404, 422}


# --- typed documents -------------------------------------------------------------------------

RESOLUTION = {
    "unit_code": "C1",
    "kind_code": "nq-thang",
    "dated": "2024-07-02",
    "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 7/2024",
    "body": "<p>Chi bộ thống nhất <script>x</script>lãnh đạo huấn luyện.</p>",
    "period_id": "202407",
}


def test_typed_documents_create_read_update_with_a_revision_check(world):
    client = api("po_c1")
    created = send(client, "post", "/records/documents", RESOLUTION)
    assert created.status_code == 201, created.content
    document = created.json()
    assert document["status"] == "draft" and document["revision"] == 1
    assert document["number"] == "" and document["registered_id"] is None
    assert "<script>" not in document["body"]
    assert document["can_edit"] is True
    path = f"/records/documents/{document['id']}"
    saved = send(client, "patch", path, {"revision": 1, "body": "<p>Bản sửa</p>"})
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    # Someone saved since revision 1: nothing is stored.
    stale = send(api("as_c1"), "patch", path, {"revision": 1, "title": "Cũ"})
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert TypedDocument.objects.get(pk=document["id"]).title == RESOLUTION["title"]
    read = client.get(f"/api/v1{path}").json()
    assert read["body"] == "<p>Bản sửa</p>"
    listed = client.get("/api/v1/records/documents?unit=C1&kind=nq-thang&period=202407").json()
    assert [d["id"] for d in listed] == [document["id"]]
    assert client.get("/api/v1/records/documents?status=final").json() == []


def test_typed_document_refusals(world):
    unknown = send(api("po_c1"), "post", "/records/documents", {**RESOLUTION, "kind_code": "xx"})
    assert unknown.status_code == 400 and "xx" in unknown.json()["detail"]
    # A company does not issue a regiment's quarterly resolution.
    wrong = send(api("po_c1"), "post", "/records/documents", {**RESOLUTION, "kind_code": "nq-quy"})
    assert wrong.status_code == 400
    assert send(api("po_b1"), "post", "/records/documents", RESOLUTION).status_code == 403
    assert send(api("po_c2"), "post", "/records/documents", RESOLUTION).status_code == 404
    document = create_typed_document(
        world.unit("C1"), "nq-thang", dated=dt.date(2024, 7, 2), title="NQ", by=world.users["po_c1"]
    )
    path = f"/records/documents/{document.pk}"
    assert api("po_c2").get(f"/api/v1{path}").status_code == 404
    assert send(api("po_b1"), "patch", path, {"revision": 1, "title": "x"}).status_code == 403
    assert api("po_b1").get(f"/api/v1{path}").json()["can_edit"] is False


def _registered(world: Any, secrecy: str) -> TypedDocument:
    officer, unit = world.users["po_c1"], world.unit("C1")
    document = create_typed_document(
        unit, "nq-thang", dated=dt.date(2024, 7, 2), title="Nghị quyết tháng 7", by=officer
    )
    add_party_term(unit, name="2020 – 2025", starts_on=dt.date(2020, 10, 15), by=officer)
    register_outgoing(
        unit,
        Outgoing(
            kind_code="nq-thang",
            dated=dt.date(2024, 7, 3),
            summary=document.title,
            secrecy=secrecy,
            typed_document=document,
        ),
        by=officer,
    )
    return document


def test_a_registered_typed_document_shows_its_number_and_is_no_longer_editable(world):
    document = _registered(world, "")
    read = api("po_c1").get(f"/api/v1/records/documents/{document.pk}").json()
    assert read["status"] == "final" and read["number"] == "Số 1-NQ/…"
    assert read["registered_id"] is not None and read["can_edit"] is False
    listed = api("po_c1").get("/api/v1/records/documents").json()
    assert listed[0]["number"] == "Số 1-NQ/…"
    refused = send(
        api("po_c1"), "patch", f"/records/documents/{document.pk}", {"revision": 1, "title": "x"}
    )
    assert refused.status_code == 400 and "đã vào sổ" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("username", "visible"),
    [("po_c1", True), ("po_b1", True), ("cmd_b1", True), ("as_c1", False), ("admin_d", False)],
)
def test_a_typed_document_registered_toi_mat_is_hidden_beyond_clearance(world, username, visible):
    document = _registered(world, "toi_mat")
    client = api(username)
    assert client.get(f"/api/v1/records/documents/{document.pk}").status_code == (
        200 if visible else 404
    )
    listed = [d["id"] for d in client.get("/api/v1/records/documents").json()]
    assert (document.pk in listed) is visible


# --- compliance ------------------------------------------------------------------------------


def test_the_compliance_of_a_unit(world):
    add_entry(world.unit("C1"), BOOK, ROW, by=world.users["po_c1"])
    response = api("po_c1").get("/api/v1/units/C1/compliance?date=2024-07-20")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit_code"] == "C1" and body["date"] == "2024-07-20"
    items = {item["key"]: item for item in body["items"]}
    assert items["doc:nq-thang:202407"]["state"] == "missing"
    assert items["doc:nq-thang:202407"]["label"] == "Thiếu"
    # July's report was due on 16 July. A company owes no written weekly report (the default
    # regulation's decision, docs/regulation.md): no week is asked of it.
    assert items["doc:bc-dinh-ky:202407"]["detail"] == "16/07/2024"
    assert not [key for key in items if key.startswith("doc:bc-") and "W" in key]
    assert "doc:lhd-tuan:2024W29" in items  # the week's activity schedule still is
    assert items["book:so-tong-hop-ctd"]["link"] == "/records/unit/C1/books/so-tong-hop-ctd/"
    assert sum(body["counts"].values()) == len(body["items"])
    assert body["counts"]["missing"] >= 1


def test_the_matrix_of_a_subtree(world):
    response = api("po_b1").get("/api/v1/units/B1/compliance/matrix?date=2024-07-20")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["unit_code"] for row in body["rows"]] == ["B1", "C1", "C2"]
    keys = {column["key"] for column in body["columns"]}
    assert "doc:nq-thang:202407" in keys
    c1 = body["rows"][1]["states"]
    assert c1["doc:nq-thang:202407"] == "missing"
    assert sum(body["counts"].values()) == sum(len(row["states"]) for row in body["rows"])


def test_the_matrix_answers_a_page_of_units(world):
    url = "/api/v1/units/R/compliance/matrix?date=2024-07-20"
    whole = api("cu_r").get(url).json()
    assert [row["unit_code"] for row in whole["rows"]] == ["R", "B1", "C1", "C2", "B2", "C3"]
    body = api("cu_r").get(url + "&limit=2&offset=2").json()
    assert [row["unit_code"] for row in body["rows"]] == ["C1", "C2"]
    assert sum(body["counts"].values()) == sum(len(row["states"]) for row in body["rows"])
    assert api("cu_r").get(url + "&limit=501").status_code == 422


def test_compliance_follows_the_scope(world):
    assert api("po_c1").get("/api/v1/units/B1/compliance").status_code == 404
    assert api("po_c1").get("/api/v1/units/B1/compliance/matrix").status_code == 404
    assert api("po_c2").get("/api/v1/units/C1/compliance").status_code == 404
    assert api("po_c1").get("/api/v1/units/C1/compliance?date=hôm-nay").status_code == 422
    # Without a date: today.
    assert api("po_c1").get("/api/v1/units/C1/compliance").status_code == 200


def test_lists_take_the_same_queries_however_long(world):
    client, unit, officer = api("po_c1"), world.unit("C1"), world.users["po_c1"]

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1{path}").status_code == 200
        return len(captured)

    def more() -> None:
        for day in range(1, 6):
            entry = add_entry(unit, BOOK, {**ROW, "ngay": f"0{day}/07/2024"}, by=officer)
            correct_entry(entry, ROW, reason="sửa", by=officer)
            create_typed_document(
                unit, "bb-sinh-hoat-dang", dated=dt.date(2024, 7, day), title="BB", by=officer
            )

    more()
    paths = ["/units/C1/books", f"/units/C1/books/{BOOK}/entries", "/records/documents"]
    queries(paths[0])  # once first: what is read once per process or per token is not a list's
    few = [queries(path) for path in paths]
    more()
    assert [queries(path) for path in paths] == few
