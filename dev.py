#!/usr/bin/env python3
"""Set-up and checks in one file that needs nothing but Python 3.11+.

    python3 dev.py run     # virtualenv, install, migrate, demo data, serve on http://127.0.0.1:8000
    python3 dev.py test    # virtualenv, install with dev tools, every check and the whole suite

The suite runs on SQLite unless DATABASE_URL points at PostgreSQL (see README).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(extras: str) -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    marker = VENV / f".installed-{extras or 'base'}"
    stamp = str((ROOT / "pyproject.toml").stat().st_mtime)
    if not marker.exists() or marker.read_text() != stamp:
        sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        target = f".[{extras}]" if extras else "."
        sh(PY, "-m", "pip", "install", "--quiet", "-e", target)
        marker.write_text(stamp)


def run(args: list[str]) -> None:
    ensure_venv("")
    sh(BIN / "khth", "demo", *args)


def test(args: list[str]) -> None:
    ensure_venv("dev")
    env = dict(os.environ)
    # Checks first: a lint or migration slip fails in seconds rather than after the suite.
    sh(BIN / "ruff", "check", ".")
    sh(BIN / "ruff", "format", "--check", ".")
    sh(BIN / "mypy", "khth", "tests")
    sh(PY, "manage.py", "check", "--fail-level", "WARNING", env=env)
    sh(PY, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    sh(BIN / "pytest", *_workers(args), *args, env=env)


def _workers(args: list[str]) -> list[str]:
    """One pytest-xdist worker per core (each with its own test database and browser), unless the
    caller chose (``-n 0`` runs in one process, for a debugger)."""
    chosen = any(a.startswith("--numprocesses") or a.startswith("-n") for a in args)
    return [] if chosen else ["-n", "auto"]


def main() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (the one place that must say it to old Pythons)
        sys.exit("KHTH needs Python 3.11 or newer")
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
