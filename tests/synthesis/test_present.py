"""How a synthesis reads: figures with their parts, and the groups a report keeps read back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string

from khth.synthesis.present import (
    GROUPS_SHOWN,
    SENTENCES_SHOWN,
    FigureView,
    GroupView,
    SentenceView,
    SynthesisView,
    groups_of,
    kept_groups,
)


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (
            FigureView("buổi", (("c1", D(12)), ("c2", D(8)), ("c4", D(10))), D(30)),
            "30 buổi (c1: 12, c2: 8, c4: 10)",
        ),
        (
            FigureView("đồng chí", (("c1", D(45)), ("c2", D(20))), D(65), (D(48), D(20)), D(68)),
            "65/68 đồng chí (c1: 45/48, c2: 20/20)",
        ),
        (FigureView("%", (("c1", D("95.80")), ("c2", D(97))), None), "c1: 95,8%, c2: 97%"),
        (
            FigureView("điểm trung bình", (("c1", D("8.5")), ("c2", D(7))), None),
            "điểm trung bình (c1: 8,5, c2: 7)",
        ),
        (FigureView("buổi", (("c1", D(1200)),), D(1200)), "1.200 buổi (c1: 1.200)"),
    ],
)
def test_a_figure_reads_the_vietnamese_way(figure: FigureView, text: str):
    assert figure.text == text


def group(sentences: int = 2) -> GroupView:
    return GroupView(
        key="k1",
        units=("c1", "c2"),
        expected=3,
        representative="Tổ chức 12 buổi học tập.",
        sentences=tuple(
            SentenceView(f"Câu {n}.", f"c{n % 2 + 1}", str(n + 10), f"/x/{n}")
            for n in range(sentences)
        ),
        figures=(FigureView("buổi", (("c1", D(12)), ("c2", D("8.5"))), D("20.5"), (None, D(9))),),
        problems=("vi phạm",),
        is_problem=True,
    )


def test_kept_groups_read_back_as_they_were():
    kept = kept_groups([group()])
    back = groups_of(kept, 3, lambda ref: f"/r/{ref}")
    assert len(back) == 1
    original, read = group(), back[0]
    assert read.figures == original.figures
    assert (read.units, read.problems, read.is_problem, read.count) == (
        ("c1", "c2"),
        ("vi phạm",),
        True,
        2,
    )
    assert [(s.text, s.unit, s.ref, s.link) for s in read.sentences] == [
        ("Câu 0.", "c1", "10", "/r/10"),
        ("Câu 1.", "c2", "11", "/r/11"),
    ]


def test_what_is_not_of_the_kept_shape_is_left_out():
    assert groups_of(None, 3, str) == ()
    assert groups_of([1, {"figures": [{"parts": [["c1", "hai"]]}]}], 3, str)[0].figures == (
        FigureView("", (("c1", D(0)),), None),
    )


def test_a_long_group_shows_its_first_sentences():
    many = group(SENTENCES_SHOWN + 5)
    assert len(many.sentences_shown) == SENTENCES_SHOWN and many.sentences_hidden == 5


def test_a_page_shows_the_largest_groups_and_counts_the_rest():
    groups = tuple(
        GroupView(
            key=f"g{i}",
            units=(f"c{i}",),
            expected=1,
            representative=f"Câu {i}.",
            sentences=(SentenceView(f"Câu {i}.", f"c{i}", "", ""),),
            figures=(),
            problems=(),
            is_problem=False,
        )
        for i in range(GROUPS_SHOWN + 7)
    )
    view = SynthesisView(groups=groups, expected=1, silent=(), left_out=0, draft=(), written=1)
    html = render_to_string("synthesis/_groups.html", {"synthesis": view})
    assert html.count('data-testid="group"') == GROUPS_SHOWN
    assert "… và 7 nhóm ý khác" in html
