"""Each way a regulation file can be wrong is reported with the path of the key at fault."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from khth.regulations.loader import RegulationError, parse_regulation, regulation_from_data
from tests.regulations.helpers import to_yaml

Mutation = Callable[[dict[str, Any]], None]


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def set_(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _at(data, path[:-1])[path[-1]] = value

    return mutate


def delete(path: tuple[str | int, ...]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del _at(data, path[:-1])[path[-1]]

    return mutate


def append(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _at(data, path).append(value)

    return mutate


def _templates(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["report_templates"]  # type: ignore[no-any-return]


def _index(items: list[dict[str, Any]], code: str) -> int:
    return next(i for i, item in enumerate(items) if item["code"] == code)


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RegulationError) as info:
        regulation_from_data(data, "t.yaml")
    return info.value.problems


def _assert_problem(problems: list[str], path: str, fragment: str) -> None:
    prefix = f"t.yaml: {path}: "
    at_path = [p for p in problems if p.startswith(prefix)]
    assert at_path, f"no problem at {path}: {problems}"
    assert any(fragment in p for p in at_path), at_path


RT = "report_templates"
MONTHLY = (RT, 0)
IND = (*MONTHLY, "indicators")

CASES: list[tuple[str, Mutation, str, str]] = [
    (
        "unknown key",
        set_(("levels", 0, "colour"), "đỏ"),
        "levels[0].colour",
        "Extra inputs are not permitted",
    ),
    (
        "missing key",
        delete(("levels", 2, "planning_by")),
        "levels[2].planning_by",
        "Field required",
    ),
    (
        "wrong type",
        set_((*MONTHLY, "deadlines", "dai-doi"), "hai"),
        "report_templates[0].deadlines.dai-doi",
        "valid integer",
    ),
    (
        "version written as a number",
        set_(("regulation", "version"), 2017.1),
        "regulation.version",
        "valid string",
    ),
    (
        "bad literal",
        set_(("levels", 0, "planning_by"), "commander"),
        "levels[0].planning_by",
        "Input should be 'assistant' or 'political_officer'",
    ),
    (
        "bad aggregation",
        set_((*IND, 0, "aggregation"), "average"),
        "report_templates[0].indicators[0].aggregation",
        "Input should be 'sum', 'ratio'",
    ),
    (
        "aggregation that does not fit the type",
        set_((*IND, 2, "aggregation"), "sum"),
        "report_templates[0].indicators[2].aggregation",
        "kiểu 'percentage' không tổng hợp bằng 'sum'",
    ),
    (
        "unknown level reference",
        append(("document_kinds", 0, "issuing_levels"), "ban"),
        "document_kinds[0].issuing_levels[3]",
        "không có cấp 'ban'",
    ),
    (
        "level list out of order",
        set_((*MONTHLY, "reporting_levels"), ["dai-doi", "tieu-doan"]),
        "report_templates[0].reporting_levels[1]",
        "'tieu-doan' phải đứng trước 'dai-doi'",
    ),
    (
        "empty level list",
        set_(("record_books", 0, "levels"), []),
        "record_books[0].levels",
        "không được rỗng",
    ),
    (
        "duplicate code",
        set_(("levels", 1, "code"), "tong-cuc"),
        "levels[1].code",
        "mã 'tong-cuc' bị trùng (đã dùng ở levels[0])",
    ),
    (
        "duplicate section code in the outline tree",
        set_((*MONTHLY, "sections", 2, "children", 1, "code"), "giao-duc-chinh-tri"),
        "report_templates[0].sections[2].children[1].code",
        "mã mục 'giao-duc-chinh-tri' bị trùng",
    ),
    (
        "percentage without denominator",
        delete((*IND, 2, "denominator")),
        "report_templates[0].indicators[2].denominator",
        "phải có numerator và denominator",
    ),
    (
        "percentage over a decimal indicator",
        set_((*IND, 2, "numerator"), "nhan-thuc-diem"),
        "report_templates[0].indicators[2].numerator",
        "cần kiểu integer",
    ),
    (
        "weighted average without weight",
        delete((*IND, 6, "weight_indicator")),
        "report_templates[0].indicators[6].weight_indicator",
        "weighted_average phải có weight_indicator",
    ),
    (
        "indicator in an unknown section",
        set_((*IND, 0, "section"), "khong-co"),
        "report_templates[0].indicators[0].section",
        "không có mục 'khong-co'",
    ),
    (
        "rule naming an unknown indicator",
        set_((*MONTHLY, "rules", 1, "expression", "left"), "quan-so-moi"),
        "report_templates[0].rules[1].expression.left",
        "không có chỉ tiêu 'quan-so-moi'",
    ),
    (
        "rule compared with true/false",
        set_((*MONTHLY, "rules", 0, "expression", "right"), True),
        "report_templates[0].rules[0].expression.right",
        "không phải true/false",
    ),
    (
        "deadline missing for a reporting level",
        delete((*MONTHLY, "deadlines", "tieu-doan")),
        "report_templates[0].deadlines",
        "thiếu hạn nộp cho cấp 'tieu-doan'",
    ),
    (
        "deadline 0",
        set_((*MONTHLY, "deadlines", "dai-doi"), 0),
        "report_templates[0].deadlines.dai-doi",
        "ít nhất 1 ngày làm việc",
    ),
    (
        "superior due before its subordinates",
        set_((*MONTHLY, "deadlines", "trung-doan"), 2),
        "report_templates[0].deadlines.trung-doan",
        "không thể có hạn sớm hơn",
    ),
    (
        "shifted cut-off on a weekly report",
        set_((RT, 4, "cutoff", "kind"), "shifted"),
        "report_templates[4].cutoff.kind",
        "dùng 'nominal'",
    ),
    (
        "periodic report without frequency",
        set_((*MONTHLY, "frequency"), None),
        "report_templates[0].frequency",
        "phải có frequency",
    ),
    (
        "unknown document kind in a task",
        set_(("tasks", 0, "documents", 0, "kind"), "nq-khong-co"),
        "tasks[0].documents[0].kind",
        "không có loại văn kiện 'nq-khong-co'",
    ),
    (
        "task document at a level that does not issue the kind",
        append(("tasks", 0, "documents", 2, "levels"), "dai-doi"),
        "tasks[0].documents[2].levels[4]",
        "'hd-ctd' không ban hành ở cấp 'dai-doi'",
    ),
    (
        "choice column without choices",
        delete(("record_books", 0, "columns", 1, "choices")),
        "record_books[0].columns[1].choices",
        "phải có danh sách choices",
    ),
    (
        "evaluation with 2 groups",
        lambda data: data["evaluation"]["groups"].pop(),
        "evaluation.groups",
        "phải có đúng 3 nhóm tiêu chí (đang có 2)",
    ),
    (
        "evaluation with 3 levels",
        lambda data: data["evaluation"]["levels"].pop(1),
        "evaluation.levels",
        "phải có đúng 4 mức",
    ),
    (
        "thresholds not decreasing",
        set_(("evaluation", "levels", 2, "min_score"), 75),
        "evaluation.levels[2].min_score",
        "ngưỡng điểm phải giảm dần",
    ),
    (
        "lowest threshold above zero",
        set_(("evaluation", "levels", 3, "min_score"), 10),
        "evaluation.levels[3].min_score",
        "ngưỡng 0",
    ),
    (
        "points not summing to 100",
        set_(("evaluation", "groups", 0, "criteria", 0, "max_points"), 5),
        "evaluation.groups",
        "tổng điểm các tiêu chí là 95, phải bằng 100",
    ),
    (
        "veto capping at an unknown level",
        set_(("evaluation", "vetoes", 0, "cap_level"), "kha"),
        "evaluation.vetoes[0].cap_level",
        "không có mức 'kha'",
    ),
    (
        "unknown evidence key",
        set_(("evaluation", "groups", 0, "criteria", 0, "evidence"), "reports.pretty"),
        "evaluation.groups[0].criteria[0].evidence",
        "nguồn minh chứng 'reports.pretty' không có",
    ),
    (
        "evidence naming an unknown indicator",
        set_(("evaluation", "vetoes", 0, "evidence"), "indicator:khong-co"),
        "evaluation.vetoes[0].evidence",
        "không có chỉ tiêu 'khong-co'",
    ),
    (
        "unknown permission",
        append(("roles", 0, "permissions"), "report.delete"),
        "roles[0].permissions[13]",
        "quyền 'report.delete' không có trong hệ thống",
    ),
    (
        "role missing",
        lambda data: data["roles"].pop(),
        "roles",
        "thiếu vai trò 'clerk'",
    ),
    (
        "role the code does not know",
        set_(("roles", 2, "code"), "chief"),
        "roles[2].code",
        "vai trò 'chief' không có trong hệ thống",
    ),
    (
        "bad code as a dictionary key",
        set_((*MONTHLY, "deadlines", "Đại đội"), 2),
        "report_templates[0].deadlines.Đại đội[key]",
        "String should match pattern",
    ),
    (
        "one indicator code with two meanings",
        set_((RT, 1, "indicators", 0, "type"), "decimal"),
        "report_templates[1].indicators[0].type",
        "cùng mã phải cùng kiểu và cách tổng hợp",
    ),
    (
        "repeated choice",
        append(("record_books", 0, "columns", 1, "choices"), "Dân vận"),
        "record_books[0].columns[1].choices[11]",
        "'Dân vận' bị lặp",
    ),
    (
        "full points on a non-indicator evidence",
        set_(("evaluation", "groups", 0, "criteria", 1, "full_when"), {"op": ">=", "value": 1}),
        "evaluation.groups[0].criteria[1].full_when",
        "chỉ dùng với bằng chứng là chỉ tiêu",
    ),
    (
        "an exchange report of an unknown document kind",
        set_(("followup", "coordination", "document_kind"), "bc-khong-co"),
        "followup.coordination.document_kind",
        "không có loại văn bản 'bc-khong-co'",
    ),
    (
        "an award proposal for an unknown title",
        set_(("followup", "awards", "proposals", 0, "title"), "huan-chuong"),
        "followup.awards.proposals[0].title",
        "không có danh hiệu 'huan-chuong'",
    ),
    (
        "unknown specificity rule",
        set_(("planning", "specificity", "severities", "too_long"), "warning"),
        "planning.specificity.severities.too_long",
        "không có quy tắc 'too_long'",
    ),
    (
        "specificity rule without a severity",
        delete(("planning", "specificity", "severities", "vague_wording")),
        "planning.specificity.severities",
        "thiếu mức độ của quy tắc 'vague_wording'",
    ),
    (
        "the empty-task rule without a severity",
        delete(("planning", "specificity", "severities", "task_only_vague")),
        "planning.specificity.severities",
        "thiếu mức độ của quy tắc 'task_only_vague'",
    ),
    (
        "a vague phrase listed twice, in another case",
        append(("planning", "specificity", "vague_phrases"), "Tổ chức tốt"),
        "planning.specificity.vague_phrases[21]",
        "'tổ chức tốt' bị lặp",
    ),
    (
        "a filler word listed twice",
        append(("planning", "specificity", "filler_words"), "các"),
        "planning.specificity.filler_words[43]",
        "'các' bị lặp",
    ),
    (
        "an empty filler word",
        append(("planning", "specificity", "filler_words"), " "),
        "planning.specificity.filler_words[43]",
        "at least 1 character",
    ),
    (
        "unknown severity",
        set_(("planning", "specificity", "severities", "vague_wording"), "fatal"),
        "planning.specificity.severities.vague_wording",
        "Input should be 'blocking' or 'warning'",
    ),
    (
        "a schedule that cascades",
        set_(("document_kinds", 12, "plan", "cascades"), True),
        "document_kinds[12].plan.cascades",
        "lịch hoạt động không giao nhiệm vụ",
    ),
    (
        "unknown basis",
        set_(("levels", 0, "basis"), "rumour"),
        "levels[0].basis",
        "Input should be 'fact', 'seed' or 'default'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_validation_problem(
    default_data: dict[str, Any], mutate: Mutation, path: str, fragment: str
) -> None:
    assert _templates(default_data)[0]["code"] == "bc-thang"
    assert _templates(default_data)[4]["code"] == "bc-tuan"
    assert default_data["report_templates"][0]["indicators"][6]["code"] == "nhan-thuc-diem"
    mutate(default_data)
    _assert_problem(_problems(default_data), path, fragment)


def test_every_problem_is_reported_at_once(default_data: dict[str, Any]) -> None:
    set_(("levels", 0, "colour"), "đỏ")(default_data)
    set_(("levels", 1, "basis"), "rumour")(default_data)
    problems = _problems(default_data)
    assert len(problems) == 2


def test_all_cross_reference_problems_are_reported_at_once(default_data: dict[str, Any]) -> None:
    set_((*MONTHLY, "deadlines", "dai-doi"), 0)(default_data)
    append(("roles", 0, "permissions"), "report.delete")(default_data)
    problems = _problems(default_data)
    assert len(problems) == 2


def test_an_edited_shared_anchor_reports_every_template_that_uses_it(default_text: str) -> None:
    # Aliases share one block: breaking it breaks each template that uses the anchor.
    broken = default_text.replace(
        "deadlines: &deadlines {quan-khu: 9,", "deadlines: &deadlines {quan-khu: 0,"
    )
    with pytest.raises(RegulationError) as info:
        parse_regulation(broken, "t.yaml")
    paths = {p.split(": ")[1] for p in info.value.problems}
    assert "report_templates[0].deadlines.quan-khu" in paths
    assert "report_templates[3].deadlines.quan-khu" in paths


def test_yaml_syntax_error_names_line_and_column() -> None:
    text = "regulation:\n  code: ctd-ctct\n  version: [1\nlevels: []\n"
    with pytest.raises(RegulationError) as info:
        parse_regulation(text, "t.yaml")
    (problem,) = info.value.problems
    assert problem.startswith("t.yaml: dòng 4, cột 7: lỗi cú pháp YAML")


def test_duplicate_yaml_key_is_refused() -> None:
    text = "regulation: {}\nlevels: []\nlevels: []\n"
    with pytest.raises(RegulationError) as info:
        parse_regulation(text, "t.yaml")
    (problem,) = info.value.problems
    assert problem == "t.yaml: dòng 3, cột 1: lỗi cú pháp YAML: khóa 'levels' bị lặp"


@pytest.mark.parametrize(
    ("text", "found"),
    [("- regulation\n- levels\n", "list"), ("", "tệp rỗng"), ("just text", "str")],
)
def test_top_level_must_be_a_mapping(text: str, found: str) -> None:
    with pytest.raises(RegulationError) as info:
        parse_regulation(text, "t.yaml")
    assert info.value.problems == [
        f"t.yaml: cấp cao nhất phải là một mapping (regulation:, levels:, …), không phải {found}"
    ]


def test_round_trip_through_yaml_text(default_data: dict[str, Any]) -> None:
    regulation = parse_regulation(to_yaml(default_data), "t.yaml")
    assert regulation.regulation.code == "ctd-ctct"


def test_decomposed_accents_are_normalised(default_text: str) -> None:
    regulation = parse_regulation(unicodedata.normalize("NFD", default_text), "t.yaml")
    assert regulation.level("dai-doi").short_name == "Đại đội"
