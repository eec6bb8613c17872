"""The demo organisation, ``khth demo``, ``khth serve`` and ``khth bench``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import authenticate

from khth.accounts.models import User
from khth.audit.models import AuditEntry
from khth.demo.builder import DEFAULT_PASSWORD, ROOT_CODE, build_demo
from khth.demo.management.commands.serve import parse_addr
from khth.units.models import Membership, Unit
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-demo-2026"


def test_demo_is_large_realistic_and_idempotent(regulation: Any) -> None:
    first = build_demo(password=PASSWORD)
    assert first.created
    assert first.unit_count >= 150
    assert first.unit_count == Unit.objects.count()
    counts = (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count())

    second = build_demo(password="another-password-2026")
    assert not second.created
    assert (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count()) == counts
    assert second.unit_count == first.unit_count
    assert second.accounts == first.accounts
    # The second call changed nobody's password.
    assert authenticate(username="cu.e1", password=PASSWORD) is not None


def test_demo_has_an_issued_plan_to_cover_and_a_schedule(regulation: Any) -> None:
    from khth.plans.cascade import assigned_items
    from khth.plans.models import Plan
    from khth.plans.stored import check_plan

    build_demo(password=PASSWORD)
    plan = Plan.objects.get(unit__code="SD330-E1", kind_code="kh-ctd-nam")
    assert plan.status == Plan.ISSUED and check_plan(plan).ok
    battalion = Unit.objects.get(code="SD330-E1-D1")
    assert len(assigned_items(battalion, plan.starts_on, plan.ends_on)) == 2
    schedule = Plan.objects.get(unit__code="SD330-E1-D1-C1", kind_code="lhd-tuan")
    assert schedule.entries.count() == 3 and check_plan(schedule).ok


def test_demo_tree_has_the_expected_shape(regulation: Any) -> None:
    build_demo(password=PASSWORD)
    region = Unit.objects.get(code=ROOT_CODE)
    assert (region.name, region.level, region.parent) == ("Quân khu 9", "quan-khu", None)
    by_code = {u.code: u for u in Unit.objects.select_related("parent")}
    assert by_code["SD330"].parent == region
    assert by_code["CHQS-ST"].parent == region
    regiments = [u for u in by_code.values() if u.parent_id == by_code["SD330"].pk]
    assert {"SD330-E1", "SD330-E2", "SD330-E3"} <= {u.code for u in regiments}
    company = by_code["SD330-E1-D1-C1"]
    assert company.party_body == "Chi bộ Đại đội 1"
    assert company.superior_party_body == "Đảng ủy Tiểu đoàn 1"
    assert company.party_abbr == "CB"
    assert by_code["SD330-E1"].superior_party_body == "Đảng ủy Sư đoàn 330"
    assert by_code["CHQS-ST"].party_body == "Đảng ủy Quân sự tỉnh Sóc Trăng"
    assert by_code["CHQS-ST-KV1"].name == "Ban Chỉ huy Phòng thủ khu vực 1 – Sóc Trăng"
    communes = [u for u in by_code.values() if u.parent_id == by_code["CHQS-ST-KV2"].pk]
    assert len(communes) >= 8
    assert all(
        u.level == "tieu-doan" and u.name.startswith("Ban Chỉ huy Quân sự") for u in communes
    )
    # Codes are short, stable ASCII.
    assert all(re.fullmatch(r"[A-Z0-9-]{2,30}", code) for code in by_code)
    # Every level except the top one is used somewhere.
    assert {u.level for u in by_code.values()} == {
        "quan-khu",
        "su-doan",
        "trung-doan",
        "tieu-doan",
        "dai-doi",
        "trung-doi",
    }


def test_demo_accounts_log_in_where_expected(regulation: Any) -> None:
    summary = build_demo(password=PASSWORD)
    roles = {(a.username, a.role, a.unit_code) for a in summary.accounts}
    for unit in ("QK9", "SD330", "SD330-E1", "CHQS-ST"):
        assert {role for _, role, code in roles if code == unit} >= {
            "political_officer",
            "assistant",
        }
    # No trợ lý at battalion or company: the phó chính trị viên helps there (issue 13).
    for unit in ("SD330-E1-D1", "SD330-E1-D1-C1", "SD330-E1-D1-C2"):
        assert {role for _, role, code in roles if code == unit} >= {
            "political_officer",
            "deputy_political_officer",
        }
    for unit in ("SD330-E1", "SD330-E1-D1-C1"):
        assert {role for _, role, code in roles if code == unit} >= {
            "commander",
            "committee_member",
        }
    assert ("admin", "admin", "QK9") in roles
    for account in summary.accounts:
        assert re.fullmatch(r"[a-z0-9.]+", account.username)
        assert authenticate(username=account.username, password=PASSWORD) is not None
    assert Membership.objects.count() == len(summary.accounts)
    ctv = next(a for a in summary.accounts if a.username == "ctv.e1d1c1")
    assert (ctv.unit_name, ctv.role) == ("Đại đội 1", "political_officer")


def test_demo_with_a_refused_password_leaves_nothing(regulation: Any) -> None:
    from khth.accounts.actions import AccountError

    with pytest.raises(AccountError):
        build_demo(password="123")
    assert Unit.objects.count() == 0
    assert User.objects.count() == 0


def test_demo_command_loads_the_regulation_and_prints_accounts(db: None) -> None:
    result = run("demo", "--no-serve")
    assert not result.failed, result.errors
    assert DEFAULT_PASSWORD in result.out
    assert "cu.e1" in result.out
    assert "Võ Thành Nhân" in result.out
    assert Unit.objects.count() >= 150
    assert authenticate(username="tl.e1d1c1", password=DEFAULT_PASSWORD) is not None

    again = run("demo", "--no-serve", "--password", "khong-dung-nua-2026")
    assert not again.failed, again.errors
    # Already built: the passwords stay what they were, and the output says so.
    assert "khong-dung-nua-2026" not in again.out
    assert "đã có sẵn" in again.out
    assert authenticate(username="tl.e1d1c1", password=DEFAULT_PASSWORD) is not None


def test_demo_command_serves_unless_told_not_to(
    regulation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khth.demo.management.commands import serve

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        serve, "gunicorn_server", lambda app, options: lambda: calls.append(options)
    )
    result = run("demo", "--addr", "127.0.0.2:8765", "--password", PASSWORD)
    assert not result.failed, result.errors
    assert [options["bind"] for options in calls] == ["127.0.0.2:8765"]
    assert "KHTH đang chạy tại http://127.0.0.2:8765/" in result.out


@pytest.mark.parametrize(
    ("addr", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("192.168.1.5:80", ("192.168.1.5", 80)),
        ("8080", ("127.0.0.1", 8080)),
        ("[::1]:8000", ("::1", 8000)),
    ],
)
def test_parse_addr(addr: str, expected: tuple[str, int]) -> None:
    assert parse_addr(addr) == expected


def test_bench_prints_figures_and_keeps_nothing(regulation: Any) -> None:
    result = run("bench", "tree", "--units", "200")
    assert not result.failed, result.errors
    lines = result.out.splitlines()
    assert lines[0].startswith("build: 200 units via create_unit")
    figures = lines[1:]
    assert len(figures) == 5
    for line in figures:
        assert re.fullmatch(r".+: \d+ rows, \d+\.\d ms \(median of 5\)", line), line
    assert figures[0].startswith("subtree of root (count): 200 rows")
    assert Unit.objects.count() == 0
    assert User.objects.count() == 0


def test_bench_keep_leaves_the_tree(regulation: Any) -> None:
    run("bench", "tree", "--units", "20", "--keep")
    assert Unit.objects.count() == 20
