"""The engine's tests need no database: a lexicon from the shipped file, built once."""

from __future__ import annotations

import pytest

from khth.synthesis.engine import Lexicon
from khth.synthesis.engine.lexicon import shipped_rules


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.from_rules(shipped_rules())
