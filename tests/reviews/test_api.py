"""The reviews API through HTTP: list, create, read with the figures as JSON, edit with the
revision check, finish, export; scope and permissions."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.test import Client

from khth.reviews.models import Review
from tests.api.test_api import api
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

JSON = "application/json"
NEW = {
    "unit_code": "R",
    "title": "Sơ kết 6 tháng đầu năm 2024",
    "starts_on": "2024-01-01",
    "ends_on": "2024-06-30",
    "indicators": ["dang-vien", "gdct-ty-le"],
}


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/reviews": {"get", "post"},
        "/api/v1/reviews/{review_id}": {"get", "patch"},
        "/api/v1/reviews/{review_id}/finish": {"post"},
        "/api/v1/reviews/{review_id}/export": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path


def test_create_read_edit_finish(world):
    client = api("cu_r")
    created = send(client, "post", "/reviews", NEW)
    assert created.status_code == 201, created.content
    body = created.json()
    review_id = body["id"]
    assert (body["unit_code"], body["starts_on"], body["status"]) == ("R", "2024-01-01", "draft")
    assert body["indicators"] == ["dang-vien", "gdct-ty-le"]
    assert "(Nhiệm vụ trọng tâm thứ 1)" in body["sections"]["nhiem-vu-trong-tam"]
    figures = body["figures"]
    assert [b["period"] for b in figures["bins"]] == [f"20240{m}" for m in range(1, 7)]
    # Six units owe a monthly report each month; quarters end in March and June, the half-year
    # in June. Nothing was sent.
    owed = [6, 6, 12, 6, 6, 18]
    assert [t["expected"] for t in figures["timeliness"]] == owed
    assert [t["missing"] for t in figures["timeliness"]] == owed
    assert [t["code"] for t in figures["trends"]] == ["dang-vien", "gdct-ty-le"]
    assert figures["trends"][0]["points"][0] == {
        "label": "Tháng 1/2024",
        "value": None,
        "display": "",
        "link": "",
    }
    assert figures["awards"] == {
        "collective": 0,
        "individual": 0,
        "by_title": {},
        "phrase": "0 tập thể, 0 cá nhân",
    }
    assert figures["targets"] == {"met": 0, "missed": 0, "pending": 0, "plans": []}
    assert body["can_edit"] is True

    read = client.get(f"/api/v1/reviews/{review_id}").json()
    assert read["figures"]["timeliness"] == figures["timeliness"]

    edited = send(
        client,
        "patch",
        f"/reviews/{review_id}",
        {"revision": 1, "title": "Sơ kết 6 tháng", "sections": {"uu-diem": "<p>Tốt</p>"}},
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["revision"] == 2 and edited.json()["sections"]["uu-diem"] == "<p>Tốt</p>"
    stale = send(client, "patch", f"/reviews/{review_id}", {"revision": 1, "title": "Khác"})
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert Review.objects.get(pk=review_id).title == "Sơ kết 6 tháng"
    unknown = send(
        client, "patch", f"/reviews/{review_id}", {"revision": 2, "sections": {"khong-co": "x"}}
    )
    assert unknown.status_code == 400 and "khong-co" in unknown.json()["detail"]

    finished = send(client, "post", f"/reviews/{review_id}/finish")
    assert finished.status_code == 200
    assert (finished.json()["status"], finished.json()["can_edit"]) == ("final", False)
    again = send(client, "patch", f"/reviews/{review_id}", {"revision": 2, "title": "Khác"})
    assert again.status_code == 400

    listed = client.get("/api/v1/reviews?unit=R").json()
    assert [r["id"] for r in listed] == [review_id]
    assert client.get("/api/v1/reviews?status=draft").json() == []


def test_bad_input_is_a_400_naming_it(world):
    client = api("cu_r")
    unknown = send(client, "post", "/reviews", {**NEW, "indicators": ["khong-co"]})
    assert unknown.status_code == 400 and "khong-co" in unknown.json()["detail"]
    backwards = send(client, "post", "/reviews", {**NEW, "starts_on": "2024-07-01"})
    assert backwards.status_code == 400
    assert Review.objects.count() == 0


def test_exports(world):
    client = api("cu_r")
    review_id = send(client, "post", "/reviews", NEW).json()["id"]
    docx = client.get(f"/api/v1/reviews/{review_id}/export?format=docx")
    assert docx.status_code == 200
    assert "Sơ kết 6 tháng đầu năm 2024" in docx_text(docx.content)
    xlsx = client.get(f"/api/v1/reviews/{review_id}/export?format=xlsx")
    assert xlsx.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert "Tình hình báo cáo" in sheets
    assert client.get(f"/api/v1/reviews/{review_id}/export?format=pdf").status_code == 422


def test_scope_and_permissions(world):
    review_id = send(api("cu_r"), "post", "/reviews", NEW).json()["id"]
    # A company's officer does not see the regiment or its review.
    company = api("po_c1")
    assert company.get(f"/api/v1/reviews/{review_id}").status_code == 404
    assert company.get(f"/api/v1/reviews/{review_id}/export").status_code == 404
    assert send(company, "post", f"/reviews/{review_id}/finish").status_code == 404
    assert company.get("/api/v1/reviews").json() == []
    assert send(company, "post", "/reviews", NEW).status_code == 404
    assert company.get("/api/v1/reviews/99999999999999999999").status_code in {404, 422}
    # The division's admin reads it but does not write reviews.
    admin = api("admin_d")
    assert admin.get(f"/api/v1/reviews/{review_id}").json()["can_edit"] is False
    assert send(admin, "patch", f"/reviews/{review_id}", {"revision": 1}).status_code == 403
    assert send(admin, "post", "/reviews", {**NEW, "unit_code": "D"}).status_code == 403
    # The battalion's commander reads B1's reviews; writing them is for its political officer.
    battalion = {**NEW, "unit_code": "B1"}
    assert send(api("cmd_b1"), "post", "/reviews", battalion).status_code == 403
    assert send(api("po_b1"), "post", "/reviews", battalion).status_code == 201
