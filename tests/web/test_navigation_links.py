"""The menu's entries that open on the user's own unit link straight to its page (one request a
click, not a redirect and a request); their own addresses still redirect there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.web.navigation import ON_OWN_UNIT

pytestmark = pytest.mark.django_db


def menu(page: str) -> list[str]:
    nav = re.search(r'<nav id="main-menu".*?</nav>', page, re.DOTALL)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


@pytest.mark.parametrize("username, unit", [("po_c1", "C1"), ("cu_r", "R")])
def test_every_entry_on_the_own_unit_is_linked_straight_and_lands_where_its_address_leads(
    world: Any, username: str, unit: str
) -> None:
    client = world.client(username)
    links = menu(client.get("/").content.decode())
    straight = [link for link in links if f"/{unit}/" in link]
    assert len(straight) == len(ON_OWN_UNIT)
    # Each is where the entry's own address (its first segment: "/plans/") redirects, and opens
    # as a page.
    entries = {"/" + link.strip("/").split("/")[0] + "/" for link in straight}
    assert {client.get(entry).url for entry in entries} == set(straight)
    for link in straight:
        assert client.get(link).status_code == 200, link


def test_without_a_unit_the_menu_keeps_the_addresses_that_say_so(world: Any) -> None:
    links = menu(world.client("nobody").get("/").content.decode())
    assert {"/plans/", "/records/", "/inspections/"} <= set(links)
