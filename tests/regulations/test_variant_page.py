"""The regulation page says which regulation the user's unit follows and which variants are in
force with their scopes, naming no unit outside the user's subtree; the unit page says it too."""

from __future__ import annotations

from typing import Any

from khth.units.actions import update_unit
from khth.units.regulation import assign_regulation
from tests.regulations.variants import BDBP, POST, load_bdbp


def test_the_page_shows_the_variant_a_unit_follows_and_its_scopes(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    update_unit(world.unit("B2"), by=None, unit_type=POST)
    assign_regulation(BDBP, root=None, unit_type=POST, by=None)
    page = world.client("po_c1").get("/regulation/").content.decode()
    assert (
        "Đại đội 1 thực hiện: Quy định công tác kế hoạch – tổng hợp về CTĐ, CTCT trong BĐBP" in page
    )
    assert "quy định riêng" in page
    # The battalion's scope is outside a company officer's subtree: counted, not named.
    assert "Tiểu đoàn 1 và các đơn vị trực thuộc" not in page
    assert "1 phạm vi ngoài đơn vị của bạn" in page
    assert "loại hình Đồn Biên phòng" in page
    regiment = world.client("cu_r").get("/regulation/").content.decode()
    assert "Tiểu đoàn 1 và các đơn vị trực thuộc" in regiment
    assert "Trung đoàn 1 thực hiện: " in regiment


def test_the_unit_page_says_which_regulation_the_unit_follows(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("C1"), by=None)
    page = world.client("po_c1").get("/units/C1/").content.decode()
    assert "trong BĐBP" in page and "quy định riêng" in page
    other = world.client("po_c2").get("/units/C2/").content.decode()
    assert "trong BĐBP" not in other
