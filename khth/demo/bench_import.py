"""``khth bench import``: how long the imports take at army scale.

It writes a CSV of N units shaped like the army (the tree of ``khth bench rollup``: one root, 4
under it, then an even fan-out down to the companies) and times ``import_units`` on it, then the
same file with every name changed (20,000 updates). Then it writes the values of every numeric
indicator of the monthly template for M of those units (spread over the reporting levels, files
of at most 50,000 rows as the importer takes them) and times ``import_values``: once opening the
reports, once changing every value. It checks what the imports wrote, prints the figures — per
report, and projected to 20,000 reports — and the command rolls it all back.

Figures only, no pass/fail (docs/performance.md records them).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection

from khth.demo.management.commands.bench import ROLLUP_LEVELS, ROLLUP_TEMPLATE, level_sizes
from khth.lib import clock
from khth.lib.importing import DEFAULT_MAX_ROWS
from khth.periods import Period, period_of
from khth.regulations.access import active_regulation, level_codes
from khth.regulations.schema.reports import Indicator
from khth.reports.imports import COLUMNS, import_values
from khth.reports.models import IndicatorValue, Report
from khth.reports.template import entered_indicators
from khth.units.csvio import REQUIRED_COLUMNS, import_units
from khth.units.models import Unit

PROJECTED_REPORTS = 20_000
GOAL_VALUES = 40  # indicators a report of the goal carries (issue 15)
UNITS_GOAL_S = 30
VALUES_GOAL_S = 5 * 60

T = TypeVar("T")


@dataclass(frozen=True)
class BenchUnit:
    code: str
    level: str
    parent_code: str


def army_tree(count: int, prefix: str) -> tuple[list[BenchUnit], list[tuple[str, int]]]:
    """``count`` units, breadth first, and the units per level: the shape ``bench rollup``
    builds (``level_sizes`` over the six levels down to the companies)."""
    levels = level_codes()
    bottom = levels.index("dai-doi") + 1 if "dai-doi" in levels else ROLLUP_LEVELS
    tree_levels = levels[max(0, bottom - ROLLUP_LEVELS) : bottom]
    sizes = level_sizes(count, len(tree_levels))
    units: list[BenchUnit] = []
    above: list[BenchUnit] = []
    for level, size in zip(tree_levels, sizes, strict=True):
        row = [
            BenchUnit(
                f"{prefix}-{len(units) + index}",
                level,
                above[index * len(above) // size].code if above else "",
            )
            for index in range(size)
        ]
        units.extend(row)
        above = row
    return units, list(zip(tree_levels, sizes, strict=True))


def units_csv(units: Sequence[BenchUnit], *, renamed: bool = False) -> bytes:
    suffix = " (đổi tên)" if renamed else ""
    lines = [",".join(REQUIRED_COLUMNS)]
    for number, unit in enumerate(units):
        lines.append(
            f"{unit.code},Đơn vị thử {number}{suffix},ĐV{number},{unit.level},{unit.parent_code}"
        )
    return ("\n".join(lines) + "\n").encode()


def typed_value(indicator: Indicator, seed: int) -> str:
    """A figure as people type it, within the indicator's bounds."""
    low = int(indicator.min or 0)
    high = int(indicator.max) if indicator.max is not None else low + 120
    whole = low + seed % (high - low + 1)
    if indicator.type == "decimal" and whole < high:
        return f"{whole},5"
    return str(whole)


