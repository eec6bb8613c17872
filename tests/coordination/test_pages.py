"""Coordination pages through HTTP: a partner and an agreement recorded through the forms, an
exchange report generated, edited and sent, the due reports by the button, activities and their
review over a span."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from khth.coordination.models import Agreement, ExchangeReport, JointActivity, Partner
from khth.lib import clock
from khth.periods import periods_between
from tests.coordination.conftest import ENTERED, FROM_REPORTS, PARTNER, QUARTER
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db


def quarters_ended_since_2024() -> int:
    """What the button drafts for the agreement in force since 1 January 2024: every quarter
    ended before today (accounts are opened today, so the pages run on today's date)."""
    today = clock.today()
    return sum(1 for p in periods_between(dt.date(2024, 1, 1), today, "quarterly") if p.end < today)


def test_from_partner_to_sent_report(world, quarter_reports):
    client = world.client("po_b1")
    home = client.get("/coordination/")
    assert home.status_code == 302 and home["Location"] == "/coordination/B1/"
    created = client.post(
        "/coordination/B1/partners/new/", {"name": PARTNER, "short_name": "Ban Tổ chức"}
    )
    assert created.status_code == 302
    partner = Partner.objects.get()
    assert partner.unit.code == "B1"
    twice = client.post("/coordination/B1/partners/new/", {"name": PARTNER.upper()})
    assert twice.status_code == 400
    page = client.get(f"/coordination/partner/{partner.pk}/")
    assert 'value="quan-chung-uu-tu"' in page.content.decode()
    made = client.post(
        f"/coordination/partner/{partner.pk}/agreements/new/",
        {
            "title": "Quy chế phối hợp số 05/QCPH",
            "signed_on": "02/01/2024",
            "valid_from": "01/01/2024",
            "valid_to": "",
            "frequency": "quarterly",
            "indicators": [ENTERED, FROM_REPORTS],
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    agreement = Agreement.objects.get()
    assert agreement.indicators == [ENTERED, FROM_REPORTS]

    early = client.post(
        f"/coordination/agreement/{agreement.pk}/exchanges/new/", {"period_id": "2099Q1"}
    )
    assert early.status_code == 400 and "chưa kết thúc" in early.content.decode()
    generated = client.post(
        f"/coordination/agreement/{agreement.pk}/exchanges/new/", {"period_id": QUARTER}
    )
    assert generated.status_code == 302
    report = ExchangeReport.objects.get()
    page = client.get(f"/coordination/exchange/{report.pk}/").content.decode()
    assert f'href="/reports/consolidation/B1/bc-quy/{QUARTER}/"' in page
    assert ">12<" in page
    assert 'name="value-dang-vien-dqtv-dbdv"' in page
    assert 'name="value-quan-chung-uu-tu"' not in page  # from the reports: not typed
    refused = client.post(f"/coordination/exchange/{report.pk}/send/", {"dated": "06/10/2024"})
    assert refused.status_code == 400 and "Chưa có số liệu" in refused.content.decode()
    bad = client.post(
        f"/coordination/exchange/{report.pk}/save/",
        {"value-dang-vien-dqtv-dbdv": "ba", "note": "", "revision": "1"},
    )
    assert bad.status_code == 400 and "không phải số" in bad.content.decode()
    saved = client.post(
        f"/coordination/exchange/{report.pk}/save/",
        {"value-dang-vien-dqtv-dbdv": "1.250", "note": "Số liệu đến 30/9", "revision": "1"},
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.values[ENTERED]["value"] == "1250"
    assert client.post(f"/coordination/exchange/{report.pk}/refresh/").status_code == 302
    sent = client.post(
        f"/coordination/exchange/{report.pk}/send/", {"dated": "06/10/2024", "signer": "Vũ Văn Ba"}
    )
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.status == ExchangeReport.SENT
    document = report.registered
    assert document is not None and document.signer == "Vũ Văn Ba"
    page = client.get(f"/coordination/exchange/{report.pk}/").content.decode()
    assert document.number_text in page
    assert 'data-testid="exchange-edit"' not in page
    docx = client.get(f"/coordination/exchange/{report.pk}/export.docx")
    assert docx.status_code == 200
    assert "trao-doi-thong-tin-quy-iii-2024-ban-to-chuc" in docx["Content-Disposition"]
    assert f"Kính gửi: {PARTNER}." in docx_text(docx.content)
    xlsx = client.get(f"/coordination/exchange/{report.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Trao đổi thông tin"]
    assert sheet.max_row == 3
    # The register of the unit lists it.
    register = client.get(
        reverse("register-unit", args=["B1"]) + "?direction=out&year=2024"
    ).content.decode()
    assert document.number_text in register


def test_the_button_generates_the_due_reports(world, agreement):
    client = world.client("po_b1")
    due = quarters_ended_since_2024()
    response = client.post("/coordination/B1/generate/", follow=True)
    assert f"Đã lập {due} báo cáo" in response.content.decode()
    page = client.get("/coordination/B1/").content.decode()
    assert page.count("data-exchange=") == due
    again = client.post("/coordination/B1/generate/", follow=True)
    assert "Không có báo cáo trao đổi thông tin nào đến hạn" in again.content.decode()
    assert world.client("cmd_b1").post("/coordination/B1/generate/").status_code == 403


def test_activities_and_their_review(world, agreement):
    client = world.client("po_b1")
    for day, title, result in [
        ("15/03/2024", "Tập huấn nghiệp vụ công tác đảng viên", "60 lượt cán bộ tham gia"),
        ("20/08/2024", "Khảo sát đảng viên trong lực lượng dân quân", ""),
        ("10/01/2025", "Sơ kết một năm thực hiện quy chế", "Rút 3 kinh nghiệm"),
    ]:
        response = client.post(
            f"/coordination/agreement/{agreement.pk}/activities/new/",
            {"held_on": day, "title": title, "content": "", "participants": "", "result": result},
        )
        assert response.status_code == 302
    survey = JointActivity.objects.get(title__startswith="Khảo sát")
    edited = client.post(
        f"/coordination/activity/{survey.pk}/edit/",
        {
            "held_on": "20/08/2024",
            "title": survey.title,
            "content": "",
            "participants": "Ban Tổ chức Tỉnh ủy, Tiểu đoàn 1",
            "result": "Nắm được 45 đảng viên",
            "revision": str(survey.revision),
        },
    )
    assert edited.status_code == 302
    review = world.client("cu_r").get(
        "/coordination/R/review/?starts_on=01/01/2024&ends_on=31/12/2024"
    )
    text = review.content.decode()
    assert "2 hoạt động phối hợp (2 có kết quả)" in text
    assert "đã gửi 0/4 báo cáo trao đổi thông tin đến hạn" in text
    assert "Sơ kết một năm" not in text  # held in 2025
    assert world.client("po_c1").get("/coordination/B1/review/").status_code == 404
