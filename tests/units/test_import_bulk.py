"""The unit import's bulk write gives what the actions give one unit at a time (issue 15): the
same units, keys in their paths, depths, sort keys, placements and audit entries; all or nothing
when the last row is refused; updates of existing units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.audit.models import AuditEntry
from khth.lib.importing import ImportRejected
from khth.lib.vietnamese import sort_key
from khth.units.actions import create_unit, update_unit
from khth.units.csvio import import_units
from khth.units.models import Unit, UnitPlacement

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 1, 1)
HEADER = "code,name,short_name,level,parent_code,party_body,place\n"
# (code, name, short name, level, parent code, party body, place): children listed before
# their parents too, as a file may.
Row = tuple[str, str, str, str, str, str, str]
ROWS: list[Row] = [
    ("E9", "Trung đoàn 9", "e9", "trung-doan", "D", "Đảng ủy Trung đoàn 9", "Cà Mau"),
    ("C91", "Đại đội 1", "", "dai-doi", "D91", "", ""),
    ("D91", "Tiểu đoàn Ánh Sáng", "d91", "tieu-doan", "E9", "", "Bạc Liêu"),
    ("C92", "Đại đội Ấp Bắc", "c92", "dai-doi", "D91", "Chi bộ Đại đội Ấp Bắc", ""),
    ("D92", "Tiểu đoàn Đồng Khởi", "d92", "tieu-doan", "E9", "", ""),
    ("C93", "Đại đội Bà Rịa", "c93", "dai-doi", "D92", "", ""),
]


def csv(rows: list[Row], prefix: str = "") -> bytes:
    lines = [
        ",".join([prefix + code, name, short, level, prefix + parent if parent != "D" else parent])
        + f",{party},{place}"
        for code, name, short, level, parent, party, place in rows
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


def one_by_one(rows: list[Row], prefix: str) -> None:
    """The same rows through the single-unit action, parents first."""
    done: dict[str, Unit] = {"D": Unit.objects.get(code="D")}
    pending = list(rows)
    while pending:
        for row in list(pending):
            code, name, short, level, parent, party, place = row
            if parent not in done:
                continue
            done[code] = create_unit(
                code=prefix + code, name=name, short_name=short, level=level,
                parent=done[parent], by=None, valid_from=DAY, party_body=party, place=place,
            )  # fmt: skip
            pending.remove(row)


def described(prefix: str) -> dict[str, Any]:
    """Everything about the units of ``prefix`` but their keys, which differ."""
    units = Unit.objects.filter(code__startswith=prefix).select_related("parent")
    found = {}
    for unit in units:
        code = unit.code.removeprefix(prefix)
        entries = AuditEntry.objects.filter(object_type="units.unit", object_id=str(unit.pk))
        placements = list(unit.placements.all())
        parent = unit.parent
        assert parent is not None
        assert unit.path == f"{parent.path}{unit.pk}/"
        assert [(p.path, p.parent_id, p.valid_from) for p in placements] == [
            (unit.path, unit.parent_id, DAY)
        ]
        found[code] = {
            "parent": parent.code.removeprefix(prefix),
            "fields": (unit.name, unit.short_name, unit.level, unit.party_body, unit.place),
            "sort_name": unit.sort_name,
            "depth": unit.depth,
            "valid_from": unit.valid_from,
            "audit": [
                (
                    e.action,
                    e.unit_path == unit.path,
                    {**(e.after or {}), "code": code, "parent": found_parent(e, prefix)},
                )
                for e in entries
            ],
        }
    return found


def found_parent(entry: AuditEntry, prefix: str) -> str | None:
    parent = (entry.after or {}).get("parent")
    return parent.removeprefix(prefix) if isinstance(parent, str) else parent


def test_the_bulk_import_stores_what_the_actions_store_unit_by_unit(world: Any) -> None:
    result = import_units(csv(ROWS, "P-"), by=None, on=DAY)
    assert result.created == len(ROWS)
    one_by_one(ROWS, "Q-")
    imported, single = described("P-"), described("Q-")
    assert imported == single
    assert set(imported) == {row[0] for row in ROWS}
    assert imported["C91"]["fields"][1] == "Đại đội 1"  # a blank short name is the name
    assert imported["D91"]["sort_name"] == sort_key("Tiểu đoàn Ánh Sáng")
    assert imported["C93"]["depth"] == world.unit("D").depth + 3
    assert [a[0] for a in imported["C92"]["audit"]] == ["units.unit.created"]


def test_an_error_in_the_last_row_writes_nothing(world: Any) -> None:
    counts = (Unit.objects.count(), UnitPlacement.objects.count(), AuditEntry.objects.count())
    bad: list[Row] = [*ROWS, ("C94", "Đại đội 4", "c94", "khong-co", "D92", "", "")]
    with pytest.raises(ImportRejected) as refused:
        import_units(csv(bad, "P-"), by=None, on=DAY)
    assert [(p.line, p.column) for p in refused.value.problems] == [(len(bad) + 1, "level")]
    after = (Unit.objects.count(), UnitPlacement.objects.count(), AuditEntry.objects.count())
    assert after == counts


def test_a_refusal_found_while_writing_the_last_row_undoes_the_rows_before(world: Any) -> None:
    # The last row changes an existing unit to a type the regulation does not know: only the
    # write sees it, after the new units of the rows above were inserted.
    counts = (Unit.objects.count(), UnitPlacement.objects.count(), AuditEntry.objects.count())
    header = "code,name,short_name,level,parent_code,unit_type\n"
    body = "".join(f"N{i},Đại đội {i},c{i},dai-doi,B1,\n" for i in range(30))
    body += "C3,Đại đội 3,c3,dai-doi,B2,khong-co\n"
    with pytest.raises(ImportRejected) as refused:
        import_units((header + body).encode(), by=None, on=DAY)
    assert [p.line for p in refused.value.problems] == [32]
    assert "khong-co" in refused.value.problems[0].message
    after = (Unit.objects.count(), UnitPlacement.objects.count(), AuditEntry.objects.count())
    assert after == counts
    assert world.unit("C3").unit_type == ""


def test_an_import_that_updates_existing_units(world: Any) -> None:
    import_units(csv(ROWS, "P-"), by=None, on=DAY)
    before = {u.code: u for u in Unit.objects.filter(code__startswith="P-")}
    changed: list[Row] = [
        ("D91", "Tiểu đoàn Ánh Sáng 2", "d91", "tieu-doan", "E9", "", "Bạc Liêu"),  # renamed
        ("C92", "Đại đội Ấp Bắc", "c92b", "dai-doi", "D91", "Chi bộ mới", "Cà Mau"),  # details
        ("C93", "Đại đội Bà Rịa", "c93", "dai-doi", "D92", "", ""),  # unchanged
    ]
    result = import_units(csv(changed, "P-"), by=None, on=DAY)
    assert (result.created, result.updated, result.moved, result.unchanged) == (0, 2, 0, 1)
    d91, c92, c93 = (Unit.objects.get(code=f"P-{c}") for c in ("D91", "C92", "C93"))
    assert (d91.name, d91.sort_name) == ("Tiểu đoàn Ánh Sáng 2", sort_key("Tiểu đoàn Ánh Sáng 2"))
    assert (c92.short_name, c92.party_body, c92.place) == ("c92b", "Chi bộ mới", "Cà Mau")
    assert c92.sort_name == before["P-C92"].sort_name
    # Nothing else moved: keys, paths and depths stay.
    for unit in (d91, c92, c93):
        old = before[unit.code]
        assert (unit.pk, unit.path, unit.depth, unit.parent_id) == (
            old.pk,
            old.path,
            old.depth,
            old.parent_id,
        )
    # One entry per changed unit, with what it was and what it is; none for the unchanged one.
    entries = AuditEntry.objects.filter(action="units.unit.updated")
    assert sorted(e.object_id for e in entries) == sorted([str(d91.pk), str(c92.pk)])
    entry = entries.get(object_id=str(c92.pk))
    assert entry.before is not None and entry.after is not None
    assert (entry.before["short_name"], entry.after["short_name"]) == ("c92", "c92b")
    assert entry.after == c92.snapshot()
    assert entry.unit_path == c92.path
    # Updating through the form's action gives the same row.
    update_unit(c93, by=None, name="Đại đội Bà Rịa 2")
    c93.refresh_from_db()
    assert c93.sort_name == sort_key("Đại đội Bà Rịa 2")


def test_updating_many_units_is_a_few_statements(world, django_assert_max_num_queries):
    header = "code,name,short_name,level,parent_code\n"
    body = "".join(f"N{i},Đại đội {i},c{i},dai-doi,B1\n" for i in range(300))
    import_units((header + body).encode(), by=None, on=DAY)
    renamed = body.replace("Đại đội", "Đại đội mới")
    with django_assert_max_num_queries(40):
        result = import_units((header + renamed).encode(), by=None, on=DAY)
    assert result.updated == 300
    assert Unit.objects.get(code="N299").name == "Đại đội mới 299"
    assert Unit.objects.get(code="N299").sort_name == sort_key("Đại đội mới 299")
    assert AuditEntry.objects.filter(action="units.unit.updated").count() == 300
