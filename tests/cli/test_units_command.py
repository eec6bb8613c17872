"""``khth units``: import (all or nothing), export (as of a date), levels, tree."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from khth.cli import main
from khth.regulations.access import active_regulation
from khth.units.actions import move_unit
from khth.units.models import Unit
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db

FOUNDED = "2020-01-01"
MOVE_DAY = dt.date(2024, 7, 1)
HEADER = "code,name,short_name,level,parent_code,party_body,place\n"
TREE = HEADER + (
    "F,Sư đoàn 330,f330,su-doan,,Đảng ủy Sư đoàn 330,Kiên Giang\n"
    "E1,Trung đoàn 1,e1,trung-doan,F,Đảng ủy Trung đoàn 1,Kiên Giang\n"
    "D1,Tiểu đoàn 1,d1,tieu-doan,E1,Đảng ủy Tiểu đoàn 1,Kiên Giang\n"
    "D2,Tiểu đoàn 2,d2,tieu-doan,E1,Đảng ủy Tiểu đoàn 2,Kiên Giang\n"
    "C1,Đại đội 1,c1,dai-doi,D1,Chi bộ Đại đội 1,Kiên Giang\n"
    "C2,Đại đội 2,c2,dai-doi,D1,Chi bộ Đại đội 2,Kiên Giang\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "units.csv") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


def rows(text: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def test_import_then_reimport_changes_nothing(regulation: Any, tmp_path: Path) -> None:
    path = write(tmp_path, TREE)
    first = run("units", "import", path, "--on", FOUNDED)
    assert not first.failed, first.errors
    assert first.out.strip() == "Đã nhập: 6 tạo mới, 0 cập nhật, 0 chuyển, 0 không đổi"
    assert Unit.objects.count() == 6
    assert Unit.objects.get(code="C1").parent == Unit.objects.get(code="D1")
    assert str(Unit.objects.get(code="F").valid_from) == FOUNDED

    second = run("units", "import", path)
    assert second.out.strip() == "Đã nhập: 0 tạo mới, 0 cập nhật, 0 chuyển, 6 không đổi"
    assert Unit.objects.count() == 6


def test_import_accepts_the_date_as_people_write_it(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", "05/02/2021")
    assert Unit.objects.get(code="F").valid_from == dt.date(2021, 2, 5)


def test_import_reports_update_and_move(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    changed = TREE.replace("C2,Đại đội 2,c2,dai-doi,D1", "C2,Đại đội 2,c2,dai-doi,D2").replace(
        "Chi bộ Đại đội 1", "Chi bộ Đại đội 1 (mới)"
    )
    result = run("units", "import", write(tmp_path, changed, "changed.csv"), "--on", "2024-07-01")
    assert result.out.strip() == "Đã nhập: 0 tạo mới, 1 cập nhật, 1 chuyển, 4 không đổi"
    assert Unit.objects.get(code="C2").parent == Unit.objects.get(code="D2")


BAD_FILES = [
    pytest.param(
        TREE.replace("C1,Đại đội 1,c1,dai-doi", "C1,Đại đội 1,c1,dai-doi-xyz"),
        ["dòng 6, cột level", "dai-doi-xyz"],
        id="unknown-level",
    ),
    pytest.param(
        TREE.replace("C2,Đại đội 2,c2,dai-doi,D1", "C2,Đại đội 2,c2,dai-doi,D9"),
        ["dòng 7, cột parent_code", "D9"],
        id="unknown-parent",
    ),
    pytest.param(
        # E1 under D1 and D1 under E1: neither can be created first.
        TREE.replace("E1,Trung đoàn 1,e1,trung-doan,F", "E1,Trung đoàn 1,e1,trung-doan,D1"),
        ["dòng 3, cột parent_code", "lặp vòng"],
        id="cyclic-parent",
    ),
    pytest.param(
        TREE + "C1,Đại đội 1 khác,c1,dai-doi,D2,,\n",
        ["dòng 8, cột code", "trùng với dòng 6"],
        id="duplicate-code",
    ),
    pytest.param(
        # A line saved by an old tool in Latin-1: "é" is one byte, not UTF-8's two.
        TREE.encode() + "C3,Doi é,c3,dai-doi,D2,,\n".encode("latin-1"),
        ["dòng 8: byte thứ 8", "UTF-8"],
        id="bad-encoding",
    ),
    pytest.param(
        TREE.replace("short_name,level,", "short_name,"),
        ["dòng 1", "thiếu cột", "level"],
        id="missing-column",
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_bad_file_imports_nothing(
    regulation: Any, tmp_path: Path, content: str | bytes, expected: list[str]
) -> None:
    result = run("units", "import", write(tmp_path, content))
    assert result.failed
    assert "chưa nhập đơn vị nào" in (result.error or "")
    for text in expected:
        assert text in result.err
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "on", "message"),
    [
        pytest.param(
            "code,name,short_name,level,parent_code\nC3,Đại đội 3,c3,dai-doi,D2\n",
            "2019-06-01",
            "Đơn vị cấp trên D2 không tồn tại vào ngày 2019-06-01",
            id="parent-not-yet-founded",
        ),
        pytest.param(
            # C2 moved to D2 on 1-7-2024 (below); putting it back as of 1-1-2024 would rewrite
            # history.
            TREE + "C3,Đại đội 3,c3,dai-doi,D2,,\n",
            "2024-01-01",
            "sớm hơn thay đổi gần nhất",
            id="move-dated-before-history",
        ),
    ],
)
def test_rules_met_while_applying_undo_the_whole_import(
    regulation: Any, tmp_path: Path, content: str, on: str, message: str
) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    move_unit(Unit.objects.get(code="C2"), Unit.objects.get(code="D2"), by=None, on=MOVE_DAY)
    result = run("units", "import", write(tmp_path, content, "later.csv"), "--on", on)
    assert result.failed
    assert message in result.err
    assert "chưa nhập đơn vị nào" in (result.error or "")
    assert not Unit.objects.filter(code="C3").exists()
    assert Unit.objects.get(code="C2").parent == Unit.objects.get(code="D2")


def test_every_problem_is_listed_one_per_line(regulation: Any, tmp_path: Path) -> None:
    bad = TREE.replace(",dai-doi,D1,Chi bộ Đại đội 1", ",dai-doi-xyz,D1,Chi bộ Đại đội 1").replace(
        "C2,Đại đội 2,c2,dai-doi,D1", "C2,Đại đội 2,c2,dai-doi,D9"
    )
    result = run("units", "import", write(tmp_path, bad))
    assert result.err.splitlines() == [
        "dòng 6, cột level: cấp «dai-doi-xyz» không có; hợp lệ: "
        + ", ".join(level.code for level in active_regulation().levels),
        "dòng 7, cột parent_code: không có đơn vị mã D9",
    ]


def test_console_script_exits_non_zero_on_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    # In-process, without the database: Django's command runner closes every connection when a
    # command fails, which would end the test transaction on PostgreSQL.
    with pytest.raises(SystemExit) as exit_info:
        main(["period", "show", "2021W53"])
    assert exit_info.value.code != 0
    assert "2021W53" in capsys.readouterr().err


def test_missing_file_is_an_error(regulation: Any, tmp_path: Path) -> None:
    result = run("units", "import", str(tmp_path / "khong-co.csv"))
    assert result.failed
    assert "Không đọc được tệp" in (result.error or "")


def test_export_import_round_trip(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    exported = run("units", "export").out
    original = rows(TREE)
    for code, row in rows(exported).items():
        assert {k: row[k] for k in original[code]} == original[code]
    assert rows(exported).keys() == original.keys()

    again = run("units", "import", write(tmp_path, exported, "exported.csv"))
    assert again.out.strip() == "Đã nhập: 0 tạo mới, 0 cập nhật, 0 chuyển, 6 không đổi"
    assert run("units", "export").out == exported


def test_export_on_a_past_date_shows_the_old_parent(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    move_unit(Unit.objects.get(code="C2"), Unit.objects.get(code="D2"), by=None, on=MOVE_DAY)

    before = rows(run("units", "export", "--on", "2024-06-30").out)
    after = rows(run("units", "export", "--on", MOVE_DAY.isoformat()).out)
    today = rows(run("units", "export").out)
    assert before["C2"]["parent_code"] == "D1"
    assert after["C2"]["parent_code"] == "D2"
    assert today["C2"]["parent_code"] == "D2"
    # Before the founding day there was nothing.
    assert rows(run("units", "export", "--on", "2019-12-31").out) == {}


def test_export_before_a_merge_still_lists_the_merged_unit(regulation: Any, tmp_path: Path) -> None:
    from khth.units.actions import merge_unit

    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    merge_unit(Unit.objects.get(code="D1"), Unit.objects.get(code="D2"), by=None, on=MOVE_DAY)
    before = rows(run("units", "export", "--on", "2024-06-30").out)
    after = rows(run("units", "export", "--on", MOVE_DAY.isoformat()).out)
    # D1's scope path now lies under D2, but on 30-6 it stood under E1 with its companies.
    assert before["D1"]["parent_code"] == "E1"
    assert before["C1"]["parent_code"] == "D1"
    assert "D1" not in after
    assert after["C1"]["parent_code"] == "D2"


def test_bad_date_is_refused(regulation: Any) -> None:
    result = run("units", "export", "--on", "31/02/2024")
    assert result.failed
    assert "31/02/2024" in (result.error or "")


def test_levels_top_first(regulation: Any) -> None:
    lines = run("units", "levels").out.splitlines()
    codes = [line.split("\t")[0] for line in lines]
    assert codes == [
        "tong-cuc",
        "quan-khu",
        "su-doan",
        "trung-doan",
        "tieu-doan",
        "dai-doi",
        "trung-doi",
    ]
    assert lines == [f"{level.code}\t{level.name}" for level in active_regulation().levels]
    assert any(line.startswith("dai-doi\tĐại đội") for line in lines)


def test_tree_is_indented_and_ordered(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    assert run("units", "tree").out.splitlines() == [
        "Sư đoàn 330 [F] (su-doan)",
        "  Trung đoàn 1 [E1] (trung-doan)",
        "    Tiểu đoàn 1 [D1] (tieu-doan)",
        "      Đại đội 1 [C1] (dai-doi)",
        "      Đại đội 2 [C2] (dai-doi)",
        "    Tiểu đoàn 2 [D2] (tieu-doan)",
    ]
    assert run("units", "tree", "D1").out.splitlines() == [
        "Tiểu đoàn 1 [D1] (tieu-doan)",
        "  Đại đội 1 [C1] (dai-doi)",
        "  Đại đội 2 [C2] (dai-doi)",
    ]


def test_tree_on_a_date(regulation: Any, tmp_path: Path) -> None:
    run("units", "import", write(tmp_path, TREE), "--on", FOUNDED)
    move_unit(Unit.objects.get(code="C2"), Unit.objects.get(code="D2"), by=None, on=MOVE_DAY)
    assert run("units", "tree", "D2").out.splitlines() == [
        "Tiểu đoàn 2 [D2] (tieu-doan)",
        "  Đại đội 2 [C2] (dai-doi)",
    ]
    assert run("units", "tree", "D2", "--on", "2024-06-30").out.splitlines() == [
        "Tiểu đoàn 2 [D2] (tieu-doan)",
    ]
    assert "không tồn tại vào ngày 2019-01-01" in (
        run("units", "tree", "D2", "--on", "2019-01-01").error or ""
    )
    assert "Không có đơn vị mã XX" in (run("units", "tree", "XX").error or "")
