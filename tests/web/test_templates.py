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


# The print page styles an official document from the regulation's format rules (font, margins),
# which only the server knows: the one <style> block a page may carry.
OWN_STYLE = {"web/templates/web/official_print.html"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "khth")))
def test_pages_take_their_style_from_the_one_stylesheet(template: Path) -> None:
    if str(template.relative_to(ROOT / "khth")) in OWN_STYLE:
        return
    assert "<style" not in template.read_text(encoding="utf-8"), "style belongs in web/khth.css"
