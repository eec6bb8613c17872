"""Numbers of registered documents, by the rules of their family:

- Party family "Số 1-NQ/ĐU": one sequence per document type, from 1 again each Party committee
  term; no term declared → a clear refusal;
- administrative family "Số: 01/KH-CT": one sequence across types, zero-padded under 10, from 01
  again each calendar year;
- incoming documents: the unit's own sequence per year of arrival;
- never the same number twice, even when registrations run at the same moment (threads, each
  with its own database connection; on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    RegisterError,
    add_party_term,
    register_incoming,
    register_outgoing,
)
from khth.docsystem.register.models import Counter, RegisteredDocument
from khth.units.actions import update_unit

TERM = dt.date(2020, 10, 15)
NEXT_TERM = dt.date(2025, 10, 10)


@pytest.fixture
def company(world: Any) -> Any:
    """C1 with its abbreviations recorded and its chi bộ's term that began on 15/10/2020."""
    unit = update_unit(world.unit("C1"), by=None, party_abbr="ĐU", admin_abbr="CT")
    add_party_term(unit, name="Nhiệm kỳ 2020 – 2025", starts_on=TERM, by=world.users["po_c1"])
    return unit


def outgoing(world: Any, unit: Any, kind: str, day: dt.date, **extra: Any) -> RegisteredDocument:
    data = Outgoing(kind_code=kind, dated=day, summary=f"{kind} ngày {day:%d/%m/%Y}", **extra)
    return register_outgoing(unit, data, by=world.users["po_c1"])


def numbers(documents: list[RegisteredDocument]) -> list[str]:
    return [d.number_text for d in documents]


# --- Party family ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_party_documents_are_numbered_per_type(world, company):
    day = dt.date(2024, 7, 2)
    documents = [
        outgoing(world, company, "nq-thang", day),
        outgoing(world, company, "nq-thang", day),
        # Minutes have their own sequence…
        outgoing(world, company, "bb-sinh-hoat-dang", day),
        # …while every resolution kind shares the "NQ" one.
        outgoing(world, company, "nq-nam", day),
        outgoing(world, company, "bb-sinh-hoat-dang", day),
    ]
    assert numbers(documents) == [
        "Số 1-NQ/ĐU",
        "Số 2-NQ/ĐU",
        "Số 1-BB/ĐU",
        "Số 3-NQ/ĐU",
        "Số 2-BB/ĐU",
    ]
    assert {d.family for d in documents} == {"party"}
    # Party numbers are not padded.
    assert all(":" not in d.number_text for d in documents)


@pytest.mark.django_db
def test_a_new_party_term_restarts_at_one(world, company):
    assert numbers([outgoing(world, company, "nq-thang", dt.date(2025, 9, 2))]) == ["Số 1-NQ/ĐU"]
    assert numbers([outgoing(world, company, "nq-thang", dt.date(2025, 10, 1))]) == ["Số 2-NQ/ĐU"]
    add_party_term(
        company, name="Nhiệm kỳ 2025 – 2030", starts_on=NEXT_TERM, by=world.users["po_c1"]
    )
    in_new_term = outgoing(world, company, "nq-thang", dt.date(2025, 10, 12))
    assert in_new_term.number_text == "Số 1-NQ/ĐU"
    assert in_new_term.scope.endswith(f"term:{NEXT_TERM.isoformat()}")
    # A document dated in the old term, registered late, keeps the old term's sequence.
    late = outgoing(world, company, "nq-thang", dt.date(2025, 10, 5))
    assert late.number_text == "Số 3-NQ/ĐU"
    assert outgoing(world, company, "nq-thang", dt.date(2025, 11, 2)).number == 2
    # A year boundary inside a term does not restart Party numbers.
    assert outgoing(world, company, "nq-thang", dt.date(2026, 1, 2)).number == 3


