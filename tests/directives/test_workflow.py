"""The actions: a superior enters a directive, its units study it, link a plan, report results;
each refusal says why, and every change is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from khth.audit.models import AuditEntry
from khth.directives.actions import (
    ConflictError,
    DirectiveError,
    DirectiveIn,
    ResultIn,
    link_plan,
    report_result,
    unlink_plan,
    update_directive,
    update_result,
    update_study,
)
from khth.directives.models import PlanLink
from khth.plans.actions import create_plan
from tests.directives.conftest import ISSUED, entered, studied, study_in

pytestmark = pytest.mark.django_db


def test_a_directive_is_entered_by_the_units_own_planners(world):
    directive = entered(world)
    assert directive.unit.code == "R" and directive.levels == []
    entry = AuditEntry.objects.get(action="directives.directive.entered")
    assert entry.after["number"] == "05-CT/TW"


def test_entering_is_refused_without_plan_prepare_at_the_unit(world):
    from khth.directives.actions import enter_directive

    data = DirectiveIn("35-CT/TW", "Về đại hội đảng bộ các cấp", "Bộ Chính trị", ISSUED)
    with pytest.raises(PermissionDenied):
        enter_directive(world.unit("R"), data, by=world.users["po_b1"])
    with pytest.raises(PermissionDenied):
        enter_directive(world.unit("B1"), data, by=world.users["cmd_b1"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": " "}, "Phải ghi số, ký hiệu"),
        ({"issued_on": dt.date(2025, 7, 1)}, "Ngày ban hành chưa tới"),
        ({"levels": ("khong-co",)}, "Không có cấp «khong-co»"),
    ],
)
def test_a_directive_must_be_whole(world, changes, message):
    from khth.directives.actions import enter_directive

    values = {
        "number": "35-CT/TW",
        "title": "Về đại hội",
        "issuer": "Bộ Chính trị",
        "issued_on": ISSUED,
    }
    with pytest.raises(DirectiveError, match=message):
        enter_directive(world.unit("R"), DirectiveIn(**(values | changes)), by=world.users["cu_r"])


def test_the_same_number_twice_at_one_unit_is_refused(world):
    entered(world)
    with pytest.raises(DirectiveError, match="đã nhập văn bản số «05-ct/tw»"):
        entered(world, number="05-ct/tw")


def test_an_edit_on_an_old_revision_is_refused(world):
    directive = entered(world)
    data = DirectiveIn("05-CT/TW", "Trích yếu mới", "Bộ Chính trị", ISSUED, levels=("dai-doi",))
    saved = update_directive(directive, data, by=world.users["cu_r"], base_revision=1)
    assert saved.revision == 2 and saved.levels == ["dai-doi"]
    with pytest.raises(ConflictError, match="Trần Văn Chính"):
        update_directive(directive, data, by=world.users["cu_r"], base_revision=1)


def test_a_company_records_its_study_once_and_corrects_it(world):
    directive = entered(world)
    study = studied(world, directive, "C1", present=45, total=50)
    assert study.absent == 5
    with pytest.raises(DirectiveError, match="đã ghi kết quả quán triệt"):
        studied(world, directive, "C1")
    fixed = update_study(
        study,
        study_in(made_up=5, made_up_on=dt.date(2025, 4, 20)),
        by=world.users["as_c1"],
        base_revision=1,
    )
    assert (fixed.made_up, fixed.revision) == (5, 2)
    assert AuditEntry.objects.filter(action="directives.study.updated").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"present": 51}, "Số có mặt phải từ 0 đến tổng số"),
        ({"total": 0, "present": 0}, "Tổng số người phải học tập phải lớn hơn 0"),
        ({"made_up": 6}, "Số học bù phải từ 0 đến số vắng mặt"),
        ({"made_up": 2}, "Phải ghi ngày học bù"),
        ({"made_up": 2, "made_up_on": dt.date(2025, 4, 1)}, "Ngày học bù trước ngày quán triệt"),
        ({"held_on": dt.date(2025, 3, 1)}, "trước ngày ban hành"),
        ({"held_on": dt.date(2025, 6, 3)}, "Ngày quán triệt chưa tới"),
        ({"form": "di-choi"}, "Hình thức quán triệt"),
        ({"presided": ""}, "Phải ghi người chủ trì"),
    ],
)
def test_a_study_must_add_up(world, changes, message):
    directive = entered(world)
    with pytest.raises(DirectiveError, match=message):
        studied(world, directive, "C1", **changes)


def test_only_the_units_own_people_record_and_only_units_that_follow(world):
    directive = entered(world, levels=("dai-doi",))
    from khth.directives.actions import record_study

    # The battalion reads C1's record but does not write it.
    with pytest.raises(PermissionDenied):
        record_study(directive, world.unit("C1"), study_in(), by=world.users["po_b1"])
    # A sibling company cannot write C1's either.
    with pytest.raises(PermissionDenied):
        record_study(directive, world.unit("C1"), study_in(), by=world.users["po_c2"])
    # Limited to companies: the battalion itself does not follow it.
    with pytest.raises(DirectiveError, match="không thuộc diện thực hiện"):
        studied(world, directive, "B1")


def test_a_plan_of_the_unit_is_linked_and_replaced_and_unlinked(world):
    directive = entered(world)
    po = world.users["po_c1"]
    plan = create_plan(world.unit("C1"), "kh-ctd-nam", period_id="2025", by=po)
    link = link_plan(directive, world.unit("C1"), plan, by=po)
    assert link.plan_id == plan.pk
    other = create_plan(
        world.unit("C1"),
        "kh-nhiem-vu",
        title="Kế hoạch thực hiện Chỉ thị 05",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 12, 31),
        by=po,
    )
    again = link_plan(directive, world.unit("C1"), other, by=po)
    assert again.pk == link.pk and again.plan_id == other.pk
    unlink_plan(again, by=po)
    assert not PlanLink.objects.exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="directives.plan").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "directives.plan.linked",
        "directives.plan.linked",
        "directives.plan.unlinked",
    ]


def test_another_units_plan_is_not_linked(world):
    directive = entered(world)
    plan = create_plan(world.unit("C2"), "kh-ctd-nam", period_id="2025", by=world.users["po_c2"])
    with pytest.raises(DirectiveError, match="không phải của Đại đội 1"):
        link_plan(directive, world.unit("C1"), plan, by=world.users["po_c1"])


def test_results_are_reported_once_a_period_with_optional_figures(world):
    directive = entered(world)
    po = world.users["po_c1"]
    first = report_result(
        directive,
        world.unit("C1"),
        ResultIn("2025Q2", "Chi bộ xây dựng chuyên đề", (("Đảng viên viết cam kết", "12"),)),
        by=po,
    )
    assert first.figures == [{"label": "Đảng viên viết cam kết", "value": "12"}]
    with pytest.raises(DirectiveError, match="đã báo cáo kết quả kỳ này"):
        report_result(directive, world.unit("C1"), ResultIn("2025Q2", "Lần hai"), by=po)
    with pytest.raises(DirectiveError, match="không phải mã kỳ"):
        report_result(directive, world.unit("C1"), ResultIn("quý 2", "x"), by=po)
    with pytest.raises(DirectiveError, match="kết thúc trước ngày ban hành"):
        report_result(directive, world.unit("C1"), ResultIn("2024", "x"), by=po)
    with pytest.raises(DirectiveError, match="chưa bắt đầu"):
        report_result(directive, world.unit("C1"), ResultIn("2025Q3", "x"), by=po)
    saved = update_result(first, ResultIn("2025Q2", "Sửa lại"), by=po, base_revision=1)
    assert (saved.text, saved.figures, saved.revision) == ("Sửa lại", [], 2)
