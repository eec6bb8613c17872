"""A superior's picture of its subordinates: distribution, ranking, changes since the previous
period, units below «Hoàn thành nhiệm vụ»; the charts as well-formed, escaped SVG; a bounded
number of queries whatever the number of units."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest

from khth.accounts.actions import create_user
from khth.evaluations.actions import (
    Entry,
    criteria,
    decide_evaluation,
    open_evaluation,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.charts import Band, Bar, Point, bar_chart, trend_chart
from khth.evaluations.models import Evaluation
from khth.evaluations.overview import overview, period_choices
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.units.actions import create_unit
from tests.conftest import FOUNDED, PASSWORD
from tests.evaluations.conftest import HALF

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    """Parse a chart, which fails unless it is well-formed XML."""
    return ET.fromstring(text)  # noqa: S314 -- our own output, parsed to check its form


def child(element: ET.Element, tag: str) -> ET.Element:
    found = element.find(f"{SVG}{tag}")
    assert found is not None, tag
    return found


def text(element: ET.Element, tag: str) -> str:
    return child(element, tag).text or ""


def number(element: ET.Element, tag: str, attribute: str) -> float:
    return float(child(element, tag).get(attribute, "nan"))


EARLIER = "2023S2"


def add_officer(world: Any, code: str) -> None:
    """A political officer ``po_<code>`` at the unit ``code``."""
    username = f"po_{code.lower()}"
    world.users[username] = create_user(
        username=username,
        full_name=f"Chính trị viên {code}",
        unit=world.unit(code),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )


def add_company(world: Any, code: str, parent: str) -> None:
    """A company under ``parent`` with its own political officer."""
    create_unit(
        code=code,
        name=f"Đại đội {code}",
        short_name=code,
        level="dai-doi",
        parent=world.unit(parent),
        by=None,
        valid_from=FOUNDED,
    )
    add_officer(world, code)


def assess(world: Any, code: str, period: str, factor: str, until: str = "decided") -> Evaluation:
    """``code``'s evaluation of ``period`` with every criterion at ``factor`` × its maximum
    (``factor`` × 100 points in all), taken as far as ``until``."""
    own = world.users[f"po_{code.lower()}"]
    evaluation = open_evaluation(world.unit(code), period, by=own)
    entries = {
        c.code: Entry(Decimal(c.max_points) * Decimal(factor), "Căn cứ sổ sách")
        for c in criteria(rules_of(evaluation))
    }
    save_self_assessment(evaluation, entries, by=own, base_version=evaluation.version)
    if until == "draft":
        return evaluation
    evaluation = submit_evaluation(evaluation, by=own)
    if until == "submitted":
        return evaluation
    reviewer = (
        world.users["po_b1"] if world.unit(code).parent.code == "B1" else world.users["po_b2"]
    )
    evaluation = review_evaluation(evaluation, {}, by=reviewer, base_version=evaluation.version)
    if until == "reviewed":
        return evaluation
    return decide_evaluation(evaluation, by=world.users["cu_r"])


@pytest.fixture
def tree(world):
    """The regiment's companies for the first half of 2024, and the half before:

    C1  60 (Hoàn thành) → 80 (Tốt)                 up one level, +20
    C2  80 (Tốt)        → 40 (Không hoàn thành)    down two levels, −40, below the standard
    C3  —               → 70 (Tốt), waiting for review
    C4  —               → being self-assessed
    C5  —               → nothing opened
    """
    add_officer(world, "B2")
    add_officer(world, "C3")
    add_company(world, "C4", "B2")
    add_company(world, "C5", "B2")
    assess(world, "C1", EARLIER, "0.6")
    assess(world, "C2", EARLIER, "0.8")
    assess(world, "C1", HALF, "0.8")
    assess(world, "C2", HALF, "0.4")
    assess(world, "C3", HALF, "0.7", until="submitted")
    assess(world, "C4", HALF, "0.9", until="draft")
    return world


def test_the_picture_of_every_company_of_the_regiment(tree):
    picture = overview(tree.unit("R"), parse_period(HALF), active_regulation(), level="dai-doi")
    rows = {r.unit.code: r for r in picture.rows}
    assert list(rows) == ["C1", "C2", "C3", "C4", "C5"]
    assert {b.code: b.count for b in picture.distribution} == {
        "xuat-sac": 0,
        "tot": 2,  # C1 decided, C3 by its own scores while waiting for review
        "hoan-thanh": 0,
        "khong-hoan-thanh": 1,
    }
    ranking = [(r.unit.code, r.position, r.standing and r.standing.score) for r in picture.ranking]
    assert ranking == [
        ("C1", 1, Decimal(80)),
        ("C3", 2, Decimal(70)),
        ("C2", 3, Decimal(40)),
    ]
    assert (rows["C1"].level_change, rows["C1"].score_delta) == (1, Decimal(20))
    assert (rows["C2"].level_change, rows["C2"].score_delta) == (-2, Decimal(-40))
    assert (rows["C3"].level_change, rows["C3"].score_delta) == (None, None)
    assert [r.unit.code for r in picture.below] == ["C2"]
    assert [r.unit.code for r in picture.not_assessed] == ["C4", "C5"]
    assert [r.unit.code for r in picture.waiting_review] == ["C3"]
    assert picture.waiting_decision == []
    assert (picture.assessed, picture.final) == (3, 2)


def test_direct_subordinates_by_default(tree):
    picture = overview(tree.unit("B2"), parse_period(HALF), active_regulation())
    assert [r.unit.code for r in picture.rows] == ["C3", "C4", "C5"]
    picture = overview(tree.unit("R"), parse_period(HALF), active_regulation())
    assert [r.unit.code for r in picture.rows] == ["B1", "B2"]
    assert [r.unit.code for r in picture.not_assessed] == ["B1", "B2"]


def test_ties_share_a_position(world):
    assess(world, "C1", HALF, "0.7")
    assess(world, "C2", HALF, "0.7")
    picture = overview(world.unit("B1"), parse_period(HALF), active_regulation())
    assert [r.position for r in picture.ranking] == [1, 1]


def test_the_page_shows_the_picture(tree):
    client = tree.client("cu_r")
    body = client.get(f"/evaluations/unit/R/?period={HALF}&level=dai-doi").content.decode()
    assert 'data-testid="overview"' in body
    assert '<td class="num" data-testid="count-tot">2</td>' in body
    assert '<td class="num" data-testid="count-khong-hoan-thanh">1</td>' in body
    # C2 is highlighted, the others are not.
    assert '<tr data-unit="C2" class="below-standard" data-testid="below-standard">' in body
    assert body.count('data-testid="below-standard"') == 1
    assert "▲ lên 1 mức" in body and "+20 điểm" in body
    assert "▼ xuống 2 mức" in body and "-40 điểm" in body
    assert (
        body.index('data-unit="C1"') < body.index('data-unit="C3"') < body.index('data-unit="C2"')
    )
    waiting = body[body.index('data-testid="waiting-review"') :]
    assert waiting.index("Đại đội 3") < waiting.index("</span>")
    # The distribution chart is in the page, well-formed.
    start = body.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="distribution"')
    chart = parse_svg(body[start : body.index("</svg>", start) + len("</svg>")])
    assert text(chart, "title").startswith("Phân bố mức xếp loại")
    # A battalion's reader sees its own companies only; a company has no picture.
    body = tree.client("cmd_b1").get(f"/evaluations/unit/B1/?period={HALF}").content.decode()
    assert 'data-unit="C1"' in body and 'data-unit="C3"' not in body
    assert tree.client("cmd_b1").get("/evaluations/unit/R/").status_code == 404
    body = tree.client("po_c1").get("/evaluations/unit/C1/").content.decode()
    assert 'data-testid="overview"' not in body
    # Parameters that make no sense fall back to the defaults, never an error page.
    for query in ("period=2024S9&level=nope", "period=202401", "period=", "level=dai-doi"):
        assert client.get(f"/evaluations/unit/R/?{query}").status_code == 200, query


def test_the_query_count_does_not_grow_with_the_subordinates(world, django_assert_max_num_queries):
    add_officer(world, "B2")
    assess(world, "C1", EARLIER, "0.7")
    assess(world, "C1", HALF, "0.8")
    client = world.client("cu_r")
    page = f"/evaluations/unit/R/?period={HALF}&level=dai-doi"
    client.get(page)  # the regulation parsed and cached, as on a running server
    # 15 before regulation variants; +1: the regulation the unit follows (versions and scopes).
    with django_assert_max_num_queries(16) as few:
        assert client.get(page).status_code == 200
    for i in range(6):
        code = f"C{10 + i}"
        add_company(world, code, "B1" if i % 2 else "B2")
        assess(world, code, EARLIER, "0.6")
        assess(world, code, HALF, "0.7", until="reviewed" if i % 2 else "submitted")
    with django_assert_max_num_queries(16) as many:
        body = client.get(page).content.decode()
    assert body.count("<tr data-unit=") == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_period_choices_go_back_to_the_unit_and_reach_the_current_period(world):
    import datetime as dt

    choices = period_choices(active_regulation(), dt.date(2024, 8, 1), since=dt.date(2023, 3, 1))
    assert [p.id for p in choices] == ["2024S2", "2024", "2024S1", "2023S2", "2023", "2023S1"]


# --- the charts ------------------------------------------------------------------------------

NASTY = "Mức <b>\"đặc biệt\"</b> & 'khác'"


def test_the_bar_chart_is_well_formed_accessible_and_escaped():
    svg = bar_chart(
        [
            Bar("xuat-sac", "Hoàn thành xuất sắc nhiệm vụ", 1, 0, False),
            Bar("tot", NASTY, 3, 1, False),
            Bar("khong-hoan-thanh", "Không hoàn thành nhiệm vụ", 0, 3, True),
        ],
        chart_id="dist",
        title="Phân bố <kỳ> & năm",
    )
    assert "<b>" not in svg and "<kỳ>" not in svg
    root = parse_svg(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "dist-title dist-desc"
    assert text(root, "title") == "Phân bố <kỳ> & năm"
    desc = text(root, "desc")
    assert "4 đơn vị được xếp loại" in desc and f"{NASTY}: 3 đơn vị" in desc
    bars = root.findall(f"{SVG}g")
    assert [b.get("data-level") for b in bars] == ["xuat-sac", "tot", "khong-hoan-thanh"]
    texts = ["".join(t.itertext()) for t in bars[1].iter(f"{SVG}text")]
    assert texts == [NASTY, "3"]
    assert text(bars[1], "title") == f"{NASTY}: 3 đơn vị"
    widths = [number(b, "rect", "width") for b in bars]
    assert widths[1] > widths[0] > widths[2] == 0


BANDS = [
    Band("Hoàn thành xuất sắc nhiệm vụ", 90, 0, False),
    Band("Hoàn thành tốt nhiệm vụ", 70, 1, False),
    Band("Hoàn thành nhiệm vụ", 50, 2, False),
    Band("Không hoàn thành nhiệm vụ", 0, 3, True),
]


@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_trend_chart_is_well_formed_for_any_number_of_periods(count):
    points = [
        Point(f"6 tháng đầu năm {2020 + i}", Decimal(60 + 10 * i), "Mức", min(i, 3), False)
        for i in range(count)
    ]
    svg = trend_chart(points, BANDS, total=100, chart_id="t", title="Xu hướng")
    root = parse_svg(str(svg))
    assert text(root, "title") == "Xu hướng"
    assert len(root.findall(f".//{SVG}circle")) == count
    assert len(root.findall(f".//{SVG}polyline")) == (1 if count > 1 else 0)
    assert len(root.findall(f"{SVG}g[@class='band']")) == 4


def test_the_trend_chart_carries_scores_and_levels_in_words_and_escapes_them():
    points = [
        Point("6 tháng đầu năm 2023", Decimal("72.5"), "Hoàn thành tốt nhiệm vụ", 1, False),
        Point("6 tháng <cuối> năm 2023", Decimal(40), NASTY, 3, True),
    ]
    svg = trend_chart(points, BANDS, total=100, chart_id="t", title="Xu hướng")
    assert "<cuối>" not in svg
    root = parse_svg(str(svg))
    desc = text(root, "desc")
    assert desc == (
        "6 tháng đầu năm 2023: 72,5 điểm, Hoàn thành tốt nhiệm vụ; "
        f"6 tháng <cuối> năm 2023: 40 điểm, {NASTY}"
    )
    groups = root.findall(f"{SVG}g[@class='point']")
    assert text(groups[1], "title") == f"6 tháng <cuối> năm 2023: 40 điểm, {NASTY}"
    labels = ["".join(t.itertext()) for t in groups[0].iter(f"{SVG}text")]
    assert labels == ["72,5", "6 tháng đầu năm", "2023"]
    # The lower score is drawn lower (SVG y grows downwards), in the lowest level's red.
    assert number(groups[1], "circle", "cy") > number(groups[0], "circle", "cy")
    assert child(groups[1], "circle").get("fill") == "#c62828"


def test_a_level_at_the_top_shows_at_most_200_units_of_each_kind(world):
    from tests.units.helpers import bulk_tree

    bulk_tree(
        world.unit("R"), [("tieu-doan", "Tiểu đoàn", 1), ("dai-doi", "Đại đội", 250)], prefix="K"
    )
    body = world.client("cu_r").get(f"/evaluations/unit/R/?period={HALF}&level=dai-doi")
    html = body.content.decode()
    ranking = html[html.index('data-testid="ranking"') :]
    # 253 companies (3 of the world, 250 new), none assessed: 200 rows, and the rest counted.
    assert ranking[: ranking.index("</table>")].count("<tr data-unit=") == 200
    assert 'data-testid="ranking-capped"' in html
    assert "và 53 đơn vị khác" in html
