"""``khth bench import`` runs at a small size, so that it cannot rot. Timings are not asserted."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from khth.audit.models import AuditEntry
from khth.demo.bench_import import army_tree, spread, values_files
from khth.periods import period_of
from khth.regulations.access import active_regulation
from khth.reports.imports import import_values
from khth.reports.models import IndicatorValue, Report
from khth.reports.template import entered_indicators
from khth.units.models import Unit, UnitPlacement
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db

SECONDS = r"[\d.]+ s"
JULY = dt.date(2024, 7, 1)


def test_import_bench_prints_its_figures_and_keeps_nothing(regulation: Any) -> None:
    entries = AuditEntry.objects.count()
    result = run("bench", "import", "--units", "60", "--reports", "10")
    assert not result.failed, result.errors
    out = result.out
    assert re.search(r"^levels: tong-cuc 1 / quan-khu 4 / .* / dai-doi \d+$", out, re.M)
    assert re.search(r"^database: \w+, N = 60, period \d{6}$", out, re.M)
    assert re.search(rf"^units import: 60 units created in {SECONDS} \([\d.]+ ms/unit;", out, re.M)
    again = rf"^units import again, every name changed: 60 units updated in {SECONDS}"
    assert re.search(again, out, re.M)
    figures = re.findall(
        r"^values import(?:| again, new figures): 10 reports × (\d+) numeric indicators "
        rf"\((\d+) values, 1 file\) in {SECONDS}: [\d.]+ ms/report; 20000 reports: \d+ s, "
        r"at 40 values a report \d+ s \(goal < 300 s\)$",
        out,
        re.M,
    )
    assert len(figures) == 2
    indicators = int(figures[0][0])
    assert indicators > 10 and int(figures[0][1]) == 10 * indicators
    assert f"check: 10 reports hold {indicators} values each" in out
    # Nothing is left behind.
    assert not Unit.objects.exists()
    assert not UnitPlacement.objects.exists()
    assert not Report.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_import_bench_refuses_a_tree_smaller_than_its_levels(regulation: Any) -> None:
    assert run("bench", "import", "--units", "3").failed
    assert run("bench", "import", "--units", "60", "--reports", "-1").failed


def test_the_tree_is_the_rollup_shape_and_values_files_stay_under_the_row_limit(
    regulation: Any,
) -> None:
    units, levels = army_tree(20_000, "X")
    assert [size for _level, size in levels] == [1, 4, 33, 265, 2156, 17541]
    assert len(units) == 20_000 and len({u.code for u in units}) == 20_000
    codes = {u.code for u in units}
    assert all(u.parent_code in codes for u in units[1:]) and units[0].parent_code == ""
    template = active_regulation().report_template("bc-thang")
    indicators = [i for i in entered_indicators(template) if i.type in {"integer", "decimal"}]
    chosen = spread([u for u in units if u.level in template.reporting_levels], 3000)
    assert len(chosen) == 3000 and len({u.level for u in chosen}) > 1
    period = period_of(JULY, "monthly")
    files = values_files(chosen, indicators, period, 0)
    assert len(files) == 2
    assert all(data.count(b"\n") - 1 <= 50_000 for data in files)
    assert sum(data.count(b"\n") - 1 for data in files) == 3000 * len(indicators)


def test_the_bench_figures_are_ones_the_importer_takes(world: Any) -> None:
    # Within each indicator's bounds and written the Vietnamese way: the import accepts them.
    template = active_regulation().report_template("bc-thang")
    indicators = [i for i in entered_indicators(template) if i.type in {"integer", "decimal"}]
    units, _levels = army_tree(60, "X")
    for shift in range(3):
        data = values_files([units[-1]], indicators, period_of(JULY, "monthly"), shift)
        import_values(data[0].replace(units[-1].code.encode(), b"C1"), by=None)
    assert IndicatorValue.objects.filter(report__unit__code="C1").count() == len(indicators)
