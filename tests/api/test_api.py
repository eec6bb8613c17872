"""The API: token login, /me, units in scope, tree changes, import, and the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": PASSWORD}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def api(username: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_for(username)}"})


def test_token_and_me(world):
    me = api("po_c1").get("/api/v1/me").json()
    assert me["username"] == "po_c1"
    assert me["memberships"][0]["unit_code"] == "C1"
    assert me["memberships"][0]["role"] == "political_officer"
    assert "report.submit" in me["memberships"][0]["permissions"]


def test_wrong_password_is_401(world):
    response = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": "po_c1", "password": "sai"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert "không đúng" in response.json()["detail"]


def test_unauthenticated_is_401(world):
    assert Client().get("/api/v1/units").status_code == 401
    assert Client(headers={"Authorization": "Bearer nope"}).get("/api/v1/units").status_code == 401


def test_session_auth_works_for_the_browser(world):
    assert world.client("po_c1").get("/api/v1/me").json()["username"] == "po_c1"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("po_c1", ["C1"]),
        ("po_c2", ["C2"]),
        ("cmd_b1", ["B1", "C1", "C2"]),
        ("cu_r", ["B1", "B2", "C1", "C2", "C3", "R"]),
        ("nobody", []),
    ],
)
def test_units_list_is_scoped(world, username, expected):
    codes = sorted(u["code"] for u in api(username).get("/api/v1/units").json())
    assert codes == expected


def test_units_filters(world):
    client = api("cu_r")
    assert sorted(u["code"] for u in client.get("/api/v1/units?level=dai-doi").json()) == [
        "C1",
        "C2",
        "C3",
    ]
    assert sorted(u["code"] for u in client.get("/api/v1/units?parent=B1").json()) == ["C1", "C2"]
    # Filtering by a parent outside the scope still gives only units inside it.
    assert [u["code"] for u in api("po_c1").get("/api/v1/units?parent=B1").json()] == ["C1"]


@pytest.mark.parametrize(
    ("code", "status"), [("C1", 200), ("C2", 404), ("B1", 404), ("D", 404), ("ZZZ", 404)]
)
def test_unit_detail_is_scoped(world, code, status):
    assert api("po_c1").get(f"/api/v1/units/{code}").status_code == status


def test_changes_need_manage_permission(world):
    client = api("cu_r")
    response = client.post(
        "/api/v1/units/C1/move", data={"parent_code": "B2"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/units/C1/dissolve", data={"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert world.unit("C1").valid_to is None


def test_sibling_cannot_change_via_api(world):
    client = api("po_c1")
    response = client.post("/api/v1/units/C2/dissolve", data={}, content_type="application/json")
    assert response.status_code == 404
    assert world.unit("C2").valid_to is None


def test_admin_moves_and_rule_errors_are_400(world):
    client = api("admin_d")
    response = client.post(
        "/api/v1/units/C1/move",
        data={"parent_code": "B2", "on": "2024-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent_code"] == "B2"
    response = client.post(
        "/api/v1/units/B2/move", data={"parent_code": "C1"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nằm trong chính đơn vị" in response.json()["detail"]


def test_bad_input_is_a_clear_400_or_422(world):
    client = api("admin_d")
    response = client.post(
        "/api/v1/units/C1/move", data="{not json", content_type="application/json"
    )
    assert response.status_code in {400, 422}
    response = client.post(
        "/api/v1/units/C1/move",
        data={"parent_code": "B2", "on": "2024-13-45"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "on" in json.dumps(response.json())


def test_import_through_api_all_or_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api("admin_d")
    good = "code,name,short_name,level,parent_code\nC4,Đại đội 4,c4,dai-doi,B2\n"
    response = client.post(
        "/api/v1/units/import", {"file": SimpleUploadedFile("u.csv", good.encode())}
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    bad = (
        "code,name,short_name,level,parent_code\n"
        "C5,Đại đội 5,c5,dai-doi,B2\n"
        "C6,Đại đội 6,c6,khong-co,B2\n"
    )
    response = client.post(
        "/api/v1/units/import", {"file": SimpleUploadedFile("u.csv", bad.encode())}
    )
    assert response.status_code == 400
    problem = response.json()["problems"][0]
    assert (problem["line"], problem["column"]) == (3, "level")
    assert not world.units["C1"].__class__.objects.filter(code="C5").exists()


def test_import_refused_without_manage(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"code,name,short_name,level,parent_code\nC9,X,X,dai-doi,C1\n"
    response = api("po_c1").post(
        "/api/v1/units/import", {"file": SimpleUploadedFile("u.csv", data)}
    )
    assert response.status_code == 403


def test_export_csv_is_scoped(world):
    body = api("cmd_b1").get("/api/v1/units/export.csv").content.decode()
    assert sorted(line.split(",")[0] for line in body.strip().splitlines()[1:]) == [
        "B1",
        "C1",
        "C2",
    ]


def test_openapi_schema_is_served(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"]
    assert "/api/v1/auth/token" in schema["paths"]
