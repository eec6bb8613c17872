"""The aggregation rules, without a database: hand-checked tables for each rule, and the property
that consolidating level by level gives exactly what consolidating from the leaves does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khth.regulations.schema.reports import ReportTemplate
from khth.reports.rollup import Count, Node, Rolled, Row, rollup_flat, rollup_tree
from khth.reports.template import is_computed
from khth.reports.values import Value

D = Decimal
UTC = dt.UTC


def _indicator(code: str, type_: str, aggregation: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": code,
        "type": type_,
        "section": "s",
        "aggregation": aggregation,
        "basis": "default",
        **extra,
    }


# One indicator per rule, and the inputs some rules read.
INDICATORS = [
    _indicator("quan-so", "integer", "sum"),
    _indicator("tham-gia", "integer", "sum"),
    _indicator("ty-le", "percentage", "ratio", numerator="tham-gia", denominator="quan-so"),
    _indicator("diem", "decimal", "weighted_average", weight_indicator="quan-so"),
    _indicator("thap-nhat", "decimal", "min"),
    _indicator("cao-nhat", "decimal", "max"),
    _indicator("hoan-thanh", "boolean", "count_true"),
    _indicator(
        "don-vi-vi-pham",
        "integer",
        "count_condition",
        condition={"op": ">=", "value": 1, "of": "vi-pham"},
    ),
    _indicator("vi-pham", "integer", "sum"),
    _indicator("don-vi-dat", "integer", "count_condition", condition={"op": ">", "value": 2.5}),
    _indicator(
        "don-vi-ty-le-cao",
        "integer",
        "count_condition",
        condition={"op": ">=", "value": 90, "of": "ty-le"},
    ),
    _indicator("so-moi-nhat", "decimal", "last"),
    _indicator("danh-gia", "text", "last"),
    _indicator("co-moi-nhat", "boolean", "last"),
    _indicator("ghi-chu", "text", "none"),
]

TEMPLATE = ReportTemplate.model_validate(
    {
        "code": "thu",
        "name": "Mẫu thử",
        "kind": "periodic",
        "frequency": "monthly",
        "reporting_levels": ["dai-doi"],
        "deadlines": {"dai-doi": 2},
        "sections": [{"code": "s", "title": "Mục"}],
        "indicators": INDICATORS,
        "basis": "default",
    }
)
ENTERED = [i for i in TEMPLATE.indicators if not is_computed(i)]


def row(unit: str, stamp: dt.datetime | None = None, **values: Any) -> Row:
    entered: dict[str, Value] = {}
    for key, value in values.items():
        code = key.replace("_", "-")
        if isinstance(value, bool):
            entered[code] = Value(flag=value)
        elif isinstance(value, str):
            entered[code] = Value(text=value)
        else:
            entered[code] = Value(number=D(str(value)))
    return Row(unit=unit, values=entered, stamp=stamp)


def at(hour: int) -> dt.datetime:
    return dt.datetime(2024, 8, 16, hour, tzinfo=UTC)


# --- hand-checked tables --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "rows", "expected"),
    [
        # sum: missing values are not zeros, they are left out of the count of contributors.
        ("quan-so", [row("a", quan_so=120), row("b", quan_so=95), row("c")], Rolled(D(215), 2)),
        ("quan-so", [row("a"), row("b")], Rolled(None, 0)),
        # ratio: 9/10 and 1/90 make 10 %, not the average of 90 % and 1,1 % (45,6 %).
        (
            "ty-le",
            [row("a", tham_gia=9, quan_so=10), row("b", tham_gia=1, quan_so=90)],
            Rolled(D(10), 2),
        ),
        # A zero denominator makes no percentage; a zero in one unit is fine.
        ("ty-le", [row("a", tham_gia=0, quan_so=0)], Rolled(None, 1)),
        (
            "ty-le",
            [row("a", tham_gia=0, quan_so=0), row("b", tham_gia=3, quan_so=4)],
            Rolled(D(75), 2),
        ),
        # weighted average: (8·100 + 6·300) / 400 = 6,5; the unit without a weight is left out.
        (
            "diem",
            [row("a", diem=8, quan_so=100), row("b", diem=6, quan_so=300), row("c", diem=1)],
            Rolled(D("6.5"), 2),
        ),
        ("diem", [row("a", diem=8, quan_so=0)], Rolled(None, 1)),
        (
            "thap-nhat",
            [row("a", thap_nhat=7.5), row("b", thap_nhat=-2), row("c")],
            Rolled(D(-2), 2),
        ),
        ("cao-nhat", [row("a", cao_nhat=7.5), row("b", cao_nhat=-2)], Rolled(D("7.5"), 2)),
        # count_true: units with yes, of the units that answered ("14/14").
        (
            "hoan-thanh",
            [
                row("a", hoan_thanh=True),
                row("b", hoan_thanh=False),
                row("c", hoan_thanh=True),
                row("d"),
            ],
            Rolled(Count(2, 3), 3),
        ),
        # count_condition of another indicator: units with at least one serious violation.
        (
            "don-vi-vi-pham",
            [row("a", vi_pham=0), row("b", vi_pham=2), row("c", vi_pham=1), row("d")],
            Rolled(Count(2, 3), 3),
        ),
        # count_condition on the indicator's own value.
        (
            "don-vi-dat",
            [row("a", don_vi_dat=2.5), row("b", don_vi_dat=3)],
            Rolled(Count(1, 2), 2),
        ),
        # count_condition on a percentage: each unit's own rate, computed.
        (
            "don-vi-ty-le-cao",
            [
                row("a", tham_gia=95, quan_so=100),
                row("b", tham_gia=80, quan_so=100),
                row("c", quan_so=0),
            ],
            Rolled(Count(1, 2), 2),
        ),
        # last: the most recently submitted report wins, whatever the order.
        (
            "so-moi-nhat",
            [
                row("a", at(9), so_moi_nhat=1),
                row("b", at(11), so_moi_nhat=2),
                row("c", at(10), so_moi_nhat=3),
            ],
            Rolled(D(2), 3),
        ),
        (
            "danh-gia",
            [row("a", at(9), danh_gia="Ổn định"), row("b", None, danh_gia="Phức tạp")],
            Rolled("Ổn định", 2),
        ),
        (
            "co-moi-nhat",
            [row("a", at(9), co_moi_nhat=False), row("b", at(8), co_moi_nhat=True)],
            Rolled(False, 2),
        ),
        # none: not aggregated; each unit's text, labelled.
        (
            "ghi-chu",
            [row("b", ghi_chu="Hai"), row("a", ghi_chu="Một"), row("c", ghi_chu="  ")],
            Rolled((("a", "Một"), ("b", "Hai")), 2),
        ),
    ],
)
def test_rule_by_hand(code: str, rows: list[Row], expected: Rolled) -> None:
    assert rollup_flat(TEMPLATE, rows)[code] == expected


def test_count_displays_as_units_over_units() -> None:
    assert str(Count(14, 14)) == "14/14"


def test_ratio_is_not_an_average_of_percentages() -> None:
    rows = [row("a", tham_gia=9, quan_so=10), row("b", tham_gia=1, quan_so=90)]
    result = rollup_flat(TEMPLATE, rows)["ty-le"].value
    assert result == D(10)
    assert result != (D(90) + D(1) / D(90) * 100) / 2


# --- level by level == from the leaves ------------------------------------------------------

STAMPS = [None, *(at(h) for h in (8, 9, 10))]  # few, so that equal times happen


def _number(places: int) -> st.SearchStrategy[Decimal | None]:
    whole = st.integers(min_value=-1000, max_value=100_000)
    return st.one_of(
        st.none(),
        st.just(D(0)),
        whole.map(lambda n: D(n).scaleb(-places)),
    )


@st.composite
def values(draw: st.DrawFn) -> dict[str, Value]:
    entered: dict[str, Value] = {}
    for indicator in ENTERED:
        if indicator.type == "boolean":
            flag = draw(st.sampled_from([None, True, False]))
            if flag is not None:
                entered[indicator.code] = Value(flag=flag)
        elif indicator.type == "text":
            text = draw(st.sampled_from(["", "Ổn định", "Phức tạp", "Đảng ủy"]))
            if text:
                entered[indicator.code] = Value(text=text)
        else:
            places = 0 if indicator.type == "integer" else draw(st.integers(0, 4))
            number = draw(_number(places))
            if number is not None:
                entered[indicator.code] = Value(number=number)
    return entered


@st.composite
def trees(draw: st.DrawFn, depth: int = 0, path: str = "u") -> Node:
    fanout = 0 if depth >= 5 else draw(st.integers(0, 3 if depth < 2 else 2))
    node = Node(Row(unit=path, values=draw(values()), stamp=draw(st.sampled_from(STAMPS))))
    node.children = [draw(trees(depth + 1, f"{path}.{i}")) for i in range(fanout)]
    return node


def _rows(node: Node) -> list[Row]:
    rows = [node.row]
    for child in node.children:
        rows.extend(_rows(child))
    return rows


@settings(max_examples=150, deadline=None)
@given(trees())
def test_level_by_level_equals_from_the_leaves(tree: Node) -> None:
    by_levels = rollup_tree(TEMPLATE, tree)
    from_leaves = rollup_flat(TEMPLATE, _rows(tree))
    assert set(by_levels) == {i.code for i in TEMPLATE.indicators}
    for code in by_levels:
        assert by_levels[code] == from_leaves[code], code


@settings(max_examples=40, deadline=None)
@given(trees())
def test_the_order_of_units_does_not_matter(tree: Node) -> None:
    rows = _rows(tree)
    assert rollup_flat(TEMPLATE, rows) == rollup_flat(TEMPLATE, rows[::-1])


def test_every_rule_is_covered() -> None:
    rules = {i.aggregation for i in TEMPLATE.indicators}
    assert rules == {
        "sum",
        "ratio",
        "weighted_average",
        "min",
        "max",
        "count_true",
        "count_condition",
        "last",
        "none",
    }
