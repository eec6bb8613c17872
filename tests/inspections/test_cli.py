"""``khth inspections export`` and ``khth inspections remind``."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.inspections.actions import conclude_inspection
from khth.notifications.models import Notification
from tests.cli.helpers import run
from tests.documents.helpers import docx_text
from tests.inspections.conftest import R2_VIOLATION, R_WEAKNESS

pytestmark = pytest.mark.django_db


def test_export_to_a_file(division, recorded, tmp_path):
    out = tmp_path / "thong-bao.docx"
    pk = str(recorded.inspection.pk)
    result = run("inspections", "export", "--id", pk, "--format", "docx", "--out", str(out))
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    text = docx_text(out.read_bytes())
    assert R_WEAKNESS in text and R2_VIOLATION in text and "DỰ THẢO" in text
    conclude_inspection(
        recorded.inspection, html="<p>Tốt.</p>", base_revision=1, by=division.users["po_d"]
    )
    assert not run(
        "inspections", "export", "--id", pk, "--format", "docx", "--out", str(out)
    ).failed
    assert "DỰ THẢO" not in docx_text(out.read_bytes())


def test_export_errors(division, recorded):
    assert run("inspections", "export", "--id", "999", "--format", "docx").error == (
        "Không có cuộc kiểm tra số 999"
    )
    # Bytes never go to a terminal or a text stream.
    result = run("inspections", "export", "--id", str(recorded.inspection.pk), "--format", "docx")
    assert result.failed


def test_remind_is_idempotent_per_day(division, recorded):
    first = run("inspections", "remind", "--on", "2024-04-16")
    assert not first.failed, first.errors
    assert first.out.strip() == "2024-04-16: 1 việc khắc phục quá hạn được nhắc, 2 thông báo"
    # Planned, assigned, overdue.
    assert Notification.objects.filter(user__username="cu_r2").count() == 3
    second = run("inspections", "remind", "--on", "2024-04-16")
    assert second.out.strip() == "2024-04-16: 0 việc khắc phục quá hạn được nhắc, 0 thông báo"
    assert Notification.objects.filter(user__username="cu_r2").count() == 3


def test_remind_defaults_to_today(division, recorded):
    # Both deadlines (April 2024) are long past today.
    result = run("inspections", "remind")
    assert result.out.startswith(dt.date.today().isoformat())  # noqa: DTZ011
    assert "2 việc khắc phục quá hạn được nhắc" in result.out
