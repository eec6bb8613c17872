"""``khth bench load``: locust in its own process, reading pages of a live server as three
people of the largest tree, and the figures printed."""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import pytest
from django.db import connection

from khth.accounts.models import User
from khth.demo.load import PREFIX
from khth.units.actions import create_unit
from tests.cli.helpers import run

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("locust") is None, reason="locust is a dev dependency"
)


def test_load_reads_pages_as_three_people(
    live_server: Any, transactional_db: None, regulation: Any
) -> None:
    from khth.lib import clock
    from khth.regulations.access import level_codes

    levels = level_codes()
    parent = None
    for depth in range(3):
        parent = create_unit(
            code=f"T{depth}",
            name=f"Đơn vị {depth}",
            short_name=f"ĐV{depth}",
            level=levels[depth],
            parent=parent,
            by=None,
            valid_from=clock.today(),
        )
    # The test server shares one SQLite connection between its threads: readers at once would
    # trip over each other's transactions there, so SQLite gets one reader (PostgreSQL three).
    users = 3 if connection.vendor == "postgresql" else 1
    result = run(
        "bench",
        "load",
        "--host",
        live_server.url,
        "--users",
        str(users),
        "--seconds",
        "4",
        "--no-think",
        "--spawn-rate",
        "3",
    )
    assert not result.failed, result.errors
    total = re.search(r"^Aggregated: (\d+) requests, (\d+) failures", result.out, re.MULTILINE)
    assert total is not None, result.out
    assert int(total.group(1)) > users and int(total.group(2)) == 0
    # The figures start once every person has logged in: pages only, no login in them.
    assert "/login/" not in result.out
    assert re.search(r"^/: \d+ requests, 0 failures", result.out, re.MULTILINE), result.out
    # The three accounts sit at the top, the middle and the base of the tree.
    units = dict(
        User.objects.filter(username__startswith=PREFIX).values_list(
            "username", "memberships__unit__code"
        )
    )
    assert units == {f"{PREFIX}top": "T0", f"{PREFIX}middle": "T1", f"{PREFIX}base": "T2"}


def test_load_without_a_tree_says_so(db: None) -> None:
    result = run("bench", "load", "--host", "http://127.0.0.1:9")
    assert result.failed
    assert "Chưa có đơn vị nào" in (result.error or "")
