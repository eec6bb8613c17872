"""The unit tree as CSV: ``code,name,short_name,level,parent_code`` (+ optional detail columns).

An import is all or nothing: every problem in the file is reported with its line and column, and
the database is touched only when there are none. Checking reads only; the write is one short
transaction of bulk statements (``create_units``, ``update_units``; a move, rare, goes through
``move_unit``), so that other people's writes wait seconds, not minutes, behind an import.
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
    field_problems,
    in_file_order,
    model_fields,
    read_csv,
    reject_if_any,
)
from khth.regulations.access import level_codes
from khth.units.actions import (
    NewUnit,
    UnitChange,
    UnitError,
    create_units,
    move_unit,
    units_by_code,
    update_units,
)
from khth.units.models import Unit, path_ids

REQUIRED_COLUMNS = ("code", "name", "short_name", "level", "parent_code")
OPTIONAL_COLUMNS = (
    "party_body",
    "superior_party_body",
    "party_abbr",
    "admin_abbr",
    "place",
    # A unit type of the regulation the unit follows; blank: a general unit (issue 13).
    "unit_type",
)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# Each column is checked by the model field it is stored in (length, a code's characters).
FIELDS = model_fields(
    Unit,
    {
        **{column: column for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)},
        "parent_code": "code",
    },
)
SHORT_NAME_LENGTH = Unit._meta.get_field("short_name").max_length or 0


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
        problems.extend(field_problems(row.line, row.values, FIELDS))
        if not row.values["short_name"] and len(row.values["name"]) > SHORT_NAME_LENGTH:
            problems.append(
                Problem(
                    row.line,
                    "short_name",
                    _("để trống thì dùng tên đầy đủ, nhưng tên dài hơn %(max)d ký tự")
                    % {"max": SHORT_NAME_LENGTH},
                )
            )
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
        data,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
    )
    reject_if_any(problems)
    rows = [Row(r.line, r.values) for r in records]
    existing = units_by_code(_codes(rows))
    problems = _check(rows, existing)
    if allowed_roots is not None:
        problems.extend(_outside(rows, existing, list(allowed_roots)))
    reject_if_any(in_file_order(problems))
    return _apply(_ordered(rows), existing, by=by, on=on)


def _codes(rows: list[Row]) -> list[str]:
    return [r.code for r in rows] + [r.parent_code for r in rows if r.parent_code]


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
    rows: list[Row], checked: dict[str, Unit], *, by: Any, on: dt.date | None
) -> ImportResult:
    """Write the checked file: new units, then moves, then changed details."""
    # The file was checked against the tree as read before this transaction; another change
    # since then would make that check stale. Re-read (a query per 500 codes) and refuse if so.
    existing = units_by_code(_codes(rows))
    if {c: u.snapshot() for c, u in existing.items()} != {
        c: u.snapshot() for c, u in checked.items()
    }:
        raise ImportRejected(
            [Problem(0, "", _("cây đơn vị vừa thay đổi trong lúc kiểm tra tệp; hãy nhập lại"))]
        )
    line_of = {row.code: row.line for row in rows}
    new_rows = [row for row in rows if row.code not in existing]
    try:
        created = create_units(
            [
                NewUnit(
                    row.code,
                    row.values["name"],
                    row.values["short_name"],
                    row.values["level"],
                    row.parent_code,
                    _details(row),
                )
                for row in new_rows
            ],
            parents=existing,
            by=by,
            on=on,
        )
    except UnitError as exc:
        # Rules only the tree knows (a parent not founded yet on that date): named by line.
        raise ImportRejected([Problem(line_of.get(exc.code, 0), "", str(exc))]) from None
    units = {**existing, **{unit.code: unit for unit in created}}
    moved: set[str] = set()
    changes = []
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            continue
        parent = units.get(row.parent_code) if row.parent_code else None
        if parent is not None and unit.parent_id != parent.pk:
            try:
                move_unit(unit, parent, by=by, on=on)
            except UnitError as exc:
                raise ImportRejected([Problem(row.line, "", str(exc))]) from None
            moved.add(row.code)
        fields = {"name": row.values["name"], **_details(row)}
        if row.values["short_name"]:
            fields["short_name"] = row.values["short_name"]
        changes.append(UnitChange(unit, row.values["level"], fields))
    if moved:
        # A move rewrote the paths of whole subtrees: the audit entries below name the new ones.
        for unit in units_by_code([c.unit.code for c in changes]).values():
            existing[unit.code].path = unit.path
    try:
        updated = {u.code for u in update_units(changes, by=by)}
    except UnitError as exc:
        raise ImportRejected([Problem(line_of.get(exc.code, 0), "", str(exc))]) from None
    return ImportResult(
        created=len(created),
        updated=len(updated),
        moved=len(moved),
        unchanged=len(existing.keys() & line_of.keys() - updated - moved),
    )


def _details(row: Row) -> dict[str, str]:
    return {k: row.values[k] for k in OPTIONAL_COLUMNS if k in row.values}


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
