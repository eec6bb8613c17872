"""``khth demo``: the organisation and accounts, what it prints, ``--reset``, the refusal on a
database holding other data, and the same data from two builds. The year of work is left out
(``build_year`` replaced) where a test is about the organisation, and made small
(``DUE_PERIODS``) where it is about the year's determinism, so that these stay quick."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import authenticate

from khth.accounts.models import User
from khth.demo import builder, reports
from khth.demo.builder import (
    ACCOUNTS,
    DEFAULT_PASSWORD,
    ROOT_CODE,
    ForeignData,
    build_demo,
    reset_demo,
)
from khth.demo.management.commands.demo import ensure_regulation
from khth.units.actions import create_unit
from khth.units.models import Membership, Unit
from tests.cli.helpers import run
from tests.demo.digest import digest

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-demo-2026"


@pytest.fixture
def no_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builder, "build_year", lambda today, start: None)


@pytest.fixture
def small_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "DUE_PERIODS", dict.fromkeys(reports.DUE_PERIODS, 1))


def test_tree_on_todays_map(regulation: Any, no_year: None) -> None:
    summary = build_demo(password=PASSWORD)
    assert summary.created and summary.unit_count == Unit.objects.count()
    by_code = {u.code: u for u in Unit.objects.select_related("parent")}
    region = by_code[ROOT_CODE]
    assert (region.name, region.level, region.parent) == ("Quân khu 9", "quan-khu", None)
    assert by_code["SD330"].parent == region
    city = by_code["CHQS-CT"]
    # Since 1-7-2025 Sóc Trăng is part of Cần Thơ; the Ban CHPTKV replaced district commands.
    assert city.name == "Bộ Chỉ huy Quân sự thành phố Cần Thơ" and city.parent == region
    area = by_code["CHQS-CT-KV7"]
    assert area.name == "Ban Chỉ huy Phòng thủ khu vực 7 – Sóc Trăng" and area.parent == city
    wards = [u for u in by_code.values() if u.parent_id == area.pk]
    assert wards and all(u.name.startswith("Ban Chỉ huy Quân sự") for u in wards)
    company = by_code["SD330-E1-D1-C1"]
    assert company.party_body == "Chi bộ Đại đội 1"
    assert company.superior_party_body == "Đảng ủy Tiểu đoàn 1"
    assert by_code["SD330-E1"].superior_party_body == "Đảng ủy Sư đoàn 330"
    assert city.superior_party_body == "Thành ủy Cần Thơ"
    # Every level from the region down to the company; no platoon (no accounts, no Party body).
    assert {u.level for u in by_code.values()} == {
        "quan-khu", "su-doan", "trung-doan", "tieu-doan", "dai-doi",
    }  # fmt: skip
    assert all(re.fullmatch(r"[A-Z0-9-]{2,30}", code) for code in by_code)


def test_accounts_follow_the_real_posts(regulation: Any, no_year: None) -> None:
    summary = build_demo(password=PASSWORD)
    roles = {(a.username, a.role, a.unit_code) for a in summary.accounts}
    for unit in ("QK9", "SD330", "SD330-E1", "CHQS-CT", "CHQS-CT-KV7"):
        assert {r for _u, r, code in roles if code == unit} >= {"political_officer", "assistant"}
    # No trợ lý at battalion or company: the phó chính trị viên prepares there.
    for unit in ("SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2"):
        held = {r for _u, r, code in roles if code == unit}
        assert held >= {"political_officer", "deputy_political_officer"}
        assert "assistant" not in held
    assert ("admin", "admin", "QK9") in roles
    assert all(a.hint for a in summary.accounts)
    for account in summary.accounts:
        assert re.fullmatch(r"[a-z0-9.]+", account.username)
        assert authenticate(username=account.username, password=PASSWORD) is not None
    # Every unit has its own political officer: its own work is done by its own people.
    officers = set(
        Membership.objects.filter(role="political_officer").values_list("unit__code", flat=True)
    )
    assert officers == set(Unit.objects.exclude(code=ROOT_CODE).values_list("code", flat=True)) | {
        ROOT_CODE
    }
    # The memberships hold from the tree's first day: the year acts at past dates.
    assert not Membership.objects.filter(
        started_on__gt=Unit.objects.get(code=ROOT_CODE).valid_from
    ).exists()


def test_second_build_changes_nothing(regulation: Any, no_year: None) -> None:
    first = build_demo(password=PASSWORD)
    again = build_demo(password="another-password-2026")
    assert not again.created and again.accounts == first.accounts
    assert authenticate(username="cu.e1", password=PASSWORD) is not None


def test_command_prints_each_account_with_what_to_try(db: None, no_year: None) -> None:
    result = run("demo", "--no-serve")
    assert not result.failed, result.errors
    assert DEFAULT_PASSWORD in result.out
    for username, full_name, _role, _unit, hint in ACCOUNTS:
        line = next(line for line in result.out.splitlines() if line.startswith(username + " "))
        assert full_name in line and hint in line


def test_refused_on_a_database_with_other_data(regulation: Any) -> None:
    create_unit(
        code="F999", name="Sư đoàn thật", short_name="f999", level="su-doan", parent=None,
        by=None, valid_from=dt.date(2025, 1, 1),
    )  # fmt: skip
    with pytest.raises(ForeignData):
        build_demo(password=PASSWORD)
    for args in (("demo", "--no-serve"), ("demo", "--no-serve", "--reset")):
        result = run(*args)
        assert result.failed
        assert "không phải của demo" in (result.error or "")
    # Nothing was mixed in, nothing was wiped.
    assert list(Unit.objects.values_list("code", flat=True)) == ["F999"]
    assert not User.objects.exists()


def test_two_builds_give_the_same_data_and_reset_rebuilds(
    regulation: Any, small_year: None
) -> None:
    build_demo(password=PASSWORD)
    first = digest()
    reset_demo()
    assert not Unit.objects.exists()
    ensure_regulation()
    assert build_demo(password=PASSWORD).created
    assert digest() == first


def test_demo_with_a_refused_password_leaves_nothing(regulation: Any) -> None:
    from khth.accounts.actions import AccountError

    with pytest.raises(AccountError):
        build_demo(password="123")
    assert Unit.objects.count() == 0
    assert User.objects.count() == 0
