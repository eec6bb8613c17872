"""``khth coordination generate`` (the daily job) and ``khth coordination export``."""

from __future__ import annotations

import openpyxl
import pytest

from khth.coordination.models import ExchangeReport
from tests.cli.helpers import run
from tests.coordination.conftest import PARTNER
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db


def test_generate_then_export(world, agreement, quarter_reports, tmp_path):
    result = run("coordination", "generate", "--today", "2024-10-05")
    assert not result.failed, result.errors
    assert [line.split("\t")[2] for line in result.out.splitlines()] == [
        "2024Q1",
        "2024Q2",
        "2024Q3",
    ]
    assert "Đã lập 3 báo cáo" in result.err
    again = run("coordination", "generate", "--today", "2024-10-05")
    assert again.out == "" and ExchangeReport.objects.count() == 3
    assert "Ngày không hợp lệ" in run("coordination", "generate", "--today", "mai").errors

    q3 = ExchangeReport.objects.get(period_id="2024Q3")
    out = tmp_path / "trao-doi.docx"
    exported = run(
        "coordination", "export", "--id", str(q3.pk), "--format", "docx", "--out", str(out)
    )
    assert not exported.failed, exported.errors
    text = docx_text(out.read_bytes())
    assert f"Kính gửi: {PARTNER}." in text and "DỰ THẢO" in text
    sheet_file = tmp_path / "trao-doi.xlsx"
    assert not run(
        "coordination", "export", "--id", str(q3.pk), "--format", "xlsx", "--out", str(sheet_file)
    ).failed
    rows = list(
        openpyxl.load_workbook(sheet_file)["Trao đổi thông tin"].iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [r[3] for r in rows] == [None, 12]
    assert (
        "Không có báo cáo"
        in run("coordination", "export", "--id", "999", "--format", "docx").errors
    )
