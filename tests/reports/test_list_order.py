"""The report list reads newest period first, then in tree order, through the copy of each
unit's path on its reports (Report.unit_path), which a move or a merge rewrites with the units'."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from typing import Any

from django.apps import apps

from khth.reports.actions import open_report
from khth.reports.models import Report
from khth.units.actions import create_unit, merge_unit, move_unit
from tests.reports.conftest import MONTHLY

DAY = dt.date(2025, 1, 6)


def opened(world: Any, *pairs: tuple[str, str]) -> None:
    for code, period in pairs:
        open_report(world.unit(code), MONTHLY, period, by=None)


def listed(world: Any, username: str) -> list[tuple[str, str]]:
    html = world.client(username).get("/reports/").content.decode()
    keys = [int(pk) for pk in re.findall(r'data-report="(\d+)"', html)]
    found = {r.pk: (r.unit.code, r.period_id) for r in Report.objects.select_related("unit")}
    return [found[pk] for pk in keys]


def copies_agree() -> bool:
    return all(r.unit_path == r.unit.path for r in Report.objects.select_related("unit"))


def test_the_list_shows_the_newest_period_first_then_the_tree_in_order(world: Any) -> None:
    opened(world, ("C3", "202406"), ("C1", "202407"), ("R", "202406"), ("B1", "202407"))
    opened(world, ("C2", "202407"), ("R", "202407"))
    assert listed(world, "cu_r") == [
        ("R", "202407"),
        ("B1", "202407"),
        ("C1", "202407"),
        ("C2", "202407"),
        ("R", "202406"),
        ("C3", "202406"),
    ]


def test_a_move_rewrites_the_paths_the_list_orders_by(world: Any) -> None:
    opened(world, ("C1", "202407"), ("C2", "202407"), ("B1", "202407"), ("C3", "202407"))
    create_unit(
        code="R2", name="Trung đoàn 2", short_name="e2", level="trung-doan",
        parent=world.unit("D"), by=None, valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    move_unit(world.unit("B1"), world.unit("R2"), by=None, on=DAY)
    assert copies_agree()
    assert Report.objects.get(unit__code="C1").unit_path.startswith(world.unit("R2").path)
    # C3 (under B2, which stayed) is untouched; B1's subtree now lists after R's own.
    assert Report.objects.get(unit__code="C3").unit_path == world.unit("C3").path
    move_unit(world.unit("C3"), world.unit("B1"), by=None, on=DAY)
    assert copies_agree()
    assert [code for code, _period in listed(world, "po_b1")] == ["B1", "C1", "C2", "C3"]


def test_a_merge_moves_the_copies_with_the_children(world: Any) -> None:
    opened(world, ("C1", "202407"), ("C3", "202407"))
    merge_unit(world.unit("B2"), world.unit("B1"), by=None, on=DAY)
    assert copies_agree()
    assert Report.objects.get(unit__code="C3").unit_path.startswith(world.unit("B1").path)


def test_the_migration_fills_the_copies_of_stored_reports(world: Any) -> None:
    opened(world, ("C1", "202407"), ("R", "202406"))
    Report.objects.update(unit_path="")
    migration = importlib.import_module("khth.reports.migrations.0005_report_unit_path")
    migration.fill(apps, None)
    assert copies_agree() and not Report.objects.filter(unit_path="").exists()
