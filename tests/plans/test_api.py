"""The plans API: scope, the revision check, named problems, the workflow, diff, results,
progress and the cascade, all through HTTP."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from khth.plans.actions import approve_plan, create_plan, save_plan
from khth.plans.content import PlanContent
from khth.plans.models import Plan
from tests.api.test_api import api
from tests.plans.conftest import TARGET_TEXT, YEAR, YEARLY, good_task

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


@pytest.fixture
def battalion_plan(world: Any) -> Plan:
    """B1's 2024 annual plan, a draft with one good task."""
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    return save_plan(plan, PlanContent(tasks=[good_task()]), by=po, base_revision=1)


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/plans": {"get", "post"},
        "/api/v1/plans/{plan_id}": {"get", "patch", "delete"},
        "/api/v1/plans/{plan_id}/check": {"get", "post"},
        "/api/v1/plans/{plan_id}/approve": {"post"},
        "/api/v1/plans/{plan_id}/issue": {"post"},
        "/api/v1/plans/{plan_id}/amend": {"post"},
        "/api/v1/plans/{plan_id}/diff": {"get"},
        "/api/v1/plans/{plan_id}/results": {"get"},
        "/api/v1/plans/tasks/{task_id}/progress": {"post"},
        "/api/v1/units/{code}/assigned-items": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    body = paths["/api/v1/plans/{plan_id}"]["patch"]["requestBody"]
    assert "UpdateIn" in json.dumps(body)


