"""``khth evaluation export``: the unit's sheet as DOCX, the summary of its subordinates as XLSX
(``--all``: the whole subtree), binary output to a file or a pipe, and clear errors."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command

from khth.evaluations.documents import UNITS_SHEET
from tests.cli.helpers import run
from tests.documents.helpers import docx_text
from tests.evaluations.conftest import HALF
from tests.evaluations.test_exports import season

__all__ = ["season"]

pytestmark = pytest.mark.django_db


def export(*args: str):
    return run("evaluation", "export", *args)


def test_the_sheet_to_a_file(season, tmp_path):
    out = tmp_path / "phieu.docx"
    result = export("--unit", "C1", "--period", HALF, "--format", "docx", "--out", str(out))
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    text = docx_text(out.read_bytes())
    assert "PHIẾU ĐÁNH GIÁ" in text
    assert "Kết quả hoạt động CTĐ, CTCT của Đại đội 1 kỳ 6 tháng đầu năm 2024" in text
    assert "Mức quyết định (Trung đoàn 1): Hoàn thành tốt nhiệm vụ." in text


def test_the_summary_of_subordinates_or_the_whole_subtree(season, tmp_path):
    out = tmp_path / "tong-hop.xlsx"
    args = ["--unit", "R", "--period", HALF, "--format", "xlsx", "--out", str(out)]
    assert not export(*args).failed
    codes = [c.value for c in openpyxl.load_workbook(out)[UNITS_SHEET]["B"]][1:]
    assert codes == ["B1", "B2"]
    assert not export(*args, "--all").failed
    codes = [c.value for c in openpyxl.load_workbook(out)[UNITS_SHEET]["B"]][1:]
    assert codes == ["B1", "C1", "C2", "B2", "C3"]


def test_bytes_go_to_a_pipe_but_never_to_a_terminal(season):
    # A standard output that takes bytes and is not a terminal, like a shell pipe.
    pipe = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command(
        "evaluation", "export", "--unit", "B1", "--period", HALF, "--format", "xlsx", stdout=pipe
    )
    pipe.flush()
    raw = pipe.buffer
    assert isinstance(raw, io.BytesIO)
    assert raw.getvalue()[:2] == b"PK"  # a zip: the XLSX itself
    result = export("--unit", "B1", "--period", HALF, "--format", "xlsx")
    assert result.failed and "--out" in (result.error or "")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "KHONG-CO", "--period", HALF, "--format", "docx"], "Không có đơn vị mã"),
        (["--unit", "C1", "--period", "nửa năm", "--format", "docx"], ""),
        (["--unit", "C1", "--period", "202407", "--format", "docx"], "không hợp"),
        (["--unit", "C3", "--period", HALF, "--format", "docx"], "Đại đội 3 chưa mở đánh giá"),
        (["--unit", "C1", "--period", HALF, "--format", "docx", "--all"], "--all chỉ dùng"),
    ],
)
def test_errors_are_said_in_vietnamese(season, tmp_path, args, words):
    result = export(*args, "--out", str(tmp_path / "x"))
    assert result.failed
    assert words in (result.error or "")
    assert not (tmp_path / "x").exists()
