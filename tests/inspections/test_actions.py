"""The actions: planning (who, whom, on what), recording findings and remedies, concluding,
closing with evidence and reopening, reminders — each refusal named, each change audited and
announced to the people concerned."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khth.audit.models import AuditEntry
from khth.inspections.actions import (
    InspectionError,
    add_finding,
    add_remedy,
    close_remedy,
    conclude_inspection,
    delete_finding,
    delete_remedy,
    plan_inspection,
    remind_overdue,
    reopen_inspection,
    reopen_remedy,
    save_conclusion,
    update_inspection,
)
from khth.inspections.models import Finding, Inspection, Remedy, RemedyEvidence
from khth.notifications.models import Notification
from tests.inspections.conftest import DOCS, PARTY, R2_DEADLINE, R_DEADLINE, plan_data

pytestmark = pytest.mark.django_db


def told(username: str) -> list[str]:
    return list(
        Notification.objects.filter(user__username=username).values_list("message", flat=True)
    )


# --- planning --------------------------------------------------------------------------------


def test_a_plan_names_units_areas_and_documents(division, planned):
    assert planned.status == Inspection.PLANNED
    assert sorted(planned.units.values_list("code", flat=True)) == ["R", "R2"]
    assert planned.areas == [PARTY, DOCS]  # in the regulation's order
    assert planned.document_kinds == ["nq-thang"]
    assert AuditEntry.objects.filter(action="inspections.inspection.planned").count() == 1
    # The inspected units' people are told; the planner is not.
    assert any("Sư đoàn 330 sẽ kiểm tra Trung đoàn 1 từ 04/03/2024" in m for m in told("cu_r"))
    assert any("Trung đoàn 2" in m for m in told("cu_r2"))
    assert told("po_d") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units": ["D"]}, "không phải đơn vị thuộc quyền"),  # itself: strictly below
        ({"units": ["R", "NOPE"]}, "«NOPE» không phải đơn vị thuộc quyền"),
        ({"units": []}, "Chọn ít nhất một đơn vị"),
        ({"areas": []}, "Chọn ít nhất một nội dung"),
        ({"areas": ["khong-co"]}, "không có trong quy định: khong-co"),
        ({"document_kinds": ["khong-co"]}, "không có trong quy định: khong-co"),
        ({"ends_on": dt.date(2024, 3, 1)}, "Ngày kết thúc trước ngày bắt đầu"),
        ({"title": "  "}, "Chưa ghi tên cuộc kiểm tra"),
        ({"kind": "audit"}, "không hợp lệ"),
    ],
)
def test_a_plan_is_refused_by_name(division, changes, message):
    with pytest.raises(InspectionError, match=message):
        plan_inspection(division.unit("D"), plan_data(**changes), by=division.users["po_d"])
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("username", "unit", "units"),
    [
        ("cu_r", "D", ["R2"]),  # R's commissar: not the division's
        ("admin_d", "D", ["R"]),  # the administrator has no inspection rights
        ("cmd_b1", "B1", ["C1"]),  # commander: read-only
        ("po_d", "R", ["B1"]),  # the division's officer plans the division's, not R's
        ("nobody", "D", ["R"]),
    ],
)
def test_only_the_inspecting_units_own_people_plan(division, username, unit, units):
    with pytest.raises(InspectionError, match="không có quyền lập kế hoạch kiểm tra"):
        plan_inspection(division.unit(unit), plan_data(units=units), by=division.users[username])


def test_a_sibling_is_not_below(division):
    with pytest.raises(InspectionError, match="«R2» không phải đơn vị thuộc quyền Trung đoàn 1"):
        plan_inspection(division.unit("R"), plan_data(units=["R2"]), by=division.users["cu_r"])
    # A regiment inspects its companies, two levels down.
    inspection = plan_inspection(
        division.unit("R"), plan_data(units=["C1", "C3"]), by=division.users["cu_r"]
    )
    assert sorted(inspection.units.values_list("code", flat=True)) == ["C1", "C3"]


def test_editing_keeps_what_has_findings(division, recorded):
    po = division.users["po_d"]
    inspection = recorded.inspection
    with pytest.raises(InspectionError, match="Đã có kết quả kiểm tra Trung đoàn 2"):
        update_inspection(inspection, plan_data(units=["R"]), by=po, base_revision=1)
    with pytest.raises(InspectionError, match="Đã có kết quả kiểm tra về"):
        update_inspection(inspection, plan_data(areas=[PARTY]), by=po, base_revision=1)
    updated = update_inspection(
        inspection,
        plan_data(title="Kiểm tra quý I", ends_on=dt.date(2024, 3, 9)),
        by=po,
        base_revision=1,
    )
    assert (updated.title, updated.ends_on) == ("Kiểm tra quý I", dt.date(2024, 3, 9))
    entry = AuditEntry.objects.get(action="inspections.inspection.updated")
    assert entry.before["title"] != entry.after["title"]
    with pytest.raises(InspectionError, match="Chỉ cán bộ của Sư đoàn 330"):
        update_inspection(inspection, plan_data(), by=division.users["cu_r"], base_revision=2)


# --- findings and remedies -------------------------------------------------------------------


def test_findings_are_about_inspected_units_and_planned_areas(division, planned):
    po = division.users["po_d"]
    with pytest.raises(InspectionError, match="«C1» không phải đơn vị được kiểm tra"):
        add_finding(planned, unit_code="C1", kind=Finding.WEAKNESS, area=PARTY, text="x", by=po)
    with pytest.raises(InspectionError, match="không nằm trong kế hoạch"):
        add_finding(planned, unit_code="R", kind=Finding.WEAKNESS, area="dan-van", text="x", by=po)
    with pytest.raises(InspectionError, match="Chưa ghi nội dung"):
        add_finding(planned, unit_code="R", kind=Finding.WEAKNESS, area=PARTY, text=" ", by=po)
    with pytest.raises(InspectionError, match="Chỉ cán bộ của Sư đoàn 330"):
        add_finding(
            planned,
            unit_code="R",
            kind=Finding.WEAKNESS,
            area=PARTY,
            text="x",
            by=division.users["cu_r"],
        )


def test_a_remedy_goes_to_the_inspected_unit_or_below(division, recorded):
    po = division.users["po_d"]
    assert recorded.r_remedy.owner.code == "R"  # by default, the inspected unit
    below = add_remedy(
        recorded.weakness, action="Tập huấn", deadline=R_DEADLINE, owner_code="C1", by=po
    )
    assert below.owner.code == "C1"
    with pytest.raises(InspectionError, match="phải là Trung đoàn 1 hoặc đơn vị trực thuộc"):
        add_remedy(recorded.weakness, action="x", deadline=R_DEADLINE, owner_code="R2", by=po)
    with pytest.raises(InspectionError, match="Chỉ giao việc khắc phục cho hạn chế"):
        add_remedy(recorded.strength, action="x", deadline=R_DEADLINE, by=po)
    with pytest.raises(InspectionError, match="trước ngày bắt đầu kiểm tra"):
        add_remedy(recorded.weakness, action="x", deadline=dt.date(2024, 3, 1), by=po)
    # Assigned: the owner's people are told, with the deadline.
    assert any("hạn 30/04/2024" in m for m in told("cu_r"))
    assert any("hạn 15/04/2024" in m for m in told("cu_r2"))
    assert any("Đại đội 1" in m for m in told("po_c1"))
    assert not any("Ghi bổ sung sổ" in m for m in told("cu_r"))


def test_deleting_mistakes_but_not_what_was_reported(division, recorded):
    po = division.users["po_d"]
    close_remedy(recorded.r_remedy, evidence="Đã ra nghị quyết", by=division.users["cu_r"])
    with pytest.raises(InspectionError, match="không xóa được"):
        delete_finding(recorded.weakness, by=po)
    with pytest.raises(InspectionError, match="không xóa được"):
        delete_remedy(recorded.r_remedy, by=po)
    delete_remedy(recorded.r2_remedy, by=po)
    delete_finding(recorded.violation, by=po)
    assert not Finding.objects.filter(pk=recorded.violation.pk).exists()
    assert AuditEntry.objects.filter(action="inspections.finding.deleted").count() == 1


# --- conclusion ------------------------------------------------------------------------------


def test_concluding_needs_a_text_every_unit_and_every_remedy(division, planned):
    po = division.users["po_d"]
    with pytest.raises(InspectionError, match="Chưa viết kết luận chung"):
        conclude_inspection(planned, by=po)
    save_conclusion(
        planned,
        "<p>Các đơn vị <b>cơ bản</b> làm tốt.</p><script>x</script>",
        by=po,
        base_revision=1,
    )
    planned.refresh_from_db()
    assert planned.conclusion == "<p>Các đơn vị <b>cơ bản</b> làm tốt.</p>"
    with pytest.raises(InspectionError, match="Chưa ghi kết quả kiểm tra của: Trung đoàn 1"):
        conclude_inspection(planned, by=po)
    add_finding(planned, unit_code="R", kind=Finding.STRENGTH, area=PARTY, text="Tốt", by=po)
    weak = add_finding(
        planned, unit_code="R2", kind=Finding.WEAKNESS, area=DOCS, text="Sổ thiếu", by=po
    )
    with pytest.raises(
        InspectionError, match=re.escape("chưa giao việc khắc phục (Trung đoàn 2: «Sổ thiếu»)")
    ):
        conclude_inspection(planned, by=po)
    add_remedy(weak, action="Bổ sung sổ", deadline=R2_DEADLINE, by=po)
    concluded = conclude_inspection(planned, by=po)
    assert concluded.status == Inspection.CONCLUDED
    assert concluded.concluded_by == po and concluded.concluded_at is not None
    assert any("đã kết luận" in m for m in told("cu_r2"))


def test_a_conclusion_freezes_the_record_until_reopened(division, recorded):
    po = division.users["po_d"]
    inspection = conclude_inspection(
        recorded.inspection, html="<p>Kết luận.</p>", base_revision=1, by=po
    )
    attempts: list[Callable[[], object]] = [
        lambda: add_finding(
            inspection, unit_code="R", kind=Finding.STRENGTH, area=PARTY, text="x", by=po
        ),
        lambda: add_remedy(recorded.weakness, action="x", deadline=R_DEADLINE, by=po),
        lambda: save_conclusion(inspection, "<p>Khác</p>", by=po, base_revision=2),
        lambda: update_inspection(inspection, plan_data(), by=po, base_revision=2),
        lambda: delete_remedy(recorded.r2_remedy, by=po),
    ]
    for attempt in attempts:
        with pytest.raises(InspectionError, match="đã kết luận"):
            attempt()
    # Follow-up goes on after the conclusion.
    close_remedy(recorded.r_remedy, evidence="Đã ra nghị quyết", by=division.users["cu_r"])
    with pytest.raises(InspectionError, match="Chưa ghi lý do"):
        reopen_inspection(inspection, note="", by=po)
    reopened = reopen_inspection(inspection, note="Bổ sung kết quả Trung đoàn 2", by=po)
    assert reopened.status == Inspection.PLANNED and reopened.concluded_at is None
    entry = AuditEntry.objects.get(action="inspections.inspection.reopened")
    assert entry.note == "Bổ sung kết quả Trung đoàn 2"
    add_finding(reopened, unit_code="R2", kind=Finding.STRENGTH, area=PARTY, text="x", by=po)


# --- closing and reopening -------------------------------------------------------------------


def test_only_the_owner_units_own_people_close(division, recorded):
    remedy = recorded.r_remedy
    for username in ["po_d", "cu_r2", "po_b1", "cmd_b1", "admin_d"]:
        with pytest.raises(InspectionError, match="Chỉ cán bộ của Trung đoàn 1"):
            close_remedy(remedy, evidence="x", by=division.users[username])
    with pytest.raises(InspectionError, match="Chưa ghi kết quả khắc phục"):
        close_remedy(remedy, evidence="  ", by=division.users["cu_r"])
    remedy.refresh_from_db()
    assert remedy.status == Remedy.OPEN


def test_a_remedy_owned_below_is_closed_below(division, recorded):
    po = division.users["po_d"]
    remedy = add_remedy(
        recorded.weakness, action="Tập huấn", deadline=R_DEADLINE, owner_code="C1", by=po
    )
    with pytest.raises(InspectionError, match="Chỉ cán bộ của Đại đội 1"):
        close_remedy(remedy, evidence="x", by=division.users["cu_r"])  # above it: not at it
    closed = close_remedy(remedy, evidence="Đã tập huấn", by=division.users["as_c1"])
    assert closed.status == Remedy.CLOSED


def test_closing_with_evidence_and_a_file(division, recorded):
    cu_r = division.users["cu_r"]
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minh chung", "application/pdf")
    remedy = close_remedy(
        recorded.r_remedy, evidence="Đã ra nghị quyết tháng 4", upload=upload, by=cu_r
    )
    assert (remedy.status, remedy.evidence, remedy.closed_by) == (
        Remedy.CLOSED,
        "Đã ra nghị quyết tháng 4",
        cu_r,
    )
    stored = RemedyEvidence.objects.get(remedy=remedy)
    assert stored.original_name == "bien-ban.pdf"
    assert stored.file.name == f"inspections/{remedy.pk}/{stored.token}"  # our name, not theirs
    assert stored.file.read() == b"%PDF-1.4 minh chung"
    entry = AuditEntry.objects.get(action="inspections.remedy.closed")
    assert entry.after["file"] == "bien-ban.pdf"
    assert any("Trung đoàn 1 báo cáo đã khắc phục" in m for m in told("po_d"))
    with pytest.raises(InspectionError, match="đã được báo cáo hoàn thành"):
        close_remedy(remedy, evidence="lần nữa", by=cu_r)


def test_a_refused_file_closes_nothing(division, recorded):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(InspectionError, match="chỉ nhận"):
        close_remedy(recorded.r_remedy, evidence="x", upload=bad, by=division.users["cu_r"])
    recorded.r_remedy.refresh_from_db()
    assert recorded.r_remedy.status == Remedy.OPEN
    assert not RemedyEvidence.objects.exists()


def test_the_inspector_reopens_a_closure_with_a_note(division, recorded):
    cu_r, po = division.users["cu_r"], division.users["po_d"]
    remedy = close_remedy(recorded.r_remedy, evidence="Đã làm", by=cu_r)
    with pytest.raises(InspectionError, match="Chỉ cán bộ của Sư đoàn 330"):
        reopen_remedy(remedy, note="x", by=cu_r)
    with pytest.raises(InspectionError, match="Chưa ghi lý do"):
        reopen_remedy(remedy, note="", by=po)
    reopened = reopen_remedy(remedy, note="Nghị quyết vẫn chung chung", by=po)
    assert reopened.status == Remedy.OPEN
    assert reopened.reopen_note == "Nghị quyết vẫn chung chung"
    assert (reopened.reopened_by, reopened.closed_at) == (po, None)
    assert any(
        "chưa chấp nhận kết quả khắc phục: Nghị quyết vẫn chung chung" in m for m in told("cu_r")
    )
    with pytest.raises(InspectionError, match="chưa được báo cáo hoàn thành"):
        reopen_remedy(reopened, note="x", by=po)
    assert close_remedy(reopened, evidence="Đã ra lại", by=cu_r).status == Remedy.CLOSED


# --- reminders -------------------------------------------------------------------------------


def test_overdue_remedies_are_reminded_to_both_sides_once(division, recorded):
    # 16 April 2024: R2's remedy (due the 15th) is overdue, R's (due the 30th) is not.
    first = remind_overdue(dt.date(2024, 4, 16))
    assert (first.remedies, first.notifications) == (1, 2)
    assert told("cu_r2")[0].startswith("Trung đoàn 2 có 1 việc khắc phục")
    assert any("1 việc khắc phục Sư đoàn 330 giao" in m for m in told("po_d"))
    assert not any("quá hạn" in m for m in told("cu_r"))
    # Again the same day, and the next days: nobody is told again.
    for offset in range(0, 7):
        again = remind_overdue(dt.date(2024, 4, 16) + dt.timedelta(days=offset))
        assert (again.remedies, again.notifications) == (0, 0)
    # A week later: told again (R's remedy, due the 30th, is still in time).
    week = remind_overdue(dt.date(2024, 4, 23))
    assert (week.remedies, week.notifications) == (1, 2)
    # 30 April: R2's again (a week on); R's is due today, not overdue.
    assert remind_overdue(dt.date(2024, 4, 30)).remedies == 1
    # 1 May: R's is overdue for the first time; R2's was told yesterday.
    may = remind_overdue(dt.date(2024, 5, 1))
    assert may.remedies == 1
    assert any("Trung đoàn 1 có 1 việc khắc phục" in m for m in told("cu_r"))
    assert AuditEntry.objects.filter(action="inspections.remedy.reminded").count() == 4


def test_closed_remedies_are_not_reminded_and_reopening_resets(division, recorded):
    po, cu_r2 = division.users["po_d"], division.users["cu_r2"]
    remind_overdue(dt.date(2024, 4, 16))
    closed = close_remedy(recorded.r2_remedy, evidence="Đã ghi", by=cu_r2)
    assert remind_overdue(dt.date(2024, 4, 25)).remedies == 0
    reopen_remedy(closed, note="Chưa đủ", by=po)
    assert remind_overdue(dt.date(2024, 4, 26)).remedies == 1
