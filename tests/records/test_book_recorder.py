"""A book with its own "Người ghi" column: the page does not repeat that heading, fills the
recorder's name where it was left blank, and offers the one typing as the recorder."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.docsystem.records.actions import add_entry

pytestmark = pytest.mark.django_db

BOOK = "so-tong-hop-ctd"  # its columns end with "Người ghi" in the default regulation


def test_recorder_heading_once_and_name_filled(world: Any, client: Any) -> None:
    add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    client.force_login(world.users["as_c1"])
    body = client.get(f"/records/unit/C1/books/{BOOK}/").content.decode()
    header = body[body.index("<thead>") : body.index("</thead>")]
    assert len(re.findall(r">Người ghi<", header)) == 1
    row = body[body.index('data-testid="entry-1"') :]
    row = row[: row.index("</tr>")]
    assert "Phạm Văn Một" in row  # the recorder column, blank when typed, shows who wrote it
    form = body[body.index('data-testid="new-entry"') :]
    assert re.search(r'name="[^"]*nguoi-ghi" value="Đỗ Thị Trợ"', form)


def test_cancel_buttons_say_huy(world: Any, client: Any) -> None:
    client.force_login(world.users["as_c1"])
    body = client.get("/records/unit/C1/documents/new/").content.decode()
    assert "Hủy" in body and "Thôi" not in body
