"""The awards API: the register, counts, export, proposals, and the scope — through HTTP."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest
from django.test import Client

from khth.awards.models import Award, Proposal
from tests.api.test_api import api
from tests.awards.conftest import EXCELLENT, GIAY_KHEN, QUYET_THANG, award, decided

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(f"/api/v1{path}", json.dumps(body or {}), content_type=JSON)


def test_register_list_and_count(world):
    client = api("cu_r")
    created = send(
        client,
        "post",
        "/awards",
        {
            "unit_code": "C1",
            "title_code": QUYET_THANG,
            "decision_number": "05/QĐ-SĐ",
            "decision_date": "2024-05-19",
            "reason": "Hai năm liền",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["recipient"] == "collective"
    assert body["title_name"] == "Đơn vị Quyết thắng"
    assert body["issuer"] == "Thủ trưởng cấp sư đoàn và tương đương"
    person = send(
        client,
        "post",
        "/awards",
        {
            "unit_code": "C3",
            "title_code": "chien-si-tien-tien",
            "decision_number": "06/QĐ",
            "decision_date": "2024-06-01",
            "person_name": "Lê Văn Bình",
        },
    )
    assert person.status_code == 201
    refused = send(
        client,
        "post",
        "/awards",
        {
            "unit_code": "C3",
            "title_code": "chien-si-tien-tien",
            "decision_number": "07/QĐ",
            "decision_date": "2024-06-01",
        },
    )
    assert refused.status_code == 400 and "họ và tên" in refused.json()["detail"]
    unknown_field = send(client, "post", "/awards", {"unit_code": "C1", "x": 1})
    assert unknown_field.status_code == 422

    listed = client.get("/api/v1/awards?unit=B1").json()
    assert [a["decision_number"] for a in listed] == ["05/QĐ-SĐ"]
    everything = client.get("/api/v1/awards?from=2024-01-01&to=2024-12-31").json()
    assert len(everything) == 2
    only_people = client.get("/api/v1/awards?recipient=individual").json()
    assert [a["person_name"] for a in only_people] == ["Lê Văn Bình"]

    counted = client.get("/api/v1/awards/counts?unit=R&from=2024-01-01&to=2024-12-31").json()
    assert (counted["collective"], counted["individual"], counted["total"]) == (1, 1, 2)
    assert counted["by_title"] == [
        {"code": QUYET_THANG, "name": "Đơn vị Quyết thắng", "count": 1},
        {"code": "chien-si-tien-tien", "name": "Chiến sĩ tiên tiến", "count": 1},
    ]
    one = client.get(f"/api/v1/awards/{body['id']}").json()
    assert one["decision_number"] == "05/QĐ-SĐ"

    exported = client.get("/api/v1/awards/export.xlsx?unit=R&from=2024-01-01&to=2024-12-31")
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content))["Sổ khen thưởng"]
    assert sheet.max_row == 3

    removed = send(client, "post", f"/awards/{body['id']}/remove", {"reason": "Nhầm"})
    assert removed.status_code == 204
    assert Award.objects.count() == 1


def test_the_scope(world):
    given = award(world, "C1", GIAY_KHEN, dt.date(2024, 5, 1), "1/QĐ")
    assert api("po_c2").get(f"/api/v1/awards/{given.pk}").status_code == 404
    assert api("po_c2").get("/api/v1/awards").json() == []
    assert api("po_c2").get("/api/v1/awards/counts?unit=C1").status_code == 404
    assert api("po_c1").get(f"/api/v1/awards/{given.pk}").status_code == 200
    assert api("cmd_b1").get("/api/v1/awards?unit=B1").json()[0]["id"] == given.pk
    body = {
        "unit_code": "C1",
        "title_code": GIAY_KHEN,
        "decision_number": "2/QĐ",
        "decision_date": "2024-05-01",
    }
    assert send(api("cmd_b1"), "post", "/awards", body).status_code == 403
    assert send(api("po_c2"), "post", "/awards", body).status_code == 404
    assert (
        send(api("cmd_b1"), "post", f"/awards/{given.pk}/remove", {"reason": "x"}).status_code
        == 403
    )
    assert Client().get("/api/v1/awards").status_code == 401


def test_proposals(world):
    decided(world, "C1", "2023", EXCELLENT)
    decided(world, "C1", "2024", EXCELLENT)
    client = api("cu_r")
    drafted = send(client, "post", "/award-proposals/draft", {"unit_code": "R"})
    assert drafted.status_code == 201
    assert sorted((p["title_code"], p["periods"]) for p in drafted.json()) == [
        (QUYET_THANG, ["2023", "2024"]),
        (GIAY_KHEN, ["2024"]),
    ]
    assert send(client, "post", "/award-proposals/draft", {"unit_code": "R"}).json() == []
    listed = client.get("/api/v1/award-proposals?unit=C1&status=proposed").json()
    assert len(listed) == 2
    assert listed[0]["period_labels"][-1] == "Năm 2024"
    quyet_thang = next(p for p in listed if p["title_code"] == QUYET_THANG)
    giay_khen = next(p for p in listed if p["title_code"] == GIAY_KHEN)
    confirmed = send(
        client,
        "post",
        f"/award-proposals/{quyet_thang['id']}/confirm",
        {"decision_number": "30/QĐ-SĐ", "decision_date": "2025-01-15"},
    )
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["title_code"] == QUYET_THANG
    again = send(
        client,
        "post",
        f"/award-proposals/{quyet_thang['id']}/confirm",
        {"decision_number": "31/QĐ-SĐ", "decision_date": "2025-01-15"},
    )
    assert again.status_code == 400
    assert (
        send(client, "post", f"/award-proposals/{giay_khen['id']}/reject", {"note": ""}).status_code
        == 400
    )
    rejected = send(
        client,
        "post",
        f"/award-proposals/{giay_khen['id']}/reject",
        {"note": "Đã có danh hiệu cao hơn"},
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    confirmed_award = Proposal.objects.get(pk=quyet_thang["id"]).award
    assert confirmed_award is not None and confirmed_award.decision_number == "30/QĐ-SĐ"
    # Seen by the company, decided by neither the company's sibling nor a reader.
    assert len(api("po_c1").get("/api/v1/award-proposals").json()) == 2
    assert api("po_c2").get("/api/v1/award-proposals").json() == []
    assert (
        send(api("cmd_b1"), "post", "/award-proposals/draft", {"unit_code": "B1"}).status_code
        == 403
    )
    assert (
        send(
            api("cmd_b1"), "post", f"/award-proposals/{giay_khen['id']}/reject", {"note": "x"}
        ).status_code
        == 403
    )


def test_titles_from_the_regulation(world):
    titles = {t["code"]: t for t in api("po_c1").get("/api/v1/award-titles").json()}
    assert titles[GIAY_KHEN]["recipient"] == "collective"
    assert titles["chien-si-tien-tien"]["recipient"] == "individual"
    assert titles["chien-si-tien-tien"]["issuer"] == "Thủ trưởng cấp trung đoàn và tương đương"
