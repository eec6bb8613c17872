"""One agreement, several partners (seed 003: a military region's Cục Chính trị and the Ban Tổ
chức Tỉnh ủy of six provinces under one quy chế phối hợp): made through the actions, the API
and the page; every partner lists it; the exchange report is addressed to all of them; partners
of another unit are refused; and the migration that turned the one partner into a set keeps
the existing links, both ways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from khth.coordination.actions import (
    AgreementIn,
    CoordinationError,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_exchange,
    summary_of,
)
from khth.coordination.documents import exchange_document
from khth.coordination.models import Agreement, Partner
from khth.documents.render.docx import render_docx
from tests.api.test_api import api
from tests.coordination.conftest import AGREED, QUARTER, TODAY
from tests.coordination.test_api import send
from tests.documents.helpers import docx_text

PROVINCES = ["Bắc Giang", "Thái Nguyên", "Lạng Sơn", "Cao Bằng", "Bắc Kạn", "Hà Giang"]
TERMS = AgreementIn(
    title="Quy chế phối hợp công tác tổ chức xây dựng Đảng",
    signed_on=dt.date(2024, 1, 2),
    valid_from=dt.date(2024, 1, 1),
    indicators=tuple(AGREED),
    frequency="quarterly",
)


@pytest.fixture
def boards(world: Any) -> list[Partner]:
    return [
        create_partner(
            world.unit("B1"),
            PartnerIn(name=f"Ban Tổ chức Tỉnh ủy {name}"),
            by=world.users["po_b1"],
        )
        for name in PROVINCES
    ]


@pytest.mark.django_db
def test_one_agreement_binds_six_boards(world, boards):
    agreement = create_agreement(boards, TERMS, by=world.users["po_b1"])
    assert agreement.unit == world.unit("B1")
    assert {p.pk for p in agreement.partners.all()} == {p.pk for p in boards}
    for board in boards:
        assert list(board.agreements.all()) == [agreement]
    report = generate_exchange(agreement, QUARTER, by=world.users["po_b1"], today=TODAY)
    assert all(f"Tỉnh ủy {name}" in summary_of(report) for name in PROVINCES)
    text = docx_text(render_docx(exchange_document(report)))
    for name in PROVINCES:
        assert f"- Ban Tổ chức Tỉnh ủy {name}" in text


@pytest.mark.django_db
def test_partners_of_another_unit_are_refused(world, boards):
    elsewhere = create_partner(
        world.unit("C1"), PartnerIn(name="Đảng ủy xã An Bình"), by=world.users["po_c1"]
    )
    with pytest.raises(CoordinationError):
        create_agreement([boards[0], elsewhere], TERMS, by=world.users["po_b1"])
    with pytest.raises(CoordinationError):
        create_agreement([], TERMS, by=world.users["po_b1"])
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_the_api_takes_and_changes_the_partners(world, boards):
    client = api("po_b1")
    made = send(
        client,
        "post",
        "/agreements",
        {
            "partner_ids": [b.pk for b in boards[:2]],
            "title": "Quy chế phối hợp số 01/QCPH",
            "signed_on": "2024-01-02",
            "valid_from": "2024-01-01",
            "indicators": AGREED,
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert set(body["partner_ids"]) == {boards[0].pk, boards[1].pk}
    edit = {k: body[k] for k in ("title", "signed_on", "valid_from", "indicators", "frequency")}
    changed = send(
        client,
        "put",
        f"/agreements/{body['id']}",
        {**edit, "revision": body["revision"], "partner_ids": [b.pk for b in boards]},
    )
    assert changed.status_code == 200, changed.content
    assert set(changed.json()["partner_ids"]) == {b.pk for b in boards}
    listed = client.get(f"/api/v1/agreements?partner={boards[5].pk}").json()
    assert [a["id"] for a in listed] == [body["id"]]
    stale = send(
        client,
        "put",
        f"/agreements/{body['id']}",
        {**edit, "revision": body["revision"], "partner_ids": [boards[0].pk]},
    )
    assert stale.status_code == 409
    none = send(client, "post", "/agreements", {**edit})
    assert none.status_code == 400
    # A partner outside the caller's scope is not found.
    outsider = send(api("po_c1"), "post", "/agreements", {**edit, "partner_ids": [boards[0].pk]})
    assert outsider.status_code == 404


@pytest.mark.django_db
def test_the_page_makes_an_agreement_with_several_partners(world, boards):
    client = world.client("po_b1")
    page = client.get(f"/coordination/partner/{boards[0].pk}/").content.decode()
    assert f'value="{boards[3].pk}"' in page
    made = client.post(
        f"/coordination/partner/{boards[0].pk}/agreements/new/",
        {
            "title": "Quy chế phối hợp số 05/QCPH",
            "signed_on": "02/01/2024",
            "valid_from": "01/01/2024",
            "valid_to": "",
            "frequency": "quarterly",
            "indicators": AGREED,
            "partners": [str(boards[3].pk), str(boards[4].pk)],
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    agreement = Agreement.objects.get()
    assert {p.pk for p in agreement.partners.all()} == {boards[0].pk, boards[3].pk, boards[4].pk}
    shown = client.get(f"/coordination/agreement/{agreement.pk}/").content.decode()
    assert all(f'data-partner="{b.pk}"' in shown for b in (boards[0], boards[3], boards[4]))
    # Another company's officer does not see it.
    assert world.client("po_c1").get(f"/coordination/agreement/{agreement.pk}/").status_code == 404


BEFORE = [("coordination", "0004_partner_sort_name_required")]
AFTER = [("coordination", "0005_agreement_many_partners")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_link_both_ways(world, boards):
    now = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("coordination", "Agreement")
    first = old.objects.create(
        partner_id=boards[0].pk,
        title="QC 1",
        signed_on=now.date(),
        valid_from=now.date(),
        frequency="quarterly",
        indicators=list(AGREED),
        created_at=now,
        updated_at=now,
    )
    second = old.objects.create(
        partner_id=boards[1].pk,
        title="QC 2",
        signed_on=now.date(),
        valid_from=now.date(),
        frequency="quarterly",
        indicators=list(AGREED),
        created_at=now,
        updated_at=now,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert [p.pk for p in Agreement.objects.get(pk=first.pk).partners.all()] == [boards[0].pk]
    moved = Agreement.objects.get(pk=second.pk)
    assert [p.pk for p in moved.partners.all()] == [boards[1].pk]
    assert moved.unit == world.unit("B1")
    # A third partner added, then back: the agreement keeps its first partner.
    moved.partners.add(boards[2])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("coordination", "Agreement")
    assert old.objects.get(pk=first.pk).partner_id == boards[0].pk
    assert old.objects.get(pk=second.pk).partner_id == boards[1].pk
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert Agreement.objects.get(pk=second.pk).partners.get().pk == boards[1].pk