def values_files(
    units: Sequence[BenchUnit], indicators: Sequence[Indicator], period: Period, shift: int
) -> list[bytes]:
    """The values of ``indicators`` for ``units``, a file per ``DEFAULT_MAX_ROWS`` rows at
    most (a report's rows never split across two files)."""
    per_file = max(1, DEFAULT_MAX_ROWS // len(indicators))
    files = []
    for chunk in _chunks(units, per_file):
        lines = [",".join(COLUMNS)]
        for number, unit in enumerate(chunk):
            for index, indicator in enumerate(indicators):
                value = typed_value(indicator, number + index + shift)
                lines.append(
                    f'{unit.code},{ROLLUP_TEMPLATE},{period.id},{indicator.code},"{value}"'
                )
        files.append(("\n".join(lines) + "\n").encode())
    return files


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def spread(items: Sequence[T], count: int) -> list[T]:
    """``count`` of ``items``, evenly spaced (all of them when there are fewer)."""
    if count >= len(items):
        return list(items)
    return [items[index * len(items) // count] for index in range(count)]


def seconds(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


class ImportBench:
    def __init__(self, write: Callable[[str], Any]) -> None:
        self.write = write

    def run(self, unit_count: int, report_count: int) -> None:
        today = clock.today()
        period = period_of(today.replace(day=1) - dt.timedelta(days=1), "monthly")
        prefix = f"BI-{secrets.token_hex(3).upper()}"
        units, levels = army_tree(unit_count, prefix)
        self.write("levels: " + " / ".join(f"{level} {size}" for level, size in levels))
        self.write(f"database: {connection.vendor}, N = {unit_count}, period {period.id}")
        self._units(units, prefix, period)
        template = active_regulation().report_template(ROLLUP_TEMPLATE)
        indicators = [i for i in entered_indicators(template) if i.type in {"integer", "decimal"}]
        reporting = [u for u in units if u.level in template.reporting_levels]
        chosen = spread(reporting, report_count)
        if chosen:
            self._values(chosen, indicators, prefix, period)

    def _units(self, units: list[BenchUnit], prefix: str, period: Period) -> None:
        data = units_csv(units)
        created, took = seconds(lambda: import_units(data, by=None, on=period.start))
        stored = Unit.objects.filter(code__startswith=f"{prefix}-").count()
        if created.created != len(units) or stored != len(units):
            raise RuntimeError(f"the units import stored {stored} units, expected {len(units)}")
        self.write(
            f"units import: {created.created} units created in {took:.1f} s "
            f"({took * 1000 / len(units):.2f} ms/unit; goal: 20000 units < {UNITS_GOAL_S} s)"
        )
        renamed = units_csv(units, renamed=True)
        updated, took = seconds(lambda: import_units(renamed, by=None, on=period.start))
        if updated.updated != len(units):
            raise RuntimeError(f"the second units import updated {updated.updated} units")
        self.write(
            f"units import again, every name changed: {updated.updated} units updated in "
            f"{took:.1f} s ({took * 1000 / len(units):.2f} ms/unit)"
        )

    def _values(
        self, units: list[BenchUnit], indicators: list[Indicator], prefix: str, period: Period
    ) -> None:
        count, per_report = len(units), len(indicators)
        for shift, label in ((0, "values import"), (1, "values import again, new figures")):
            files = values_files(units, indicators, period, shift)
            summaries, took = seconds(lambda: [import_values(data, by=None) for data in files])
            written = sum(s.values for s in summaries)
            if written != count * per_report:
                raise RuntimeError(f"{label} took {written} values, expected {count * per_report}")
            ms = took * 1000 / count
            projected = ms * PROJECTED_REPORTS / 1000
            at_goal = projected * GOAL_VALUES / per_report
            self.write(
                f"{label}: {count} reports × {per_report} numeric indicators "
                f"({written} values, {len(files)} file{'s' if len(files) > 1 else ''}) in "
                f"{took:.1f} s: {ms:.1f} ms/report; {PROJECTED_REPORTS} reports: "
                f"{projected:.0f} s, at {GOAL_VALUES} values a report {at_goal:.0f} s "
                f"(goal < {VALUES_GOAL_S} s)"
            )
        mine = {"unit__code__startswith": f"{prefix}-", "period_id": period.id}
        reports = Report.objects.filter(**mine).count()
        values = IndicatorValue.objects.filter(
            report__in=Report.objects.filter(**mine).values("pk")
        ).count()
        if (reports, values) != (count, count * per_report):
            raise RuntimeError(f"stored {reports} reports and {values} values")
        self.write(f"check: {reports} reports hold {per_report} values each")
