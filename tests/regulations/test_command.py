"""``khth regulation …`` from the shell."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khth.regulations.models import RegulationVersion
from tests.regulations.helpers import new_version, to_yaml

pytestmark = pytest.mark.django_db


def console(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``khth ARGS`` in its own process on an empty SQLite database in ``tmp_path``."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(KHTH_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="khth.settings", **env)
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "khth.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("regulation", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_default_twice() -> None:
    out, _ = run("load")
    assert out == "Đã nạp quy định ctd-ctct phiên bản 2017.1-khth.5\n"
    out, _ = run("load")
    assert out == "Quy định ctd-ctct phiên bản 2017.1-khth.5 đã có, không thay đổi\n"


def test_load_invalid_file_prints_every_problem(
    tmp_path: Path, default_data: dict[str, Any]
) -> None:
    default_data["levels"][0]["colour"] = "đỏ"
    default_data["levels"][1]["basis"] = "rumour"
    path = tmp_path / "sai.yaml"
    path.write_text(to_yaml(default_data), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Quy định không hợp lệ: 2 lỗi"):
        call_command("regulation", "load", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "sai.yaml: levels[0].colour: Extra inputs are not permitted",
        "sai.yaml: levels[1].basis: Input should be 'fact', 'seed' or 'default'",
    ]
    assert not RegulationVersion.objects.exists()


def test_load_missing_file() -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run("load", "/khong/co/tep.yaml")


def test_validate_writes_nothing(tmp_path: Path, default_text: str) -> None:
    path = tmp_path / "ban.yaml"
    path.write_text(default_text, encoding="utf-8")
    out, _ = run("validate", str(path))
    assert out.splitlines()[0] == "Hợp lệ: quy định ctd-ctct phiên bản 2017.1-khth.5"
    assert "Cấp: 7" in out.splitlines()
    assert not RegulationVersion.objects.exists()


def test_validate_reports_problems(tmp_path: Path) -> None:
    path = tmp_path / "hong.yaml"
    path.write_text("regulation:\n  code: [\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("regulation", "validate", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("hong.yaml: dòng 3, cột 1: lỗi cú pháp YAML")


def test_show_level_company() -> None:
    run("load")
    out, _ = run("show", "--level", "dai-doi")
    lines = out.splitlines()
    assert lines[0] == "Cấp Đại đội: Đại đội và tương đương (dai-doi)"
    assert (
        "  - [NQ] Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng — văn kiện Đảng; hằng tháng; "
        "bắt buộc"
    ) in lines
    assert (
        "  - Báo cáo CTĐ, CTCT tháng — định kỳ, hằng tháng; hạn 2 ngày làm việc sau khi chốt "
        "số liệu"
    ) in lines
    assert "  - Sổ tổng hợp CTĐ, CTCT — cập nhật hằng tuần" in lines


def test_show_unknown_level_lists_valid_codes() -> None:
    run("load")
    with pytest.raises(CommandError) as info:
        run("show", "--level", "lu-doan")
    assert str(info.value) == (
        "Không có cấp «lu-doan». Các cấp: tong-cuc, quan-khu, su-doan, trung-doan, tieu-doan, "
        "dai-doi, trung-doi"
    )


def test_show_summary() -> None:
    run("load")
    out, _ = run("show")
    lines = out.splitlines()
    assert lines[0] == "Quy định ctd-ctct phiên bản 2017.1-khth.5"
    assert "Hiệu lực từ 01-08-2017" in lines
    assert "Cấp: 7" in lines
    assert "Tiêu chí đánh giá: 18 trong 3 nhóm" in lines


def test_show_before_loading() -> None:
    with pytest.raises(CommandError, match="Chưa nạp quy định"):
        run("show")


def test_versions_and_activate(tmp_path: Path, default_data: dict[str, Any]) -> None:
    run("load")
    path = tmp_path / "ban-2.yaml"
    path.write_text(to_yaml(new_version(default_data, "2017.1-khth.6")), encoding="utf-8")
    run("load", str(path))
    out, _ = run("versions")
    lines = out.splitlines()
    assert lines[0].startswith("  ctd-ctct 2017.1-khth.5\t")
    assert lines[1].startswith("* ctd-ctct 2017.1-khth.6\t")
    assert lines[1].split("\t")[2] == "ban-2.yaml"
    out, _ = run("activate", "2017.1-khth.5")
    assert out == "Đang áp dụng quy định ctd-ctct phiên bản 2017.1-khth.5\n"
    assert RegulationVersion.objects.get(is_active=True).version == "2017.1-khth.5"
    with pytest.raises(CommandError, match="Không có phiên bản «9»"):
        run("activate", "9")


def test_versions_when_empty() -> None:
    out, _ = run("versions")
    assert out == "Chưa nạp phiên bản nào\n"


def test_load_of_deep_nesting_is_a_problem_not_a_recursion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from khth.regulations import loader

    # Without libyaml (a PyYAML built from source), the pure-Python composer recurses once per
    # "[": a hundred thousand of them ended in RecursionError.
    class PurePythonStrictLoader(yaml.SafeLoader):
        construct_mapping = loader._StrictLoader.construct_mapping

    monkeypatch.setattr(loader, "_StrictLoader", PurePythonStrictLoader)
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match="Quy định không hợp lệ"):
        call_command("regulation", "load", str(path), stdout=StringIO(), stderr=StringIO())
    assert RegulationVersion.objects.count() == 0


def test_show_before_migrate_says_what_to_run(tmp_path: Path) -> None:
    # A fresh data directory: the SQLite file exists only once something opens it.
    result = console(tmp_path, "regulation", "show")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "khth migrate" in result.stderr


def test_burden_prints_a_table_per_level_and_the_warnings(tmp_path: Path) -> None:
    from khth.regulations.loader import default_regulation_path

    out, _err = run("burden", "--file", str(default_regulation_path()))
    lines = out.splitlines()
    assert lines[0].startswith("Khối lượng một năm theo quy định ctd-ctct")
    assert "Đầu sổ" in lines[1] and "Tổng số ô" in lines[1]
    company = next(line for line in lines if line.startswith("Đại đội"))
    assert company.split()[2:5] == ["39", "52", "4"] or "4" in company.split()
    assert not [line for line in lines if line.startswith("Cảnh báo: cấp Đại đội")]
    out, _err = run("burden", "--file", str(default_regulation_path()), "--level", "dai-doi")
    assert [line.split()[0] for line in out.splitlines()[3:]] == ["Đại"]
    with pytest.raises(CommandError, match="Không có cấp «x»"):
        run("burden", "--file", str(default_regulation_path()), "--level", "x")


def test_validate_warns_but_passes_when_a_lower_level_is_heavier(
    tmp_path: Path, default_data: dict[str, Any]
) -> None:
    weekly = next(t for t in default_data["report_templates"] if t["code"] == "bc-tuan")
    # The written weekly report moved down from battalion to company.
    weekly["reporting_levels"] = ["su-doan", "trung-doan", "dai-doi"]
    weekly["deadlines"] = {"su-doan": 1, "trung-doan": 1, "dai-doi": 1}
    kind = next(k for k in default_data["document_kinds"] if k["code"] == "bc-tuan")
    kind["issuing_levels"].append("dai-doi")
    path = tmp_path / "heavy.yaml"
    path.write_text(to_yaml(default_data), encoding="utf-8")
    out, _err = run("validate", str(path))
    assert out.startswith("Hợp lệ")
    assert "Cảnh báo: cấp Đại đội phải điền" in out and "nhiều hơn cấp trên Tiểu đoàn" in out
