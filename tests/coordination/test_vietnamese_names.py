"""Partners' names (issue 13): lists come in Vietnamese order on both databases, and names that
differ only in accents or tones are different names, pointed out but never refused."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khth.coordination.actions import PartnerIn, create_partner
from khth.coordination.models import Partner
from khth.lib.vietnamese import sort_key

pytestmark = pytest.mark.django_db

# Code-point order (what SQLite's BINARY collation gives) and PostgreSQL's en_US order both
# differ from this: "Huỳnh" before "Hà", "Đà Nẵng" after "Z…", "Ân" after "An" only by luck.
VIETNAMESE_ORDER = ["Ân Thi", "Bà Rịa", "Dương Kinh", "Đà Nẵng", "Hà Giang", "Hạ Long", "Huỳnh"]


def _positions(html: str, names: list[str]) -> list[int]:
    return [html.index(f"Cơ quan {name}") for name in names]


def test_partner_list_is_in_vietnamese_order(world):
    for name in reversed(VIETNAMESE_ORDER):
        create_partner(world.unit("B1"), PartnerIn(name=f"Cơ quan {name}"), by=world.users["po_b1"])
    html = world.client("po_b1").get("/coordination/B1/").content.decode()
    positions = _positions(html, VIETNAMESE_ORDER)
    assert positions == sorted(positions)
    listed = list(Partner.objects.order_by("sort_name").values_list("name", flat=True))
    assert listed == [f"Cơ quan {name}" for name in VIETNAMESE_ORDER]


def test_partners_default_ordering_is_vietnamese(world):
    for name in reversed(VIETNAMESE_ORDER):
        create_partner(world.unit("B1"), PartnerIn(name=f"Cơ quan {name}"), by=world.users["po_b1"])
    rows = list(Partner.objects.all())  # Meta.ordering: the unit, then the sort key
    assert [p.name for p in rows] == [f"Cơ quan {name}" for name in VIETNAMESE_ORDER]


def test_names_differing_only_in_tone_are_both_kept_with_a_warning(world):
    client = world.client("po_b1")
    client.post("/coordination/B1/partners/new/", {"name": "Ba"})
    answer = client.post("/coordination/B1/partners/new/", {"name": "Bà"}, follow=True)
    assert answer.status_code == 200
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["Ba", "Bà"]
    assert "Đã có cơ quan phối hợp «Ba», tên gần giống" in answer.content.decode()


def test_a_name_not_alike_gets_no_warning(world):
    client = world.client("po_b1")
    client.post("/coordination/B1/partners/new/", {"name": "Ba"})
    answer = client.post("/coordination/B1/partners/new/", {"name": "Bốn"}, follow=True)
    assert "tên gần giống" not in answer.content.decode()


@pytest.mark.parametrize("again", ["Bà", "BÀ", "Ba\u0300", "  Bà  "])
def test_the_same_name_is_still_refused(world, again):
    client = world.client("po_b1")
    client.post("/coordination/B1/partners/new/", {"name": "Bà"})
    assert client.post("/coordination/B1/partners/new/", {"name": again}).status_code == 400
    assert Partner.objects.count() == 1


def test_renaming_keeps_the_sort_key_in_step(world):
    partner = create_partner(world.unit("B1"), PartnerIn(name="Huỳnh"), by=world.users["po_b1"])
    partner.name = "Hà"
    partner.save(update_fields=["name"])
    partner.refresh_from_db()
    assert partner.sort_name == sort_key("Hà")


def test_migration_fills_the_sort_key_of_existing_rows(world):
    partner = create_partner(world.unit("B1"), PartnerIn(name="Đà Nẵng"), by=world.users["po_b1"])
    Partner.objects.update(sort_name="")
    migration = importlib.import_module("khth.coordination.migrations.0003_partner_sort_name")
    migration.fill_sort_name(apps, None)
    partner.refresh_from_db()
    assert partner.sort_name == sort_key("Đà Nẵng")
