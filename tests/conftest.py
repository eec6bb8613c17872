"""The small named world every test can use.

    D   Sư đoàn 330 (su-doan)              admin_d: admin — manages the whole division
    └ R   Trung đoàn 1 (trung-doan)        cu_r: political_officer — sees R and below
        ├ B1  Tiểu đoàn 1 (tieu-doan)      cmd_b1: commander — reads B1 and below;
        │                                  po_b1: political_officer — reviews C1, C2
        │   ├ C1  Đại đội 1 (dai-doi)      po_c1: political_officer, as_c1: assistant — C1 only
        │   └ C2  Đại đội 2 (dai-doi)      po_c2: political_officer — C2 only (C1's sibling)
        └ B2  Tiểu đoàn 2 (tieu-doan)
            └ C3  Đại đội 3 (dai-doi)
    nobody: an account with no membership — sees nothing

Every account's password is PASSWORD.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from django.test.utils import override_settings

from khth.accounts.actions import create_user
from khth.accounts.models import User
from khth.regulations.actions import load_regulation
from khth.regulations.loader import default_regulation_path
from khth.regulations.models import RegulationVersion
from khth.units.actions import create_unit
from khth.units.models import Unit

PASSWORD = "mật-khẩu-thử-2026"
FOUNDED = dt.date(2020, 1, 1)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _own_media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploads go to a folder of the run's own (one per xdist worker), never to ./data/media,
    which the demo serves."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)):
        yield media


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (tested in tests/accounts); a cheap one keeps the suite fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def regulation(db: None) -> Any:
    version, _created = load_regulation(
        default_regulation_path().read_text(encoding="utf-8"), "default.yaml", by=None
    )
    return version


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


@dataclass
class World:
    units: dict[str, Unit]
    users: dict[str, User]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client

    def unit(self, code: str) -> Unit:
        """The unit as it is in the database now (actions change paths and parents)."""
        return Unit.objects.get(code=code)


@pytest.fixture
def world(regulation: Any) -> World:
    units: dict[str, Unit] = {}

    def add(key: str, name: str, level: str, parent: str | None, **details: str) -> None:
        units[key] = create_unit(
            code=key,
            name=name,
            short_name=name,
            level=level,
            parent=units[parent] if parent else None,
            by=None,
            valid_from=FOUNDED,
            **details,
        )

    add("D", "Sư đoàn 330", "su-doan", None, party_body="Đảng ủy Sư đoàn 330")
    add("R", "Trung đoàn 1", "trung-doan", "D", party_body="Đảng ủy Trung đoàn 1")
    add("B1", "Tiểu đoàn 1", "tieu-doan", "R")
    add("C1", "Đại đội 1", "dai-doi", "B1", party_body="Chi bộ Đại đội 1")
    add("C2", "Đại đội 2", "dai-doi", "B1")
    add("B2", "Tiểu đoàn 2", "tieu-doan", "R")
    add("C3", "Đại đội 3", "dai-doi", "B2")
    people = [
        ("admin_d", "Nguyễn Văn Quản", "D", "admin"),
        ("cu_r", "Trần Văn Chính", "R", "political_officer"),
        ("cmd_b1", "Lê Văn Huy", "B1", "commander"),
        ("po_b1", "Vũ Văn Ba", "B1", "political_officer"),
        ("po_c1", "Phạm Văn Một", "C1", "political_officer"),
        ("as_c1", "Đỗ Thị Trợ", "C1", "deputy_political_officer"),
        ("po_c2", "Hoàng Văn Hai", "C2", "political_officer"),
    ]
    users = {
        username: create_user(
            username=username,
            full_name=full_name,
            unit=units[unit],
            role=role,
            password=PASSWORD,
            by=None,
        )
        for username, full_name, unit, role in people
    }
    users["nobody"] = User.objects.create_user("nobody", PASSWORD, full_name="Không Ai")
    return World(units=units, users=users)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if "chromium" in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} browser tests did not run: {CHROMIUM} is missing "
            "(apt-get install chromium). This run does not prove the UI works.",
            red=True,
        )
