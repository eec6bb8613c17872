"""Plan pages through HTTP: scope for each role, the editor (round trip, conflict, bad input
named, live check, «Nhận thực hiện»), the workflow buttons, task progress, plan results on the
consolidation page, and query counts that do not grow with the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.actions import approve_plan, create_plan, issue_plan, save_plan
from khth.plans.content import PlanContent, TargetIn
from khth.plans.models import Plan, Task
from khth.plans.stored import content_of
from khth.reports.actions import open_report, submit_report
from tests.plans.conftest import TARGET_TEXT, YEAR, YEARLY, good_task
from tests.reports.conftest import MONTHLY, fill

pytestmark = pytest.mark.django_db

VAGUE = "Tăng cường giáo dục chính trị"


def b1_plan(world: Any) -> Plan:
    return create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=world.users["po_b1"])


def editor_post(
    plan: Plan,
    *,
    title: str | None = None,
    sections: dict[str, str] | None = None,
    targets: Sequence[dict[str, Any]] = (),
    tasks: Sequence[dict[str, Any]] = (),
    milestones: Sequence[dict[str, Any]] = (),
    entries: Sequence[dict[str, Any]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """The editor's form as a browser posts it: one group of fields per row."""
    data: dict[str, Any] = {"revision": str(plan.revision), "title": title or plan.title}
    for code, html in (sections or {}).items():
        data[f"section-{code}"] = html
    for kind, rows in (
        ("target", targets),
        ("task", tasks),
        ("milestone", milestones),
        ("entry", entries),
    ):
        for i, row in enumerate(rows, start=1):
            data[f"{kind}-{i}-key"] = row.get("key", "")
            for name, value in row.items():
                data[f"{kind}-{i}-{name}"] = value
    data.update(extra)
    return data


def specific_task(**changes: Any) -> dict[str, Any]:
    row = {
        "title": "Giáo dục chính trị cho chiến sĩ mới",
        "measures": "Tổ chức 12 buổi học, kiểm tra nhận thức cuối đợt cho 100% quân số",
        "lead_unit": "B1",
        "starts_on": "2024-03-01",
        "ends_on": "2024-05-31",
    }
    row.update(changes)
    return row


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_b1", 200), ("cmd_b1", 200), ("cu_r", 200), ("po_c1", 404), ("nobody", 404)],
)
def test_planning_page_and_plan_page_follow_scope(world, username, status):
    plan = b1_plan(world)
    client = world.client(username)
    assert client.get("/plans/unit/B1/").status_code == status
    assert client.get(f"/plans/{plan.pk}/").status_code == status
    assert client.get(f"/plans/{plan.pk}/diff/").status_code == 404  # no earlier version


def test_only_the_units_political_officer_edits_and_approves(world):
    plan = b1_plan(world)
    page = world.client("po_b1").get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/edit/"' in page
    assert f'action="/plans/{plan.pk}/approve/"' in page
    assert world.client("po_b1").get(f"/plans/{plan.pk}/edit/").status_code == 200
    # The commander reads the plan; no editing, no approval.
    commander = world.client("cmd_b1")
    page = commander.get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-testid="plan-status"' in page
    assert f"/plans/{plan.pk}/edit/" not in page
    assert f"/plans/{plan.pk}/approve/" not in page
    assert commander.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert commander.post(f"/plans/{plan.pk}/edit/", editor_post(plan)).status_code == 403
    assert commander.post(f"/plans/{plan.pk}/approve/").status_code == 403
    assert commander.post(f"/plans/{plan.pk}/check/", editor_post(plan)).status_code == 403
    # A superior reads it but prepares only its own unit's plans.
    assert world.client("cu_r").get(f"/plans/{plan.pk}/edit/").status_code == 403
    # A company sees nothing of its battalion's plans.
    company = world.client("po_c1")
    assert company.get(f"/plans/{plan.pk}/edit/").status_code == 404
    assert company.post(f"/plans/{plan.pk}/approve/").status_code == 404
    assert company.post(f"/plans/{plan.pk}/discard/").status_code == 404
    assert Plan.objects.get(pk=plan.pk).status == Plan.DRAFT


