"""The pages, through HTTP: planning, recording, concluding, closing with a file, reopening,
«Việc khắc phục» with overdue first, «Khâu yếu, mặt yếu»."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khth.inspections.actions import (
    InspectionData,
    add_finding,
    add_remedy,
    close_remedy,
    plan_inspection,
)
from khth.inspections.models import Finding, Inspection, Remedy, RemedyEvidence
from khth.lib import clock
from tests.inspections.conftest import DOCS, PARTY, R_WEAKNESS

pytestmark = pytest.mark.django_db


def test_the_navigation_leads_to_the_users_unit(division):
    client = division.client("po_d")
    assert "/inspections/" in client.get("/").content.decode()
    response = client.get("/inspections/")
    assert response.status_code == 302 and response["Location"] == "/inspections/unit/D/"
    body = client.get("/inspections/unit/D/").content.decode()
    assert 'data-testid="new-inspection"' in body
    # Inside the scope without the right: no form; outside it: 404.
    assert (
        'data-testid="new-inspection"'
        not in division.client("cmd_b1").get("/inspections/unit/B1/").content.decode()
    )
    assert division.client("po_c1").get("/inspections/unit/D/").status_code == 404


def test_planning_through_the_form(division):
    client = division.client("po_d")
    response = client.post(
        "/inspections/unit/D/new/",
        {
            "title": "Kiểm tra công tác Đảng quý I/2024",
            "kind": "inspection",
            "starts_on": "2024-03-04",
            "ends_on": "2024-03-08",
            "units": ["R", "R2"],
            "areas": [PARTY, DOCS],
            "document_kinds": ["nq-thang"],
            "team": "Tổ kiểm tra Phòng Chính trị",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.by_unit.code == "D"
    listed = client.get("/inspections/unit/D/?year=2024").content.decode()
    assert f'data-inspection="{inspection.pk}"' in listed
    received = division.client("cu_r").get("/inspections/unit/R/?year=2024").content.decode()
    assert f'data-inspection="{inspection.pk}"' in received
    # A refused plan comes back with the reason, nothing stored.
    refused = client.post(
        "/inspections/unit/D/new/",
        {
            "title": "x",
            "kind": "inspection",
            "starts_on": "2024-03-08",
            "ends_on": "2024-03-04",
            "units": ["R"],
            "areas": [PARTY],
        },
    )
    assert refused.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu" in refused.content.decode()
    assert Inspection.objects.count() == 1


def test_a_unit_further_down_is_named_not_ticked(division):
    client = division.client("po_d")
    form = client.get("/inspections/unit/D/").content.decode()
    # The division's direct subordinates are boxes; the companies below are not.
    assert 'value="R"' in form and 'value="C1"' not in form
    plan = {
        "title": "Kiểm tra sổ sách đại đội",
        "kind": "inspection",
        "starts_on": "2024-03-04",
        "ends_on": "2024-03-08",
        "units": ["R2"],
        "units_others": "C1",
        "areas": [DOCS],
    }
    assert client.post("/inspections/unit/D/new/", plan).status_code == 302
    inspection = Inspection.objects.get()
    assert sorted(inspection.units.values_list("code", flat=True)) == ["C1", "R2"]
    # Editing shows the company in the box of units written out, and keeps it.
    edit = client.get(f"/inspections/{inspection.pk}/edit/").content.decode()
    assert re.search(r'<textarea name="units_others"[^>]*>\s*C1</textarea>', edit)
    refused = client.post("/inspections/unit/D/new/", {**plan, "units_others": "Không có"})
    assert refused.status_code == 400 and "Dòng 1" in refused.content.decode()


def test_editing_the_plan(division, planned):
    client = division.client("po_d")
    form = client.get(f"/inspections/{planned.pk}/edit/")
    assert form.status_code == 200 and planned.title in form.content.decode()
    response = client.post(
        f"/inspections/{planned.pk}/edit/",
        {
            "title": "Khảo sát nắm tình hình",
            "kind": "survey",
            "starts_on": "2024-03-04",
            "ends_on": "2024-03-05",
            "units": ["R"],
            "areas": [PARTY],
            "revision": "1",
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.kind, planned.ends_on) == ("survey", dt.date(2024, 3, 5))
    assert list(planned.units.values_list("code", flat=True)) == ["R"]


def test_recording_and_concluding_through_the_page(division, planned):
    client = division.client("po_d")
    base = f"/inspections/{planned.pk}"
    body = client.get(f"{base}/").content.decode()
    assert body.count('data-testid="finding-form"') == 2  # one per inspected unit
    client.post(
        f"{base}/findings/new/",
        {"unit": "R", "kind": "weakness", "area": PARTY, "text": R_WEAKNESS},
    )
    finding = Finding.objects.get()
    response = client.post(
        f"/inspections/findings/{finding.pk}/remedies/new/",
        {"action": "Ra lại nghị quyết", "owner": "B1", "deadline": "2024-04-30"},
    )
    remedy = Remedy.objects.get()
    assert response["Location"].endswith(f"#remedy-{remedy.pk}")
    assert remedy.owner.code == "B1"
    # An owner outside the inspected unit is refused with the reason.
    response = client.post(
        f"/inspections/findings/{finding.pk}/remedies/new/",
        {"action": "x", "owner": "R2", "deadline": "2024-04-30"},
        follow=True,
    )
    assert "Đơn vị thực hiện" in response.content.decode()
    assert Remedy.objects.count() == 1
    refused = client.post(
        f"{base}/conclusion/",
        {"conclusion": "<p>Tốt</p>", "conclude": "1", "revision": "1"},
        follow=True,
    )
    assert "Chưa ghi kết quả kiểm tra của: Trung đoàn 2" in refused.content.decode()
    planned.refresh_from_db()
    assert planned.status == Inspection.PLANNED  # R2 has no finding yet
    assert planned.conclusion == "<p>Tốt</p>"  # the text was kept
    client.post(
        f"{base}/findings/new/",
        {"unit": "R2", "kind": "strength", "area": DOCS, "text": "Sổ sách đầy đủ"},
    )
    client.post(
        f"{base}/conclusion/", {"conclusion": "<p>Tốt</p>", "conclude": "1", "revision": "2"}
    )
    planned.refresh_from_db()
    assert planned.status == Inspection.CONCLUDED
    body = client.get(f"{base}/").content.decode()
    assert 'data-testid="finding-form"' not in body
    assert 'data-testid="reopen-inspection"' in body
    client.post(f"{base}/reopen/", {"note": "Bổ sung"})
    planned.refresh_from_db()
    assert planned.status == Inspection.PLANNED


def test_closing_with_a_file_and_reopening_through_the_page(division, recorded):
    remedy = recorded.r_remedy
    cu_r = division.client("cu_r")
    body = cu_r.get(f"/inspections/{recorded.inspection.pk}/").content.decode()
    assert 'data-testid="close-form"' in body
    upload = SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.4 nq", "application/pdf")
    response = cu_r.post(
        f"/inspections/remedies/{remedy.pk}/close/",
        {"evidence": "Đã ra nghị quyết tháng 4", "file": upload},
    )
    assert response["Location"].endswith(f"#remedy-{remedy.pk}")
    remedy.refresh_from_db()
    assert remedy.status == Remedy.CLOSED
    stored = RemedyEvidence.objects.get()
    download = cu_r.get(f"/inspections/evidence/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 nq"
    assert division.client("po_d").get(f"/inspections/evidence/{stored.pk}/").status_code == 200
    assert division.client("cu_r2").get(f"/inspections/evidence/{stored.pk}/").status_code == 404
    # The division reopens it.
    po_d = division.client("po_d")
    assert (
        'data-testid="reopen-form"'
        in po_d.get(f"/inspections/{recorded.inspection.pk}/").content.decode()
    )
    po_d.post(f"/inspections/remedies/{remedy.pk}/reopen/", {"note": "Chưa cụ thể"})
    remedy.refresh_from_db()
    assert (remedy.status, remedy.reopen_note) == (Remedy.OPEN, "Chưa cụ thể")
    # Without evidence the form says so and nothing changes.
    response = cu_r.post(f"/inspections/remedies/{remedy.pk}/close/", {"evidence": ""}, follow=True)
    assert "Kết quả khắc phục, minh chứng" in response.content.decode()
    remedy.refresh_from_db()
    assert remedy.status == Remedy.OPEN


@pytest.fixture
def follow_up(division):
    """Relative to today: R's remedies overdue, due soon, open and closed; one assigned by R to
    C1 (R as inspector), overdue."""
    today = clock.today()
    po, cu_r = division.users["po_d"], division.users["cu_r"]
    start = today - dt.timedelta(days=60)
    inspection = plan_inspection(
        division.unit("D"),
        InspectionData(
            title="Kiểm tra định kỳ",
            starts_on=start,
            ends_on=start,
            units=["R", "R2"],
            areas=[PARTY],
        ),
        by=po,
    )
    finding = add_finding(
        inspection, unit_code="R", kind=Finding.WEAKNESS, area=PARTY, text="Yếu", by=po
    )
    made = {}
    for name, offset in [("overdue", -1), ("due_soon", 7), ("open", 8), ("closed", -5)]:
        made[name] = add_remedy(
            finding, action=f"Việc {name}", deadline=today + dt.timedelta(days=offset), by=po
        )
    close_remedy(made["closed"], evidence="Xong", by=cu_r)
    own = plan_inspection(
        division.unit("R"),
        InspectionData(
            title="Kiểm tra đại đội", starts_on=start, ends_on=start, units=["C1"], areas=[PARTY]
        ),
        by=cu_r,
    )
    weak = add_finding(
        own, unit_code="C1", kind=Finding.VIOLATION, area=PARTY, text="Vi phạm", by=cu_r
    )
    made["assigned"] = add_remedy(
        weak, action="Việc giao C1", deadline=today - dt.timedelta(days=3), by=cu_r
    )
    return made


def rows(body: str, table: str) -> list[tuple[str, str]]:
    import re

    part = body.split(f'data-testid="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-remedy="(\d+)" data-state="(\w+)"', part)


def test_remedies_page_lists_overdue_first(division, follow_up, django_assert_max_num_queries):
    client = division.client("cu_r")
    with django_assert_max_num_queries(12):
        body = client.get("/inspections/unit/R/remedies/").content.decode()
    made = follow_up
    # Owned by R and its subtree (C1's from R's own inspection included), not closed.
    assert rows(body, "owned-table") == [
        (str(made["assigned"].pk), "overdue"),
        (str(made["overdue"].pk), "overdue"),
        (str(made["due_soon"].pk), "due_soon"),
        (str(made["open"].pk), "open"),
    ]
    # What R assigned as inspector.
    assert rows(body, "assigned-table") == [(str(made["assigned"].pk), "overdue")]
    assert 'data-count="overdue">Quá hạn: 2<' in body
    closed = client.get("/inspections/unit/R/remedies/?state=closed").content.decode()
    assert rows(closed, "owned-table") == [(str(made["closed"].pk), "closed")]
    # The division sees what it assigned; C1 sees its own only.
    division_body = division.client("po_d").get("/inspections/unit/D/remedies/").content.decode()
    assert [pk for pk, _state in rows(division_body, "assigned-table")] == [
        str(made[name].pk) for name in ("overdue", "due_soon", "open")
    ]
    c1 = division.client("po_c1").get("/inspections/unit/C1/remedies/").content.decode()
    assert rows(c1, "owned-table") == [(str(made["assigned"].pk), "overdue")]
    assert 'data-testid="report-remedy"' in c1
    assert division.client("po_c1").get("/inspections/unit/R/remedies/").status_code == 404


def test_recurring_page(division):
    po = division.users["po_d"]
    for start in (dt.date(2023, 3, 1), dt.date(2024, 3, 1)):
        inspection = plan_inspection(
            division.unit("D"),
            InspectionData(
                title=f"Kiểm tra {start.year}",
                starts_on=start,
                ends_on=start,
                units=["R", "R2"],
                areas=[PARTY],
            ),
            by=po,
        )
        for unit in ("R", "R2"):
            add_finding(
                inspection, unit_code=unit, kind=Finding.WEAKNESS, area=PARTY, text="…", by=po
            )
    body = (
        division.client("po_d")
        .get("/inspections/unit/D/recurring/?start=2023-01-01&end=2024-12-31")
        .content.decode()
    )
    assert body.count(f'data-area="{PARTY}"') == 3  # R, R2, and the area across both
    assert "Công tác xây dựng Đảng" in body
    assert "Kiểm tra 2023" in body and "Kiểm tra 2024" in body
    only_2024 = (
        division.client("cu_r")
        .get("/inspections/unit/R/recurring/?start=2024-01-01&end=2024-12-31")
        .content.decode()
    )
    assert f'data-area="{PARTY}"' not in only_2024
    assert "Không có mặt yếu nào lặp lại" in only_2024


def test_the_inspection_page_reads_a_fixed_number_of_queries(
    division, recorded, django_assert_max_num_queries
):
    client = division.client("po_d")
    url = f"/inspections/{recorded.inspection.pk}/"
    client.get(url)
    # 21: the history's one query for the names of the units its entries name.
    with django_assert_max_num_queries(21):
        client.get(url)
    po = division.users["po_d"]
    for n in range(5):
        finding = add_finding(
            recorded.inspection,
            unit_code="R",
            kind=Finding.WEAKNESS,
            area=PARTY,
            text=f"Hạn chế {n}",
            by=po,
        )
        add_remedy(finding, action=f"Khắc phục {n}", deadline=dt.date(2024, 5, 1), by=po)
    with django_assert_max_num_queries(21):
        body = client.get(url).content.decode()
    assert "Khắc phục 4" in body
    assert "inspections.remedy.assigned" in body  # the history covers findings and remedies
