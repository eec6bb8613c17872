"""Two people editing the same object through the pages: the second save, made on the revision
both opened, is refused (409) with what the first one stored beside what the second one typed;
saved again once seen, the second one's edit is stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from khth.accounts.actions import create_user
from khth.coordination.actions import ActivityIn, generate_exchange, record_activity
from khth.coordination.models import Agreement, Partner
from tests.conftest import PASSWORD
from tests.coordination.conftest import ENTERED

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Edit:
    """The page with the edit form, where it posts, and the two edits: ``first`` stores
    ``first_value`` in ``field``, ``second`` types ``second_value`` in it."""

    page: str
    action: str
    first: dict[str, Any]
    second: dict[str, Any]
    stored: Callable[[], str]
    first_value: str
    second_value: str


def partner_edit(world: Any, partner: Partner, agreement: Agreement) -> Edit:
    def stored() -> str:
        return Partner.objects.get(pk=partner.pk).contact

    base = {"name": partner.name, "short_name": "", "address": ""}
    return Edit(
        f"/coordination/partner/{partner.pk}/",
        f"/coordination/partner/{partner.pk}/edit/",
        {**base, "contact": "Đ/c Lan"},
        {**base, "contact": "Đ/c Minh"},
        stored,
        "Đ/c Lan",
        "Đ/c Minh",
    )


def agreement_edit(world: Any, partner: Partner, agreement: Agreement) -> Edit:
    def stored() -> str:
        return Agreement.objects.get(pk=agreement.pk).title

    base: dict[str, Any] = {
        "signed_on": "02/01/2024",
        "valid_from": "01/01/2024",
        "valid_to": "",
        "frequency": "quarterly",
        "indicators": list(agreement.indicators),
    }
    return Edit(
        f"/coordination/agreement/{agreement.pk}/",
        f"/coordination/agreement/{agreement.pk}/edit/",
        {**base, "title": "Quy chế số 05"},
        {**base, "title": "Quy chế số 06"},
        stored,
        "Quy chế số 05",
        "Quy chế số 06",
    )


def activity_edit(world: Any, partner: Partner, agreement: Agreement) -> Edit:
    activity = record_activity(
        agreement,
        ActivityIn(held_on=dt.date(2024, 8, 20), title="Khảo sát"),
        by=world.users["po_b1"],
    )

    def stored() -> str:
        activity.refresh_from_db()
        return activity.result

    base = {"held_on": "20/08/2024", "title": "Khảo sát", "content": "", "participants": ""}
    return Edit(
        f"/coordination/activity/{activity.pk}/",
        f"/coordination/activity/{activity.pk}/edit/",
        {**base, "result": "Nắm 45 đảng viên"},
        {**base, "result": "Nắm 46 đảng viên"},
        stored,
        "Nắm 45 đảng viên",
        "Nắm 46 đảng viên",
    )


def exchange_edit(world: Any, partner: Partner, agreement: Agreement) -> Edit:
    report = generate_exchange(agreement, "2024Q3", by=world.users["po_b1"])

    def stored() -> str:
        report.refresh_from_db()
        return report.note

    return Edit(
        f"/coordination/exchange/{report.pk}/",
        f"/coordination/exchange/{report.pk}/save/",
        {f"value-{ENTERED}": "40", "note": "Số liệu đến 30/9"},
        {f"value-{ENTERED}": "41", "note": "Số liệu đến 1/10"},
        stored,
        "Số liệu đến 30/9",
        "Số liệu đến 1/10",
    )


def _revision(page: str) -> str:
    found: list[str] = re.findall(r'<input type="hidden" name="revision" value="(\d+)">', page)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("make", [partner_edit, agreement_edit, activity_edit, exchange_edit])
def test_a_stale_save_shows_the_other_version_and_keeps_what_was_typed(
    world: Any, partner: Partner, agreement: Agreement, make: Callable[..., Edit]
) -> None:
    edit = make(world, partner, agreement)
    # A second political officer of B1: two people who may both edit.
    world.users["po2_b1"] = create_user(
        username="po2_b1",
        full_name="Đinh Văn Hai",
        unit=world.unit("B1"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    # Both open the form on the same revision.
    first, second = world.client("po_b1"), world.client("po2_b1")
    opened = _revision(first.get(edit.page).content.decode())
    assert _revision(second.get(edit.page).content.decode()) == opened
    assert first.post(edit.action, {**edit.first, "revision": opened}).status_code == 302
    refused = second.post(edit.action, {**edit.second, "revision": opened})
    assert refused.status_code == 409
    assert edit.stored() == edit.first_value  # nothing of the stale save was stored
    page = refused.content.decode()
    assert "Thay đổi của bạn chưa được lưu" in page
    assert "Vũ Văn Ba" in page  # who saved since
    saved = page.split('data-testid="saved-version"', 1)[1].split("</dl>", 1)[0]
    assert edit.first_value in saved
    assert edit.second_value in page.split("</dl>", 1)[1]  # what was typed, still in the form
    # Seen, saved again: the second one's edit is stored.
    carried = _revision(page)
    assert carried == str(int(opened) + 1)
    again = second.post(edit.action, {**edit.second, "revision": carried})
    assert again.status_code == 302
    assert edit.stored() == edit.second_value


def test_a_form_without_its_revision_stores_nothing(world, partner):
    response = world.client("po_b1").post(
        f"/coordination/partner/{partner.pk}/edit/", {"name": partner.name, "contact": "X"}
    )
    assert response.status_code == 409
    partner.refresh_from_db()
    assert partner.contact != "X"
