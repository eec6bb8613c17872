"""Putting a section's draft into the report: marked «chưa biên tập» and not written until
edited, never over the unit's own text, only in an editable report by the people who prepare
it, in one transaction with its audit entry, and the stale-save protection kept."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from khth.audit.models import AuditEntry
from khth.documents.render import render
from khth.reports.actions import (
    ConflictError,
    Content,
    ReportError,
    completeness,
    open_report,
    save_report,
    submit_report,
)
from khth.reports.completeness import DONE, UNEDITED
from khth.reports.documents import report_document
from khth.reports.models import Report, SectionText
from khth.synthesis.actions import SynthesisError, insert_draft
from khth.synthesis.models import SectionSynthesis
from khth.web.history import describe
from tests.reports.conftest import MONTHLY, PERIOD, fill
from tests.synthesis.conftest import SECTION, page, sent

pytestmark = pytest.mark.django_db


def text_of(report: Report, section: str = SECTION) -> SectionText:
    return SectionText.objects.get(report=report, section_code=section)


def state_of(report: Report, section: str = SECTION) -> str:
    report.refresh_from_db()
    return next(i.state for i in completeness(report).items if i.code == section)


def test_the_draft_goes_in_unedited_and_counts_once_edited(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    by = world.users["po_b1"]
    version = battalion_report.version
    kept = insert_draft(battalion_report, SECTION, scope="children", by=by)
    row = text_of(battalion_report)
    assert row.prefilled
    assert row.html.startswith("<p>") and "Đại đội 1" in row.html
    # Not the raw copy it replaced: the subordinates' "Đại đội 1:" headings are gone.
    assert "<b>Đại đội 1:</b>" not in row.html
    assert state_of(battalion_report) == UNEDITED
    battalion_report.refresh_from_db()
    assert battalion_report.version == version + 1

    # What the draft drew on: the groups, their units and each sentence's source report.
    assert (kept.scope, kept.expected, kept.written) == ("children", 2, 2)
    refs = {s["ref"] for g in kept.groups for s in g["sentences"]}
    assert refs == {str(r.pk) for r in company_reports.values()}
    assert {u for g in kept.groups for u in g["units"]} == {"Đại đội 1", "Đại đội 2"}

    entry = AuditEntry.objects.get(action="reports.report.synthesis_drafted")
    assert entry.object_id == str(battalion_report.pk) and entry.actor == by
    line = describe([entry])[0]
    assert line.sentence == "Đưa bản nháp tổng hợp nội dung của cấp dưới vào báo cáo"
    assert "bản nháp tổng hợp từ nội dung của 2/2 đơn vị (cấp dưới trực tiếp)" in line.note

    # Saved unchanged it stays a draft; edited it becomes the unit's own text.
    save_report(
        battalion_report,
        Content(sections={SECTION: row.html}),
        by=by,
        base_version=battalion_report.version,
    )
    assert state_of(battalion_report) == UNEDITED
    save_report(
        battalion_report,
        Content(sections={SECTION: row.html + "<p>Tiểu đoàn nhận xét thêm.</p>"}),
        by=by,
        base_version=battalion_report.version,
    )
    assert not text_of(battalion_report).prefilled
    assert state_of(battalion_report) == DONE
    # The report still knows where its text came from.
    assert SectionSynthesis.objects.filter(report=battalion_report, section_code=SECTION).exists()


def test_the_draft_never_overwrites_the_units_own_text(world: Any, battalion_report: Report):
    by = world.users["po_b1"]
    own = "<p>Tiểu đoàn tự viết.</p>"
    save_report(
        battalion_report,
        Content(sections={SECTION: own}),
        by=by,
        base_version=battalion_report.version,
    )
    with pytest.raises(ReportError, match="đã có nội dung do đơn vị viết"):
        insert_draft(battalion_report, SECTION, scope="children", by=by)
    assert text_of(battalion_report).html == own
    assert not SectionSynthesis.objects.exists()
    # Emptied by its writer, the section takes the draft again.
    battalion_report.refresh_from_db()
    save_report(
        battalion_report,
        Content(sections={SECTION: ""}),
        by=by,
        base_version=battalion_report.version,
    )
    insert_draft(battalion_report, SECTION, scope="children", by=by)
    assert text_of(battalion_report).prefilled


def test_a_report_that_is_not_editable_is_refused(world: Any, battalion_report: Report):
    by = world.users["po_b1"]
    Report.objects.filter(pk=battalion_report.pk).update(status=Report.SUBMITTED)
    battalion_report.refresh_from_db()
    before = text_of(battalion_report).html
    with pytest.raises(ReportError, match="không sửa được"):
        insert_draft(battalion_report, SECTION, scope="children", by=by)
    assert text_of(battalion_report).html == before
    # The page offers no button, and a POST says why rather than failing.
    client = world.client("po_b1")
    assert "Đưa bản nháp vào báo cáo" not in client.get(page(battalion_report)).content.decode()
    response = client.post(page(battalion_report), {"scope": "children"}, follow=True)
    assert "không sửa được" in response.content.decode()


def test_a_read_only_user_is_refused(world: Any, battalion_report: Report):
    with pytest.raises(PermissionDenied):
        insert_draft(battalion_report, SECTION, scope="children", by=world.users["cmd_b1"])
    assert world.client("cmd_b1").post(page(battalion_report)).status_code == 403
    assert text_of(battalion_report).html.startswith("<p><b>Đại đội 1:</b>")


def test_nothing_to_synthesise_is_refused(world: Any, battalion_report: Report):
    # «Đề xuất, kiến nghị» of the companies was the complete content's text: empty it.
    SectionText.objects.filter(section_code="de-xuat").exclude(report=battalion_report).update(
        html=""
    )
    with pytest.raises(SynthesisError, match="Chưa có nội dung nào của cấp dưới"):
        insert_draft(battalion_report, "de-xuat", scope="children", by=world.users["po_b1"])
    with pytest.raises(SynthesisError, match="Không có mục «ket-qua»"):
        insert_draft(battalion_report, "ket-qua", scope="children", by=world.users["po_b1"])
    with pytest.raises(SynthesisError, match="Phạm vi tổng hợp"):
        insert_draft(battalion_report, SECTION, scope="ca-nuoc", by=world.users["po_b1"])


def test_one_transaction_nothing_half_saved(world: Any, battalion_report: Report, monkeypatch):
    before = (text_of(battalion_report).html, battalion_report.version)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SectionSynthesis.objects, "update_or_create", broken)
    with pytest.raises(RuntimeError):
        insert_draft(battalion_report, SECTION, scope="children", by=world.users["po_b1"])
    battalion_report.refresh_from_db()
    assert (text_of(battalion_report).html, battalion_report.version) == before
    assert text_of(battalion_report).html.startswith("<p><b>Đại đội 1:</b>")
    assert not AuditEntry.objects.filter(action="reports.report.synthesis_drafted").exists()


def test_an_editor_opened_before_the_insertion_refuses_its_stale_save(
    world: Any, battalion_report: Report
):
    by = world.users["po_b1"]
    opened_on = battalion_report.version
    insert_draft(battalion_report, SECTION, scope="children", by=by)
    with pytest.raises(ConflictError):
        save_report(
            battalion_report,
            Content(sections={SECTION: "<p>Bản cũ</p>"}),
            by=by,
            base_version=opened_on,
        )
    # The page's form says so too (409), and keeps what was typed.
    client = world.client("po_b1")
    response = client.post(
        f"/reports/{battalion_report.pk}/edit/",
        {"base_version": str(opened_on), f"section-{SECTION}": "<p>Bản cũ</p>"},
    )
    assert response.status_code == 409


def test_the_draft_is_plain_text_escaped(world: Any):
    sent(world, "C1", {SECTION: "<p>Học tập chủ đề «a &lt; b» &amp; &lt;script&gt;.</p>"})
    sent(world, "C2", {SECTION: "<p>Học tập chủ đề «a &lt; b» &amp; &lt;script&gt;.</p>"})
    battalion = open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])
    insert_draft(battalion, SECTION, scope="children", by=world.users["po_b1"])
    html = text_of(battalion).html
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert re.fullmatch(r"(<p>[^<>]*</p>)+", html), html


def test_a_superiors_report_sent_up_prints_the_edited_text(world: Any, battalion_report: Report):
    """The official document prints the section's text: the draft once edited."""
    by = world.users["po_b1"]
    insert_draft(battalion_report, SECTION, scope="children", by=by)
    battalion_report.refresh_from_db()
    report = fill(battalion_report, by)  # every section edited, SECTION among them
    edited = "<p>Tiểu đoàn đã tổ chức 20 buổi học tập chính trị.</p>"
    report = save_report(
        report, Content(sections={SECTION: edited}), by=by, base_version=report.version
    )
    report = submit_report(report, by=by)
    data, _extension = render(report_document(report))
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Tiểu đoàn đã tổ chức 20 buổi học tập chính trị." in text