def test_the_nav_leads_to_the_own_units_planning_page(world):
    assert world.client("po_b1").get("/plans/").url == "/plans/unit/B1/"
    assert world.client("po_c1").get("/plans/").url == "/plans/unit/C1/"
    assert world.client("nobody").get("/plans/").url == "/"
    # The menu links straight to it: no redirect on a click.
    assert 'href="/plans/unit/C1/"' in world.client("po_c1").get("/").content.decode()
    # Without a unit the menu keeps the entry's own address, which says so.
    assert 'href="/plans/"' in world.client("nobody").get("/").content.decode()


# --- planning page ---------------------------------------------------------------------------


def test_new_plan_from_the_planning_page(world):
    client = world.client("po_b1")
    page = client.get("/plans/unit/B1/").content.decode()
    assert 'value="kh-ctd-nam"' in page
    assert 'value="hd-ctd"' not in page  # guidance is issued from the regiment up
    response = client.post("/plans/unit/B1/new/", {"kind_code": YEARLY, "period_id": YEAR})
    plan = Plan.objects.get(unit__code="B1", kind_code=YEARLY)
    assert response.url == f"/plans/{plan.pk}/edit/"
    # Asking again opens the one already there.
    again = client.post("/plans/unit/B1/new/", {"kind_code": YEARLY, "period_id": YEAR})
    assert again.url == f"/plans/{plan.pk}/edit/"
    assert Plan.objects.filter(unit__code="B1").count() == 1
    # A weekly schedule needs a week, a task plan its dates.
    bad = client.post("/plans/unit/B1/new/", {"kind_code": "lhd-tuan", "period_id": "2024"})
    assert bad.status_code == 400
    assert "lập theo kỳ" in bad.content.decode()
    missing = client.post("/plans/unit/B1/new/", {"kind_code": "kh-nhiem-vu"})
    assert missing.status_code == 400
    assert "ngày bắt đầu và ngày kết thúc" in missing.content.decode()
    created = client.post(
        "/plans/unit/B1/new/",
        {
            "kind_code": "kh-nhiem-vu",
            "starts_on": "2024-03-01",
            "ends_on": "2024-05-31",
            "task_code": "huan-luyen-chien-si-moi",
        },
    )
    assert created.status_code == 302
    assert Plan.objects.get(unit__code="B1", kind_code="kh-nhiem-vu").task_code
    refused = client.post("/plans/unit/B1/new/", {"kind_code": "hd-ctd", "period_id": YEAR})
    assert refused.status_code == 400
    assert world.client("cmd_b1").post("/plans/unit/B1/new/", {}).status_code == 403
    assert world.client("po_c1").post("/plans/unit/B1/new/", {}).status_code == 404


def test_planning_page_lists_plans_and_what_superiors_assign(world, regiment_plan):
    client = world.client("po_b1")
    page = client.get("/plans/unit/B1/?year=2024").content.decode()
    assert TARGET_TEXT in page
    assert "chưa có kế hoạch thực hiện" in page
    assert page.count("Nhận thực hiện") == 0  # no draft to take it into yet
    plan = b1_plan(world)
    page = client.get("/plans/unit/B1/?year=2024").content.decode()
    assert f'data-plan="{plan.pk}"' in page
    assert page.count("Nhận thực hiện") == 2  # the target and the task
    key = content_of(regiment_plan).targets[0].key  # type: ignore[index]
    response = client.post(f"/plans/{plan.pk}/take/", {"key": str(key)})
    assert response.url == f"/plans/{plan.pk}/edit/"
    target = plan.targets.get()
    assert (target.assigned_key, target.indicator_code, target.value) == (
        key,
        "gdct-ty-le",
        Decimal(95),
    )
    page = client.get("/plans/unit/B1/?year=2024").content.decode()
    assert page.count("chưa có kế hoạch thực hiện") == 1  # only the task is left
    # The other battalion is assigned nothing; the company nothing either.
    assert TARGET_TEXT not in world.client("cu_r").get("/plans/unit/B2/?year=2024").content.decode()
    assert (
        TARGET_TEXT not in world.client("po_c1").get("/plans/unit/C1/?year=2024").content.decode()
    )
    assert (
        world.client("po_c1").post(f"/plans/{plan.pk}/take/", {"key": str(key)}).status_code == 404
    )


