"""Helpers of the engine's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from khth.synthesis.engine import Group, Lexicon, Source, Synthesis, synthesise

CORPUS = Path(__file__).with_name("corpus.yaml")


def corpus_sections() -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["sections"]
    return sections


def run(texts: dict[str, str], lexicon: Lexicon) -> Synthesis:
    """The synthesis of one text per unit, the unit's label for its key."""
    return synthesise([Source(ref=unit, unit=unit, text=t) for unit, t in texts.items()], lexicon)


def group_of(synthesis: Synthesis, text: str) -> Group:
    """The group holding the sentence ``text``."""
    return next(g for g in synthesis.groups if any(s.text == text for s in g.sentences))
