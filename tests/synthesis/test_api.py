"""GET /api/v1/reports/{id}/synthesis: the groups, silent units and draft of each section, or
of the one asked, within the caller's scope."""

from __future__ import annotations

from typing import Any

import pytest

from khth.reports.actions import open_report
from khth.reports.models import Report
from tests.api.test_api import api as api_client
from tests.reports.conftest import MONTHLY, PERIOD
from tests.synthesis.conftest import SECTION, api, request_reports

pytestmark = pytest.mark.django_db


def test_one_section_with_groups_sources_and_draft(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    response = api_client("po_b1").get(api(battalion_report), {"section": SECTION})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["report_id"], data["scope"]) == (battalion_report.pk, "children")
    [section] = data["sections"]
    assert section["section"] == SECTION
    assert section["title"].startswith("III.1. Công tác giáo dục chính trị")
    assert (section["expected"], section["written"], section["left_out"]) == (2, 2, 0)
    assert (section["silent"], section["silent_count"]) == ([], 0)
    assert section["draft"] and all(isinstance(p, str) for p in section["draft"])
    first = section["groups"][0]
    assert set(first) == {
        "key", "units", "count", "expected", "representative", "sentences", "figures",
        "problems", "is_problem",
    }  # fmt: skip
    assert first["expected"] == 2 and first["count"] == len(first["units"])
    sources = {s["report_id"] for g in section["groups"] for s in g["sentences"]}
    assert sources == {r.pk for r in company_reports.values()}
    for group in section["groups"]:
        for figure in group["figures"]:
            assert {"noun", "parts", "total", "out_of_total"} == set(figure)
            assert all(set(p) == {"unit", "value", "out_of"} for p in figure["parts"])


def test_every_section_when_none_is_named(world: Any, battalion_report: Report):
    data = api_client("po_b1").get(api(battalion_report), {"scope": "subtree"}).json()
    codes = [s["section"] for s in data["sections"]]
    assert SECTION in codes and "tinh-hinh" in codes
    assert "ket-qua" not in codes  # a heading: no text of its own
    assert data["scope"] == "subtree"


def test_an_unknown_section_or_scope_is_named(world: Any, battalion_report: Report):
    client = api_client("po_b1")
    response = client.get(api(battalion_report), {"section": "khong-co"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Không có mục «khong-co» trong mẫu báo cáo"
    assert client.get(api(battalion_report), {"scope": "ca-nuoc"}).status_code == 422


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_b1", 200), ("cmd_b1", 200), ("cu_r", 200), ("po_c1", 404), ("po_c2", 404)],
)
def test_the_callers_scope(world: Any, battalion_report: Report, username: str, status: int):
    response = api_client(username).get(api(battalion_report), {"section": SECTION})
    assert response.status_code == status
    if status == 404:
        assert str(battalion_report.pk) in response.json()["detail"]


def test_silent_units_are_listed_with_why(world: Any, company_reports: dict[str, Report]):
    regiment = open_report(world.unit("R"), MONTHLY, PERIOD, by=world.users["cu_r"])
    data = api_client("cu_r").get(api(regiment), {"section": SECTION}).json()
    [section] = data["sections"]
    assert section["groups"] == [] and section["draft"] == []
    assert section["silent"] == [
        {"unit": "Tiểu đoàn 1", "reason": "chưa gửi báo cáo"},
        {"unit": "Tiểu đoàn 2", "reason": "chưa gửi báo cáo"},
    ]
    data = api_client("cu_r").get(api(regiment), {"section": SECTION, "scope": "subtree"}).json()
    [section] = data["sections"]
    assert section["written"] == 2 and section["expected"] == 5
    assert [s["unit"] for s in section["silent"]] == ["Tiểu đoàn 1", "Tiểu đoàn 2", "Đại đội 3"]


def test_an_ad_hoc_requests_report(world: Any):
    battalion = request_reports(world)
    data = api_client("po_b1").get(api(battalion), {"section": "su-viec"}).json()
    [section] = data["sections"]
    assert section["written"] == 2
    assert {u for g in section["groups"] for u in g["units"]} == {"Đại đội 1", "Đại đội 2"}
