"""Every importer, fed random rows and broken files, either imports or refuses with problems:
a traceback (any other exception) fails the test. Small budgets: seconds, not minutes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from khth.accounts.actions import import_users
from khth.lib.importing import ImportRejected
from khth.reports.imports import import_values
from khth.units.csvio import import_units

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text with what breaks importers: separators, quotes, path characters, control characters,
# accents (composed and not), a leading "=", and now and then a very long run.
CELL = st.one_of(
    st.text(alphabet=st.sampled_from("aZ09.-_/ ,\"\n\r\t\x00\x1f<>='đĐệe\u0301ữ"), max_size=12),
    st.sampled_from(["C1", "B1", "R", "dai-doi", "tieu-doan", "assistant", "202407", "1,5"]),
    st.integers(min_value=1, max_value=400).map(lambda n: "x" * n),
)

IMPORTERS: dict[str, tuple[tuple[str, ...], Callable[[bytes], object]]] = {
    "units": (
        ("code", "name", "short_name", "level", "parent_code", "place"),
        lambda data: import_units(data, by=None),
    ),
    "users": (
        ("username", "full_name", "unit_code", "role", "password"),
        lambda data: import_users(data, by=None),
    ),
    "values": (
        ("unit_code", "template_code", "period", "indicator_code", "value"),
        lambda data: import_values(data, by=None, dry_run=True),
    ),
}


def as_csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def refuses_or_imports(importer: Callable[[bytes], object], data: bytes) -> None:
    """The importer's only allowed outcomes; whatever it writes is rolled back."""
    with transaction.atomic():
        try:
            importer(data)
        except ImportRejected as exc:
            assert exc.problems, "a refusal names its problems"
        transaction.set_rollback(True)


def rows_for(width: int) -> st.SearchStrategy[list[list[str]]]:
    # Mostly the header's width, sometimes one cell short or over.
    row = st.integers(min_value=width - 1, max_value=width + 1).flatmap(
        lambda n: st.lists(CELL, min_size=n, max_size=n)
    )
    return st.lists(row, max_size=6)


@pytest.fixture(params=list(IMPORTERS))
def importer(request: pytest.FixtureRequest, world: Any) -> Iterator[tuple[str, ...]]:
    yield request.param


@FUZZ
@given(data=st.data())
def test_random_rows(importer: str, data: st.DataObject) -> None:
    header, run = IMPORTERS[importer]
    rows = data.draw(rows_for(len(header)))
    refuses_or_imports(run, as_csv(header, rows))


@FUZZ
@given(data=st.data(), cut=st.floats(min_value=0, max_value=1), noise=st.binary(max_size=20))
def test_truncated_and_garbled_files(
    importer: str, data: st.DataObject, cut: float, noise: bytes
) -> None:
    header, run = IMPORTERS[importer]
    whole = data.draw(st.sampled_from([as_csv(header, [["C1"] * len(header)]), as_xlsx([["a"]])]))
    refuses_or_imports(run, whole[: int(len(whole) * cut)] + noise)


@FUZZ
@given(
    rows=st.lists(
        st.lists(st.one_of(CELL, st.integers(), st.floats(allow_nan=False), st.none()), max_size=6),
        max_size=8,
    )
)
def test_random_xlsx(importer: str, rows: list[list[Any]]) -> None:
    _header, run = IMPORTERS[importer]
    # openpyxl refuses to write control characters; a real file cannot hold them either.
    clean = [
        [c.translate({i: None for i in range(32)}) if isinstance(c, str) else c for c in row]
        for row in rows
    ]
    refuses_or_imports(run, as_xlsx(clean))
