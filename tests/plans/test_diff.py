"""The diff between two versions of a plan: sections word by word, items paired by key."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from khth.plans.actions import amend_plan, approve_plan, create_plan, save_plan
from khth.plans.content import PlanContent, TaskIn
from khth.plans.diff import Change, FieldChange, diff_content, diff_plans
from khth.plans.models import Plan
from khth.plans.stored import content_of
from tests.plans.conftest import YEARLY, good_task

pytestmark = pytest.mark.django_db

PURPOSE = (
    "Nâng cao nhận thức chính trị cho toàn đơn vị. Bảo đảm 100% quân số tham gia học tập "
    "nghị quyết, kiểm tra nhận thức đạt 95% khá giỏi trở lên. Xây dựng đơn vị vững mạnh toàn "
    "diện, tiêu biểu."
)


def amended(plan: Plan, by: object, content: PlanContent | None = None) -> Plan:
    new = amend_plan(plan, by=by, note="Điều chỉnh theo chỉ đạo của cấp trên")
    if content is not None:
        new = save_plan(new, content, by=by, base_revision=new.revision)
    return new


def test_an_unchanged_amendment_has_no_changes(world, regiment_plan):
    assert diff_plans(regiment_plan, amended(regiment_plan, world.users["cu_r"])) == []


def test_a_one_word_edit_shows_as_a_change_of_its_section(world):
    officer = world.users["cu_r"]
    plan = create_plan(world.unit("R"), YEARLY, period_id="2025", by=officer)
    sections = {"muc-dich-yeu-cau": f"<p>{PURPOSE}</p>", "bao-dam": "<p>Kinh phí 20 triệu.</p>"}
    plan = save_plan(plan, PlanContent(sections=sections), by=officer, base_revision=1)
    plan = approve_plan(plan, by=officer)
    edited = {**sections, "muc-dich-yeu-cau": f"<p>{PURPOSE.replace('95%', '97%')}</p>"}
    new = amended(plan, officer, PlanContent(sections=edited))
    [change] = diff_plans(plan, new)
    assert change.place == "Mục «Mục đích, yêu cầu»"
    assert change.kind == "changed"
    assert "95%" in change.before and "97%" in change.after
    # An excerpt around the word, not the whole section.
    assert change.before.startswith("…") and change.before.endswith("…")
    assert "Nâng cao" not in change.before and "tiêu biểu" not in change.after
    # Formatting alone is not a change.
    bolded = {**edited, "bao-dam": "<p><b>Kinh phí</b> 20 triệu.</p>"}
    newer = save_plan(new, PlanContent(sections=bolded), by=officer, base_revision=new.revision)
    assert [c.place for c in diff_plans(plan, newer)] == ["Mục «Mục đích, yêu cầu»"]


def test_a_target_value_and_deadline_change_name_the_fields(world, regiment_plan):
    officer = world.users["cu_r"]
    content = content_of(regiment_plan)
    assert content.targets is not None
    target = content.targets[0].model_copy(
        update={"value": Decimal(97), "due_on": dt.date(2024, 11, 30)}
    )
    new = amended(regiment_plan, officer, PlanContent(targets=[target]))
    [change] = diff_plans(regiment_plan, new)
    assert change.kind == "changed"
    assert change.place == "Chỉ tiêu 1 «Tỷ lệ quân số tham gia học tập chính trị»"
    assert change.fields == (
        FieldChange("mức", "≥ 95", "≥ 97"),
        FieldChange("thời hạn", "31/12/2024", "30/11/2024"),
    )
    assert (change.before, change.after) == (
        "mức ≥ 95; thời hạn 31/12/2024",
        "mức ≥ 97; thời hạn 30/11/2024",
    )
    assert str(change) == (
        "Chỉ tiêu 1 «Tỷ lệ quân số tham gia học tập chính trị»: "
        "mức ≥ 95 → ≥ 97; thời hạn 31/12/2024 → 30/11/2024"
    )


def test_an_added_and_a_removed_task(world, regiment_plan):
    officer = world.users["cu_r"]
    added = good_task("Tổ chức diễn đàn thanh niên cấp trung đoàn")
    new = amended(regiment_plan, officer, PlanContent(tasks=[added]))
    changes = diff_plans(regiment_plan, new)
    assert [(c.kind, c.place) for c in changes] == [
        ("removed", "Nhiệm vụ 1 «Tổ chức hội thi tuyên truyền viên giỏi cấp tiểu đoàn»"),
        ("added", "Nhiệm vụ 1 «Tổ chức diễn đàn thanh niên cấp trung đoàn»"),
    ]
    assert changes[0].after == "" and "giao cho B1" in changes[0].before
    assert changes[1].before == "" and "thời gian 01/03/2024 – 31/05/2024" in changes[1].after


def test_a_removed_item_stays_where_it_stood_and_reworded_items_pair_by_key():
    a, b, c = (good_task(title) for title in ("Việc A", "Việc B", "Việc C"))
    keyed = [t.model_copy(update={"key": uuid.uuid4()}) for t in (a, b, c)]
    d = good_task("Việc D")
    reworded = keyed[2].model_copy(update={"title": "Việc C, sửa lời"})
    old = PlanContent(title="Kế hoạch", tasks=keyed)
    new = PlanContent(title="Kế hoạch năm", tasks=[keyed[0], reworded, d])
    changes = diff_content(old, new)
    assert changes == [
        Change("Tên kế hoạch", "changed", "Kế hoạch", "Kế hoạch năm"),
        Change("Nhiệm vụ 2 «Việc B»", "removed", changes[1].before, ""),
        Change(
            "Nhiệm vụ 2 «Việc C, sửa lời»",
            "changed",
            "nội dung Việc C",
            "nội dung Việc C, sửa lời",
            (FieldChange("nội dung", "Việc C", "Việc C, sửa lời"),),
        ),
        Change("Nhiệm vụ 3 «Việc D»", "added", "", changes[3].after),
    ]


def test_sections_added_and_removed():
    old = PlanContent(sections={"bao-dam": "<p>Kinh phí</p>", "khac": "<p>x</p>"})
    new = PlanContent(sections={"chi-tieu": "<p>Ba chỉ tiêu</p>", "khac": "<p>x</p>"})
    outline = [("chi-tieu", "Chỉ tiêu"), ("bao-dam", "Công tác bảo đảm")]
    assert diff_content(old, new, outline=outline) == [
        Change("Mục «Chỉ tiêu»", "added", "", "Ba chỉ tiêu"),
        Change("Mục «Công tác bảo đảm»", "removed", "Kinh phí", ""),
    ]


def test_a_long_text_field_shows_an_excerpt():
    measures = " ".join(f"bước {i}" for i in range(40))
    old = PlanContent(tasks=[TaskIn(title="Việc", measures=measures, key=None)])
    assert old.tasks is not None
    keyed = old.tasks[0].model_copy(update={"key": uuid.uuid4()})
    edited = keyed.model_copy(update={"measures": measures.replace("bước 20", "bước hai mươi")})
    [change] = diff_content(PlanContent(tasks=[keyed]), PlanContent(tasks=[edited]))
    [field] = change.fields
    assert field.name == "biện pháp"
    assert field.before.startswith("…") and "bước 20" in field.before
    assert "bước hai mươi" in field.after and len(field.after) < 120