def test_full_cycle(world, regiment_plan):
    client = api("po_b1")
    # Create: 201, and asking again for the same period gives the same plan.
    created = send(
        client, "post", "/plans", {"unit_code": "B1", "kind_code": YEARLY, "period_id": YEAR}
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    pk = plan["id"]
    assert (plan["status"], plan["version"], plan["revision"]) == ("draft", 1, 1)
    assert plan["can_edit"] and plan["can_approve"]
    again = send(
        client, "post", "/plans", {"unit_code": "B1", "kind_code": YEARLY, "period_id": YEAR}
    )
    assert (again.status_code, again.json()["id"]) == (200, pk)

    # What R assigned to B1 is not covered yet: approval is refused, naming it.
    items = client.get("/api/v1/units/B1/assigned-items?from=2024-01-01&to=2024-12-31").json()
    assert [(i["kind"], i["covered"]) for i in items] == [("target", False), ("task", False)]
    check = client.get(f"/api/v1/plans/{pk}/check").json()
    assert check["ok"] is False and check["blocking"] >= 2
    refused = send(client, "post", f"/plans/{pk}/approve", {"reference": ""})
    assert refused.status_code == 400
    refusal = refused.json()
    assert refusal["detail"].startswith("Chưa phê duyệt được")
    assert any(TARGET_TEXT in p["place"] for p in refusal["problems"])
    assert {f["rule"] for f in refusal["findings"]} >= {"assigned_not_covered"}

    # Cover both, with the keys the cascade gives.
    target_key, task_key = items[0]["key"], items[1]["key"]
    content = {
        "targets": [
            {
                "text": TARGET_TEXT,
                "template": "bc-thang",
                "indicator": "gdct-ty-le",
                "comparison": ">=",
                "value": "95",
                "due_on": "2024-12-31",
                "assigned_key": target_key,
            }
        ],
        "tasks": [
            json.loads(
                good_task("Hội thi tuyên truyền viên giỏi", assigned_key=task_key).model_dump_json()
            )
        ],
    }
    saved = send(client, "patch", f"/plans/{pk}", {"revision": 1, "content": content})
    assert saved.status_code == 200, saved.content
    assert saved.json()["revision"] == 2
    assert [t["title"] for t in saved.json()["content"]["tasks"]] == [
        "Hội thi tuyên truyền viên giỏi"
    ]
    # A draft covers, but only a plan in force counts.
    items = client.get("/api/v1/units/B1/assigned-items?from=2024-01-01").json()
    assert [(i["covered"], [c["status"] for c in i["covered_by"]]) for i in items] == [
        (False, ["draft"]),
        (False, ["draft"]),
    ]

    # A save based on revision 1 again is a conflict, not an overwrite.
    stale = send(client, "patch", f"/plans/{pk}", {"revision": 1, "content": {"title": "Khác"}})
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert "Thay đổi của bạn chưa được lưu" in stale.json()["detail"]

    approved = send(client, "post", f"/plans/{pk}/approve", {})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert [i["covered"] for i in client.get("/api/v1/units/B1/assigned-items").json()] == []
    # May holds the target's days (the year) and the task's (March to May); June only the target's.
    items = client.get("/api/v1/units/B1/assigned-items?from=2024-05-01&to=2024-05-31").json()
    assert [i["covered"] for i in items] == [True, True]
    items = client.get("/api/v1/units/B1/assigned-items?from=2024-06-01&to=2024-06-30").json()
    assert [i["kind"] for i in items] == ["target"]
    # Approved is not editable any more.
    locked = send(client, "patch", f"/plans/{pk}", {"revision": 2, "content": {"title": "Khác"}})
    assert locked.status_code == 400
    assert "bản sửa đổi" in locked.json()["detail"]

    issued = send(client, "post", f"/plans/{pk}/issue")
    assert issued.json()["status"] == "issued"

    # Amend: a new draft version; the diff against the previous one names the change.
    amended = send(client, "post", f"/plans/{pk}/amend", {"note": "Nâng chỉ tiêu theo chỉ đạo"})
    assert amended.status_code == 201, amended.content
    new = amended.json()
    assert (new["version"], new["status"], new["change_note"]) == (
        2,
        "draft",
        "Nâng chỉ tiêu theo chỉ đạo",
    )
    assert [v["version"] for v in new["versions"]] == [1, 2]
    targets = new["content"]["targets"]
    targets[0]["value"] = "97"
    edited = send(
        client,
        "patch",
        f"/plans/{new['id']}",
        {"revision": new["revision"], "content": {"targets": targets}},
    )
    assert edited.status_code == 200, edited.content
    diff = client.get(f"/api/v1/plans/{new['id']}/diff").json()
    assert (diff["version"], diff["against_version"]) == (2, 1)
    [change] = diff["changes"]
    assert change["kind"] == "changed"
    assert change["fields"] == [{"name": "mức", "before": "≥ 95", "after": "≥ 97"}]
    assert client.get(f"/api/v1/plans/{new['id']}/diff?against={pk}").json() == diff
    assert client.get(f"/api/v1/plans/{pk}/diff").status_code == 400
    backwards = client.get(f"/api/v1/plans/{pk}/diff?against={new['id']}").json()
    assert backwards["changes"][0]["fields"][0]["after"] == "≥ 95"

    # The unwanted amendment is discarded; the issued version stays.
    assert client.delete(f"/api/v1/plans/{new['id']}").status_code == 204
    assert client.get(f"/api/v1/plans/{new['id']}").status_code == 404
    assert client.get(f"/api/v1/plans/{pk}").json()["versions"][-1]["version"] == 1
    refused = client.delete(f"/api/v1/plans/{pk}")
    assert (refused.status_code, refused.json()["detail"]) == (400, "Chỉ xóa được bản dự thảo")


@pytest.mark.parametrize(
    ("username", "status"), [("po_c1", 404), ("nobody", 404), ("cmd_b1", 200), ("cu_r", 200)]
)
def test_read_is_scoped(world, battalion_plan, username, status):
    client = api(username)
    pk = battalion_plan.pk
    for path in ("", "/check", "/results", "/diff"):
        response = client.get(f"/api/v1/plans/{pk}{path}")
        expected = 400 if path == "/diff" and status == 200 else status
        assert response.status_code == expected, (path, response.content)
    if status == 404:
        assert "trong phạm vi của bạn" in client.get(f"/api/v1/plans/{pk}").json()["detail"]


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c1", 404), ("po_c2", 404), ("cmd_b1", 403), ("cu_r", 403), ("po_b1", 200)],
)
def test_only_the_units_own_people_change_its_plan(world, battalion_plan, username, status):
    client = api(username)
    pk = battalion_plan.pk
    title = battalion_plan.title
    response = send(
        client, "patch", f"/plans/{pk}", {"revision": 2, "content": {"title": "Kế hoạch mới"}}
    )
    assert response.status_code == status, response.content
    if status == 403:
        assert "Tiểu đoàn 1" in response.json()["detail"]
        assert send(client, "post", f"/plans/{pk}/approve").status_code == 403
        assert send(client, "post", f"/plans/{pk}/issue").status_code == 403
        assert send(client, "post", f"/plans/{pk}/amend", {"note": "x"}).status_code == 403
        assert client.delete(f"/api/v1/plans/{pk}").status_code == 403
        created = send(
            client, "post", "/plans", {"unit_code": "B1", "kind_code": YEARLY, "period_id": "2025"}
        )
        assert created.status_code == 403
    if status == 404:
        assert send(client, "post", f"/plans/{pk}/approve").status_code == 404
        assert client.delete(f"/api/v1/plans/{pk}").status_code == 404
        created = send(
            client, "post", "/plans", {"unit_code": "B1", "kind_code": YEARLY, "period_id": "2025"}
        )
        assert created.status_code == 404
    battalion_plan.refresh_from_db()
    assert battalion_plan.title == ("Kế hoạch mới" if status == 200 else title)
    assert Plan.objects.count() == 1


