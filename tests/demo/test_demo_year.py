"""The demo year, built once for the module, read back through the API (and the home page) as
each demo account: every list of the product has data, search finds «dang uy», and every
account has something to do today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from khth.accounts.models import User
from khth.demo.builder import ACCOUNTS, DEFAULT_PASSWORD, build_demo
from khth.demo.management.commands.demo import ensure_regulation
from khth.lib import clock
from khth.periods import period_of
from tests.demo.digest import digest

pytestmark = pytest.mark.django_db

# The home page's blocks and the counts they show.
TO_DO = (
    "overdue_count",
    "coming_count",
    "review_count",
    "documents_count",
    "remedies_count",
    "unreported_count",
)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo, built once for the module inside a transaction rolled back at its end; yields
    the digest of its key tables."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regulation()
        build_demo(password=DEFAULT_PASSWORD)
        yield digest()
        transaction.set_rollback(True)


def api(username: str, path: str, **params: Any) -> Any:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, (path, response.content[:300])
    return response.json()


def test_reports_in_every_state(demo: str) -> None:
    statuses = {r["status"] for r in api("tl.qk9", "/reports", limit=500)}
    assert {"submitted", "accepted", "returned"} <= statuses
    company = api("pctv.e1d1c2", "/reports", unit="SD330-E1-D1-C2", limit=500)
    assert len(company) >= 8


def test_a_consolidation_has_figures_from_all_subordinates(demo: str) -> None:
    month = period_of(clock.today(), "monthly")
    for _step in range(2):
        month = month.previous()
    answer = api("tl.e1", f"/consolidations/SD330-E1-D1/bc-thang/{month.id}")
    assert answer["missing"] == []
    assert Decimal(answer["indicators"]["quan-so"]) > 0
    assert Decimal(answer["indicators"]["nhan-thuc-so-kiem-tra"]) > 0


def test_evaluations_decided_with_a_veto(demo: str) -> None:
    rows = api("cu.f330", "/evaluations", limit=100)
    decided = [r for r in rows if r["status"] == "decided"]
    assert len(decided) >= 10
    assert any(
        r["unit_code"] == "SD330-E1-D2-C5" and r["decided_level"] == "hoan-thanh" for r in decided
    )
    assert sum(r["decided_level"] == "xuat-sac" for r in decided) <= 2
    # The demo company's own evaluation of this half-year waits to be submitted.
    own = api("ctv.e1d1c1", "/evaluations", limit=100)
    assert any(r["unit_code"] == "SD330-E1-D1-C1" and r["status"] == "draft" for r in own)


def test_books_documents_and_registers(demo: str) -> None:
    lines = api("pctv.e1d1c1", "/units/SD330-E1-D1-C1/books/so-tong-hop-ctd/entries")
    assert len(lines) >= 6
    assert any(line["history"] for line in lines)  # one line corrected
    assert api("ctv.e1d1c1", "/records/documents", limit=100)
    register = api("tl.e1", "/register", limit=500)
    families = {r["family"] for r in register if r["direction"] == "out"}
    assert families == {"party", "administrative"}
    assert any("-NQ/" in r["number_text"] for r in register)
    assert any("/BC-" in r["number_text"] for r in register)
    assert any(r["direction"] == "in" for r in register)
    assert all(dt.date.fromisoformat(r["dated"]) <= clock.today() for r in register)


def test_an_inspection_with_an_overdue_and_a_closed_remedy(demo: str) -> None:
    assert api("cu.e1", "/inspections", limit=100)
    remedies = api("cu.e1", "/remedies", limit=100)
    states = {r["state"] for r in remedies}
    assert "overdue" in states
    assert any(r["status"] == "closed" and r["evidence"] for r in remedies)


def test_plans_cascaded_with_schedules(demo: str) -> None:
    plans = api("cu.f330", "/plans", limit=500)
    kinds = {p["kind_code"] for p in plans}
    assert {"kh-ctd-nam", "kh-ctd-thang", "lhd-tuan"} <= kinds
    assigned = api("ctv.e1d1", "/units/SD330-E1-D1/assigned-items", year=clock.today().year)
    assert assigned


def test_awards(demo: str) -> None:
    assert api("cu.e1", "/awards", limit=100)


def test_reviews_with_figures(demo: str) -> None:
    reviews = api("cu.f330", "/reviews", limit=100)
    assert {r["status"] for r in reviews} == {"final"}
    assert len(reviews) == 2
    review = api("cu.f330", f"/reviews/{reviews[0]['id']}")
    assert review["figures"] and review["key_tasks"]


def test_exchange_reports_with_the_city_boards(demo: str) -> None:
    exchanges = api("cu.ct", "/exchanges", limit=100)
    assert any(e["status"] == "sent" and e["number"] for e in exchanges)
    assert "Thành ủy Cần Thơ" in exchanges[0]["partner_name"]
    assert api("cu.ct", "/joint-activities", limit=100)


def test_a_directive_followed_by_the_units(demo: str) -> None:
    directives = api("cuv.e1", "/directives", limit=100)
    assert [d["number"] for d in directives] == ["847-NQ/QUTW"]
    matrix = api("cuv.e1", f"/directives/{directives[0]['id']}/matrix")
    assert matrix["rows"]


def test_notifications_and_history(demo: str) -> None:
    from khth.audit.models import AuditEntry
    from khth.notifications.models import Notification

    for username in ("ctv.e1d1", "pctv.e1d1c1", "cu.e1"):
        assert Notification.objects.filter(user__username=username).exists(), username
    # Acted at past dates: the history spans months, not the seconds the build took.
    first = AuditEntry.objects.order_by("at").values_list("at", flat=True).first()
    assert first is not None and (clock.now() - first).days > 150


def test_building_again_changes_nothing(demo: str) -> None:
    again = build_demo(password="another-password-2026")
    assert not again.created
    assert digest() == demo


def test_search_finds_dang_uy(demo: str) -> None:
    found = api("cu.qk9", "/search", q="dang uy")
    assert found["total"] > 0


@pytest.mark.parametrize("username", [a[0] for a in ACCOUNTS if a[2] != "admin"])
def test_every_account_has_something_to_do_today(demo: str, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    counts = {key: response.context.get(key) or 0 for key in TO_DO}
    assert sum(counts.values()) > 0, counts


def test_the_digest_is_taken(demo: str) -> None:
    assert len(demo) == 64
