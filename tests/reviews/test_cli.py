"""``khth reviews``: the list, and a review exported as DOCX or XLSX to a file; clear errors."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command

from khth.reviews.actions import create_review
from tests.cli.helpers import run
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

TITLE = "Báo cáo sơ kết 6 tháng đầu năm 2024"


@pytest.fixture
def review(world):
    return create_review(
        world.unit("B1"),
        title=TITLE,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=world.users["po_b1"],
        today=dt.date(2024, 7, 20),
    )


def test_list(review):
    result = run("reviews", "list")
    assert not result.failed, result.errors
    assert f"{review.pk}\tB1\t01/01/2024–30/06/2024\tDự thảo\t{TITLE}" in result.out
    assert run("reviews", "list", "--unit", "C1").out == ""
    assert run("reviews", "list", "--unit", "R").out.count(TITLE) == 1
    assert "Không có đơn vị mã «X9»" in run("reviews", "list", "--unit", "X9").errors


def test_export_docx_and_xlsx_to_files(review, tmp_path):
    out = tmp_path / "so-ket.docx"
    result = run("reviews", "export", "--id", str(review.pk), "--format", "docx", "--out", str(out))
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    text = docx_text(out.read_bytes())
    assert "BÁO CÁO" in text and "Sơ kết 6 tháng đầu năm 2024" in text and "TIỂU ĐOÀN 1" in text
    assert "Tháng 6/2024" in text  # the figures per month
    sheet = tmp_path / "so-lieu.xlsx"
    result = run(
        "reviews", "export", "--id", str(review.pk), "--format", "xlsx", "--out", str(sheet)
    )
    assert not result.failed, result.errors
    assert openpyxl.load_workbook(sheet).sheetnames[1] == "Tình hình báo cáo"


def test_binary_to_a_pipe_but_never_to_a_terminal(review):
    class Pipe(io.TextIOWrapper):
        def isatty(self) -> bool:
            return False

    raw = io.BytesIO()
    pipe = Pipe(raw, encoding="utf-8")
    call_command("reviews", "export", "--id", str(review.pk), "--format", "xlsx", stdout=pipe)
    assert raw.getvalue().startswith(b"PK")

    class Terminal(Pipe):
        def isatty(self) -> bool:
            return True

    result = run("reviews", "export", "--id", str(review.pk), "--format", "docx")
    assert result.failed  # StringIO has no binary buffer: --out is asked for
    terminal = Terminal(io.BytesIO(), encoding="utf-8")
    with pytest.raises(Exception, match="không in ra màn hình"):
        call_command(
            "reviews", "export", "--id", str(review.pk), "--format", "docx", stdout=terminal
        )


def test_errors_are_clear(world):
    result = run("reviews", "export", "--id", "999", "--format", "docx")
    assert result.error == "Không có báo cáo sơ kết, tổng kết số 999"