def test_list_is_scoped_filtered_and_paginated(world, regiment_plan, battalion_plan):
    create_plan(world.unit("C1"), YEARLY, period_id=YEAR, by=world.users["po_c1"])
    create_plan(world.unit("B1"), "kh-ctd-thang", period_id="202403", by=world.users["po_b1"])

    def units(username: str, query: str = "") -> list[str]:
        response = api(username).get(f"/api/v1/plans{query}")
        assert response.status_code == 200, response.content
        return [p["unit_code"] for p in response.json()]

    assert units("po_c1") == ["C1"]
    assert units("nobody") == []
    assert sorted(units("cmd_b1")) == ["B1", "B1", "C1"]
    assert sorted(units("cu_r")) == ["B1", "B1", "C1", "R"]
    assert units("cu_r", "?status=issued") == ["R"]
    assert sorted(units("cu_r", f"?kind={YEARLY}&period={YEAR}")) == ["B1", "C1", "R"]
    assert sorted(units("cu_r", "?unit=B1")) == ["B1", "B1", "C1"]
    assert units("cu_r", "?kind=kh-ctd-thang") == ["B1"]
    assert len(units("cu_r", "?limit=2")) == 2
    assert len(units("cu_r", "?limit=2&offset=3")) == 1
    assert api("po_c1").get("/api/v1/plans?unit=B1").status_code == 404
    assert api("po_c1").get("/api/v1/plans?limit=abc").status_code == 422


