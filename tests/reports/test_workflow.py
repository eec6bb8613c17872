"""Editing and the workflow: draft → submitted → returned → resubmitted → accepted → unlocked."""

from __future__ import annotations

import pytest

from khth.audit.models import AuditEntry
from khth.notifications.models import Notification
from khth.reports.actions import (
    ConflictError,
    Content,
    ContentError,
    ReportError,
    SubmissionBlocked,
    accept_report,
    completeness,
    open_report,
    return_report,
    save_report,
    submit_report,
    unlock_report,
)
from khth.reports.models import Report
from tests.reports.conftest import MONTHLY, PERIOD, complete_content, fill

pytestmark = pytest.mark.django_db


def test_open_is_idempotent_and_checks_the_template(world, company_report):
    assert open_report(world.unit("C1"), MONTHLY, PERIOD, by=None) == company_report
    with pytest.raises(ReportError, match="không đúng loại kỳ"):
        open_report(world.unit("C1"), MONTHLY, "2024Q3", by=None)
    with pytest.raises(ReportError, match="Không có mẫu"):
        open_report(world.unit("C1"), "khong-co", PERIOD, by=None)


def test_empty_report_lists_every_missing_item_by_name(company_report):
    result = completeness(company_report)
    messages = [f.message for f in result.blocking]
    assert any("Thiếu nội dung theo quy định: mục I. Đặc điểm tình hình" in m for m in messages)
    assert any(m == "Thiếu chỉ tiêu theo quy định: Quân số" for m in messages)
    assert not result.can_submit


def test_submission_is_blocked_by_a_missing_section_until_justified(world, company_report):
    po = world.users["po_c1"]
    content = complete_content(company_report)
    assert content.sections is not None
    content.sections["tinh-hinh"] = "<p>  </p>"
    report = save_report(company_report, content, by=po, base_version=company_report.version)
    with pytest.raises(SubmissionBlocked, match=r"mục I\. Đặc điểm tình hình"):
        submit_report(report, by=po)
    assert Report.objects.get(pk=report.pk).status == Report.DRAFT
    report = save_report(
        report,
        Content(justifications={("section", "tinh-hinh"): "Đơn vị mới thành lập"}),
        by=po,
        base_version=report.version,
    )
    assert submit_report(report, by=po).status == Report.SUBMITTED


def test_rule_violations_block_and_cannot_be_justified(world, company_report):
    po = world.users["po_c1"]
    report = fill(company_report, po, {"dang-vien": 500})
    result = completeness(report)
    messages = [f.message for f in result.blocking]
    assert "Số đảng viên không được lớn hơn quân số" in messages
    # The computed percentage is out of bounds too, and says so.
    assert "Tỷ lệ đảng viên so với quân số không được lớn hơn 100" in messages
    assert not any(f.justifiable for f in result.blocking)


def test_bad_values_name_the_indicator_and_save_nothing(world, company_report):
    po = world.users["po_c1"]
    content = Content(
        sections={"tinh-hinh": "<p>Tốt</p>"}, values={"quan-so": "1.234,5", "dang-vien": "abc"}
    )
    with pytest.raises(ContentError) as info:
        save_report(company_report, content, by=po, base_version=company_report.version)
    fields = [field for field, _ in info.value.problems]
    assert fields == ["Quân số", "Số đảng viên"]
    report = Report.objects.get(pk=company_report.pk)
    assert report.version == company_report.version
    assert not report.sections.exists()


def test_vietnamese_numbers_are_accepted(world, company_report):
    report = save_report(
        company_report,
        Content(values={"chinh-sach-kinh-phi": "1.234.567,5"}),
        by=world.users["as_c1"],
        base_version=company_report.version,
    )
    assert str(report.values.get(indicator_code="chinh-sach-kinh-phi").number) == "1234567.5000"


def test_rich_text_is_sanitised(world, company_report):
    report = save_report(
        company_report,
        Content(sections={"tinh-hinh": '<p onclick="x()">A<script>alert(1)</script><b>B</b></p>'}),
        by=world.users["as_c1"],
        base_version=company_report.version,
    )
    assert report.sections.get().html == "<p>A<b>B</b></p>"


def test_concurrent_edit_is_a_conflict_not_an_overwrite(world, company_report):
    base = company_report.version
    save_report(
        company_report,
        Content(sections={"tinh-hinh": "<p>Của trợ lý</p>"}),
        by=world.users["as_c1"],
        base_version=base,
    )
    with pytest.raises(ConflictError, match="Đỗ Thị Trợ"):
        save_report(
            company_report,
            Content(sections={"tinh-hinh": "<p>Của chính trị viên</p>"}),
            by=world.users["po_c1"],
            base_version=base,
        )
    assert company_report.sections.get().html == "<p>Của trợ lý</p>"


def test_full_workflow_with_audit_and_notifications(world, company_report):
    po, reviewer = world.users["po_c1"], world.users["po_b1"]
    report = fill(company_report, po)
    report = submit_report(report, by=po)
    assert report.first_submitted_at is not None
    with pytest.raises(ReportError, match="đã gửi"):
        save_report(
            report, Content(sections={"tinh-hinh": "x"}), by=po, base_version=report.version
        )
    with pytest.raises(ReportError, match="phải ghi nhận xét"):
        return_report(report, by=reviewer, comment=" ")
    report = return_report(report, by=reviewer, comment="Bổ sung số liệu kỷ luật")
    assert report.status == Report.RETURNED
    assert Notification.objects.filter(
        user=world.users["as_c1"], message__contains="Bổ sung"
    ).exists()
    report = fill(report, po, {"tin-bai": 3})
    first = report.first_submitted_at
    report = submit_report(report, by=po)
    assert report.first_submitted_at == first  # timeliness is judged on the first submission
    report = accept_report(report, by=reviewer)
    assert report.status == Report.ACCEPTED
    with pytest.raises(ReportError):
        save_report(
            report, Content(sections={"tinh-hinh": "x"}), by=po, base_version=report.version
        )
    with pytest.raises(ReportError, match="lý do"):
        unlock_report(report, by=reviewer, reason="")
    report = unlock_report(report, by=reviewer, reason="Sai quân số")
    assert report.status == Report.RETURNED
    actions = list(
        AuditEntry.objects.filter(object_type="reports.report", object_id=str(report.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reports.report.opened",
        "reports.report.updated",
        "reports.report.submitted",
        "reports.report.returned",
        "reports.report.updated",
        "reports.report.submitted",
        "reports.report.accepted",
        "reports.report.unlocked",
    ]


@pytest.mark.parametrize("status", [Report.DRAFT, Report.RETURNED, Report.ACCEPTED])
def test_only_submitted_reports_can_be_returned_or_accepted(world, company_report, status):
    Report.objects.filter(pk=company_report.pk).update(status=status)
    with pytest.raises(ReportError):
        return_report(company_report, by=world.users["po_b1"], comment="x")
    with pytest.raises(ReportError):
        accept_report(company_report, by=world.users["po_b1"])
