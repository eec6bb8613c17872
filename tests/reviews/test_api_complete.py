"""Issue 13 through the reviews API: a review of each kind, its outline, the conference, the
key tasks and solutions, the awards decided at it, read and written with the actions the pages
call; stale revisions refused (409), other units refused (404 outside the subtree, 403 without
the permission)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from khth.awards.actions import AwardIn, register_award
from khth.awards.models import Award
from tests.api.test_api import api

pytestmark = pytest.mark.django_db

JSON = "application/json"
PERIODIC = {
    "unit_code": "R",
    "title": "Sơ kết 6 tháng đầu năm 2024",
    "starts_on": "2024-01-01",
    "ends_on": "2024-06-30",
}
IMPLEMENTATION = {
    "unit_code": "R",
    "title": "Sơ kết 2 năm thực hiện Quy chế công tác kế hoạch – tổng hợp",
    "starts_on": "2022-07-01",
    "ends_on": "2024-06-30",
    "kind": "implementation",
    "subject": "Quy chế công tác kế hoạch – tổng hợp năm 2017",
}
CONFERENCE = {
    "held_on": "2024-07-09",
    "place": "Hội trường Trung đoàn",
    "presided_by": "Đồng chí Chính ủy",
    "attendance": "120 đại biểu",
    "record": "Hội nghị thống nhất 2 nhiệm vụ trọng tâm.",
}


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


def create(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    answer = send(client, "post", "/reviews", body)
    assert answer.status_code == 201, answer.content
    result: dict[str, Any] = answer.json()
    return result


def test_the_schema_lists_the_new_paths(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/reviews/{review_id}/conference"]) == {"put"}
    assert set(paths["/api/v1/reviews/{review_id}/key-tasks"]) == {"put"}
    assert set(paths["/api/v1/reviews/{review_id}/awards"]) == {"post"}
    assert set(paths["/api/v1/reviews/{review_id}/awards/{award_id}"]) == {"delete"}
    assert set(paths["/api/v1/reviews/{review_id}/registration"]) == {"post"}


def test_a_review_of_each_kind_with_its_outline(world):
    client = api("cu_r")
    periodic = create(client, PERIODIC)
    assert (periodic["kind"], periodic["subject"]) == ("periodic", "")
    assert periodic["kind_name"] == "Sơ kết, tổng kết định kỳ"
    implementation = create(client, IMPLEMENTATION)
    assert implementation["kind"] == "implementation"
    assert implementation["subject"] == IMPLEMENTATION["subject"]
    codes = [row["code"] for row in implementation["outline"]]
    assert codes[:3] == ["trien-khai", "quan-triet", "lanh-dao-chi-dao"]
    assert "quan-triet" not in [row["code"] for row in periodic["outline"]]
    leaves = {row["code"] for row in implementation["outline"] if row["is_leaf"]}
    assert {"nhiem-vu-trong-tam", "giai-phap", "de-xuat"} <= leaves
    listed = client.get("/api/v1/reviews?unit=R").json()
    assert {r["kind"] for r in listed} == {"periodic", "implementation"}
    # An implementation review names what it reviews.
    nameless = send(client, "post", "/reviews", {**IMPLEMENTATION, "subject": ""})
    assert nameless.status_code == 400
    assert "quy chế" in nameless.json()["detail"]
    unknown = send(client, "post", "/reviews", {**PERIODIC, "kind": "yearly"})
    assert unknown.status_code == 422


def test_conference_key_tasks_and_awards_read_back(world):
    client = api("cu_r")
    review = create(client, IMPLEMENTATION)
    path = f"/reviews/{review['id']}"
    assert review["conference"]["held_on"] is None
    assert (review["key_tasks"], review["awards"], review["registration"]) == ([], [], None)

    held = send(client, "put", f"{path}/conference", {"revision": 1, **CONFERENCE})
    assert held.status_code == 200, held.content
    assert held.json()["conference"] == CONFERENCE
    assert held.json()["revision"] == 2

    tasks = {
        "revision": 2,
        "tasks": ["Nâng cao chất lượng quán triệt", "Kiện toàn đội ngũ trợ lý"],
        "solutions": ["Tăng cường kiểm tra"],
    }
    set_ = send(client, "put", f"{path}/key-tasks", tasks)
    assert set_.status_code == 200, set_.content
    rows = set_.json()["key_tasks"]
    assert [(k["kind"], k["position"], k["text"]) for k in rows] == [
        ("task", 1, "Nâng cao chất lượng quán triệt"),
        ("task", 2, "Kiện toàn đội ngũ trợ lý"),
        ("solution", 1, "Tăng cường kiểm tra"),
    ]
    # Correcting the words keeps each task's key.
    again = send(client, "put", f"{path}/key-tasks", {**tasks, "revision": 3, "tasks": ["Một"]})
    assert again.json()["key_tasks"][0]["key"] == rows[0]["key"]
    assert len(again.json()["key_tasks"]) == 2

    award = register_award(
        world.unit("C1"),
        AwardIn(title_code="giay-khen", decision_number="21/QĐ", decision_date=dt.date(2024, 7, 9)),
        by=world.users["cu_r"],
    )
    linked = send(client, "post", f"{path}/awards", {"award_id": award.pk})
    assert linked.status_code == 200, linked.content
    assert [(a["id"], a["unit_code"], a["decision_number"]) for a in linked.json()["awards"]] == [
        (award.pk, "C1", "21/QĐ")
    ]
    assert linked.json()["awards"][0]["title_name"]

    read = client.get(f"/api/v1{path}").json()
    assert read["conference"] == CONFERENCE
    assert [k["text"] for k in read["key_tasks"]] == ["Một", "Tăng cường kiểm tra"]
    assert len(read["awards"]) == 1

    unlinked = send(client, "delete", f"{path}/awards/{award.pk}")
    assert unlinked.status_code == 200, unlinked.content
    assert unlinked.json()["awards"] == []


def test_stale_revisions_are_refused(world):
    client = api("cu_r")
    review = create(client, PERIODIC)
    path = f"/reviews/{review['id']}"
    assert (
        send(client, "put", f"{path}/conference", {"revision": 1, **CONFERENCE}).status_code == 200
    )
    stale = send(client, "put", f"{path}/conference", {"revision": 1, "place": "Khác"})
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    stale = send(client, "put", f"{path}/key-tasks", {"revision": 1, "tasks": ["X"]})
    assert stale.status_code == 409
    assert client.get(f"/api/v1{path}").json()["key_tasks"] == []
    # A field the body does not know is refused, not ignored.
    assert (
        send(client, "put", f"{path}/conference", {"revision": 2, "date": "x"}).status_code == 422
    )


def test_key_tasks_of_a_finished_review_are_refused(world):
    client = api("cu_r")
    review = create(client, PERIODIC)
    path = f"/reviews/{review['id']}"
    assert send(client, "post", f"{path}/finish").status_code == 200
    refused = send(client, "put", f"{path}/key-tasks", {"revision": 1, "tasks": ["X"]})
    assert refused.status_code == 400
    assert "hoàn thành" in refused.json()["detail"]
    # The conference usually follows the report: still recorded.
    assert (
        send(client, "put", f"{path}/conference", {"revision": 1, **CONFERENCE}).status_code == 200
    )


def test_other_units_are_refused(world):
    review = create(api("cu_r"), PERIODIC)
    path = f"/reviews/{review['id']}"
    body = {"revision": 1, **CONFERENCE}
    # A subordinate battalion does not see the regiment's review.
    below = api("po_b1")
    assert send(below, "put", f"{path}/conference", body).status_code == 404
    assert send(below, "put", f"{path}/key-tasks", {"revision": 1}).status_code == 404
    assert send(below, "post", f"{path}/awards", {"award_id": 1}).status_code == 404
    # The division's admin reads it but does not write it.
    above = api("admin_d")
    assert above.get(f"/api/v1{path}").status_code == 200
    assert send(above, "put", f"{path}/conference", body).status_code == 403
    assert send(above, "put", f"{path}/key-tasks", {"revision": 1}).status_code == 403
    assert send(above, "post", f"{path}/awards", {"award_id": 1}).status_code == 403
    assert api("cu_r").get(f"/api/v1{path}").json()["revision"] == 1


def test_an_award_outside_the_callers_scope_or_the_subtree_is_refused(world):
    client = api("cu_r")
    review = create(client, PERIODIC)
    path = f"/reviews/{review['id']}"
    # D's award: not in R's officer's scope, so "not found".
    outside = Award.objects.create(
        unit=world.unit("D"),
        recipient=Award.COLLECTIVE,
        title_code="giay-khen",
        issuer="Thủ trưởng Quân khu",
        decision_number="9/QĐ",
        decision_date=dt.date(2024, 3, 1),
        created_at=timezone.now(),
        created_by=world.users["admin_d"],
    )
    assert send(client, "post", f"{path}/awards", {"award_id": outside.pk}).status_code == 404
    # Decided before the span: refused with the reason.
    early = register_award(
        world.unit("C1"),
        AwardIn(title_code="giay-khen", decision_number="1/QĐ", decision_date=dt.date(2023, 3, 1)),
        by=world.users["cu_r"],
    )
    refused = send(client, "post", f"{path}/awards", {"award_id": early.pk})
    assert refused.status_code == 400
    assert "trước kỳ" in refused.json()["detail"]
