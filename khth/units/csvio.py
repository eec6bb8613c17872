"""The unit tree as CSV: ``code,name,short_name,level,parent_code`` (+ optional detail columns).

An import is all or nothing: every problem in the file is reported with its line and column, and
the database is touched only when there are none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.lib.cells import csv_cell
from khth.lib.importing import (
    ImportRejected,
    Problem,
    empty_cells,
    in_file_order,
    read_csv,
    reject_if_any,
)
from khth.regulations.access import level_codes
from khth.units.actions import UnitError, create_unit, move_unit, update_unit
from khth.units.models import Unit, path_ids

REQUIRED_COLUMNS = ("code", "name", "short_name", "level", "parent_code")
OPTIONAL_COLUMNS = ("party_body", "superior_party_body", "party_abbr", "admin_abbr", "place")
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Row:
    line: int
    values: dict[str, str]

    @property
    def code(self) -> str:
        return self.values["code"]

    @property
    def parent_code(self) -> str:
        return self.values["parent_code"]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    moved: int
    unchanged: int


def _check(rows: list[Row], existing: dict[str, Unit]) -> list[Problem]:
    problems: list[Problem] = []
    levels = level_codes()
    seen: dict[str, int] = {}
    by_code = {}
    in_file = {r.code for r in rows}
    for row in rows:
        problems.extend(empty_cells(row.line, row.values, ("code", "name", "level")))
        if row.code in seen:
            problems.append(
                Problem(
                    row.line,
                    "code",
                    _("mã %(code)s trùng với dòng %(line)d")
                    % {"code": row.code, "line": seen[row.code]},
                )
            )
        elif row.code:
            seen[row.code] = row.line
            by_code[row.code] = row
        level = row.values["level"]
        if level and level not in levels:
            problems.append(
                Problem(
                    row.line,
                    "level",
                    _("cấp «%(level)s» không có; hợp lệ: %(levels)s")
                    % {"level": level, "levels": ", ".join(levels)},
                )
            )
        parent = row.parent_code
        if parent and parent not in existing and parent not in in_file:
            problems.append(
                Problem(
                    row.line, "parent_code", _("không có đơn vị mã %(code)s") % {"code": parent}
                )
            )
        current = existing.get(row.code)
        if not parent and current is not None and current.parent is not None:
            problems.append(
                Problem(
                    row.line,
                    "parent_code",
                    _(
                        "%(code)s đang trực thuộc %(parent)s: không thể bỏ trống "
                        "(một đơn vị đã có không trở thành đơn vị gốc)"
                    )
                    % {"code": row.code, "parent": current.parent.code},
                )
            )
        if parent and parent == row.code:
            problems.append(
                Problem(row.line, "parent_code", _("đơn vị không thể trực thuộc chính nó"))
            )
    problems.extend(_cycles(by_code, existing))
    problems.extend(_level_order(rows, by_code, existing, levels))
    return problems


def _parent_of(code: str, by_code: dict[str, Row], existing: dict[str, Unit]) -> str:
    if code in by_code:
        return by_code[code].parent_code
    unit = existing.get(code)
    return unit.parent.code if unit is not None and unit.parent is not None else ""


def _cycles(by_code: dict[str, Row], existing: dict[str, Unit]) -> list[Problem]:
    problems = []
    in_reported_cycle: set[str] = set()
    for code, row in by_code.items():
        chain = [code]
        current = row.parent_code
        while current and current not in chain:
            chain.append(current)
            current = _parent_of(current, by_code, existing)
        if current == code and len(chain) > 1 and code not in in_reported_cycle:
            in_reported_cycle.update(chain)
            loop = " → ".join([*chain, code])
            problems.append(
                Problem(
                    row.line,
                    "parent_code",
                    _("quan hệ cấp trên lặp vòng: %(loop)s") % {"loop": loop},
                )
            )
    return problems


def _level_order(
    rows: list[Row], by_code: dict[str, Row], existing: dict[str, Unit], levels: tuple[str, ...]
) -> list[Problem]:
    problems = []
    for row in rows:
        level, parent = row.values["level"], row.parent_code
        parent_level = (
            by_code[parent].values["level"]
            if parent in by_code
            else existing[parent].level
            if parent in existing
            else ""
        )
        known = level in levels and parent_level in levels
        if known and levels.index(level) <= levels.index(parent_level):
            problems.append(
                Problem(
                    row.line,
                    "level",
                    _("cấp «%(level)s» không thấp hơn cấp «%(parent_level)s» của đơn vị %(code)s")
                    % {"level": level, "parent_level": parent_level, "code": parent},
                )
            )
    return problems


def _ordered(rows: list[Row]) -> list[Row]:
    """Parents before children (the file may list them in any order); cycles were rejected."""
    by_code = {r.code: r for r in rows}
    done: set[str] = set()
    ordered: list[Row] = []

    def visit(row: Row) -> None:
        stack = []
        current: Row | None = row
        while current is not None and current.code not in done:
            stack.append(current)
            current = by_code.get(current.parent_code)
        for item in reversed(stack):
            done.add(item.code)
            ordered.append(item)

    for row in rows:
        visit(row)
    return ordered


def import_units(
    data: bytes, *, by: Any, on: dt.date | None = None, allowed_roots: Iterable[Unit] | None = None
) -> ImportResult:
    """Create or update units from a CSV file, all or nothing.

    ``allowed_roots``: when given (a user importing from the UI/API), every row's parent must lie
    inside one of these subtrees and existing units may be changed only there.
    """
    records, problems = read_csv(
        data, max_bytes=MAX_BYTES, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS
    )
    reject_if_any(problems)
    rows = [Row(r.line, r.values) for r in records]
    codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("parent")}
    problems = _check(rows, existing)
    if allowed_roots is not None:
        problems.extend(_outside(rows, existing, list(allowed_roots)))
    reject_if_any(in_file_order(problems))
    return _apply(_ordered(rows), existing, by=by, on=on)


def _outside(rows: list[Row], existing: dict[str, Unit], roots: list[Unit]) -> list[Problem]:
    def inside(unit: Unit) -> bool:
        return any(unit.path.startswith(root.path) for root in roots)

    problems = []
    new_codes = {r.code for r in rows if r.code not in existing}
    for row in rows:
        unit = existing.get(row.code)
        if unit is not None and not inside(unit):
            problems.append(
                Problem(
                    row.line, "code", _("không có quyền sửa đơn vị %(code)s") % {"code": row.code}
                )
            )
        parent = existing.get(row.parent_code)
        if not row.parent_code:
            problems.append(
                Problem(row.line, "parent_code", _("chỉ quản trị hệ thống mới tạo đơn vị gốc"))
            )
        elif parent is not None and not inside(parent):
            problems.append(
                Problem(
                    row.line,
                    "parent_code",
                    _("không có quyền với đơn vị %(code)s") % {"code": row.parent_code},
                )
            )
        elif parent is None and row.parent_code not in new_codes:
            problems.append(
                Problem(
                    row.line,
                    "parent_code",
                    _("không có đơn vị %(code)s") % {"code": row.parent_code},
                )
            )
    return problems


@transaction.atomic
def _apply(
    rows: list[Row], existing: dict[str, Unit], *, by: Any, on: dt.date | None
) -> ImportResult:
    counts = {"created": 0, "updated": 0, "moved": 0, "unchanged": 0}
    units = dict(existing)
    for row in rows:
        try:
            outcome = _apply_row(row, units, by=by, on=on)
        except UnitError as exc:
            # Rules only the tree knows (dates, existing subordinates): still named by line.
            raise ImportRejected([Problem(row.line, "", str(exc))]) from None
        for key in outcome:
            counts[key] += 1
    return ImportResult(**counts)


def _apply_row(row: Row, units: dict[str, Unit], *, by: Any, on: dt.date | None) -> list[str]:
    """Create or update one unit; returns what happened to it ("created", "moved", …)."""
    details = {k: row.values[k] for k in OPTIONAL_COLUMNS if k in row.values}
    parent = units.get(row.parent_code) if row.parent_code else None
    unit = units.get(row.code)
    if unit is None:
        units[row.code] = create_unit(
            code=row.code,
            name=row.values["name"],
            short_name=row.values["short_name"],
            level=row.values["level"],
            parent=parent,
            by=by,
            valid_from=on,
            **details,
        )
        return ["created"]
    unit.refresh_from_db()
    changes = {"name": row.values["name"], **details}
    if row.values["short_name"]:
        changes["short_name"] = row.values["short_name"]
    before = unit.snapshot()
    outcome = []
    if parent is not None and unit.parent_id != parent.pk:
        move_unit(unit, parent, by=by, on=on)
        outcome.append("moved")
    update_unit(unit, by=by, level=row.values["level"], **changes)
    after = unit.snapshot()
    if after == before:
        outcome.append("unchanged")
    elif {**after, "parent": None} != {**before, "parent": None}:
        outcome.append("updated")
    return outcome


def export_units(units: Iterable[Unit]) -> str:
    """CSV text of ``units``, parents before children, re-importable as it is."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    units = list(units)
    codes = {u.pk: u.code for u in units}

    def tree_order(unit: Unit) -> list[str]:
        # Depth-first with siblings by code: a parent's chain of codes is a prefix of its
        # children's, so it sorts before them (raw paths hold keys: "/1/10/" before "/1/2/").
        return [codes.get(pk, f"{pk:012d}") for pk in path_ids(unit.path)]

    ordered = sorted(units, key=tree_order)
    for unit in ordered:
        row = [
            unit.code,
            unit.name,
            unit.short_name,
            unit.level,
            unit.parent.code if unit.parent else "",
            *(getattr(unit, c) for c in OPTIONAL_COLUMNS),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()