# --- the editor ------------------------------------------------------------------------------


def test_edit_round_trip(world, regiment_plan):
    client = world.client("po_b1")
    plan = b1_plan(world)
    key = content_of(regiment_plan).targets[0].key  # type: ignore[index]
    data = editor_post(
        plan,
        title="Kế hoạch CTĐ, CTCT năm 2024 của Tiểu đoàn 1",
        sections={"muc-dich-yeu-cau": "<p>Bảo đảm <b>100%</b> quân số</p><script>x()</script>"},
        targets=[
            {
                "text": TARGET_TEXT,
                "indicator": "bc-thang:gdct-ty-le",
                "comparison": ">=",
                "value": "95,5",
                "due_on": "31/12/2024",
                "assigned_key": str(key),
                "assignees": ["C1", "C2"],
            }
        ],
        tasks=[specific_task(lead_unit="C1", participant_units=["C2"], is_key="1")],
        milestones=[
            {"due_on": "2024-06-15", "content": "Sơ kết 6 tháng", "template": "bc-6-thang"}
        ],
    )
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    plan.refresh_from_db()
    assert plan.revision == 2
    assert plan.title == "Kế hoạch CTĐ, CTCT năm 2024 của Tiểu đoàn 1"
    assert "script" not in plan.sections["muc-dich-yeu-cau"]
    content = content_of(plan)
    target = content.targets[0]  # type: ignore[index]
    assert (target.value, target.due_on, target.assigned_key) == (
        Decimal("95.5"),
        dt.date(2024, 12, 31),
        key,
    )
    assert target.assignees == ["C1", "C2"]
    task = content.tasks[0]  # type: ignore[index]
    assert (task.lead_unit, task.participant_units, task.is_key) == ("C1", ["C2"], True)
    assert content.milestones[0].template == "bc-6-thang"  # type: ignore[index]
    page = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert 'value="95,5"' in page
    assert 'value="2024-12-31"' in page
    # Saving the form as shown keeps every item's identity; a row left blank is dropped.
    stored = content_of(plan)
    again = editor_post(
        plan,
        targets=[{"key": str(stored.targets[0].key), "text": TARGET_TEXT}],  # type: ignore[index]
        tasks=[{"key": "", "title": ""}],
    )
    assert client.post(f"/plans/{plan.pk}/edit/", again).status_code == 302
    assert plan.targets.get().key == stored.targets[0].key  # type: ignore[index]
    assert not plan.tasks.exists()
    # A row can be removed with its box.
    plan.refresh_from_db()
    removed = editor_post(plan, targets=[{"key": "", "text": TARGET_TEXT, "delete": "1"}])
    assert client.post(f"/plans/{plan.pk}/edit/", removed).status_code == 302
    assert not plan.targets.exists()


