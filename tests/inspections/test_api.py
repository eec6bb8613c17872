"""The inspections API through HTTP: scope (404 outside, the inspected side's part only), 403
without the right, 400 naming the refusal, the whole cycle, closing with a file, recurring."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.test_api import api
from tests.documents.helpers import docx_text
from tests.inspections.conftest import DOCS, PARTY, R2_VIOLATION, R_WEAKNESS

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(body if body is not None else {}), content_type=JSON
    )


def test_the_schema_lists_every_path(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/inspections": {"get", "post"},
        "/api/v1/inspections/{inspection_id}": {"get", "put"},
        "/api/v1/inspections/{inspection_id}/findings": {"get", "post"},
        "/api/v1/inspections/{inspection_id}/conclusion": {"put"},
        "/api/v1/inspections/{inspection_id}/conclude": {"post"},
        "/api/v1/inspections/{inspection_id}/reopen": {"post"},
        "/api/v1/inspections/{inspection_id}/export.docx": {"get"},
        "/api/v1/findings/{finding_id}": {"delete"},
        "/api/v1/findings/{finding_id}/remedies": {"post"},
        "/api/v1/remedies": {"get"},
        "/api/v1/remedies/{remedy_id}": {"get", "delete"},
        "/api/v1/remedies/{remedy_id}/close": {"post"},
        "/api/v1/remedies/{remedy_id}/reopen": {"post"},
        "/api/v1/units/{code}/recurring": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path


def test_full_cycle(division, settings, tmp_path):
    po = api("po_d")
    created = send(
        po,
        "post",
        "/inspections",
        {
            "by_unit_code": "D",
            "title": "Kiểm tra quý I/2024",
            "starts_on": "2024-03-04",
            "ends_on": "2024-03-08",
            "units": ["R", "R2"],
            "areas": [PARTY, DOCS],
        },
    )
    assert created.status_code == 201, created.content
    inspection = created.json()
    pk = inspection["id"]
    assert (inspection["status"], inspection["units"], inspection["whole"]) == (
        "planned",
        ["R", "R2"],
        True,
    )
    finding = send(
        po,
        "post",
        f"/inspections/{pk}/findings",
        {"unit_code": "R", "kind": "weakness", "area": PARTY, "text": R_WEAKNESS},
    )
    assert finding.status_code == 201, finding.content
    finding_id = finding.json()["id"]
    assert finding.json()["area_name"] == "Công tác xây dựng Đảng"
    remedy = send(
        po,
        "post",
        f"/findings/{finding_id}/remedies",
        {"action": "Ra lại nghị quyết", "deadline": "2024-04-30"},
    )
    assert remedy.status_code == 201, remedy.content
    remedy_id = remedy.json()["id"]
    assert (remedy.json()["owner_code"], remedy.json()["state"]) == ("R", "overdue")
    send(
        po,
        "post",
        f"/inspections/{pk}/findings",
        {"unit_code": "R2", "kind": "strength", "area": DOCS, "text": "Sổ sách đầy đủ"},
    )
    # Refused conclusions say why; with the text in the same call, nothing is kept.
    refused = send(po, "post", f"/inspections/{pk}/conclude", {})
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "Chưa viết kết luận chung của cuộc kiểm tra",
    )
    # Saving the text is an edit: it needs the revision it was written on.
    unversioned = send(po, "post", f"/inspections/{pk}/conclude", {"html": "<p>Tốt.</p>"})
    assert unversioned.status_code == 422
    concluded = send(
        po,
        "post",
        f"/inspections/{pk}/conclude",
        {"html": "<p>Tốt.</p>", "revision": inspection["revision"]},
    )
    assert concluded.status_code == 200, concluded.content
    assert concluded.json()["status"] == "concluded"
    docx = po.get(f"/api/v1/inspections/{pk}/export.docx")
    assert docx.status_code == 200 and R_WEAKNESS in docx_text(docx.content)

    # The regiment closes its remedy with a file; the division reopens; it closes again.
    settings.MEDIA_ROOT = tmp_path / "media"
    cu_r = api("cu_r")
    closed = cu_r.post(
        f"/api/v1/remedies/{remedy_id}/close",
        {"evidence": "Đã ra nghị quyết", "file": SimpleUploadedFile("nq.pdf", b"%PDF-1.4")},
    )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert (body["status"], body["state"], body["evidence"]) == (
        "closed",
        "closed",
        "Đã ra nghị quyết",
    )
    assert [f["name"] for f in body["files"]] == ["nq.pdf"]
    reopened = send(po, "post", f"/remedies/{remedy_id}/reopen", {"note": "Chưa cụ thể"})
    assert (reopened.json()["status"], reopened.json()["reopen_note"]) == ("open", "Chưa cụ thể")
    again = cu_r.post(f"/api/v1/remedies/{remedy_id}/close", {"evidence": "Đã ra lại"})
    assert again.json()["status"] == "closed"

    reopened = send(po, "post", f"/inspections/{pk}/reopen", {"note": "Bổ sung"})
    assert reopened.json()["status"] == "planned"


def test_scope_and_rights(division, recorded):
    pk = recorded.inspection.pk
    # The inspected side reads its own part.
    part = api("cu_r2").get(f"/api/v1/inspections/{pk}").json()
    assert part["whole"] is False and part["conclusion"] == ""
    assert [f["text"] for f in part["findings"]] == [R2_VIOLATION]
    assert api("cu_r2").get(f"/api/v1/inspections/{pk}/export.docx").status_code == 403
    whole = api("po_d").get(f"/api/v1/inspections/{pk}").json()
    assert {f["text"] for f in whole["findings"]} >= {R_WEAKNESS, R2_VIOLATION}
    # Outside: 404, for the inspection, its findings and its remedies.
    outsider = api("po_c2")
    assert outsider.get(f"/api/v1/inspections/{pk}").status_code == 404
    assert outsider.get(f"/api/v1/remedies/{recorded.r_remedy.pk}").status_code == 404
    assert api("cu_r2").get(f"/api/v1/remedies/{recorded.r_remedy.pk}").status_code == 404
    assert outsider.get("/api/v1/inspections").json() == []
    assert [i["id"] for i in api("cu_r").get("/api/v1/inspections").json()] == [pk]
    # Inside without the right: 403.
    cu_r = api("cu_r")
    finding = {"unit_code": "R", "kind": "strength", "area": PARTY, "text": "x"}
    assert send(cu_r, "post", f"/inspections/{pk}/findings", finding).status_code == 403
    assert send(cu_r, "post", "/inspections", {}).status_code == 422
    plan = {
        "by_unit_code": "D",
        "title": "x",
        "starts_on": "2024-01-01",
        "ends_on": "2024-01-02",
        "units": ["R"],
        "areas": [PARTY],
    }
    assert send(api("cu_r"), "post", "/inspections", plan).status_code == 404  # D: outside
    assert send(api("admin_d"), "post", "/inspections", plan).status_code == 403
    closing = api("po_d").post(f"/api/v1/remedies/{recorded.r_remedy.pk}/close", {"evidence": "x"})
    assert closing.status_code == 403
    reopening = send(cu_r, "post", f"/remedies/{recorded.r_remedy.pk}/reopen", {"note": "x"})
    assert reopening.status_code == 403
    # A rule of the action: 400 with the reason.
    refused = send(
        api("po_d"),
        "post",
        f"/findings/{recorded.weakness.pk}/remedies",
        {"action": "x", "deadline": "2024-04-30", "owner_code": "R2"},
    )
    assert refused.status_code == 400
    assert "phải là Trung đoàn 1 hoặc đơn vị trực thuộc" in refused.json()["detail"]


def test_remedy_lists_and_recurring(division, recorded):
    owned = api("cu_r").get("/api/v1/remedies?unit=R").json()
    assert [r["id"] for r in owned] == [recorded.r_remedy.pk]
    assigned = api("po_d").get("/api/v1/remedies?unit=D&side=assigned&state=overdue").json()
    assert [r["id"] for r in assigned] == [recorded.r2_remedy.pk, recorded.r_remedy.pk]
    assert api("po_d").get("/api/v1/remedies?state=closed").json() == []
    result = api("po_d").get("/api/v1/units/D/recurring?start=2024-01-01&end=2024-12-31").json()
    assert result["by_unit"] == [] and result["by_area"] == []
    assert api("cu_r").get("/api/v1/units/D/recurring").status_code == 404