def test_bad_content_is_named_and_nothing_is_saved(world, battalion_plan):
    client = api("po_b1")
    pk = battalion_plan.pk
    bad = {
        "targets": [{"text": "X", "template": "bc-thang", "indicator": "khong-co"}],
        "tasks": [{"title": "Việc", "lead_unit": "C3"}],
        "sections": {"khong-co-muc-nay": "<p>x</p>"},
    }
    response = send(client, "patch", f"/plans/{pk}", {"revision": 2, "content": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nội dung không hợp lệ, chưa lưu gì"
    assert [p["place"] for p in body["problems"]] == [
        "khong-co-muc-nay",
        "Chỉ tiêu 1",
        "Nhiệm vụ 1",
    ]
    assert "không phải đơn vị thuộc quyền" in body["problems"][2]["message"]
    battalion_plan.refresh_from_db()
    assert battalion_plan.revision == 2 and not battalion_plan.targets.exists()


def test_what_the_database_would_refuse_is_named_too(world, battalion_plan):
    client = api("po_b1")
    pk = battalion_plan.pk
    key = "0b6f3c4e-3f4c-4a7c-9d1e-7a1d0c7b5a11"
    twice = {"tasks": [{"title": "Việc một", "key": key}, {"title": "Việc hai", "key": key}]}
    response = send(client, "patch", f"/plans/{pk}", {"revision": 2, "content": twice})
    assert response.status_code == 400, response.content
    assert [(p["place"], p["message"]) for p in response.json()["problems"]] == [
        ("Nhiệm vụ 2", "mục bị lặp (cùng khóa với một mục phía trên)"),
    ]
    for item in (
        {"tasks": [{"title": "Việc một", "participants": "x" * 400}]},
        {"tasks": [{"title": "Việc hai", "starts_on": "0001-01-01"}]},
        {"milestones": [{"due_on": "2024-06-30", "content": "Báo cáo", "template": "m" * 100}]},
    ):
        response = send(client, "patch", f"/plans/{pk}", {"revision": 2, "content": item})
        assert response.status_code == 422, response.content
    assert Plan.objects.get(pk=pk).revision == 2


@pytest.mark.parametrize(
    "body",
    [
        "không phải JSON",
        "[]",
        {"content": {}},
        {"revision": "hai", "content": {}},
        {"revision": 2, "content": {"targets": "nhiều"}},
        {"revision": 2, "content": {"tasks": [{"title": "Việc", "starts_on": "31/12/2024"}]}},
        {"revision": 2, "content": {"targets": [{"text": "X", "value": "nhiều"}]}},
        {"revision": 2, "content": {"targets": [{"text": "X", "value": "NaN"}]}},
        {"revision": 2, "content": {"targets": [{"text": "X", "comparison": "~"}]}},
        {"revision": 2, "content": {"title": ""}},
        {"revision": 2, "content": {"la": "lạ"}},
        {"revision": 2, "content": {"entries": [{"content": "Giao ban"}]}},
    ],
)
def test_garbage_bodies_are_refused_not_crashed(world, battalion_plan, body):
    response = send(api("po_b1"), "patch", f"/plans/{battalion_plan.pk}", body)
    assert response.status_code in {400, 422}, response.content
    battalion_plan.refresh_from_db()
    assert battalion_plan.revision == 2


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"unit_code": "KHONG-CO", "kind_code": YEARLY, "period_id": YEAR}, 404, "KHONG-CO"),
        (
            {"unit_code": "B1", "kind_code": "khong-co", "period_id": YEAR},
            400,
            "Không có loại kế hoạch",
        ),
        (
            {"unit_code": "B1", "kind_code": "kl-kiem-tra-dang", "period_id": YEAR},
            400,
            "không phải kế hoạch",
        ),
        ({"unit_code": "B1", "kind_code": YEARLY, "period_id": "202407"}, 400, "lập theo kỳ"),
        ({"unit_code": "B1", "kind_code": YEARLY, "period_id": "năm ngoái"}, 400, ""),
        ({"unit_code": "B1", "kind_code": YEARLY}, 400, ""),
        ({"unit_code": "B1", "kind_code": "kh-nhiem-vu"}, 400, "ngày bắt đầu"),
        (
            {
                "unit_code": "B1",
                "kind_code": "kh-nhiem-vu",
                "starts_on": "2024-06-30",
                "ends_on": "2024-06-01",
            },
            400,
            "trước ngày bắt đầu",
        ),
        (
            {
                "unit_code": "B1",
                "kind_code": "kh-nhiem-vu",
                "starts_on": "0001-01-01",
                "ends_on": "2024-06-01",
            },
            422,
            "",
        ),
        ({"unit_code": "B1", "kind_code": "kh-nhiem-vu", "starts_on": "mai"}, 422, ""),
        (
            {
                "unit_code": "B1",
                "kind_code": "kh-nhiem-vu",
                "starts_on": "2024-06-01",
                "ends_on": "2024-06-30",
                "task_code": "khong-co",
            },
            400,
            "Không có nhiệm vụ",
        ),
        ({"unit_code": 7, "kind_code": YEARLY}, 422, ""),
        ({"kind_code": YEARLY}, 422, ""),
    ],
)
def test_create_refusals(world, body, status, words):
    response = send(api("po_b1"), "post", "/plans", body)
    assert response.status_code == status, response.content
    if words:
        assert words in response.json()["detail"]
    assert not Plan.objects.exists()


