"""A division plans an inspection of two regiments, records a weakness of one with a remedy and
a deadline; the regiment's commissar finds it among the remedies it must carry out, closes it
with evidence and a file, and sees nothing of the other regiment; the division sees it closed
and downloads the conclusion notice."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from khth.accounts.actions import create_user
from khth.inspections.models import Remedy
from khth.lib import clock
from khth.units.actions import create_unit
from tests.browser.test_report_cycle import log_out
from tests.browser.test_scope_in_browser import log_in
from tests.conftest import FOUNDED, PASSWORD

pytestmark = pytest.mark.browser

TITLE = "Kiểm tra công tác Đảng, công tác chính trị quý I"
WEAKNESS = "Nghị quyết tháng của Đảng ủy chưa sát nhiệm vụ huấn luyện"
R2_STRENGTH = "Trung đoàn 2 ghi chép sổ sách đầy đủ, đúng mẫu"
ACTION = "Ra lại nghị quyết tháng, nêu rõ chỉ tiêu huấn luyện"
EVIDENCE = "Đã ra Nghị quyết số 12-NQ/ĐU, nêu rõ 3 chỉ tiêu huấn luyện"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def widen(world: Any) -> None:
    """A second regiment under the division, and the division's political officer."""
    create_unit(
        code="R2",
        name="Trung đoàn 2",
        short_name="Trung đoàn 2",
        level="trung-doan",
        parent=world.unit("D"),
        by=None,
        valid_from=FOUNDED,
    )
    create_user(
        username="po_d",
        full_name="Ngô Văn Đoàn",
        unit=world.unit("D"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )


def test_inspection_cycle(page, world, media, tmp_path):
    widen(world)
    today = clock.today()
    deadline = today + dt.timedelta(days=30)

    # The division plans the inspection of both regiments.
    log_in(page, "po_d")
    page.get_by_role("link", name="Kiểm tra", exact=True).click()
    page.wait_for_url("**/inspections/unit/D/")
    form = page.get_by_test_id("new-inspection")
    form.get_by_label("Tên cuộc kiểm tra").fill(TITLE)
    form.get_by_label("Từ ngày").fill((today - dt.timedelta(days=3)).isoformat())
    form.get_by_label("Đến ngày").fill(today.isoformat())
    form.get_by_label("Trung đoàn 1", exact=True).check()
    form.get_by_label("Trung đoàn 2", exact=True).check()
    form.get_by_label("Công tác xây dựng Đảng").check()
    form.get_by_label("Hệ thống văn kiện, sổ sách").check()
    form.get_by_label("Thành phần đoàn").fill("Đồng chí Ngô Văn Đoàn và 2 trợ lý")
    form.get_by_role("button", name="Lập kế hoạch").click()
    expect(page.get_by_test_id("inspection-title")).to_have_text(TITLE)
    expect(page.get_by_test_id("inspected-units")).to_have_text("Trung đoàn 1, Trung đoàn 2")

    # A weakness of R, with a remedy and its deadline; a strength of R2.
    regiment = page.locator('section[data-unit="R"]')
    finding = regiment.get_by_test_id("finding-form")
    finding.get_by_label("Loại").select_option("weakness")
    finding.get_by_label("Mặt công tác").select_option("xay-dung-dang")
    finding.get_by_label("Nội dung").fill(WEAKNESS)
    finding.get_by_role("button", name="Ghi kết quả").click()
    regiment = page.locator('section[data-unit="R"]')
    expect(regiment).to_contain_text(WEAKNESS)
    remedy_form = regiment.get_by_test_id("remedy-form")
    remedy_form.get_by_label("Việc phải khắc phục").fill(ACTION)
    remedy_form.get_by_label("Đơn vị thực hiện").select_option("R")
    remedy_form.get_by_label("Thời hạn").fill(deadline.isoformat())
    remedy_form.get_by_role("button", name="Giao việc").click()
    remedy = page.locator("[data-remedy]").first
    expect(remedy).to_contain_text(ACTION)
    expect(remedy.get_by_test_id("remedy-state")).to_have_text("Đang khắc phục")
    other = page.locator('section[data-unit="R2"]').get_by_test_id("finding-form")
    other.get_by_label("Loại").select_option("strength")
    other.get_by_label("Mặt công tác").select_option("he-thong-van-kien")
    other.get_by_label("Nội dung").fill(R2_STRENGTH)
    other.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator('section[data-unit="R2"]')).to_contain_text(R2_STRENGTH)
    log_out(page)

    # The regiment finds the remedy it must carry out and closes it with evidence.
    log_in(page, "cu_r")
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_role("link", name="Kiểm tra", exact=True).click()
    page.wait_for_url("**/inspections/unit/R/")
    expect(page.get_by_test_id("received")).to_contain_text(TITLE)
    page.get_by_test_id("remedies-link").click()
    owned = page.get_by_test_id("owned")
    expect(owned).to_contain_text(ACTION)
    owned.get_by_test_id("report-remedy").click()
    page.wait_for_url(re.compile(r"/inspections/\d+/#remedy-\d+$"))
    body = page.locator("main")
    expect(page.get_by_test_id("partial-view")).to_be_visible()
    expect(body).not_to_contain_text(R2_STRENGTH)  # the other regiment's findings: never
    closing = page.get_by_test_id("close-form")
    closing.get_by_label("Kết quả khắc phục, minh chứng").fill(EVIDENCE)
    closing.get_by_label("Tệp minh chứng (không bắt buộc)").set_input_files(
        files=[{"name": "nghi-quyet-12.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    closing.get_by_role("button", name="Báo cáo đã khắc phục").click()
    remedy = page.locator("[data-remedy]").first
    expect(remedy.get_by_test_id("remedy-state")).to_have_text("Đã khắc phục")
    expect(remedy.get_by_test_id("remedy-evidence")).to_contain_text(EVIDENCE)
    expect(remedy.get_by_test_id("evidence-file")).to_have_text("nghi-quyet-12.pdf")
    stored = Remedy.objects.get()
    assert stored.closed_by is not None
    assert (stored.status, stored.closed_by.username) == (Remedy.CLOSED, "cu_r")
    log_out(page)

    # The division sees it closed and downloads the notice (a draft until concluded).
    log_in(page, "po_d")
    page.goto(f"/inspections/{stored.finding.inspection_id}/")
    remedy = page.locator("[data-remedy]").first
    expect(remedy.get_by_test_id("remedy-state")).to_have_text("Đã khắc phục")
    expect(remedy.get_by_test_id("reopen-form")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_test_id("export-docx").click()
    document = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết luận kiểm tra công tác Đảng, công tác chính trị quý I" in text
    assert WEAKNESS in text and R2_STRENGTH in text
