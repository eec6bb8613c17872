"""The API: the same actions and scope as the pages; every PUT carries its revision (409 with
what the other person saved)."""

from __future__ import annotations

import pytest

from khth.directives.models import Study
from khth.plans.actions import create_plan
from tests.api.test_api import api
from tests.directives.conftest import entered, studied

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_superior_enters_company_records_superior_reads_the_matrix(world):
    r = api("cu_r")
    made = r.post(
        "/api/v1/directives",
        {
            "unit_code": "R",
            "number": "35-CT/TW",
            "title": "Về đại hội đảng bộ các cấp",
            "issuer": "Bộ Chính trị",
            "issued_on": "2025-03-15",
            "levels": ["dai-doi"],
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    directive = made.json()
    c1 = api("po_c1")
    study = c1.post(
        "/api/v1/directive-studies",
        {
            "directive_id": directive["id"],
            "unit_code": "C1",
            "held_on": "2025-04-10",
            "form": Study.CONFERENCE,
            "present": 36,
            "total": 40,
            "made_up": 4,
            "made_up_on": "2025-04-17",
            "presided": "Đ/c Một",
        },
        content_type=JSON,
    )
    assert study.status_code == 201, study.content
    assert study.json()["attendance"] == "90.0"
    plan = create_plan(world.unit("C1"), "kh-ctd-nam", period_id="2025", by=world.users["po_c1"])
    link = c1.post(
        "/api/v1/directive-plans",
        {"directive_id": directive["id"], "unit_code": "C1", "plan_id": plan.pk},
        content_type=JSON,
    )
    assert link.status_code == 201, link.content
    result = c1.post(
        "/api/v1/directive-results",
        {
            "directive_id": directive["id"],
            "unit_code": "C1",
            "period_id": "2025Q2",
            "text": "Chuẩn bị đại hội chi bộ đúng kế hoạch",
            "figures": [{"label": "Đảng viên dự đại hội", "value": "18"}],
        },
        content_type=JSON,
    )
    assert result.status_code == 201, result.content
    top = r.get(f"/api/v1/directives/{directive['id']}/matrix").json()
    assert top["unit_code"] == "R" and not top["own"]["follows"]
    assert top["totals"] == {"required": 3, "studied": 1, "planned": 1, "reported": 1}
    b1 = r.get(f"/api/v1/directives/{directive['id']}/matrix?unit=B1").json()
    c1_row = next(row for row in b1["rows"] if row["unit_code"] == "C1")
    assert c1_row["studied_on"] == "2025-04-10" and c1_row["plan_id"] == plan.pk
    record = r.get(f"/api/v1/directives/{directive['id']}/units/C1").json()
    assert record["results"][0]["figures"] == [{"label": "Đảng viên dự đại hội", "value": "18"}]
    export = r.get(f"/api/v1/directives/{directive['id']}/export.xlsx")
    assert export.status_code == 200
    # The link is taken off by the company.
    assert c1.delete(f"/api/v1/directive-plans/{link.json()['id']}").status_code == 204


def test_a_plan_outside_the_callers_scope_is_not_found(world):
    directive = entered(world)
    plan = create_plan(world.unit("C2"), "kh-ctd-nam", period_id="2025", by=world.users["po_c2"])
    answer = api("po_c1").post(
        "/api/v1/directive-plans",
        {"directive_id": directive.pk, "unit_code": "C1", "plan_id": plan.pk},
        content_type=JSON,
    )
    assert answer.status_code == 404


@pytest.mark.parametrize("query", ["?limit=0", "?limit=501", "?offset=-1", "?unit=" + "x" * 65])
def test_list_queries_are_bounded(world, query):
    assert api("cu_r").get(f"/api/v1/directives{query}").status_code == 422


def test_every_put_refuses_a_stale_revision(world):
    directive = entered(world)
    study = studied(world, directive, "C1")
    r, c1 = api("cu_r"), api("po_c1")
    body = {
        "number": "05-CT/TW",
        "title": "Trích yếu mới",
        "issuer": "Bộ Chính trị",
        "issued_on": "2025-03-15",
        "revision": 1,
    }
    url = f"/api/v1/directives/{directive.pk}"
    assert r.put(url, body, content_type=JSON).json()["revision"] == 2
    stale = r.put(url, {**body, "title": "Khác"}, content_type=JSON)
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Trích yếu mới"
    study_body = {
        "held_on": "2025-04-10",
        "form": Study.CELL_MEETING,
        "present": 40,
        "total": 50,
        "presided": "Đ/c Một",
        "revision": 1,
    }
    url = f"/api/v1/directive-studies/{study.pk}"
    assert c1.put(url, study_body, content_type=JSON).status_code == 200
    stale = c1.put(url, {**study_body, "present": 41}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["current"]["present"] == 40
    made = c1.post(
        "/api/v1/directive-results",
        {"directive_id": directive.pk, "unit_code": "C1", "period_id": "2025", "text": "Tốt"},
        content_type=JSON,
    ).json()
    url = f"/api/v1/directive-results/{made['id']}"
    result_body = {"period_id": "2025", "text": "Tốt hơn", "revision": 1}
    assert c1.put(url, result_body, content_type=JSON).status_code == 200
    stale = c1.put(url, {**result_body, "text": "Khác"}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Tốt hơn"