def test_a_task_plan_is_created_for_dates(world):
    body = {
        "unit_code": "B1",
        "kind_code": "kh-nhiem-vu",
        "title": "Kế hoạch CTĐ, CTCT trong diễn tập",
        "starts_on": "2024-06-01",
        "ends_on": "2024-06-30",
        "task_code": "dien-tap",
    }
    response = send(api("po_b1"), "post", "/plans", body)
    assert response.status_code == 201, response.content
    plan = response.json()
    assert (plan["title"], plan["period_id"], plan["task_code"]) == (body["title"], "", "dien-tap")


def test_odd_ids_are_not_found(world, battalion_plan):
    client = api("po_b1")
    for pk in (0, 999999, 2**70):
        assert client.get(f"/api/v1/plans/{pk}").status_code == 404
    # A query id out of range is refused by its bound in the schema.
    assert client.get(f"/api/v1/plans/{battalion_plan.pk}/diff?against={2**70}").status_code == 422
    assert client.get(f"/api/v1/plans/{battalion_plan.pk}/diff?against=x").status_code == 422
    assert (
        send(client, "post", f"/plans/tasks/{2**70}/progress", {"progress": "done"}).status_code
        == 404
    )


def test_diff_only_within_a_series(world, regiment_plan, battalion_plan):
    response = api("cu_r").get(f"/api/v1/plans/{battalion_plan.pk}/diff?against={regiment_plan.pk}")
    assert response.status_code == 400
    assert "cùng một kế hoạch" in response.json()["detail"]
    # Another unit's plan outside the scope is not found, not compared.
    outside = api("po_b1").get(f"/api/v1/plans/{battalion_plan.pk}/diff?against={regiment_plan.pk}")
    assert outside.status_code == 404


def test_the_live_check_of_unsaved_content(world, battalion_plan):
    client = api("po_b1")
    vague = {"tasks": [{"title": "Tăng cường giáo dục", "measures": ""}]}
    response = send(client, "post", f"/plans/{battalion_plan.pk}/check", vague)
    assert response.status_code == 200, response.content
    result = response.json()
    rules = {f["rule"] for f in result["findings"]}
    assert {"task_without_lead", "task_without_window", "task_without_measure"} <= rules
    assert result["blocking"] + result["warnings"] == len(result["findings"])
    assert all(f["anchor"] and f["suggestion"] for f in result["findings"])
    battalion_plan.refresh_from_db()
    assert battalion_plan.revision == 2
    assert (
        send(client, "post", f"/plans/{battalion_plan.pk}/check", {"tasks": 3}).status_code == 422
    )
    assert send(api("po_c1"), "post", f"/plans/{battalion_plan.pk}/check", vague).status_code == 404


def test_a_party_committee_programme_needs_its_resolution(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), "ctr-kiem-tra-giam-sat", period_id=YEAR, by=po)
    client = api("po_b1")
    refused = send(client, "post", f"/plans/{plan.pk}/approve", {"reference": " "})
    assert refused.status_code == 400
    assert "nghị quyết" in refused.json()["detail"]
    approved = send(client, "post", f"/plans/{plan.pk}/approve", {"reference": "NQ 12-NQ/ĐU"})
    assert approved.status_code == 200, approved.content
    assert approved.json()["approval_reference"] == "NQ 12-NQ/ĐU"
    again = send(client, "post", f"/plans/{plan.pk}/approve", {"reference": "NQ 12-NQ/ĐU"})
    assert (again.status_code, again.json()["detail"]) == (
        400,
        "Chỉ phê duyệt được kế hoạch đang là dự thảo",
    )
    assert send(client, "post", f"/plans/{plan.pk}/amend", {"note": " "}).status_code == 400


