"""Partners, agreements, exchange reports and activities are seen by whoever sees the owning
unit and changed only by the holders of ``coordination.manage`` at it. Partners have no
account: there is nothing for them to log into."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.coordination.actions import (
    ActivityIn,
    generate_exchange,
    record_activity,
)
from tests.api.test_api import api
from tests.coordination.conftest import QUARTER, TODAY

pytestmark = pytest.mark.django_db

# Who sees B1's coordination, and who may change it.
SEES = {"po_b1": True, "cmd_b1": True, "cu_r": True, "admin_d": True}
BLIND = ["po_c1", "as_c1", "po_c2", "nobody"]


@pytest.fixture
def objects(world, agreement):
    report = generate_exchange(agreement, QUARTER, by=world.users["po_b1"], today=TODAY)
    activity = record_activity(
        agreement,
        ActivityIn(held_on=dt.date(2024, 8, 1), title="Khảo sát đảng viên dân quân"),
        by=world.users["po_b1"],
    )
    return {
        "partner": agreement.partner_list[0].pk,
        "agreement": agreement.pk,
        "exchange": report.pk,
        "activity": activity.pk,
    }


PAGES = [
    "/coordination/partner/{partner}/",
    "/coordination/agreement/{agreement}/",
    "/coordination/exchange/{exchange}/",
    "/coordination/exchange/{exchange}/export.docx",
    "/coordination/exchange/{exchange}/export.xlsx",
    "/coordination/activity/{activity}/",
]
API = [
    "/api/v1/partners/{partner}",
    "/api/v1/agreements/{agreement}",
    "/api/v1/exchanges/{exchange}",
    "/api/v1/exchanges/{exchange}/export.docx",
]


@pytest.mark.parametrize("user", [*SEES, *BLIND])
def test_reading(world, objects, user):
    expected = 200 if user in SEES else 404
    client = world.client(user)
    for page in PAGES:
        assert client.get(page.format(**objects)).status_code == expected, page
    if user != "nobody":
        for path in API:
            assert api(user).get(path.format(**objects)).status_code == expected, path
        listed = api(user).get("/api/v1/partners").json()
        assert [p["id"] for p in listed] == ([objects["partner"]] if user in SEES else [])
        exchanges = api(user).get("/api/v1/exchanges").json()
        assert len(exchanges) == (1 if user in SEES else 0)


@pytest.mark.parametrize(
    ("user", "status"),
    [("po_b1", 302), ("cmd_b1", 403), ("cu_r", 403), ("admin_d", 403), ("po_c1", 404)],
)
def test_changing(world, objects, user, status):
    client = world.client(user)
    response = client.post(
        "/coordination/exchange/{exchange}/save/".format(**objects),
        {"value-dang-vien-dqtv-dbdv": "3", "note": "", "revision": "1"},
    )
    assert response.status_code == status
    edited = client.post(
        "/coordination/partner/{partner}/edit/".format(**objects),
        {"name": "Ban Tổ chức", "revision": "1"},
    )
    assert edited.status_code == status
    forms = client.get("/coordination/agreement/{agreement}/".format(**objects))
    if status != 404:
        shown = forms.content.decode()
        assert ('data-testid="activity-form"' in shown) == (status == 302)


def test_a_superior_sees_the_partners_of_its_subtree(world, objects):
    page = world.client("cu_r").get("/coordination/R/").content.decode()
    assert "Ban Tổ chức Tỉnh ủy Sóc Trăng" in page
    assert 'data-testid="partner-form"' in page  # its own partners, at R
    assert world.client("po_c1").get("/coordination/C1/").status_code == 200
    assert (
        "Ban Tổ chức Tỉnh ủy" not in world.client("po_c1").get("/coordination/C1/").content.decode()
    )


def test_the_unit_page_reads_a_fixed_number_of_queries(
    world, objects, django_assert_max_num_queries
):
    client = world.client("cu_r")
    client.get("/coordination/R/")
    with django_assert_max_num_queries(12):
        assert client.get("/coordination/R/").status_code == 200
