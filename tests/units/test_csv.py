"""CSV import of the unit tree: all or nothing, problems named by line and column."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.lib.importing import ImportRejected
from khth.units.actions import move_unit
from khth.units.csvio import export_units, import_units
from khth.units.models import Unit

pytestmark = pytest.mark.django_db

HEADER = "code,name,short_name,level,parent_code\n"


def problems(data: str | bytes) -> list[tuple[int, str]]:
    raw = data.encode() if isinstance(data, str) else data
    before = Unit.objects.count()
    with pytest.raises(ImportRejected) as info:
        import_units(raw, by=None, on=dt.date(2025, 1, 1))
    assert Unit.objects.count() == before  # nothing half-imported
    return [(p.line, p.column) for p in info.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("C4,Đại đội 4,c4,khong-co,B1\n", [(2, "level")]),
        ("C4,Đại đội 4,c4,dai-doi,B9\n", [(2, "parent_code")]),
        ("C4,Đại đội 4,c4,dai-doi,B1\nC4,Đại đội 4b,c4,dai-doi,B1\n", [(3, "code")]),
        (
            "X1,A,a,tieu-doan,X2\nX2,B,b,tieu-doan,X1\n",
            [(2, "level"), (2, "parent_code"), (3, "level")],
        ),
        ("C4,,c4,dai-doi,B1\n", [(2, "name")]),
        ("C4,Đại đội 4,c4,tieu-doan,B1\n", [(2, "level")]),
        ("C4,Đại đội 4,c4,dai-doi\n", [(2, "")]),
        ("B1,Tiểu đoàn 1,d1,tieu-doan,\n", [(2, "parent_code")]),
    ],
    ids=[
        "unknown-level",
        "unknown-parent",
        "duplicate",
        "cycle",
        "empty",
        "level-order",
        "short-row",
        "existing-to-root",
    ],
)
def test_bad_rows_are_named(world, body, expected):
    assert problems(HEADER + body) == expected


def test_cycle_message_shows_the_loop(world):
    with pytest.raises(ImportRejected, match="X1 → X2 → X1"):
        import_units((HEADER + "X1,A,a,dai-doi,X2\nX2,B,b,dai-doi,X1\n").encode(), by=None)


def test_bad_encoding_names_the_line(world):
    data = (
        HEADER + "C4,Đại đội 4,c4,dai-doi,B1\n"
    ).encode() + "C5,Ðai ðoi 5,c5,dai-doi,B1\n".encode("latin-1")
    assert problems(data) == [(3, "")]


@pytest.mark.parametrize(
    "header",
    ["code,name,level,parent_code\n", "code,name,short_name,level,parent_code,colour\n", ""],
)
def test_bad_header(world, header):
    assert problems(header + "C4,Đại đội 4,c4,dai-doi,B1\n")[0][0] == 1


def test_rule_known_only_to_the_tree_is_named_by_line(world):
    move_unit(world.unit("C1"), world.unit("B2"), by=None, on=dt.date(2025, 6, 1))
    # Moving C1 back with a date before its last move would rewrite history.
    assert problems(HEADER + "C5,Đại đội 5,c5,dai-doi,B1\nC1,Đại đội 1,c1,dai-doi,B1\n") == [
        (3, "")
    ]
    assert not Unit.objects.filter(code="C5").exists()


def test_parents_may_come_after_children(world):
    result = import_units(
        (HEADER + "C9,Đại đội 9,c9,dai-doi,B9\nB9,Tiểu đoàn 9,d9,tieu-doan,R\n").encode(), by=None
    )
    assert result.created == 2
    assert Unit.objects.get(code="C9").parent == Unit.objects.get(code="B9")


def test_export_is_depth_first_and_round_trips(world):
    text = export_units(Unit.objects.select_related("parent"))
    codes = [line.split(",")[0] for line in text.strip().splitlines()[1:]]
    assert codes == ["D", "R", "B1", "C1", "C2", "B2", "C3"]
    result = import_units(text.encode(), by=None)
    assert (result.created, result.updated, result.moved, result.unchanged) == (0, 0, 0, 7)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("C" * 300 + ",Đại đội,c,dai-doi,B1\n", [(2, "code")]),
        ("C4," + "Đ" * 1000 + ",c4,dai-doi,B1\n", [(2, "name")]),
        ("C4,Đại\x00 đội,c4,dai-doi,B1\n", [(2, "name")]),
        ("../../x y/<script>,Đại đội,c,dai-doi,B1\n", [(2, "code")]),
        ("C4,Đại đội," + "c" * 81 + ",dai-doi,B1\n", [(2, "short_name")]),
        ("C4," + "Đ" * 100 + ",,dai-doi,B1\n", [(2, "short_name")]),
        ("C4,Đại đội 4,c4,dai-doi," + "B" * 300 + "\n", [(2, "parent_code"), (2, "parent_code")]),
        (
            "C4,A" + "x" * 200_000 + ",c4,dai-doi,B1\n",
            [(2, "name")],
        ),
    ],
    ids=[
        "long-code",
        "long-name",
        "nul",
        "slash",
        "long-short-name",
        "long-name-as-short-name",
        "long-parent",
        "huge-cell",
    ],
)
def test_cells_are_checked_against_the_model_before_writing(world, row, expected):
    # The same on SQLite (which would store them) and PostgreSQL (which would raise DataError).
    assert problems(HEADER + row) == expected


def test_the_write_is_a_few_statements_whatever_the_size(world, django_assert_max_num_queries):
    body = "".join(f"N{i},Đại đội {i},c{i},dai-doi,B1\n" for i in range(300))
    with django_assert_max_num_queries(60):
        result = import_units((HEADER + body).encode(), by=None, on=dt.date(2025, 1, 1))
    assert result.created == 300
    unit = Unit.objects.get(code="N299")
    assert unit.path == f"{world.unit('B1').path}{unit.pk}/"
    assert unit.placements.get().path == unit.path


def test_a_change_between_check_and_write_refuses_the_file(world, monkeypatch):
    from khth.units import csvio

    check = csvio._check

    def and_meanwhile(rows, existing):
        found = check(rows, existing)
        Unit.objects.filter(code="B1").update(name="Đổi trong lúc kiểm tra")
        return found

    monkeypatch.setattr(csvio, "_check", and_meanwhile)
    with pytest.raises(ImportRejected, match="vừa thay đổi"):
        import_units((HEADER + "C4,Đại đội 4,c4,dai-doi,B1\n").encode(), by=None)
    assert not Unit.objects.filter(code="C4").exists()
