"""Issue 13: the Party chain beside the command chain, through the export views. A unit whose
superior Party body is not its parent's (here R answers to a Tỉnh ủy, as a provincial military
Party committee does) is offered the DOCX along either chain or both (``?send_to=``), and the
file's superior line and "Nơi nhận" follow; other units are offered nothing and the choice
changes nothing for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from khth.docsystem.records.actions import create_typed_document
from khth.reports.actions import open_report
from khth.units.actions import update_unit
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

TINH_UY = "Tỉnh ủy Sóc Trăng"


def two_chains(world: Any) -> None:
    update_unit(world.unit("R"), by=None, superior_party_body=TINH_UY)


def text_of(client: Client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.content[:300]
    return docx_text(answer.getvalue())


def recipients(text: str) -> list[str]:
    lines = text.splitlines()
    return [line for line in lines[lines.index("Nơi nhận:") + 1 :] if line.startswith("- ")]


def first_line(text: str) -> str:
    return text.splitlines()[0].upper()


@pytest.mark.parametrize(
    ("send_to", "superior", "addressees"),
    [
        ("", TINH_UY, [f"- {TINH_UY},"]),
        ("party", TINH_UY, [f"- {TINH_UY},"]),
        ("command", "Đảng bộ Sư đoàn 330", ["- Đảng ủy Sư đoàn 330,"]),
        ("both", TINH_UY, [f"- {TINH_UY},", "- Đảng ủy Sư đoàn 330,"]),
        ("nowhere", TINH_UY, [f"- {TINH_UY},"]),  # not a chain: the family's own
    ],
)
def test_a_resolution_goes_up_the_chosen_chain(world, client, send_to, superior, addressees):
    two_chains(world)
    officer = world.users["cu_r"]
    document = create_typed_document(
        world.unit("R"),
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết tháng 7",
        by=officer,
    )
    client.force_login(officer)
    url = reverse("typed-document-docx", args=[document.pk])
    text = text_of(client, f"{url}?send_to={send_to}")
    assert first_line(text).startswith(superior.upper())
    assert recipients(text)[:-1] == addressees


@pytest.mark.parametrize(
    ("send_to", "addressees"),
    [
        ("", ["- Sư đoàn 330;"]),
        ("command", ["- Sư đoàn 330;"]),
        ("party", [f"- {TINH_UY};"]),
        ("both", [f"- {TINH_UY};", "- Sư đoàn 330;"]),
    ],
)
def test_a_report_goes_up_the_chosen_chain(world, client, send_to, addressees):
    two_chains(world)
    officer = world.users["cu_r"]
    report = open_report(world.unit("R"), "bc-thang", "202406", by=officer)
    client.force_login(officer)
    text = text_of(client, reverse("report-export-docx", args=[report.pk]) + f"?send_to={send_to}")
    # An administrative header names the command superior whatever the choice.
    assert first_line(text).startswith("SƯ ĐOÀN 330")
    assert recipients(text)[:-1] == addressees


def test_the_pages_offer_the_choice_only_where_there_are_two_chains(world, client):
    officer = world.users["cu_r"]
    document = create_typed_document(
        world.unit("R"),
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết tháng 7",
        by=officer,
    )
    report = open_report(world.unit("R"), "bc-thang", "202406", by=officer)
    client.force_login(officer)
    pages = [
        reverse("typed-document-detail", args=[document.pk]),
        reverse("report-detail", args=[report.pk]),
    ]
    for page in pages:
        assert 'data-testid="send-to"' not in client.get(page).content.decode()
    # One chain: the choice changes nothing.
    url = reverse("typed-document-docx", args=[document.pk])
    assert recipients(text_of(client, f"{url}?send_to=command")) == recipients(text_of(client, url))
    two_chains(world)
    for page in pages:
        html = client.get(page).content.decode()
        assert 'data-testid="send-to"' in html, page
        assert f"Gửi {TINH_UY} (hệ thống Đảng)" in html
        assert "Gửi Sư đoàn 330 (cấp trên trực tiếp)" in html
        assert "?send_to=both" in html


def test_another_units_user_cannot_export(world, client):
    two_chains(world)
    officer = world.users["cu_r"]
    document = create_typed_document(
        world.unit("R"),
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết tháng 7",
        by=officer,
    )
    client.force_login(world.users["po_b1"])
    url = reverse("typed-document-docx", args=[document.pk])
    assert client.get(f"{url}?send_to=both").status_code == 404
