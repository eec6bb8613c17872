"""The coordination API through HTTP: partners, agreements, an exchange report from generation
to sending, the due reports, activities and their review, and the refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.api.test_api import api
from tests.coordination.conftest import AGREED, ENTERED, FROM_REPORTS, PARTNER, QUARTER
from tests.coordination.test_pages import quarters_ended_since_2024

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(f"/api/v1{path}", json.dumps(body or {}), content_type=JSON)


def test_the_whole_cycle(world, quarter_reports):
    client = api("po_b1")
    indicators = client.get("/api/v1/coordination-indicators").json()
    assert {i["code"] for i in indicators} >= set(AGREED)
    partner = send(client, "post", "/partners", {"unit_code": "B1", "name": PARTNER})
    assert partner.status_code == 201, partner.content
    partner_id = partner.json()["id"]
    assert partner.json()["can_manage"] is True
    renamed = send(
        client,
        "put",
        f"/partners/{partner_id}",
        {"name": PARTNER, "contact": "Đ/c Trưởng ban", "revision": 1},
    )
    assert renamed.json()["contact"] == "Đ/c Trưởng ban"
    agreement = send(
        client,
        "post",
        "/agreements",
        {
            "partner_id": partner_id,
            "title": "Quy chế phối hợp số 05/QCPH",
            "signed_on": "2024-01-02",
            "valid_from": "2024-01-01",
            "indicators": AGREED,
        },
    )
    assert agreement.status_code == 201, agreement.content
    assert agreement.json()["frequency"] == "quarterly"
    agreement_id = agreement.json()["id"]
    unknown = send(
        client,
        "post",
        "/agreements",
        {
            "partner_id": partner_id,
            "title": "X",
            "signed_on": "2024-01-02",
            "valid_from": "2024-01-01",
            "indicators": ["quan-so"],
        },
    )
    assert unknown.status_code == 400

    made = send(client, "post", "/exchanges", {"agreement_id": agreement_id, "period_id": QUARTER})
    assert made.status_code == 201, made.content
    again = send(client, "post", "/exchanges", {"agreement_id": agreement_id, "period_id": QUARTER})
    assert again.status_code == 200
    due = send(client, "post", "/exchanges/generate-due", {"unit_code": "B1"}).json()
    assert len(due) == quarters_ended_since_2024() - 1  # all but the one made above
    assert QUARTER not in {r["period_id"] for r in due} and "2024Q1" in {
        r["period_id"] for r in due
    }
    report = made.json()
    assert [v["code"] for v in report["values"]] == AGREED
    assert report["values"][1]["value"] == "12" and report["values"][1]["source"] == "report"
    pk = report["id"]
    patched = send(
        client,
        "patch",
        f"/exchanges/{pk}",
        {"values": {ENTERED: "1.250"}, "note": "Ghi chú", "revision": report["revision"]},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["values"][0]["display"] == "1.250"
    assert (
        send(
            client, "patch", f"/exchanges/{pk}", {"values": {FROM_REPORTS: "3"}, "revision": 2}
        ).status_code
        == 400
    )
    assert send(client, "post", f"/exchanges/{pk}/refresh").status_code == 200
    sent = send(client, "post", f"/exchanges/{pk}/send", {"dated": "2024-10-06"})
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["status"] == "sent" and body["number"].startswith("Số: 01/BC-")
    assert body["dated"] == "2024-10-06"
    assert send(client, "post", f"/exchanges/{pk}/send", {}).status_code == 400
    docx = client.get(f"/api/v1/exchanges/{pk}/export.docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert client.get(f"/api/v1/exchanges/{pk}/export.xlsx").status_code == 200
    listed = client.get("/api/v1/exchanges?unit=B1&status=sent").json()
    assert [r["id"] for r in listed] == [pk]

    activity = send(
        client,
        "post",
        "/joint-activities",
        {"agreement_id": agreement_id, "held_on": "2024-08-20", "title": "Khảo sát đảng viên"},
    )
    assert activity.status_code == 201, activity.content
    updated = send(
        client,
        "put",
        f"/joint-activities/{activity.json()['id']}",
        {
            "held_on": "2024-08-20",
            "title": "Khảo sát đảng viên",
            "result": "Nắm 45 đảng viên",
            "revision": activity.json()["revision"],
        },
    )
    assert updated.json()["result"] == "Nắm 45 đảng viên"
    review = api("cu_r").get("/api/v1/joint-activities/review?unit=R&from=2024-01-01&to=2024-12-31")
    assert review.status_code == 200
    found = review.json()
    assert (found["total"], found["with_result"]) == (1, 1)
    assert (found["exchanges_due"], found["exchanges_sent"]) == (4, 1)
    assert found["partners"][0]["partner"] == PARTNER
    assert len(client.get("/api/v1/joint-activities?unit=B1&from=2024-08-01").json()) == 1


def test_refusals(world, agreement):
    assert (
        send(api("cmd_b1"), "post", "/partners", {"unit_code": "B1", "name": "X"}).status_code
        == 403
    )
    assert (
        send(api("cu_r"), "post", "/partners", {"unit_code": "B1", "name": "X"}).status_code == 403
    )
    assert (
        send(api("po_c1"), "post", "/partners", {"unit_code": "B1", "name": "X"}).status_code == 404
    )
    assert api("po_c1").get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
    assert (
        send(
            api("cmd_b1"),
            "post",
            "/exchanges",
            {"agreement_id": agreement.pk, "period_id": QUARTER},
        ).status_code
        == 403
    )
    assert (
        send(
            api("po_b1"), "post", "/partners", {"unit_code": "B1", "name": "X", "y": 1}
        ).status_code
        == 422
    )
    assert api("po_b1").get("/api/v1/exchanges/99999999999999999999").status_code in {404, 422}


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/coordination-indicators": {"get"},
        "/api/v1/partners": {"get", "post"},
        "/api/v1/partners/{partner_id}": {"get", "put"},
        "/api/v1/agreements": {"get", "post"},
        "/api/v1/agreements/{agreement_id}": {"get", "put"},
        "/api/v1/exchanges": {"get", "post"},
        "/api/v1/exchanges/generate-due": {"post"},
        "/api/v1/exchanges/{exchange_id}": {"get", "patch"},
        "/api/v1/exchanges/{exchange_id}/refresh": {"post"},
        "/api/v1/exchanges/{exchange_id}/send": {"post"},
        "/api/v1/exchanges/{exchange_id}/export.docx": {"get"},
        "/api/v1/exchanges/{exchange_id}/export.xlsx": {"get"},
        "/api/v1/joint-activities": {"get", "post"},
        "/api/v1/joint-activities/{activity_id}": {"put"},
        "/api/v1/joint-activities/review": {"get"},
        "/api/v1/award-titles": {"get"},
        "/api/v1/awards": {"get", "post"},
        "/api/v1/awards/counts": {"get"},
        "/api/v1/awards/export.xlsx": {"get"},
        "/api/v1/awards/{award_id}": {"get"},
        "/api/v1/awards/{award_id}/remove": {"post"},
        "/api/v1/award-proposals": {"get"},
        "/api/v1/award-proposals/draft": {"post"},
        "/api/v1/award-proposals/{proposal_id}/confirm": {"post"},
        "/api/v1/award-proposals/{proposal_id}/reject": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path


@pytest.mark.parametrize(
    "query",
    [
        "/agreements?partner=9223372036854775808",
        "/exchanges?agreement=9223372036854775808",
        "/joint-activities?agreement=9223372036854775808",
        "/agreements?partner=0",
    ],
)
def test_an_id_that_names_no_row_is_refused_by_the_schema(world, query):
    # Beyond MAX_ID, SQLite overflowed on it (500); now the schema refuses it before the database.
    assert api("po_b1").get(f"/api/v1{query}").status_code == 422


def test_an_id_in_range_narrows_the_list(world, agreement):
    client = api("po_b1")
    assert [
        a["id"] for a in client.get("/api/v1/agreements?partner=9223372036854775807").json()
    ] == []
    found = client.get(f"/api/v1/agreements?partner={agreement.partner_list[0].pk}").json()
    assert [a["id"] for a in found] == [agreement.pk]
