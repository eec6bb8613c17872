"""``khth bench tree``: figures printed, nothing kept unless asked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.accounts.models import User
from khth.units.models import Unit
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def test_bench_prints_figures_and_keeps_nothing(regulation: Any) -> None:
    result = run("bench", "tree", "--units", "200")
    assert not result.failed, result.errors
    lines = result.out.splitlines()
    assert lines[0].startswith("build: 200 units via create_unit")
    figures = lines[1:]
    assert len(figures) == 5
    for line in figures:
        assert re.fullmatch(r".+: \d+ rows, \d+\.\d ms \(median of 5\)", line), line
    assert figures[0].startswith("subtree of root (count): 200 rows")
    assert Unit.objects.count() == 0
    assert User.objects.count() == 0


def test_bench_keep_leaves_the_tree(regulation: Any) -> None:
    run("bench", "tree", "--units", "20", "--keep")
    assert Unit.objects.count() == 20
