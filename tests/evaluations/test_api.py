"""The evaluations API through HTTP: the schema, the whole cycle, the version check, named
problems, who may do each step (403) and who sees what (404), the quota's message, the summary
across units, and garbage input refused without a crash."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from khth.evaluations.actions import criteria, open_evaluation, rules_of
from khth.evaluations.models import Evaluation
from khth.regulations.access import active_regulation
from khth.units.actions import create_unit
from tests.api.test_api import api
from tests.conftest import FOUNDED
from tests.evaluations.conftest import HALF, self_assess, six_month_report, through
from tests.evaluations.test_exports import REASON, decided_c1

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(f"/api/v1{path}", data, content_type=JSON)


def every_criterion(fraction: str = "0.8", note: str = "Căn cứ báo cáo 6 tháng") -> dict[str, Any]:
    return {
        c.code: {"points": str(Decimal(c.max_points) * Decimal(fraction)), "note": note}
        for c in criteria(active_regulation())
    }


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/evaluations": {"get", "post"},
        "/api/v1/evaluations/{evaluation_id}": {"get"},
        "/api/v1/evaluations/{evaluation_id}/self": {"patch"},
        "/api/v1/evaluations/{evaluation_id}/refresh": {"post"},
        "/api/v1/evaluations/{evaluation_id}/submit": {"post"},
        "/api/v1/evaluations/{evaluation_id}/return": {"post"},
        "/api/v1/evaluations/{evaluation_id}/review": {"patch", "post"},
        "/api/v1/evaluations/{evaluation_id}/decide": {"post"},
        "/api/v1/units/{code}/evaluations/{period}/summary": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    review = paths["/api/v1/evaluations/{evaluation_id}/review"]["patch"]
    assert "ReviewIn" in json.dumps(review["requestBody"])
    assert {"200", "400", "403", "404", "409"} <= set(review["responses"])


def test_full_cycle(world):
    company, battalion, regiment = api("po_c1"), api("po_b1"), api("cu_r")
    opened = send(company, "post", "/evaluations", {"unit_code": "C1", "period_id": HALF})
    assert opened.status_code == 201, opened.content
    body = opened.json()
    pk, version = body["id"], body["version"]
    assert (body["status"], body["unit_code"], body["period_label"]) == (
        "draft",
        "C1",
        "6 tháng đầu năm 2024",
    )
    assert (body["reviewer_unit_code"], body["decider_unit_code"]) == ("B1", "R")
    assert [g["max_points"] for g in body["groups"]] == [30, 40, 30]
    on_time = body["groups"][0]["criteria"][1]
    assert on_time["code"] == "bao-cao-dung-han"
    assert on_time["evidence"]["summary"].startswith("0/")  # no report was due yet in the world
    assert body["groups"][1]["criteria"][3]["evidence"] is None  # «Công tác cán bộ»: by hand
    permissions = body["permissions"]
    assert permissions["self_assess"] and permissions["can_edit"] and permissions["can_submit"]
    assert not (permissions["review"] or permissions["decide"])
    again = send(company, "post", "/evaluations", {"unit_code": "C1", "period_id": HALF})
    assert (again.status_code, again.json()["id"]) == (200, pk)

    saved = send(
        company,
        "patch",
        f"/evaluations/{pk}/self",
        {"version": version, "scores": every_criterion(), "note": "Đơn vị tự nhận xét."},
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == version + 1 and body["self_note"] == "Đơn vị tự nhận xét."
    assert Decimal(body["self_classification"]["score"]) == 80
    assert body["self_classification"]["level"] == "tot"
    # Saving on the version read before: 409 with the current one, nothing stored.
    stale = send(
        company, "patch", f"/evaluations/{pk}/self", {"version": version, "scores": {}, "note": "x"}
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    assert "người khác sửa" in stale.json()["detail"]
    assert Evaluation.objects.get(pk=pk).self_note == "Đơn vị tự nhận xét."

    submitted = send(company, "post", f"/evaluations/{pk}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert not submitted.json()["permissions"]["can_edit"]

    read = battalion.get(f"/api/v1/evaluations/{pk}").json()
    assert read["permissions"]["can_review"] and read["permissions"]["can_return"]
    version = read["version"]
    unreasoned = send(
        battalion,
        "patch",
        f"/evaluations/{pk}/review",
        {"version": version, "scores": {"can-bo": {"points": 1}}},
    )
    assert unreasoned.status_code == 400
    assert unreasoned.json()["problems"] == [
        {"place": "Công tác cán bộ", "message": "đổi điểm của đơn vị phải ghi lý do"}
    ]
    reviewed = send(
        battalion,
        "post",
        f"/evaluations/{pk}/review",
        {
            "version": version,
            "scores": {"can-bo": {"points": 1, "reason": REASON}},
            "vetoes": {"dao-ngu": "Một chiến sĩ đào ngũ tháng 3, đã trở lại đơn vị"},
            "note": "Đề nghị xếp loại tốt.",
        },
    )
    assert reviewed.status_code == 200, reviewed.content
    body = reviewed.json()
    assert (body["status"], body["proposed_level"]) == ("reviewed", "tot")
    cadre = body["groups"][1]["criteria"][3]
    assert (Decimal(cadre["self_points"]), Decimal(cadre["review_points"])) == (
        Decimal("2.4"),
        Decimal(1),
    )
    assert cadre["review_reason"] == REASON and Decimal(cadre["points"]) == 1
    assert Decimal(body["classification"]["score"]) == Decimal("78.6")
    assert [(v["code"], v["source"], v["cap_level"]) for v in body["vetoes"]] == [
        ("dao-ngu", "manual", "tot")
    ]
    assert body["reviewed_by"] == "Vũ Văn Ba"

    decided = send(regiment, "post", f"/evaluations/{pk}/decide", {"note": ""})
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert (body["status"], body["decided_level"], body["decided_by"]) == (
        "decided",
        "tot",
        "Trần Văn Chính",
    )
    assert not any(v for k, v in body["permissions"].items() if k.startswith("can_"))
    # Decided evaluations are locked.
    locked = send(company, "patch", f"/evaluations/{pk}/self", {"version": body["version"]})
    assert locked.status_code == 400 and "không sửa được" in locked.json()["detail"]


def test_return_refresh_and_named_problems_on_submit(world):
    company, battalion = api("po_c1"), api("po_b1")
    pk = send(company, "post", "/evaluations", {"unit_code": "C1", "period_id": HALF}).json()["id"]
    refreshed = send(company, "post", f"/evaluations/{pk}/refresh")
    assert refreshed.status_code == 200
    refused = send(company, "post", f"/evaluations/{pk}/submit")
    assert refused.status_code == 400
    problems = {p["place"]: p["message"] for p in refused.json()["problems"]}
    assert problems["Công tác cán bộ"] == "chưa chấm điểm"
    version = refreshed.json()["version"]
    send(
        company,
        "patch",
        f"/evaluations/{pk}/self",
        {"version": version, "scores": every_criterion()},
    )
    assert send(company, "post", f"/evaluations/{pk}/submit").status_code == 200
    # Returning needs a comment.
    empty = send(battalion, "post", f"/evaluations/{pk}/return", {"comment": "  "})
    assert empty.status_code == 400 and "phải ghi nhận xét" in empty.json()["detail"]
    returned = send(battalion, "post", f"/evaluations/{pk}/return", {"comment": "Bổ sung căn cứ"})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_note"]) == (
        "draft",
        "Bổ sung căn cứ",
    )
    # Evidence is refreshed only while self-assessing.
    assert send(company, "post", f"/evaluations/{pk}/refresh").status_code == 200
    send(company, "post", f"/evaluations/{pk}/submit")
    late = send(company, "post", f"/evaluations/{pk}/refresh")
    assert late.status_code == 400 and "đang tự đánh giá" in late.json()["detail"]


def test_the_quota_refusal_says_why(world):
    evaluation = self_assess(world, "C1", "po_c1", points=10)  # every maximum: 100 points
    reviewed = send(
        api("po_b1"),
        "post",
        f"/evaluations/{evaluation.pk}/review",
        {"version": evaluation.version + 0},
    )
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["proposed_level"] == "xuat-sac"
    refused = send(api("cu_r"), "post", f"/evaluations/{evaluation.pk}/decide", {})
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("Vượt tỷ lệ: «Hoàn thành xuất sắc nhiệm vụ» không quá 20%")
    assert "cho phép tối đa 0" in detail
    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.REVIEWED
    # Another level than proposed needs a reason; with one it goes through.
    lower = {"level": "tot", "note": ""}
    assert (
        send(api("cu_r"), "post", f"/evaluations/{evaluation.pk}/decide", lower).status_code == 400
    )
    lower["note"] = "Tỷ lệ xuất sắc"
    decided = send(api("cu_r"), "post", f"/evaluations/{evaluation.pk}/decide", lower)
    assert (decided.status_code, decided.json()["decided_level"]) == (200, "tot")


@pytest.mark.parametrize(
    ("user", "step", "status"),
    [
        # Self-assessment belongs to the unit's own people.
        ("as_c1", "self", 200),
        ("po_b1", "self", 403),
        ("cmd_b1", "self", 403),  # a commander reads, does not assess
        ("cu_r", "self", 403),
        ("po_c2", "self", 404),  # a sibling does not see it at all
        ("nobody", "self", 404),
        # Review belongs to the direct superior.
        ("po_b1", "review", 200),
        ("po_c1", "review", 403),
        ("cmd_b1", "review", 403),
        ("cu_r", "review", 403),
        # The decision to the competent level (the regiment for a company).
        ("cu_r", "decide", 200),
        ("po_b1", "decide", 403),
        ("po_c1", "decide", 403),
        ("cmd_b1", "decide", 403),
    ],
)
def test_each_step_belongs_to_its_role(world, user, step, status):
    client = api(user)
    if step == "self":
        evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
        response = send(
            client, "patch", f"/evaluations/{evaluation.pk}/self", {"version": evaluation.version}
        )
    elif step == "review":
        evaluation = self_assess(world, "C1", "po_c1")
        response = send(
            client, "patch", f"/evaluations/{evaluation.pk}/review", {"version": evaluation.version}
        )
    else:
        evaluation = self_assess(world, "C1", "po_c1")
        send(
            api("po_b1"),
            "post",
            f"/evaluations/{evaluation.pk}/review",
            {"version": evaluation.version},
        )
        response = send(client, "post", f"/evaluations/{evaluation.pk}/decide", {})
    assert response.status_code == status, response.content
    if status == 403:
        assert "Đại đội 1" in response.json()["detail"]
    if status == 404:
        assert "trong phạm vi của bạn" in response.json()["detail"]


def test_a_role_refusal_is_403_whatever_the_state(world):
    evaluation = through(world, "C1")  # decided
    for path in ["self", "review"]:
        response = send(
            api("po_c2"), "patch", f"/evaluations/{evaluation.pk}/{path}", {"version": 1}
        )
        assert response.status_code == 404  # not even seen
    response = send(api("po_c1"), "post", f"/evaluations/{evaluation.pk}/decide", {})
    assert response.status_code == 403
    # The decider, in its role but too late: a rule of the state, 400.
    response = send(api("cu_r"), "post", f"/evaluations/{evaluation.pk}/decide", {})
    assert response.status_code == 400 and "Chỉ quyết định được" in response.json()["detail"]


def test_open_refusals(world):
    def open_(user: str, unit: str, period: str = HALF) -> Any:
        return send(api(user), "post", "/evaluations", {"unit_code": unit, "period_id": period})

    assert open_("po_c1", "C2").status_code == 404
    assert open_("nobody", "C1").status_code == 404
    refused = open_("cu_r", "C1")
    assert (
        refused.status_code == 403
        and refused.json()["detail"] == "Chỉ đơn vị Đại đội 1 tự đánh giá"
    )
    assert open_("po_c1", "C1", "202407").status_code == 400
    assert "không hợp" in open_("po_c1", "C1", "202407").json()["detail"]
    assert open_("po_c1", "C1", "nửa năm").status_code == 400
    assert open_("admin_d", "D").status_code == 403  # an admin does not assess
    assert not Evaluation.objects.exists()


def test_the_list_is_scoped_and_filtered(world):
    through(world, "C1")
    self_assess(world, "C2", "po_c2")
    open_evaluation(world.unit("C3"), HALF, by=world.users["cu_r"])

    def units(user: str, query: str = "") -> list[str]:
        response = api(user).get(f"/api/v1/evaluations{query}")
        assert response.status_code == 200, response.content
        return [e["unit_code"] for e in response.json()]

    assert units("po_c1") == ["C1"]
    assert units("po_c2") == ["C2"]
    assert units("nobody") == []
    assert units("cmd_b1") == ["C1", "C2"]
    assert units("cu_r") == ["C1", "C2", "C3"]
    assert units("cu_r", "?unit=B2") == ["C3"]
    assert units("cu_r", "?status=decided") == ["C1"]
    assert units("cu_r", f"?period={HALF}&limit=2") == ["C1", "C2"]
    assert units("cu_r", "?offset=2") == ["C3"]
    assert units("cu_r", "?period=2024") == []
    first = api("cu_r").get("/api/v1/evaluations?unit=C1").json()[0]
    assert (Decimal(first["score"]), first["level"], first["decided_level"]) == (
        Decimal(80),
        "tot",
        "tot",
    )
    assert first["status_label"] == "Đã quyết định"
    assert api("po_c1").get("/api/v1/evaluations?unit=B1").status_code == 404
    assert api("po_c1").get("/api/v1/evaluations?limit=abc").status_code == 422
    assert api("cu_r").get(f"/api/v1/evaluations?offset={10**30}").status_code in {200, 422}


def test_reading_is_scoped(world):
    evaluation = self_assess(world, "C1", "po_c1")
    for user, status in [
        ("po_c1", 200),
        ("as_c1", 200),
        ("po_b1", 200),
        ("cmd_b1", 200),
        ("cu_r", 200),
        ("admin_d", 200),
        ("po_c2", 404),
        ("nobody", 404),
    ]:
        assert api(user).get(f"/api/v1/evaluations/{evaluation.pk}").status_code == status, user
    assert Client().get(f"/api/v1/evaluations/{evaluation.pk}").status_code == 401


def test_the_summary_across_units(world):
    decided_c1(world)
    six_month_report(world, "C2", "po_c2", **{"vi-pham-nghiem-trong": 1})
    self_assess(world, "C2", "po_c2")
    response = api("cmd_b1").get(f"/api/v1/units/B1/evaluations/{HALF}/summary")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["unit_code"], body["period_label"], body["whole_subtree"]) == (
        "B1",
        "6 tháng đầu năm 2024",
        False,
    )
    assert [g["code"] for g in body["groups"]] == [
        "lanh-dao-chi-dao",
        "ket-qua-cac-mat",
        "tac-dong",
    ]
    c1, c2 = body["rows"]
    assert (c1["unit_code"], c1["status"], c1["level_name"], c1["depth"]) == (
        "C1",
        "decided",
        "Đại đội",
        1,
    )
    assert Decimal(c1["group_points"]["ket-qua-cac-mat"]) == Decimal("30.6")
    assert Decimal(c1["score"]) == Decimal("78.6") and c1["decided_level"] == "tot"
    assert c2["vetoes"] == ["Để xảy ra vụ việc vi phạm kỷ luật nghiêm trọng"]
    distribution = {d["level"]: d for d in body["distribution"]}
    assert (distribution["tot"]["decided"], Decimal(distribution["tot"]["percent"])) == (
        1,
        Decimal(50),
    )
    assert distribution[""]["decided"] == 1 and distribution[""]["name"] == "Chưa quyết định"
    assert [(r["rank"], r["unit_code"], r["level"]) for r in body["ranking"]] == [
        (1, "C1", "tot"),
        (2, "C2", "hoan-thanh"),  # 80 points, capped by the veto
    ]
    whole = api("cu_r").get(f"/api/v1/units/R/evaluations/{HALF}/summary?all=true").json()
    assert [r["unit_code"] for r in whole["rows"]] == ["B1", "C1", "C2", "B2", "C3"]
    assert whole["rows"][0]["status_label"] == "Chưa mở đánh giá"
    direct = api("cu_r").get(f"/api/v1/units/R/evaluations/{HALF}/summary").json()
    assert [r["unit_code"] for r in direct["rows"]] == ["B1", "B2"]


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("po_c1", f"/units/B1/evaluations/{HALF}/summary", 404),
        ("po_c2", f"/units/C1/evaluations/{HALF}/summary", 404),
        ("nobody", f"/units/B1/evaluations/{HALF}/summary", 404),
        ("po_c1", f"/units/C1/evaluations/{HALF}/summary", 200),
        ("cu_r", "/units/R/evaluations/202407/summary", 400),
        ("cu_r", "/units/R/evaluations/nửa-năm/summary", 400),
        ("cu_r", f"/units/KHONG-CO/evaluations/{HALF}/summary", 404),
        ("cu_r", f"/units/R/evaluations/{HALF}/summary?all=có", 422),
    ],
)
def test_summary_scope_and_refusals(world, user, path, status):
    assert api(user).get(f"/api/v1{path}").status_code == status


@pytest.mark.parametrize(
    "body",
    [
        "không phải JSON",
        "[]",
        {},
        {"version": "hai"},
        {"version": 1, "scores": []},
        {"version": 1, "scores": {"can-bo": {"points": "nhiều"}}},
        {"version": 1, "scores": {"can-bo": {"points": "NaN"}}},
        {"version": 1, "scores": {"can-bo": {"points": "Infinity"}}},
        {"version": 1, "scores": {"can-bo": {"points": -1}}},
        {"version": 1, "scores": {"can-bo": {"points": "1.255"}}},
        {"version": 1, "scores": {"can-bo": {"points": 10**30}}},
        {"version": 1, "scores": {"can-bo": {"points": 1, "note": "a\x00b"}}},
        {"version": 1, "scores": {"can-bo": 3}},
        {"version": 1, "note": ["x"]},
        {"version": 1, "scores": {"can-bo": {"points": 1, "reason": "lý do của cấp trên"}}},
        {"version": 1, "la": "lạ"},
    ],
)
def test_garbage_bodies_are_refused_not_crashed(world, body):
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    response = send(api("po_c1"), "patch", f"/evaluations/{evaluation.pk}/self", body)
    assert response.status_code in {400, 422}, response.content
    evaluation.refresh_from_db()
    assert evaluation.version == 1  # nothing stored


def test_refusals_in_the_content_are_named(world):
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    response = send(
        api("po_c1"),
        "patch",
        f"/evaluations/{evaluation.pk}/self",
        {"version": 1, "scores": {"khong-co": {"points": 1}, "can-bo": {"points": 4}}},
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"place": "khong-co", "message": "không có tiêu chí này trong quy định"},
        {"place": "Công tác cán bộ", "message": "điểm phải từ 0 đến 3"},
    ]
    submitted = self_assess(world, "C2", "po_c2")
    unknown_veto = send(
        api("po_b1"),
        "patch",
        f"/evaluations/{submitted.pk}/review",
        {"version": submitted.version, "vetoes": {"khong-co": "x", "dao-ngu": " "}},
    )
    assert unknown_veto.status_code == 400
    assert [p["message"] for p in unknown_veto.json()["problems"]] == [
        "không có điều kiện này trong quy định",
        "phải ghi lý do",
    ]
    stale = send(api("po_b1"), "patch", f"/evaluations/{submitted.pk}/review", {"version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == submitted.version
    bad_level = send(api("cu_r"), "post", f"/evaluations/{submitted.pk}/decide", {"level": "?"})
    assert bad_level.status_code == 400  # not reviewed yet


@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), str(10**30), "abc"])
def test_odd_ids_are_not_found_or_invalid(world, pk):
    client = api("cu_r")
    assert client.get(f"/api/v1/evaluations/{pk}").status_code in {404, 422}
    assert send(client, "post", f"/evaluations/{pk}/decide", {}).status_code in {404, 422}


def test_criteria_come_from_the_evaluations_own_version(world, edited_regulation):
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    codes = [c.code for c in criteria(rules_of(evaluation))]

    def rename(data: dict[str, Any]) -> None:
        data["evaluation"]["groups"][0]["criteria"][0]["name"] = "Tiêu chí đã đổi tên"

    edited_regulation(rename, "2017.1-khth.99")
    body = api("po_c1").get(f"/api/v1/evaluations/{evaluation.pk}").json()
    assert [c["code"] for g in body["groups"] for c in g["criteria"]] == codes
    assert body["groups"][0]["criteria"][0]["name"] != "Tiêu chí đã đổi tên"


def test_lists_read_a_fixed_number_of_queries(world):
    through(world, "C1")
    client = api("cu_r")
    urls = ["/api/v1/evaluations", f"/api/v1/units/R/evaluations/{HALF}/summary?all=true"]

    def counts() -> list[int]:
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        return out

    counts()  # the parsed regulation is cached after the first request
    before = counts()
    for n in range(4, 12):
        unit = create_unit(
            code=f"C{n}",
            name=f"Đại đội {n}",
            short_name=f"Đại đội {n}",
            level="dai-doi",
            parent=world.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )
        open_evaluation(unit, HALF, by=world.users["cu_r"])
    assert counts() == before
    assert max(before) <= 12
