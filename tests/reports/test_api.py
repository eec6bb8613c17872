"""The reports API: scope, version check, validation, workflow."""

from __future__ import annotations

import json

import pytest

from khth.reports.models import Report
from tests.api.test_api import api
from tests.reports.conftest import MONTHLY, PERIOD, complete_content

pytestmark = pytest.mark.django_db


def body(report: Report, version: int) -> str:
    content = complete_content(report)
    return json.dumps({"version": version, "sections": content.sections, "values": content.values})


def test_open_read_update_submit_review(world):
    client = api("po_c1")
    response = client.post(
        "/api/v1/reports",
        json.dumps({"unit_code": "C1", "template_code": MONTHLY, "period_id": PERIOD}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["can_submit"] is False
    assert any("Đặc điểm tình hình" in f["message"] for f in report["findings"])
    pk = report["id"]
    stored = Report.objects.get(pk=pk)
    response = client.patch(
        f"/api/v1/reports/{pk}", body(stored, 1), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["can_submit"] is True
    # Another write based on version 1 is a conflict, not an overwrite.
    response = client.patch(
        f"/api/v1/reports/{pk}", body(stored, 1), content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert client.post(f"/api/v1/reports/{pk}/submit").json()["status"] == "submitted"
    reviewer = api("po_b1")
    assert (
        api("cu_r")
        .post(f"/api/v1/reports/{pk}/accept", "{}", content_type="application/json")
        .status_code
        == 403
    )
    response = reviewer.post(
        f"/api/v1/reports/{pk}/return", json.dumps({"comment": ""}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "nhận xét" in response.json()["detail"]
    response = reviewer.post(f"/api/v1/reports/{pk}/accept", "{}", content_type="application/json")
    assert response.json()["status"] == "accepted"


def test_bad_values_are_400_with_names(world, company_report):
    response = api("po_c1").patch(
        f"/api/v1/reports/{company_report.pk}",
        json.dumps({"version": 1, "values": {"quan-so": "nhiều", "khong-co": "1"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = [p["field"] for p in response.json()["problems"]]
    assert fields == ["Quân số", "khong-co"]


def test_submit_incomplete_is_400_listing_items(world, company_report):
    response = api("po_c1").post(f"/api/v1/reports/{company_report.pk}/submit")
    assert response.status_code == 400
    assert any(
        p["message"] == "Thiếu chỉ tiêu theo quy định: Quân số" for p in response.json()["problems"]
    )


@pytest.mark.parametrize(("username", "status"), [("po_c2", 404), ("cmd_b1", 200), ("nobody", 404)])
def test_read_is_scoped(world, company_report, username, status):
    assert api(username).get(f"/api/v1/reports/{company_report.pk}").status_code == status


@pytest.mark.parametrize(("username", "status"), [("po_c2", 404), ("cmd_b1", 403), ("po_b1", 403)])
def test_update_is_only_for_the_unit(world, company_report, username, status):
    response = api(username).patch(
        f"/api/v1/reports/{company_report.pk}",
        json.dumps({"version": 1, "sections": {"tinh-hinh": "<p>x</p>"}}),
        content_type="application/json",
    )
    assert response.status_code == status


def test_list_filters_and_scope(world, company_report):
    from khth.reports.actions import open_report

    open_report(world.unit("C2"), MONTHLY, PERIOD, by=None)
    assert [r["unit_code"] for r in api("po_c1").get("/api/v1/reports").json()] == ["C1"]
    listed = api("cmd_b1").get(f"/api/v1/reports?period={PERIOD}&template={MONTHLY}").json()
    assert sorted(r["unit_code"] for r in listed) == ["C1", "C2"]
    assert api("cmd_b1").get("/api/v1/reports?unit=C2").json()[0]["unit_code"] == "C2"
    assert api("po_c1").get("/api/v1/reports?unit=C2").status_code == 404
