"""The user guide: reachable from the menu, the reader's own roles first, every link a page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.web.guide import GUIDES

pytestmark = pytest.mark.django_db


def _order(body: str) -> list[str]:
    return re.findall(r'data-testid="guide-([a-z_]+)"', body)


def test_menu_links_to_the_guide(world: Any, client: Any) -> None:
    client.force_login(world.users["as_c1"])
    nav = client.get("/").content.decode()
    nav = nav[nav.index('id="main-menu"') : nav.index("</nav>")]
    assert 'href="/guide/">Hướng dẫn<' in nav


@pytest.mark.parametrize(
    ("user", "first"),
    [
        ("as_c1", "assistant"),
        ("po_c1", "political_officer"),
        ("cmd_b1", "commander"),
        ("admin_d", "admin"),
    ],
)
def test_own_role_first(world: Any, client: Any, user: str, first: str) -> None:
    client.force_login(world.users[user])
    body = client.get("/guide/").content.decode()
    order = _order(body)
    assert order[0] == first
    assert sorted(order) == sorted(g.role for g in GUIDES)  # the others' guides follow
    assert "vai trò của bạn" in body


def test_every_link_of_the_guide_opens(world: Any, client: Any) -> None:
    client.force_login(world.users["po_c1"])
    body = client.get("/guide/").content.decode()
    main = body[body.index("<main>") :]
    links = set(re.findall(r'<a href="(/[^"]*)">Mở trang</a>', main))
    assert len(links) >= 8
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link


def test_guide_needs_login(client: Any) -> None:
    assert client.get("/guide/").status_code == 302
