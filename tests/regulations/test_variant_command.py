"""``khth variant``: regulations in force beside the base and where they apply, from the shell;
``khth regulation load --base``."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khth.audit.models import AuditEntry
from khth.regulations.access import active_regulation
from khth.units.actions import update_unit
from khth.units.models import RegulationScope
from tests.regulations.helpers import to_yaml
from tests.regulations.variants import BDBP, BORDER_BOOK, POST, bdbp_data, load_bdbp


def run(*args: str, command: str = "variant") -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_with_a_scope_then_list_and_remove(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "bdbp.yaml"
    path.write_text(to_yaml(bdbp_data()), encoding="utf-8")
    out = run("load", str(path), "--scope", "B1")
    assert out == f"Đã nạp quy định {BDBP} phiên bản 2024.1 và gán phạm vi\n"
    listing = run("list")
    assert "ctd-ctct 2017.1-khth.5" in listing and "(quy định chung)" in listing
    assert f"{BDBP} 2024.1" in listing and "Tiểu đoàn 1 (B1) và các đơn vị trực thuộc" in listing
    requirements = run("requirements", "--unit", "C1")
    assert requirements.startswith(f"Đại đội 1 thực hiện quy định {BDBP} phiên bản 2024.1")
    assert run("remove", "--scope", "B1") == "Đã gỡ: Tiểu đoàn 1 (B1) và các đơn vị trực thuộc\n"
    assert not RegulationScope.objects.exists()
    assert AuditEntry.objects.filter(action="regulations.scope.removed").count() == 1


def test_add_by_unit_type_and_requirements_of_a_post(world: Any) -> None:
    load_bdbp()
    update_unit(world.unit("B2"), by=None, unit_type=POST)
    assert run("add", BDBP, "--unit-type", POST) == f"Đã gán: mọi nơi, loại hình {POST}\n"
    out = run("requirements", "--unit", "B2")
    assert "Loại hình đơn vị: Đồn Biên phòng" in out
    assert "Sổ theo dõi công tác biên giới" in out
    assert BORDER_BOOK not in run("requirements", "--unit", "B1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "khong-co", "--scope", "B1"), "không có quy định mã «khong-co»"),
        (("add", BDBP), "cần chọn đơn vị gốc hoặc loại hình"),
        (("add", BDBP, "--scope", "ZZ"), "Không có đơn vị mã «ZZ»"),
        (("remove", "--scope", "B1"), "Không có phạm vi quy định nào ở đó"),
        (("requirements", "--unit", "ZZ"), "Không có đơn vị mã «ZZ»"),
    ],
)
def test_errors_are_sentences(world: Any, args: tuple[str, ...], message: str) -> None:
    load_bdbp()
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_regulation_load_base_switches_the_base(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "bdbp.yaml"
    path.write_text(to_yaml(bdbp_data()), encoding="utf-8")
    run("load", str(path), command="regulation")
    assert active_regulation().regulation.code == "ctd-ctct"
    run("load", str(path), "--base", command="regulation")
    assert active_regulation().regulation.code == BDBP