@pytest.mark.django_db
def test_party_numbering_needs_a_term(world):
    # C2 has declared no term of its chi bộ.
    with pytest.raises(RegisterError, match="Chưa khai báo nhiệm kỳ cấp ủy của Đại đội 2"):
        register_outgoing(
            world.unit("C2"),
            Outgoing(kind_code="nq-thang", dated=dt.date(2024, 7, 2), summary="Nghị quyết"),
            by=world.users["po_c2"],
        )
    assert not RegisteredDocument.objects.exists()
    assert not Counter.objects.exists()


@pytest.mark.django_db
def test_a_term_that_begins_after_the_document_does_not_number_it(world, company):
    with pytest.raises(RegisterError, match="nhiệm kỳ"):
        outgoing(world, company, "nq-thang", dt.date(2020, 10, 14))


# --- administrative family -------------------------------------------------------------------


@pytest.mark.django_db
def test_administrative_documents_share_one_sequence_padded_under_ten(world, company):
    day = dt.date(2024, 3, 1)
    documents = [
        outgoing(world, company, "kh-ctd-thang", day),
        outgoing(world, company, "bc-dinh-ky", day),
        outgoing(world, company, "kh-ctd-thang", day),
    ]
    assert numbers(documents) == ["Số: 01/KH-CT", "Số: 02/BC-CT", "Số: 03/KH-CT"]
    assert {d.family for d in documents} == {"administrative"}
    more = [outgoing(world, company, "bc-dinh-ky", day) for _ in range(8)]
    assert [d.number_text for d in more[-3:]] == ["Số: 09/BC-CT", "Số: 10/BC-CT", "Số: 11/BC-CT"]
    # Party documents of the same unit do not take administrative numbers, nor the reverse.
    assert outgoing(world, company, "nq-thang", day).number_text == "Số 1-NQ/ĐU"
    assert outgoing(world, company, "kh-ctd-thang", day).number_text == "Số: 12/KH-CT"


@pytest.mark.django_db
def test_administrative_numbers_restart_on_the_first_of_january(world, company):
    assert outgoing(world, company, "bc-dinh-ky", dt.date(2024, 12, 30)).number == 1
    assert outgoing(world, company, "bc-dinh-ky", dt.date(2024, 12, 31)).number == 2
    new_year = outgoing(world, company, "kh-ctd-thang", dt.date(2025, 1, 1))
    assert new_year.number_text == "Số: 01/KH-CT"
    # Registered in January but dated in December: last year's sequence.
    assert outgoing(world, company, "bc-dinh-ky", dt.date(2024, 12, 31)).number == 3
    assert outgoing(world, company, "bc-dinh-ky", dt.date(2025, 1, 2)).number_text == (
        "Số: 02/BC-CT"
    )


@pytest.mark.django_db
def test_each_unit_numbers_its_own_documents(world, company):
    other = update_unit(world.unit("C2"), by=None, admin_abbr="CT")
    day = dt.date(2024, 3, 1)
    assert outgoing(world, company, "bc-dinh-ky", day).number == 1
    c2 = register_outgoing(
        other,
        Outgoing(kind_code="bc-dinh-ky", dated=day, summary="Báo cáo"),
        by=world.users["po_c2"],
    )
    assert c2.number_text == "Số: 01/BC-CT"


# --- incoming documents ----------------------------------------------------------------------


def incoming(world: Any, unit: Any, received: dt.date, theirs: str) -> RegisteredDocument:
    data = Incoming(
        sender="Tiểu đoàn 1",
        number_text=theirs,
        dated=received - dt.timedelta(days=1),
        received_on=received,
        summary="Hướng dẫn",
    )
    return register_incoming(unit, data, by=world.users["po_c1"])


@pytest.mark.django_db
def test_incoming_documents_are_numbered_per_year_of_arrival(world, company):
    first = incoming(world, company, dt.date(2024, 12, 30), "Số: 15/HD-TĐ1")
    second = incoming(world, company, dt.date(2024, 12, 31), "Số 7-NQ/ĐU")
    january = incoming(world, company, dt.date(2025, 1, 1), "Số: 01/KH-TĐ1")
    assert [d.number for d in (first, second, january)] == [1, 2, 1]
    # The number line stays the sender's.
    assert second.number_text == "Số 7-NQ/ĐU"
    # Incoming numbers do not touch the outgoing sequences.
    assert outgoing(world, company, "bc-dinh-ky", dt.date(2024, 12, 31)).number == 1


