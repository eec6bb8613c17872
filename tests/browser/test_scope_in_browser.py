"""Log in as a company political officer and see only that company; as the regiment commissar,
see the regiment's subtree; log out."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def unit_codes(page, opened: tuple[str, ...] = ()) -> set[str]:
    """The units of the unit list, after opening the subordinates of each of ``opened``."""
    page.goto("/units/")
    for code in opened:
        page.locator(f"tr[data-unit={code}] a.open").click()
        page.locator(f"tr[data-parent={code}]").first.wait_for()
    return set(
        page.locator("[data-testid=unit-tree] tr[data-unit]").evaluate_all(
            "rows => rows.map(r => r.dataset.unit)"
        )
    )


def test_company_officer_sees_only_the_company(page, world):
    log_in(page, "po_c1")
    assert page.get_by_test_id("current-user").inner_text() == "Phạm Văn Một"
    assert page.get_by_test_id("home-unit").locator("h2").inner_text() == "Đại đội 1"
    assert unit_codes(page) == {"C1"}
    page.goto("/units/C1/")
    assert page.get_by_test_id("unit-name").inner_text() == "Đại đội 1"
    assert page.get_by_test_id("requirements").inner_text().strip() != ""
    response = page.goto("/units/C2/")
    assert response.status == 404
    response = page.goto("/units/B1/")
    assert response.status == 404
    page.goto("/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")
    page.goto("/units/")
    assert "/login/" in page.url


def test_regiment_commissar_sees_the_subtree(page, world):
    log_in(page, "cu_r")
    # The regiment and its battalions; a battalion's companies once it is opened (units/tree.js).
    assert unit_codes(page) == {"R", "B1", "B2"}
    assert unit_codes(page, opened=("B1", "B2")) == {"R", "B1", "B2", "C1", "C2", "C3"}
    # Opened again, B1 closes: its companies leave the list, B2's stay.
    page.locator("tr[data-unit=B1] a.open").click()
    page.locator("tr[data-unit=C1]").wait_for(state="detached")
    assert page.locator("tr[data-unit=B1] a.open").get_attribute("aria-expanded") == "false"
    assert page.locator("tr[data-unit=C3]").count() == 1
    page.goto("/units/R/")
    children = page.get_by_test_id("children").inner_text()
    assert "Tiểu đoàn 1" in children
    assert "Tiểu đoàn 2" in children
    page.get_by_role("link", name="Tiểu đoàn 1").click()
    assert page.get_by_test_id("unit-name").inner_text() == "Tiểu đoàn 1"
    assert page.goto("/units/D/").status == 404
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")


def test_wrong_password_shows_a_message(page, world):
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill("po_c1")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "không đúng" in page.content()
