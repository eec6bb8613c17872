"""Report pages: scope, editing with version check, live check, workflow buttons, requests."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khth.reports.actions import submit_report
from khth.reports.models import Attachment, Report
from tests.reports.conftest import MONTHLY, PERIOD, complete_content, fill

pytestmark = pytest.mark.django_db


def form_data(report: Report, **extra: str) -> dict[str, str]:
    content = complete_content(report)
    data = {"base_version": str(report.version)}
    data.update({f"section-{k}": v for k, v in (content.sections or {}).items()})
    data.update({f"value-{k}": v or "" for k, v in (content.values or {}).items()})
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c1", 200),
        ("as_c1", 200),
        ("cmd_b1", 200),
        ("cu_r", 200),
        ("po_c2", 404),
        ("nobody", 404),
    ],
)
def test_report_page_follows_scope(world, company_report, username, status):
    assert world.client(username).get(f"/reports/{company_report.pk}/").status_code == status


@pytest.mark.parametrize(("username", "status"), [("po_c2", 404), ("cmd_b1", 403), ("po_b1", 403)])
def test_only_the_unit_edits_its_report(world, company_report, username, status):
    client = world.client(username)
    assert client.get(f"/reports/{company_report.pk}/edit/").status_code == status
    assert (
        client.post(f"/reports/{company_report.pk}/edit/", form_data(company_report)).status_code
        == status
    )
    assert Report.objects.get(pk=company_report.pk).version == company_report.version


def test_list_is_scoped(world, company_report):
    from khth.reports.actions import open_report

    other = open_report(world.unit("C2"), MONTHLY, PERIOD, by=None)
    body = world.client("po_c1").get("/reports/").content.decode()
    assert f'data-report="{company_report.pk}"' in body
    assert f'data-report="{other.pk}"' not in body
    body = world.client("cmd_b1").get("/reports/").content.decode()
    assert f'data-report="{other.pk}"' in body


def test_edit_save_and_conflict(world, company_report):
    client = world.client("as_c1")
    data = form_data(company_report)
    assert client.post(f"/reports/{company_report.pk}/edit/", data).status_code == 302
    # A second person still holding the old version is told, and their text is not stored.
    stale = dict(data, **{"section-tinh-hinh": "<p>Bản cũ</p>"})
    response = world.client("po_c1").post(f"/reports/{company_report.pk}/edit/", stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Đỗ Thị Trợ" in body
    assert "Bản cũ" in body  # the user's own input is shown again, not lost
    assert (
        "Bản cũ"
        not in Report.objects.get(pk=company_report.pk).sections.get(section_code="tinh-hinh").html
    )


def test_bad_number_is_named_and_the_rest_saved(world, company_report):
    data = form_data(company_report, **{"value-quan-so": "một trăm"})
    response = world.client("as_c1").post(f"/reports/{company_report.pk}/edit/", data)
    assert response.status_code == 200
    assert "Quân số:" in response.content.decode()
    report = Report.objects.get(pk=company_report.pk)
    assert report.version == company_report.version + 1
    assert not report.values.filter(indicator_code="quan-so").exists()


def test_live_check_uses_unsaved_input(world, company_report):
    client = world.client("as_c1")
    data = form_data(company_report, **{"section-tinh-hinh": ""})
    body = client.post(f"/reports/{company_report.pk}/check/", data).content.decode()
    assert 'data-code="tinh-hinh" data-state="missing"' in body
    data["justify-section-tinh-hinh"] = "Mới thành lập"
    body = client.post(f"/reports/{company_report.pk}/check/", data).content.decode()
    assert 'data-code="tinh-hinh" data-state="justified"' in body
    assert not company_report.sections.exists()  # checking saves nothing


def test_save_and_submit_blocked_shows_the_missing_item(world, company_report):
    data = form_data(company_report, **{"section-tinh-hinh": "", "then": "submit"})
    client = world.client("po_c1")
    response = client.post(f"/reports/{company_report.pk}/edit/", data, follow=True)
    assert "Thiếu nội dung theo quy định: mục I. Đặc điểm tình hình" in response.content.decode()
    assert Report.objects.get(pk=company_report.pk).status == Report.DRAFT
    # Saved but not sent, said plainly: no "saved" note that reads as success beside the refusal.
    notes = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert notes[0] == (
        "warning",
        "Đã lưu, chưa gửi: báo cáo chưa được gửi lên cấp trên vì những lý do dưới đây.",
    )
    assert all(tag != "success" for tag, _message in notes)


def test_save_and_submit_says_both_happened(world, company_report):
    data = form_data(company_report, then="submit")
    response = world.client("po_c1").post(f"/reports/{company_report.pk}/edit/", data, follow=True)
    notes = [m.message for m in response.context["messages"]]
    assert notes == ["Đã lưu và gửi báo cáo lên cấp trên."]
    assert Report.objects.get(pk=company_report.pk).status == Report.SUBMITTED


def test_assistant_cannot_submit(world, company_report):
    fill(company_report, world.users["as_c1"])
    assert world.client("as_c1").post(f"/reports/{company_report.pk}/submit/").status_code == 403


def test_review_buttons_only_for_the_direct_superior(world, company_report):
    report = submit_report(fill(company_report, world.users["po_c1"]), by=world.users["po_c1"])
    url = f"/reports/{report.pk}/review/return/"
    # The regiment's commissar sees the report but is not its direct reviewer.
    assert world.client("cu_r").post(url, {"comment": "x"}).status_code == 403
    assert world.client("po_c1").post(url, {"comment": "x"}).status_code == 403
    assert world.client("po_c2").post(url, {"comment": "x"}).status_code == 404
    response = world.client("po_b1").post(url, {"comment": "Bổ sung"}, follow=True)
    assert "Đã trả lại" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Report.RETURNED


def test_attachments_limits_and_scope(world, company_report):
    client = world.client("as_c1")
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    body = client.post(
        f"/reports/{company_report.pk}/attachments/", {"file": bad}, follow=True
    ).content.decode()
    assert "chỉ nhận" in body
    good = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")
    client.post(f"/reports/{company_report.pk}/attachments/", {"file": good})
    attachment = Attachment.objects.get()
    assert client.get(f"/reports/attachments/{attachment.pk}/").status_code == 200
    assert world.client("po_c2").get(f"/reports/attachments/{attachment.pk}/").status_code == 404


def test_ad_hoc_request_reaches_the_addressee_only(world):
    client = world.client("po_b1")
    response = client.post(
        "/reports/requests/new/",
        {
            "from": "B1",
            "template_code": "bc-dot-xuat",
            "title": "Báo cáo tình hình mưa lũ",
            "content": "<p>Thiệt hại, lực lượng tham gia</p>",
            "period_start": "2024-09-01",
            "period_end": "2024-09-10",
            "deadline": "2024-09-12",
            "addressees": ["C1"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    assert world.client("po_c1").get(url).status_code == 200
    assert world.client("po_c2").get(url).status_code == 404
    response = world.client("po_c1").post(url, {"unit": "C1"})
    assert response.status_code == 302
    report = Report.objects.get(request__isnull=False)
    assert report.unit.code == "C1"
    assert world.client("po_c2").post(url, {"unit": "C1"}).status_code == 404


def test_a_request_reaches_deeper_units_named_one_per_line(world):
    from khth.reports.models import ReportRequest

    client = world.client("cu_r")  # the regiment: battalions as boxes, companies by name
    form = client.get("/reports/requests/new/?from=R").content.decode()
    assert 'value="B1"' in form and 'value="C1"' not in form
    data = {
        "from": "R",
        "template_code": "bc-dot-xuat",
        "title": "Báo cáo tình hình mưa lũ",
        "content": "<p>Thiệt hại</p>",
        "period_start": "2024-09-01",
        "period_end": "2024-09-10",
        "deadline": "2024-09-12",
        "addressees": ["B2"],
    }
    refused = client.post(
        "/reports/requests/new/", {**data, "addressees_others": "C1\nKhông có đơn vị này"}
    )
    assert refused.status_code == 200
    assert "Dòng 2" in refused.content.decode()
    assert not ReportRequest.objects.exists()
    sent = client.post("/reports/requests/new/", {**data, "addressees_others": "Đại đội 1\n\nC3"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    request = ReportRequest.objects.get()
    assert sorted(u.code for u in request.addressees.all()) == ["B2", "C1", "C3"]


def test_report_list_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from khth.reports.actions import open_report
    from khth.units.actions import create_unit
    from tests.conftest import FOUNDED

    client = world.client("cu_r")
    for code in ["C1", "C2", "C3"]:
        open_report(world.unit(code), MONTHLY, PERIOD, by=None)
    with django_assert_max_num_queries(14) as few:
        assert client.get("/reports/").status_code == 200
    for index in range(10):
        unit = create_unit(
            code=f"CX{index}",
            name=f"Đại đội {index + 10}",
            short_name=f"c{index}",
            level="dai-doi",
            parent=world.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )
        open_report(unit, MONTHLY, PERIOD, by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/reports/").status_code == 200


def test_a_long_report_list_is_counted_only_so_far_and_still_pages_on(world, monkeypatch):
    from khth.reports.actions import open_report
    from khth.reports.views import editing

    # The cap stands for the 1,000 reports a list at the top of the army goes past.
    monkeypatch.setattr(editing, "COUNT_CAP", 2)
    monkeypatch.setattr(editing, "PAGE_SIZE", 1)
    for code in ["C1", "C2", "C3"]:
        open_report(world.unit(code), MONTHLY, PERIOD, by=None)
    client = world.client("cu_r")
    first = client.get("/reports/").content.decode()
    assert "Hơn 2 báo cáo" in first and "page=2" in first
    # Past the counted rows the pages go on, and the last says so by having no next page.
    third = client.get("/reports/?page=3").content.decode()
    assert third.count("data-report=") == 1 and "page=4" not in third and "page=2" in third
    # Narrowed under the cap, the list is counted exactly.
    narrowed = client.get("/reports/?unit=C1").content.decode()
    assert "1 báo cáo" in narrowed and "Hơn" not in narrowed
