"""A company's political officer sees the documents the company is missing this month (the chi
bộ's monthly resolution «Thiếu»), types the resolution, registers it and gets the next number of
the term (a thematic resolution took number 1), writes a line in the CTĐ, CTCT book, and finds
the resolution again by searching without diacritics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from khth.lib import clock
from khth.periods import period_of
from khth.units.actions import update_unit
from tests.browser.test_scope_in_browser import log_in

pytestmark = pytest.mark.browser

BOOK = "so-tong-hop-ctd"
BODY = "Chi bộ lãnh đạo hoàn thành kế hoạch huấn luyện tháng, giữ nghiêm kỷ luật."


def prepared_company(world: Any) -> None:
    """C1's chi bộ has its term declared and a thematic resolution registered as NQ number 1."""
    unit = update_unit(world.unit("C1"), by=None, party_abbr="CB")
    officer = world.users["po_c1"]
    add_party_term(unit, name="Nhiệm kỳ 2025 – 2030", starts_on=dt.date(2020, 10, 15), by=officer)
    register_outgoing(
        unit,
        Outgoing(
            kind_code="nq-chuyen-de",
            dated=clock.today(),
            summary="Nghị quyết chuyên đề về công tác huấn luyện",
        ),
        by=officer,
    )


def test_company_types_registers_and_finds_its_monthly_resolution(page, world):
    prepared_company(world)
    month = period_of(clock.today(), "monthly")
    key = f"doc:nq-thang:{month.id}"
    title = f"Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng {month.start.month}/{month.start.year}"

    log_in(page, "po_c1")
    page.get_by_role("link", name="Văn kiện", exact=True).click()
    page.wait_for_url("**/records/unit/C1/")
    row = page.get_by_test_id(f"item-{key}")
    expect(row).to_have_attribute("data-state", "missing")
    expect(row.get_by_test_id("state")).to_have_text("Thiếu")

    # «Soạn» opens the form with the kind, the month and the title filled in.
    row.get_by_role("link", name="Soạn").click()
    expect(page.get_by_label("Tên văn kiện")).to_have_value(title)
    expect(page.get_by_label("Kỳ:", exact=True)).to_have_value(month.id)
    body = page.get_by_test_id("typed-body")
    body.click()
    body.type(BODY)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("typed-status")).to_have_text("Dự thảo")
    expect(page.get_by_test_id("typed-content")).to_contain_text(BODY)

    # «Vào sổ»: the register's form comes filled from the resolution; the number is the next.
    page.get_by_test_id("register-typed").click()
    form = page.get_by_test_id("outgoing-form")
    expect(form.get_by_label("Trích yếu nội dung")).to_have_value(title)
    form.get_by_label("Nơi nhận").fill("- Đảng ủy Tiểu đoàn 1;\n- Lưu Chi bộ.")
    form.get_by_role("button", name="Vào sổ, lấy số").click()
    expect(page.get_by_test_id("registered-number")).to_have_text("Số 2-NQ/CB")
    expect(page.locator(".messages")).to_contain_text("Đã vào sổ văn bản đi: Số 2-NQ/CB")

    page.get_by_role("link", name="Văn kiện", exact=True).click()
    expect(page.get_by_test_id(f"item-{key}")).to_have_attribute("data-state", "present")

    # A line in the CTĐ, CTCT book, its date typed as dd/mm/yyyy.
    book = page.get_by_test_id(f"item-book:{BOOK}")
    expect(book).to_have_attribute("data-state", "missing")
    book.get_by_role("link", name="Ghi sổ").click()
    entry = page.get_by_test_id("new-entry")
    entry.get_by_label("Ngày").fill(clock.today().strftime("%d/%m/%Y"))
    entry.get_by_label("Mặt công tác").select_option("Xây dựng Đảng")
    entry.get_by_label("Nội dung", exact=True).fill("Sinh hoạt chi bộ thường kỳ, ra nghị quyết")
    entry.get_by_role("button", name="Ghi vào sổ").click()
    expect(page.get_by_test_id("entry-1")).to_contain_text("Sinh hoạt chi bộ thường kỳ")
    expect(page.get_by_test_id("freshness")).to_have_attribute("data-state", "present")
    page.get_by_role("link", name="Văn kiện", exact=True).click()
    expect(page.get_by_test_id(f"item-book:{BOOK}")).to_have_attribute("data-state", "present")

    # Found again from the header's search box, typed without diacritics.
    box = page.get_by_test_id("header-search").get_by_role("searchbox")
    box.fill("nghi quyet thang")
    box.press("Enter")
    page.wait_for_url("**/search/?q=nghi+quyet+thang")
    expect(page.locator("main")).to_contain_text(title)
