"""``khth users``: import with a private password sheet, create with a password on stdin, list."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from django.contrib.auth import authenticate

from khth.accounts.models import User
from khth.units.models import Membership
from tests.cli.helpers import run
from tests.conftest import World

pytestmark = pytest.mark.django_db

PEOPLE = (
    "username,full_name,unit_code,role\n"
    "ctv.c1,Nguyễn Văn An,C1,political_officer\n"
    "tl.c1,Lê Thị Bình,C1,clerk\n"
    "ch.b1,Trần Văn Cường,B1,commander\n"
)


def write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_sheet(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def new_usernames(world: World) -> set[str]:
    return set(User.objects.values_list("username", flat=True)) - set(world.users)


def test_import_writes_a_private_password_sheet(world: World, tmp_path: Path) -> None:
    source = write(tmp_path, PEOPLE)
    result = run("users", "import", str(source))
    assert not result.failed, result.errors
    sheet_path = tmp_path / "people-passwords.csv"
    assert stat.S_IMODE(sheet_path.stat().st_mode) == 0o600
    sheet = read_sheet(sheet_path)
    assert [row["username"] for row in sheet] == ["ctv.c1", "tl.c1", "ch.b1"]
    assert list(sheet[0]) == ["username", "full_name", "unit_code", "role", "password"]
    for row in sheet:
        # The summary names the file but never a password.
        assert row["password"] not in result.out
        user = authenticate(username=row["username"], password=row["password"])
        assert user is not None
    assert "Đã tạo 3 tài khoản" in result.out
    assert str(sheet_path) in result.out
    membership = Membership.objects.get(user__username="tl.c1")
    assert (membership.unit.code, membership.role) == ("C1", "clerk")
    assert User.objects.get(username="ctv.c1").full_name == "Nguyễn Văn An"


def test_import_keeps_a_given_password_and_honours_passwords_out(
    world: World, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "username,full_name,unit_code,role,password\n"
        "ctv.c1,Nguyễn Văn An,C1,political_officer,dai-doi-mot-2026\n"
        "tl.c1,Lê Thị Bình,C1,clerk,\n",
    )
    sheet_path = tmp_path / "sheets" / "handout.csv"
    sheet_path.parent.mkdir()
    result = run("users", "import", str(source), "--passwords-out", str(sheet_path))
    assert not result.failed, result.errors
    assert authenticate(username="ctv.c1", password="dai-doi-mot-2026") is not None
    generated = {row["username"]: row["password"] for row in read_sheet(sheet_path)}
    assert authenticate(username="tl.c1", password=generated["tl.c1"]) is not None
    assert not (tmp_path / "people-passwords.csv").exists()


def test_import_refuses_to_overwrite_a_sheet(world: World, tmp_path: Path) -> None:
    source = write(tmp_path, PEOPLE)
    sheet_path = tmp_path / "people-passwords.csv"
    sheet_path.write_text("earlier hand-out\n", encoding="utf-8")
    result = run("users", "import", str(source))
    assert result.failed
    assert "không ghi đè" in (result.error or "")
    assert sheet_path.read_text(encoding="utf-8") == "earlier hand-out\n"
    assert new_usernames(world) == set()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "tl.c9,Lê Văn Chín,C9,clerk",
            "dòng 3, cột unit_code",
            id="unknown-unit",
        ),
        pytest.param("tl.c9,Lê Văn Chín,C1,thu-truong", "dòng 3, cột role", id="bad-role"),
        pytest.param(
            "CTV.C1,Nguyễn Văn Khác,C2,clerk",
            "dòng 3, cột username",
            id="duplicate-in-file",
        ),
        pytest.param(
            "po_c1,Phạm Văn Một,C1,clerk",
            "dòng 3, cột username",
            id="existing-username",
        ),
        pytest.param("tl.c9,Lê Văn Chín,C1,", "dòng 3, cột role", id="empty-role"),
    ],
)
def test_bad_user_file_imports_nothing(
    world: World, tmp_path: Path, line: str, expected: str
) -> None:
    source = write(
        tmp_path,
        "username,full_name,unit_code,role\nctv.c1,Nguyễn Văn An,C1,political_officer\n"
        + line
        + "\n",
    )
    result = run("users", "import", str(source))
    assert result.failed
    assert expected in result.err
    assert "chưa tạo tài khoản nào" in (result.error or "")
    assert new_usernames(world) == set()
    # The sheet was claimed before the import and is gone again: nothing to hand out.
    assert not (tmp_path / "people-passwords.csv").exists()


def test_existing_username_in_other_case_imports_nothing(world: World, tmp_path: Path) -> None:
    # Usernames are unique regardless of case; "PO_C1" is po_c1's name.
    source = write(tmp_path, PEOPLE + "PO_C1,Phạm Văn Một,C1,clerk\n")
    result = run("users", "import", str(source))
    assert result.failed
    assert "PO_C1" in result.errors
    assert new_usernames(world) == set()
    assert not (tmp_path / "people-passwords.csv").exists()


def test_import_missing_column(world: World, tmp_path: Path) -> None:
    source = write(tmp_path, "username,full_name,unit_code\nctv.c1,Nguyễn Văn An,C1\n")
    result = run("users", "import", str(source))
    assert result.failed
    assert "dòng 1: thiếu cột: role" in result.err
    assert new_usernames(world) == set()


def test_create_reads_the_password_from_stdin(world: World) -> None:
    result = run(
        "users",
        "create",
        "tl.c2",
        "--unit",
        "C2",
        "--role",
        "clerk",
        "--full-name",
        "Võ Thị Hai",
        stdin=io.StringIO("mat-khau-dai-doi-2\nnext line is ignored\n"),
    )
    assert not result.failed, result.errors
    assert "mat-khau" not in result.out
    user = authenticate(username="tl.c2", password="mat-khau-dai-doi-2")
    assert isinstance(user, User)
    assert user.full_name == "Võ Thị Hai"
    assert Membership.objects.get(user=user).unit.code == "C2"


def test_create_prompts_twice_on_a_terminal(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["mat-khau-dai-doi-2", "mat-khau-dai-doi-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    result = run(
        "users",
        "create",
        "tl.c2",
        "--unit",
        "C2",
        "--role",
        "clerk",
        stdin=Terminal(),
    )
    assert not result.failed, result.errors
    assert authenticate(username="tl.c2", password="mat-khau-dai-doi-2") is not None

    answers = iter(["mat-khau-dai-doi-3", "go-nham-3"])
    result = run(
        "users",
        "create",
        "tl.c3",
        "--unit",
        "C3",
        "--role",
        "clerk",
        stdin=Terminal(),
    )
    assert "không khớp" in (result.error or "")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        pytest.param(
            ("--unit", "C2", "--role", "clerk"),
            "\n",
            "không được để trống",
            id="empty-password",
        ),
        pytest.param(
            ("--unit", "C2", "--role", "clerk"),
            "",
            "không được để trống",
            id="no-input",
        ),
        pytest.param(
            ("--unit", "C2", "--role", "clerk"),
            "ngan\n",
            "Mật khẩu không đạt",
            id="weak-password",
        ),
        pytest.param(
            ("--unit", "C9", "--role", "clerk"),
            "mat-khau-dai-doi-2\n",
            "Không có đơn vị mã C9",
            id="unknown-unit",
        ),
        pytest.param(
            ("--unit", "C2", "--role", "thu-truong"),
            "mat-khau-dai-doi-2\n",
            "không hợp lệ",
            id="bad-role",
        ),
    ],
)
def test_create_refuses(world: World, args: tuple[str, ...], stdin: str, message: str) -> None:
    result = run("users", "create", "tl.c2", *args, stdin=io.StringIO(stdin))
    assert message in (result.error or "")
    assert not User.objects.filter(username="tl.c2").exists()


def test_create_refuses_an_existing_username(world: World) -> None:
    result = run(
        "users",
        "create",
        "PO_C1",
        "--unit",
        "C2",
        "--role",
        "clerk",
        stdin=io.StringIO("mat-khau-dai-doi-2\n"),
    )
    assert "đã có" in (result.error or "")


def test_list_all_and_by_unit(world: World) -> None:
    everyone = run("users", "list").out.splitlines()
    assert "po_c1\tPhạm Văn Một\tpolitical_officer\tC1\tĐại đội 1" in everyone
    assert "nobody\tKhông Ai\t-\t-" in everyone
    b1 = run("users", "list", "--unit", "B1").out.splitlines()
    assert [line.split("\t")[0] for line in b1] == ["as_c1", "cmd_b1", "po_b1", "po_c1", "po_c2"]
    assert "Không có tài khoản nào." in run("users", "list", "--unit", "C3").out
    assert "Không có đơn vị mã X" in (run("users", "list", "--unit", "X").error or "")