# --- concurrency -----------------------------------------------------------------------------

THREADS = 6
EACH = 4


class Database:
    """Where the threads register. PostgreSQL: the test database itself, each thread on its own
    connection. SQLite: the test database is in memory in shared-cache mode, where a second
    writer fails at once with "database table is locked" (SQLITE_LOCKED: shared-cache table
    locks never wait on the busy timeout). KHTH never runs like that — its SQLite is a file in
    WAL mode with IMMEDIATE transactions and a busy timeout, where writers queue — so there the
    threads work on a file copy of the test database, opened with the project's own settings."""

    def __init__(self, tmp_path: Path) -> None:
        self.settings: dict[str, Any] | None = None
        current = connections[DEFAULT_DB_ALIAS]
        self.wrapper = type(current)  # the backend's DatabaseWrapper
        if isinstance(current, SQLiteWrapper) and current.is_in_memory_db():
            path = tmp_path / "khth.sqlite3"
            current.ensure_connection()
            copy = sqlite3.connect(path)
            current.connection.backup(copy)  # what the fixtures committed
            copy.close()
            self.settings = {**current.settings_dict, "NAME": str(path)}

    def attach(self) -> None:
        """Give the calling thread its own connection to the database the threads share."""
        if self.settings is not None:
            connections[DEFAULT_DB_ALIAS] = self.wrapper(self.settings, DEFAULT_DB_ALIAS)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The main thread reads what the threads stored, then goes back to the test database."""
        if self.settings is None:
            yield
            return
        original = connections[DEFAULT_DB_ALIAS]
        self.attach()
        try:
            yield
        finally:
            connections[DEFAULT_DB_ALIAS].close()
            connections[DEFAULT_DB_ALIAS] = original


def _register_at_once(database: Database, register: Any) -> tuple[list[int], list[str]]:
    """THREADS threads, released together, each registering EACH documents on its own database
    connection. Returns the numbers given and the errors raised."""
    start = threading.Barrier(THREADS)
    given: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            database.attach()
            start.wait(timeout=30)
            for _ in range(EACH):
                document = register()
                with lock:
                    given.append(document.number)
        except Exception as exc:  # reported by the test, with its type
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registration hung"
    return given, errors


ALL = list(range(1, THREADS * EACH + 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["kh-ctd-thang", "nq-thang"])
def test_concurrent_registrations_never_share_a_number(world, company, kind, tmp_path):
    officer, unit = world.users["po_c1"], company
    database = Database(tmp_path)

    def register() -> RegisteredDocument:
        data = Outgoing(kind_code=kind, dated=dt.date(2024, 7, 2), summary="Đồng thời")
        return register_outgoing(unit, data, by=officer)

    given, errors = _register_at_once(database, register)
    assert errors == []
    assert sorted(given) == ALL
    with database.reading():
        stored = RegisteredDocument.objects.filter(unit=unit)
        assert sorted(stored.values_list("number", flat=True)) == ALL
        assert stored.values("number_text").distinct().count() == len(ALL)
        assert Counter.objects.get(unit=unit).last == len(ALL)


@pytest.mark.django_db(transaction=True)
def test_concurrent_incoming_registrations_never_share_a_number(world, company, tmp_path):
    officer, unit = world.users["po_c1"], company
    database = Database(tmp_path)

    def register() -> RegisteredDocument:
        data = Incoming(
            sender="Tiểu đoàn 1",
            number_text="Số: 15/HD-TĐ1",
            dated=dt.date(2024, 7, 1),
            received_on=dt.date(2024, 7, 2),
            summary="Hướng dẫn",
        )
        return register_incoming(unit, data, by=officer)

    given, errors = _register_at_once(database, register)
    assert errors == []
    assert sorted(given) == ALL
    with database.reading():
        numbers = RegisteredDocument.objects.filter(unit=unit).values_list("number", flat=True)
        assert sorted(numbers) == ALL
