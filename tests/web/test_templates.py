"""Template source rules that Django does not enforce itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "khth").rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "khth")))
def test_no_comment_spans_lines(template: Path) -> None:
    # Django's {# … #} ends at the line's end: one left open is printed on the page as it is.
    text = template.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        assert not re.search(r"\{#(?!.*#\})", line), f"line {number}: use {{% comment %}}"