def test_results_and_progress(world, regiment_plan):
    officer = world.users["cu_r"]
    led = create_plan(world.unit("R"), "kh-ctd-thang", period_id="202403", by=officer)
    led = save_plan(
        led,
        PlanContent(tasks=[good_task(lead_unit="B1", ends_on=dt.date(2024, 3, 31))]),
        by=officer,
        base_revision=1,
    )
    task = led.tasks.get()

    # A draft's tasks take no progress.
    response = send(api("cu_r"), "post", f"/plans/tasks/{task.pk}/progress", {"progress": "done"})
    assert response.status_code == 400
    assert "chưa phê duyệt" in response.json()["detail"]
    approve_plan(led, by=officer)

    # The lead battalion reports, though it cannot read the regiment's plan.
    assert api("po_b1").get(f"/api/v1/plans/{led.pk}").status_code == 404
    client = api("po_b1")
    response = send(
        client,
        "post",
        f"/plans/tasks/{task.pk}/progress",
        {"progress": "in_progress", "note": "Đã học 4 buổi"},
    )
    assert response.status_code == 200, response.content
    reported = response.json()
    # In progress, but March 2024 is over: the state says overdue.
    assert (reported["progress"], reported["state"]) == ("in_progress", "overdue")
    assert reported["note"] == "Đã học 4 buổi"
    bad = send(client, "post", f"/plans/tasks/{task.pk}/progress", {"progress": "xong rồi"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]
    assert (
        send(client, "post", f"/plans/tasks/{task.pk}/progress", {"progress": 1}).status_code == 422
    )
    assert (
        send(
            api("cmd_b1"), "post", f"/plans/tasks/{task.pk}/progress", {"progress": "done"}
        ).status_code
        == 403
    )
    assert (
        send(
            api("po_c1"), "post", f"/plans/tasks/{task.pk}/progress", {"progress": "done"}
        ).status_code
        == 404
    )
    assert (
        send(
            api("po_c2"), "post", f"/plans/tasks/{task.pk}/progress", {"progress": "done"}
        ).status_code
        == 404
    )

    # Results of the regiment's annual plan: the 2024 task ended undone, no report holds the figure.
    results = api("cu_r").get(f"/api/v1/plans/{regiment_plan.pk}/results")
    assert results.status_code == 200, results.content
    body = results.json()
    [row] = body["tasks"]
    assert (row["state"], row["state_label"]) == ("overdue", "Quá hạn")
    [target] = body["targets"]
    assert (target["state"], target["state_label"], target["actual"]) == (
        "no_data",
        "Chưa có số liệu",
        None,
    )
    assert target["period_id"] == "202412"
    assert body["progress"]["overdue"] == 1 and body["progress"]["targets"] == 1
    task_pk = row["id"]
    done = send(api("cu_r"), "post", f"/plans/tasks/{task_pk}/progress", {"progress": "done"})
    assert done.json()["state"] == "done"
    summary = api("cu_r").get(f"/api/v1/plans/{regiment_plan.pk}").json()["progress"]
    assert (summary["done"], summary["percent_done"]) == (1, 100)


def test_assigned_items_are_scoped_and_dated(world, regiment_plan):
    assert api("po_c1").get("/api/v1/units/B1/assigned-items?from=2024-01-01").status_code == 404
    assert api("cmd_b1").get("/api/v1/units/B1/assigned-items?from=2024-01-01").status_code == 200
    assert api("cu_r").get("/api/v1/units/B2/assigned-items?from=2024-01-01").json() == []
    assert api("cmd_b1").get("/api/v1/units/C1/assigned-items?from=2024-01-01").json() == []
    refused = api("cmd_b1").get("/api/v1/units/B1/assigned-items?from=2024-12-31&to=2024-01-01")
    assert refused.status_code == 400
    assert api("cmd_b1").get("/api/v1/units/B1/assigned-items?from=hôm-nay").status_code == 422
    assert api("cmd_b1").get("/api/v1/units/B1/assigned-items?from=2023-01-01").json() == []


def test_the_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = api("cu_r")
    for code in ("R", "B1", "B2", "C1", "C2", "C3"):
        create_plan(world.unit(code), YEARLY, period_id=YEAR, by=world.users["cu_r"])
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/plans").json()) == 6
