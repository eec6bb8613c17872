"""Each specificity rule fires where it should — and not on specific wording."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.cascade import Assigned
from khth.plans.content import EntryIn, PlanContent, TargetIn
from khth.plans.specificity import Span, check, vague_phrases
from khth.regulations.loader import default_regulation_path, parse_regulation
from tests.plans.conftest import good_task

SPAN = Span(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.fixture(scope="module")
def spec():
    return parse_regulation(
        default_regulation_path().read_text(encoding="utf-8"), "default.yaml"
    ).planning.specificity


def rules(spec, content: PlanContent, assigned=(), *, schedule: bool = False) -> list[str]:
    return [f.rule for f in check(content, SPAN, spec, assigned, schedule=schedule).findings]


def test_a_specific_plan_has_no_findings(spec):
    content = PlanContent(
        targets=[
            TargetIn(
                text="Tỷ lệ quân số tham gia học tập chính trị",
                template="bc-thang",
                indicator="gdct-ty-le",
                comparison=">=",
                value=Decimal(95),
                due_on=dt.date(2024, 12, 31),
            )
        ],
        tasks=[good_task()],
    )
    assert rules(spec, content) == []


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"lead_person": ""}, "task_without_lead"),
        ({"starts_on": None}, "task_without_window"),
        ({"ends_on": None}, "task_without_window"),
        ({"ends_on": dt.date(2025, 1, 15)}, "task_outside_period"),
        ({"starts_on": dt.date(2023, 12, 1)}, "task_outside_period"),
        ({"starts_on": dt.date(2024, 6, 1), "ends_on": dt.date(2024, 5, 1)}, "task_outside_period"),
        ({"measures": "  "}, "task_without_measure"),
    ],
)
def test_task_rules(spec, changes, rule):
    assert rules(spec, PlanContent(tasks=[good_task(**changes)])) == [rule]


def test_a_lead_unit_alone_is_a_lead(spec):
    assert rules(spec, PlanContent(tasks=[good_task(lead_person="", lead_unit="C1")])) == []


def test_target_without_number_or_deadline(spec):
    words = TargetIn(text="Đơn vị vững mạnh toàn diện")
    assert rules(spec, PlanContent(targets=[words])) == [
        "target_without_number",
        "target_without_deadline",
    ]
    numbered_in_words = TargetIn(text="Kết nạp 3 đảng viên mới", due_on=dt.date(2024, 12, 31))
    assert rules(spec, PlanContent(targets=[numbered_in_words])) == []
    tied = TargetIn(text="Tỷ lệ tham gia", template="bc-thang", indicator="gdct-ty-le")
    assert "target_without_number" in rules(spec, PlanContent(targets=[tied]))


@pytest.mark.parametrize(
    "text",
    [
        "Tăng cường giáo dục chính trị",
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Đẩy mạnh công tác tuyên truyền",
        "Duy trì thường xuyên chế độ học tập",
    ],
)
def test_vague_phrases_without_an_object_are_found(spec, text):
    assert vague_phrases(text, spec)


@pytest.mark.parametrize(
    "text",
    [
        "Tăng cường giáo dục chính trị cho 100% quân số",
        "Nâng cao tỷ lệ khá, giỏi lên 70%",  # the quantity is in the same clause
        "Đẩy mạnh phong trào thi đua Quyết thắng",  # a named object
        "Tăng cường kiểm tra hai chi bộ yếu",  # a number word
        "Đẩy mạnh học tập và làm theo “tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
        "Tổ chức 12 buổi học, kiểm tra nhận thức cuối đợt",  # no vague phrase at all
        "Bồi dưỡng đội ngũ tuyên truyền viên",  # "tăng cường" absent; "bồi dưỡng" is not listed
        "Phòng chống tham nhũng, tăng cườngxyz",  # part of another word: not the phrase
    ],
)
def test_specific_wording_is_not_flagged(spec, text):
    assert vague_phrases(text, spec) == []


def test_vague_wording_is_reported_with_the_phrase_and_a_suggestion(spec):
    content = PlanContent(tasks=[good_task("Tăng cường giáo dục chính trị")])
    result = check(content, SPAN, spec)
    (finding,) = result.findings
    assert finding.rule == "vague_wording"
    assert "«Tăng cường giáo dục chính trị»" in finding.place
    assert "«tăng cường»" in finding.message
    # The task has its dates, lead and numbers: the suggestion asks only for what it lacks.
    assert (
        finding.suggestion
        == "Ghi rõ sau «tăng cường»: đối tượng hoặc mức cụ thể ngay sau cụm từ này."
    )
    assert finding.severity == "warning" and result.ok


def test_decomposed_unicode_is_matched(spec):
    import unicodedata

    assert vague_phrases(unicodedata.normalize("NFD", "Tăng cường giáo dục"), spec)


def test_duplicated_tasks_ignore_case_accents_and_spaces(spec):
    content = PlanContent(
        tasks=[good_task("Giáo dục chính trị"), good_task("giáo  dục chính trị ")]
    )
    result = check(content, SPAN, spec)
    assert [f.rule for f in result.findings] == ["duplicate_task"]
    assert result.findings[0].anchor == "task-2"
    different = PlanContent(
        tasks=[good_task("Giáo dục chính trị"), good_task("Giáo dục pháp luật")]
    )
    assert rules(spec, different) == []


def assigned(kind: str = "target", **changes: Any) -> Assigned:
    data: dict[str, Any] = {
        "kind": kind,
        "key": uuid.uuid4(),
        "text": "Tỷ lệ quân số tham gia học tập chính trị",
        "plan_id": 1,
        "plan_title": "Kế hoạch CTĐ, CTCT năm 2024",
        "from_unit": "Trung đoàn 1",
        "template": "bc-thang",
        "indicator": "gdct-ty-le",
        "comparison": ">=",
        "value": Decimal(95),
        "due_on": dt.date(2024, 12, 31),
    }
    data.update(changes)
    return Assigned(**data)


def test_an_uncovered_assigned_item_blocks_and_names_its_source(spec):
    item = assigned()
    result = check(PlanContent(), SPAN, spec, [item])
    (finding,) = result.findings
    assert finding.rule == "assigned_not_covered" and not result.ok
    assert "Tỷ lệ quân số tham gia học tập chính trị" in finding.place
    assert "Trung đoàn 1" in finding.place


def covering(item: Assigned, **changes) -> TargetIn:
    data = {
        "text": item.text,
        "template": item.template,
        "indicator": item.indicator,
        "comparison": item.comparison,
        "value": item.value,
        "due_on": item.due_on,
        "assigned_key": item.key,
    }
    data.update(changes)
    return TargetIn.model_validate(data)


@pytest.mark.parametrize(
    ("comparison", "value", "weaker"),
    [
        (">=", Decimal(95), False),
        (">=", Decimal(97), False),
        (">", Decimal(95), False),
        (">=", Decimal("94.9"), True),
        ("<=", Decimal(95), True),  # the other direction
        (">=", None, True),
    ],
)
def test_a_weaker_target_than_assigned(spec, comparison, value, weaker):
    item = assigned()
    content = PlanContent(targets=[covering(item, comparison=comparison, value=value)])
    found = "target_weaker_than_assigned" in rules(spec, content, [item])
    assert found is weaker


def test_at_most_is_weaker_when_higher(spec):
    item = assigned(indicator="vi-pham-ky-luat", comparison="<=", value=Decimal(0))
    over = PlanContent(targets=[covering(item, value=Decimal(1))])
    assert "target_weaker_than_assigned" in rules(spec, over, [item])
    assert rules(spec, PlanContent(targets=[covering(item)]), [item]) == []


def test_a_reason_lifts_the_weaker_finding(spec):
    item = assigned()
    reasoned = covering(item, value=Decimal(90), weaker_reason="Quân số mới nhập ngũ chiếm 60%")
    assert rules(spec, PlanContent(targets=[reasoned]), [item]) == []


def test_a_task_covers_an_assigned_task(spec):
    item = assigned("task", text="Hội thi tuyên truyền viên giỏi")
    content = PlanContent(
        tasks=[good_task("Tổ chức hội thi tuyên truyền viên giỏi", assigned_key=item.key)]
    )
    assert rules(spec, content, [item]) == []


def test_schedule_entries(spec):
    def entry(day: int, lead: str = "Chính trị viên") -> EntryIn:
        start = dt.datetime(2024, 7, day, 7, 30, tzinfo=dt.UTC)
        return EntryIn(starts_at=start, content="Sinh hoạt chi bộ", lead=lead)

    week = Span(dt.date(2024, 7, 1), dt.date(2024, 7, 7))
    content = PlanContent(entries=[entry(1), entry(2, lead=""), entry(9)])
    found = [(f.rule, f.anchor) for f in check(content, week, spec, schedule=True).findings]
    assert found == [("entry_incomplete", "entry-2"), ("task_outside_period", "entry-3")]