def test_add_row_shows_another_empty_row_and_saves_nothing(world):
    client = world.client("po_b1")
    plan = b1_plan(world)
    data = editor_post(plan, tasks=[specific_task()], add="task")
    page = client.post(f"/plans/{plan.pk}/edit/", data).content.decode()
    assert page.count('data-testid="task-row"') == 3  # the typed one and two empty
    assert 'name="task-3-title"' in page
    assert "Giáo dục chính trị cho chiến sĩ mới" in page
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_a_stale_save_shows_the_conflict_and_keeps_the_typed_input(world):
    client = world.client("po_b1")
    plan = b1_plan(world)
    first = editor_post(plan, title="Kế hoạch năm 2024 (bản của trợ lý)")
    assert client.post(f"/plans/{plan.pk}/edit/", first).status_code == 302
    stale = editor_post(
        plan,
        title="Tên đang gõ dở",
        sections={"muc-dich-yeu-cau": "<p>Mục đích đang gõ</p><script>alert(1)</script>"},
        tasks=[specific_task(title="Hội thi 3 vòng")],
    )
    response = client.post(f"/plans/{plan.pk}/edit/", stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "sau khi bạn mở" in page
    assert "Tên đang gõ dở" in page
    assert "Hội thi 3 vòng" in page
    assert "<p>Mục đích đang gõ</p>" in page
    assert "<script>alert(1)" not in page
    assert Plan.objects.get(pk=plan.pk).title == "Kế hoạch năm 2024 (bản của trợ lý)"


def test_bad_dates_and_numbers_are_named_by_row_and_field(world):
    client = world.client("po_b1")
    plan = b1_plan(world)
    data = editor_post(
        plan,
        targets=[{"text": "Tỷ lệ khá giỏi", "comparison": ">=", "value": "9x5"}],
        tasks=[specific_task(), specific_task(title="Hội thi", starts_on="31/02/2024")],
        milestones=[{"due_on": "", "content": "Sơ kết"}],
    )
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhiệm vụ 2, Bắt đầu: «31/02/2024» không phải ngày hợp lệ" in page
    assert "Chỉ tiêu 1, Mức: «9x5» không phải số" in page
    assert "Mốc 1, Thời hạn: chưa ghi" in page
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision
    # What the save itself refuses (a unit outside the subtree) is named too, nothing stored.
    outside = editor_post(plan, tasks=[specific_task(lead_unit="C3")])
    page = client.post(f"/plans/{plan.pk}/edit/", outside).content.decode()
    assert "Nhiệm vụ 1: «C3» không phải đơn vị thuộc quyền" in page
    assert not plan.tasks.exists()
    # Garbage never makes a 500.
    junk = editor_post(
        plan,
        targets=[{"text": "x" * 600, "assigned_key": "không-phải-khóa", "due_on": "0001-01-01"}],
        entries=[{"starts_at": "hôm nay", "content": "x"}],
        revision="abc",
    )
    assert client.post(f"/plans/{plan.pk}/edit/", junk).status_code in {200, 409}
    assert client.post(f"/plans/{plan.pk}/check/", junk).status_code == 200


def test_live_check_lists_a_vague_task_and_an_uncovered_target_by_name(world, regiment_plan):
    client = world.client("po_b1")
    plan = b1_plan(world)
    data = editor_post(
        plan,
        tasks=[specific_task(title=VAGUE, measures="Học tập theo kế hoạch")],
    )
    response = client.post(f"/plans/{plan.pk}/check/", data)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'data-testid="findings"' in fragment
    assert "<html" not in fragment
    assert f"Nhiệm vụ 1 «{VAGUE}»" in fragment
    assert "«tăng cường» chưa nêu đối tượng hay mức cụ thể" in fragment
    assert f"Chỉ tiêu cấp trên giao «{TARGET_TEXT}»" in fragment
    assert "phải sửa" in fragment and "lưu ý" in fragment
    assert plan.tasks.count() == 0  # nothing saved
    # Specific wording does not fire; a date typed wrong is named, not a 500.
    data = editor_post(plan, tasks=[specific_task(ends_on="32/05/2024")])
    fragment = client.post(f"/plans/{plan.pk}/check/", data).content.decode()
    assert "tăng cường" not in fragment
    assert "Nhiệm vụ 1, Kết thúc: «32/05/2024» không phải ngày hợp lệ" in fragment


def test_take_an_assigned_target_in_the_editor(world, regiment_plan):
    client = world.client("po_b1")
    plan = b1_plan(world)
    source = content_of(regiment_plan)
    key = source.targets[0].key  # type: ignore[index]
    data = editor_post(plan, tasks=[specific_task()], take=str(key))
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302
    content = content_of(plan)
    assert [t.assigned_key for t in content.targets or ()] == [key]
    assert [t.title for t in content.tasks or ()] == ["Giáo dục chính trị cho chiến sĩ mới"]
    page = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert "đã có nội dung thực hiện" in page
    # A key that is not assigned to the unit is refused by name.
    data = editor_post(Plan.objects.get(pk=plan.pk), take="00000000-0000-0000-0000-000000000000")
    page = client.post(f"/plans/{plan.pk}/edit/", data).content.decode()
    assert "không giao cho đơn vị" in page


# --- workflow --------------------------------------------------------------------------------


def test_approval_is_refused_with_blocking_findings(world, regiment_plan):
    client = world.client("po_b1")
    plan = b1_plan(world)
    response = client.post(f"/plans/{plan.pk}/approve/", follow=True)
    page = response.content.decode()
    assert "Chưa phê duyệt được" in page
    assert TARGET_TEXT in page
    assert Plan.objects.get(pk=plan.pk).status == Plan.DRAFT
    # «Lưu và phê duyệt» saves, then refuses the approval with the same message.
    data = editor_post(plan, tasks=[specific_task()], then="approve")
    page = client.post(f"/plans/{plan.pk}/edit/", data, follow=True).content.decode()
    assert "Chưa phê duyệt được" in page
    assert Plan.objects.get(pk=plan.pk).tasks.count() == 1


def test_save_and_approve_then_issue_then_amend(world):
    client = world.client("cu_r")
    plan = create_plan(world.unit("R"), YEARLY, period_id=YEAR, by=world.users["cu_r"])
    target = {
        "text": TARGET_TEXT,
        "indicator": "bc-thang:gdct-ty-le",
        "comparison": ">=",
        "value": "95",
        "due_on": "2024-12-31",
        "assignees": ["B1", "B2"],
    }
    data = editor_post(plan, targets=[target], tasks=[specific_task(lead_unit="R")], then="approve")
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.url == f"/plans/{plan.pk}/"
    assert Plan.objects.get(pk=plan.pk).status == Plan.APPROVED
    # Approved: the editor is closed.
    assert client.get(f"/plans/{plan.pk}/edit/").url == f"/plans/{plan.pk}/"
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'action="/plans/{plan.pk}/issue/"' in page
    assert client.post(f"/plans/{plan.pk}/issue/").status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == Plan.ISSUED
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Đã ban hành" in page
    # An amendment needs a reason.
    page = client.post(f"/plans/{plan.pk}/amend/", {"note": " "}, follow=True).content.decode()
    assert "Ghi lý do sửa đổi" in page
    response = client.post(f"/plans/{plan.pk}/amend/", {"note": "Nâng chỉ tiêu theo chỉ đạo"})
    new = Plan.objects.get(series=plan.series, version=2)
    assert response.url == f"/plans/{new.pk}/edit/"
    stored = content_of(new)
    changed = {**target, "key": str(stored.targets[0].key), "value": "97"}  # type: ignore[index]
    task = specific_task(lead_unit="R", key=str(stored.tasks[0].key))  # type: ignore[index]
    data = editor_post(new, targets=[changed], tasks=[task])
    assert client.post(f"/plans/{new.pk}/edit/", data).status_code == 302
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Đang soạn bản sửa đổi lần 2" in page
    diff = client.get(f"/plans/{new.pk}/diff/")
    assert diff.status_code == 200
    assert "97" in diff.content.decode()
    assert 'data-change="changed"' in diff.content.decode()
    # The unwanted amendment can be discarded; the issued version stays.
    assert client.post(f"/plans/{new.pk}/discard/").url == "/plans/unit/R/"
    assert not Plan.objects.filter(pk=new.pk).exists()
    assert Plan.objects.get(pk=plan.pk).status == Plan.ISSUED


def test_a_party_committees_programme_is_approved_on_its_resolution(world):
    client = world.client("po_b1")
    plan = create_plan(
        world.unit("B1"), "ctr-kiem-tra-giam-sat", period_id=YEAR, by=world.users["po_b1"]
    )
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'name="reference"' in page
    page = client.post(f"/plans/{plan.pk}/approve/", follow=True).content.decode()
    assert "nghị quyết hoặc biên bản" in page
    client.post(f"/plans/{plan.pk}/approve/", {"reference": "Nghị quyết số 05-NQ/ĐU"})
    plan.refresh_from_db()
    assert (plan.status, plan.approval_reference) == (Plan.APPROVED, "Nghị quyết số 05-NQ/ĐU")


# --- progress --------------------------------------------------------------------------------


def test_the_lead_unit_reports_progress_on_a_superiors_task(world):
    officer = world.users["cu_r"]
    plan = create_plan(world.unit("R"), YEARLY, period_id=YEAR, by=officer)
    content = PlanContent(tasks=[good_task("Hội thi tuyên truyền viên giỏi", lead_unit="B1")])
    plan = save_plan(plan, content, by=officer, base_revision=plan.revision)
    issue_plan(approve_plan(plan, by=officer), by=officer)
    task = plan.tasks.get()
    battalion = world.client("po_b1")
    assert battalion.get(f"/plans/{plan.pk}/").status_code == 404  # the regiment's plan
    page = battalion.get("/plans/unit/B1/?year=2024").content.decode()
    assert 'data-testid="led"' in page
    assert f'action="/plans/tasks/{task.pk}/progress/"' in page
    response = battalion.post(
        f"/plans/tasks/{task.pk}/progress/",
        {"progress": Task.DONE, "note": "Đã tổ chức, 3 giải", "back": "unit"},
    )
    assert response.url == "/plans/unit/B1/"
    task.refresh_from_db()
    assert (task.progress, task.progress_note) == (Task.DONE, "Đã tổ chức, 3 giải")
    # The regiment sees it done on its plan; a bad state, a reader, a stranger change nothing.
    assert "Đã hoàn thành" in world.client("cu_r").get(f"/plans/{plan.pk}/").content.decode()
    battalion.post(f"/plans/tasks/{task.pk}/progress/", {"progress": "xong"})
    world.client("cmd_b1").post(f"/plans/tasks/{task.pk}/progress/", {"progress": "in_progress"})
    assert Task.objects.get(pk=task.pk).progress == Task.DONE
    company = world.client("po_c1")
    assert company.post(f"/plans/tasks/{task.pk}/progress/", {}).status_code == 404
    assert world.client("nobody").post(f"/plans/tasks/{task.pk}/progress/", {}).status_code == 404


def test_own_plan_shows_overdue_and_takes_progress(world):
    po = world.users["po_b1"]
    plan = b1_plan(world)
    plan = save_plan(plan, PlanContent(tasks=[good_task()]), by=po, base_revision=plan.revision)
    approve_plan(plan, by=po)
    client = world.client("po_b1")
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Quá hạn" in page  # the task ended on 31/05/2024, not done
    task = plan.tasks.get()
    response = client.post(f"/plans/tasks/{task.pk}/progress/", {"progress": Task.IN_PROGRESS})
    assert response.url == f"/plans/{plan.pk}/#task-1"
    assert Task.objects.get(pk=task.pk).progress == Task.IN_PROGRESS
    assert (
        'name="progress"' not in world.client("cmd_b1").get(f"/plans/{plan.pk}/").content.decode()
    )


# --- results ---------------------------------------------------------------------------------


def december_reports(world: Any, taking: dict[str, int]) -> None:
    """Submitted December 2024 reports of C1 and C2: 100 men each, ``taking`` attending."""
    for code, attending in taking.items():
        by = world.users["cu_r"]
        report = open_report(world.unit(code), MONTHLY, "202412", by=by)
        report = fill(report, by, {"quan-so": 100, "gdct-tham-gia": attending})
        submit_report(report, by=by)


def test_consolidation_page_and_plan_page_show_the_targets_result(world, regiment_plan):
    december_reports(world, {"C1": 97, "C2": 99})
    client = world.client("cu_r")
    page = client.get(f"/reports/consolidation/R/{MONTHLY}/202412/").content.decode()
    assert 'data-testid="plan-results"' in page
    results = page.split('data-testid="plan-results"')[1]
    assert TARGET_TEXT in results
    assert "Đạt chỉ tiêu" in results
    assert "98,0%" in results
    page = client.get(f"/plans/{regiment_plan.pk}/").content.decode()
    assert "Đạt chỉ tiêu" in page
    # Another month's figures carry no plan result.
    page = client.get(f"/reports/consolidation/R/{MONTHLY}/202411/").content.decode()
    assert 'data-testid="plan-results"' not in page


def test_a_missed_target_is_listed_on_the_plan(world, regiment_plan):
    december_reports(world, {"C1": 80, "C2": 90})
    page = world.client("cu_r").get(f"/plans/{regiment_plan.pk}/").content.decode()
    assert "Không đạt chỉ tiêu" in page
    assert 'data-testid="missed"' in page


# --- schedules -------------------------------------------------------------------------------


def test_a_weekly_schedule_is_edited_as_entries(world):
    client = world.client("po_b1")
    response = client.post("/plans/unit/B1/new/", {"kind_code": "lhd-tuan", "period_id": "2024W10"})
    plan = Plan.objects.get(unit__code="B1", kind_code="lhd-tuan")
    assert response.url == f"/plans/{plan.pk}/edit/"
    page = client.get(response.url).content.decode()
    assert 'name="entry-1-starts_at"' in page
    assert 'name="target-1-text"' not in page
    entry = {"starts_at": "2024-03-04T07:30", "content": "Chào cờ đầu tuần", "lead": ""}
    fragment = client.post(f"/plans/{plan.pk}/check/", editor_post(plan, entries=[entry]))
    assert "Không có người chủ trì" in fragment.content.decode()
    entry["lead"] = "Chính trị viên"
    assert (
        client.post(f"/plans/{plan.pk}/edit/", editor_post(plan, entries=[entry])).status_code
        == 302
    )
    saved = plan.entries.get()
    assert (saved.content, saved.lead) == ("Chào cờ đầu tuần", "Chính trị viên")
    assert "Chào cờ đầu tuần" in client.get(f"/plans/{plan.pk}/").content.decode()


# --- query counts ----------------------------------------------------------------------------


def grow(world: Any, plan: Plan, n: int) -> Plan:
    po = world.users["po_b1"]
    targets = [
        TargetIn.model_validate(
            {
                "text": f"Chỉ tiêu số {i}",
                "template": MONTHLY,
                "indicator": "gdct-ty-le",
                "comparison": ">=",
                "value": Decimal(90 + i % 5),
                "due_on": dt.date(2024, 12, 31),
                "assignees": ["C1", "C2"],
            }
        )
        for i in range(n)
    ]
    tasks = [
        good_task(
            f"Nhiệm vụ số {i} của tiểu đoàn",
            lead_unit="C1",
            participant_units=["C2"],
            assignees=["C1"],
        )
        for i in range(n)
    ]
    content = PlanContent(targets=targets, tasks=tasks)
    return save_plan(plan, content, by=po, base_revision=plan.revision)


def test_pages_run_a_bounded_number_of_queries(world, regiment_plan, django_assert_max_num_queries):
    client = world.client("po_b1")
    plan = grow(world, b1_plan(world), 3)
    # Plan page: session, user, scope, regulation, the plan; targets, tasks and milestones with
    # their units prefetched; one consolidation for the targets' month; the check's own reading
    # of the content and of what superiors assign, and of what the unit's finished reviews ask
    # (khth.reviews.carried); versions, history, the page frame.
    # Planning page: the plans with task counts in one query, assigned items, their coverage.
    # Editor: as the plan page, and the «Xem mẫu điển hình» panel's one query (khth.practice).
    bounds = {
        f"/plans/{plan.pk}/": 36,
        "/plans/unit/B1/?year=2024": 22,
        f"/plans/{plan.pk}/edit/": 35,
    }
    for url, bound in bounds.items():
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200
    plan = grow(world, plan, 12)
    for url, bound in bounds.items():
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200
