"""The list helpers every page shares (khth.web.lists)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from khth.units.models import Unit
from khth.web.lists import counted_first, page_asked


def test_counted_first_counts_without_a_query_when_the_rows_fit(world: Any) -> None:
    units = Unit.objects.order_by("path")  # 7 units in the world
    with CaptureQueriesContext(connection) as fits:
        count, first = counted_first(units, 10)
    assert (count, [u.code for u in first]) == (7, ["D", "R", "B1", "C1", "C2", "B2", "C3"])
    assert len(fits.captured_queries) == 1
    with CaptureQueriesContext(connection) as more:
        count, first = counted_first(units, 3)
    assert (count, [u.code for u in first]) == (7, ["D", "R", "B1"])
    assert len(more.captured_queries) == 2
    assert counted_first(units, 7)[0] == 7  # exactly a page: counted, not guessed
    assert counted_first(units.none(), 5) == (0, [])


def test_page_asked_reads_any_input_as_a_page() -> None:
    def asked(query: str) -> int:
        return page_asked(RequestFactory().get(f"/x/{query}"))

    assert [asked(""), asked("?page=3"), asked("?page=0"), asked("?page=-2")] == [1, 3, 1, 1]
    assert [asked("?page=abc"), asked("?page=%C2%B2"), asked("?page=99999999999999999999")] == [
        1,
        1,
        1,
    ]
