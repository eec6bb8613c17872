"""The regulation in force read once per request (khth.lib.request_memo): never kept outside a
request, and read again at once when an action changes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khth.lib import request_memo
from khth.regulations.access import active_regulation, active_versions

pytestmark = pytest.mark.django_db

BASE_QUERY = 'WHERE "regulations_regulationversion"."is_base"'


def counter() -> Any:
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    return read


def test_nothing_is_kept_outside_a_request(world: Any) -> None:
    read = counter()
    assert [request_memo.remembered("k", read) for _ in range(2)] == [1, 2]


def test_within_a_request_a_value_is_read_once_until_forgotten() -> None:
    read = counter()
    request_memo.start()
    try:
        assert [request_memo.remembered("k", read) for _ in range(3)] == [1, 1, 1]
        request_memo.forget()
        assert request_memo.remembered("k", read) == 2
    finally:
        request_memo.end()
    assert request_memo.remembered("k", read) == 3


def test_a_page_asks_for_the_base_regulation_once(world: Any) -> None:
    client = world.client("cu_r")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    asked = [q["sql"] for q in queries.captured_queries if BASE_QUERY in q["sql"]]
    assert len(asked) == 1
    # After the request, a function called directly reads the database again.
    with CaptureQueriesContext(connection) as queries:
        active_regulation()
    assert len(queries.captured_queries) == 1


def test_a_regulation_activated_during_a_request_is_read_at_once(
    world: Any, edited_regulation: Any
) -> None:
    request_memo.start()
    try:
        before = active_regulation().regulation.version
        versions_before = active_versions()
        edited_regulation(lambda data: None, "2017.1-khth.77")
        assert active_regulation().regulation.version == "2017.1-khth.77" != before
        assert active_versions() != versions_before
    finally:
        request_memo.end()
