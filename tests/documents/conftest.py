"""Document tests reuse the report fixtures (company C1's July 2024 report on the named world)
and add regulation versions with edited document formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from khth.regulations.actions import load_regulation
from khth.regulations.loader import default_regulation_path
from khth.regulations.models import RegulationVersion
from tests.reports.conftest import company_report

__all__ = ["company_report", "edited_regulation"]


@pytest.fixture
def edited_regulation(world: Any) -> Callable[[Callable[[dict[str, Any]], None], str], Any]:
    """Load and activate the default regulation as changed by ``edit``, under a new version."""

    def load(edit: Callable[[dict[str, Any]], None], version: str) -> RegulationVersion:
        data = yaml.safe_load(default_regulation_path().read_text(encoding="utf-8"))
        data["regulation"]["version"] = version
        edit(data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        loaded, created = load_regulation(text, f"{version}.yaml", by=None)
        assert created and loaded.is_active
        return loaded

    return load


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "LIBREOFFICE MISSING" in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep("!", "LIBREOFFICE TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} test(s) did not open the DOCX with LibreOffice: it is not installed "
            "(apt-get install libreoffice-writer-nogui). This run does not prove the files open "
            "in an office suite.",
            red=True,
        )
