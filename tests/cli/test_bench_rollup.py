"""``khth bench rollup`` runs at a small size, so that it cannot rot. Timings are not asserted."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.demo.management.commands.bench import level_sizes
from khth.reports.models import IndicatorValue, Report
from khth.units.actions import create_unit
from khth.units.models import Unit, UnitPlacement
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def test_rollup_prints_both_times_the_ratio_and_leaves_nothing(regulation: Any) -> None:
    result = run("bench", "rollup", "--units", "500")
    assert not result.failed, result.errors
    out = result.out
    assert re.search(r"^levels: tong-cuc 1 / quan-khu 4 / .* / dai-doi \d+$", out, re.M)
    assert "build: 500 units, 499 reports × 40 values" in out
    assert "bc-thang has 24 entered indicators; 16 more are copies" in out
    assert re.search(r"^database: \w+, N = 500, period \d{6}$", out, re.M)
    assert re.search(r"^check: the \d+ sums agree with the floor$", out, re.M)
    assert re.search(
        r"^consolidate\(root\): [\d.]+ ms \(median of 5, alternating with the floor; "
        r"499 units expected\)$",
        out,
        re.M,
    )
    assert re.search(r"^floor \(one SQL SUM … GROUP BY indicator_code\): [\d.]+ ms", out, re.M)
    assert re.search(r"^ratio: [\d.]+ \(goal ≤ 1.5\)$", out, re.M)
    # The paths a person at the top waits for, each timed once with what it made.
    assert re.search(r"^columns per direct subordinate: \d+ ms \(4 columns\)$", out, re.M)
    assert re.search(r"^drilldown of [a-z-]+: \d+ ms \(499 rows\)$", out, re.M)
    assert re.search(r"^export DOCX: \d+ ms \(\d+ KB\)$", out, re.M)
    assert re.search(r"^export XLSX: \d+ ms \(\d+ KB\)$", out, re.M)
    assert not Unit.objects.filter(code__startswith="RB-").exists()
    assert not Report.objects.exists()


def test_export_times_the_exports_alone_and_leaves_nothing(regulation: Any) -> None:
    result = run("bench", "export", "--units", "200")
    assert not result.failed, result.errors
    out = result.out
    assert "build: 200 units, 199 reports × 40 values" in out
    assert re.search(r"^export DOCX: \d+ ms \(\d+ KB\)$", out, re.M)
    assert re.search(r"^export XLSX: \d+ ms \(\d+ KB\)$", out, re.M)
    assert "floor" not in out and "ratio" not in out
    assert not Unit.objects.filter(code__startswith="RB-").exists()
    assert not Report.objects.exists()


def test_keep_leaves_the_tree_and_the_database_usable(regulation: Any) -> None:
    result = run("bench", "rollup", "--units", "40", "--keep")
    assert not result.failed, result.errors
    assert Unit.objects.filter(code__startswith="RB-").count() == 40
    assert UnitPlacement.objects.filter(unit__code__startswith="RB-").count() == 40
    assert Report.objects.count() == 39  # every unit but the root, which is not a reporting level
    assert IndicatorValue.objects.count() == 39 * 40
    # The keys were handed out by the bench: the next unit made the ordinary way still gets one.
    create_unit(code="NEW", name="Mới", short_name="Mới", level="quan-khu", parent=None, by=None)
    root = Unit.objects.get(code__startswith="RB-", depth=0)
    assert Unit.objects.filter(path__startswith=root.path).count() == 40


def test_rollup_refuses_a_tree_smaller_than_its_levels(regulation: Any) -> None:
    assert run("bench", "rollup", "--units", "3").failed


@pytest.mark.parametrize("count", [6, 7, 29, 30, 500, 20_000])
def test_level_sizes_fill_every_level_down_to_the_companies(count: int) -> None:
    sizes = level_sizes(count)
    assert len(sizes) == 6
    assert sum(sizes) == count
    assert sizes[0] == 1
    assert sizes == sorted(sizes)  # every unit above the bottom level has units under it
    if count >= 30:
        assert 3 <= sizes[1] <= 5
