"""Fixtures for the regulation tests: the default file as text and as plain, unshared data."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from khth.regulations.loader import default_regulation_path


@pytest.fixture(scope="session")
def default_text() -> str:
    return default_regulation_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _default_json(default_text: str) -> str:
    # Parsed once: pure-Python YAML takes a noticeable moment on a file this size.
    return json.dumps(yaml.safe_load(default_text), default=str, ensure_ascii=False)


@pytest.fixture
def default_data(_default_json: str) -> dict[str, Any]:
    # A fresh copy per test. Going through JSON also breaks the sharing that YAML aliases create,
    # so a test can change one template's deadlines without changing every template that uses
    # the same anchor.
    return json.loads(_default_json)  # type: ignore[no-any-return]
