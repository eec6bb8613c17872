"""Units and people listed in Vietnamese order (issue 13), the same on SQLite and PostgreSQL:
the lists ORDER BY the stored key (khth.lib.vietnamese.sort_key / person_sort_key)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khth.accounts.actions import create_user
from khth.accounts.models import User
from khth.lib.vietnamese import person_sort_key, sort_key
from khth.units.actions import create_unit, update_unit
from khth.units.models import Unit
from tests.conftest import FOUNDED, PASSWORD

pytestmark = pytest.mark.django_db

# Created in the reverse of this order, so that creation order (the tree's paths) and code-point
# order (SQLite's) would both put them wrong.
UNITS = ["Đại đội Ân", "Đại đội Dũng", "Đại đội Đông", "Đại đội Hà", "Đại đội Huỳnh"]
# Given name first: An < Ánh < Ba < Bà < Đạt.
PEOPLE = ["Trần Thị An", "Lê Văn Ánh", "Vũ Thị Ba", "Đỗ Văn Bà", "Nguyễn Đạt"]


def _in_order(html: str, names: list[str]) -> bool:
    positions = [html.index(name) for name in names]
    return positions == sorted(positions)


@pytest.fixture
def companies(world) -> None:
    for i, name in enumerate(reversed(UNITS)):
        create_unit(
            code=f"X{i}",
            name=name,
            short_name=name,
            level="dai-doi",
            parent=world.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )


def test_unit_list_puts_brothers_in_vietnamese_order(world, companies):
    client = world.client("admin_d")
    assert _in_order(client.get("/units/?root=B2").content.decode(), UNITS)
    assert _in_order(client.get("/units/B2/children/").content.decode(), UNITS)
    # A search lists the tree as a tree: the battalion before its companies, B1's before B2's.
    html = client.get("/units/?q=đoàn").content.decode()
    assert _in_order(html, ["Sư đoàn 330", "Trung đoàn 1", "Tiểu đoàn 1", "Tiểu đoàn 2"])
    html = client.get("/units/?q=i").content.decode()
    assert _in_order(html, ["Tiểu đoàn 1", "Đại đội 1", "Tiểu đoàn 2", UNITS[0]])


def test_renamed_unit_moves_to_its_place(world, companies):
    update_unit(Unit.objects.get(name="Đại đội Huỳnh"), by=None, name="Đại đội Anh")
    html = world.client("admin_d").get("/units/?root=B2").content.decode()
    assert _in_order(html, ["Đại đội Anh", *UNITS[:-1]])
    assert Unit.objects.get(name="Đại đội Anh").sort_name == sort_key("Đại đội Anh")


@pytest.fixture
def people(world) -> None:
    for i, full_name in enumerate(reversed(PEOPLE)):
        create_user(
            username=f"p{i}",
            full_name=full_name,
            unit=world.unit("C3"),
            role="deputy_political_officer",
            password=PASSWORD,
            by=None,
        )


def test_people_list_is_in_vietnamese_order(world, people):
    html = world.client("admin_d").get("/people/").content.decode()
    assert _in_order(html, PEOPLE)


def test_unit_members_are_in_vietnamese_order(world, people):
    html = world.client("admin_d").get("/units/C3/").content.decode()
    assert _in_order(html, PEOPLE)


def test_migrations_fill_the_keys_of_existing_rows(world, people):
    Unit.objects.update(sort_name="")
    User.objects.update(sort_name="")
    importlib.import_module("khth.units.migrations.0003_unit_sort_name").fill_sort_name(apps, None)
    importlib.import_module("khth.accounts.migrations.0003_user_sort_name").fill_sort_name(
        apps, None
    )
    assert all(u.sort_name == sort_key(u.name) for u in Unit.objects.all())
    assert all(u.sort_name == person_sort_key(u.full_name) for u in User.objects.all())
