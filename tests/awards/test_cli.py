"""``khth awards export`` and ``khth awards propose``."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from khth.awards.models import Proposal
from tests.awards.conftest import EXCELLENT, GIAY_KHEN, award, decided
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def test_export_the_register_of_a_span(world, tmp_path):
    award(world, "C1", GIAY_KHEN, dt.date(2024, 3, 1), "1/QĐ")
    award(world, "C3", GIAY_KHEN, dt.date(2024, 3, 2), "2/QĐ")
    award(world, "C1", GIAY_KHEN, dt.date(2025, 1, 2), "3/QĐ")
    out = tmp_path / "khen.xlsx"
    result = run(
        "awards",
        "export",
        "--unit",
        "B1",
        "--from",
        "2024-01-01",
        "--to",
        "31/12/2024",
        "--out",
        str(out),
    )
    assert not result.failed, result.errors
    book = openpyxl.load_workbook(out)
    numbers = [r[1] for r in book["Sổ khen thưởng"].iter_rows(min_row=2, values_only=True)]
    assert numbers == ["1/QĐ"]
    assert run(
        "awards", "export", "--unit", "X", "--from", "2024-01-01", "--to", "2024-12-31"
    ).failed
    bad = run("awards", "export", "--unit", "B1", "--from", "hôm qua", "--to", "2024-12-31")
    assert "Ngày không hợp lệ" in bad.errors
    backwards = run(
        "awards", "export", "--unit", "B1", "--from", "2024-12-31", "--to", "2024-01-01"
    )
    assert backwards.failed


def test_propose(world):
    decided(world, "C1", "2024", EXCELLENT)
    result = run("awards", "propose", "--unit", "D", "--today", "2025-02-01")
    assert not result.failed, result.errors
    assert result.out.strip() == "C1\tGiấy khen\t2024"
    assert "1 đề xuất" in result.err
    again = run("awards", "propose", "--unit", "D", "--today", "2025-02-01")
    assert again.out == "" and "0 đề xuất" in again.err
    assert Proposal.objects.count() == 1
