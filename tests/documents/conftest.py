"""Document tests reuse the report fixtures (company C1's July 2024 report on the named world)
and edit regulation versions with ``edited_regulation`` (tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from tests.reports.conftest import company_report

__all__ = ["company_report"]


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
