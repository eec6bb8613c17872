"""Scope: the inspecting side sees the whole inspection; an inspected unit sees the header and
its own findings and remedies — never another inspected unit's; everyone else gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from khth.inspections import access
from khth.inspections.actions import add_remedy
from khth.inspections.models import Inspection
from tests.inspections.conftest import R2_VIOLATION, R_DEADLINE, R_WEAKNESS

pytestmark = pytest.mark.django_db


def page(world: Any, username: str, inspection: Inspection) -> Any:
    return world.client(username).get(f"/inspections/{inspection.pk}/")


@pytest.mark.parametrize("username", ["po_d", "admin_d"])
def test_the_inspecting_side_sees_everything(division, recorded, username):
    response = page(division, username, recorded.inspection)
    assert response.status_code == 200
    body = response.content.decode()
    assert R_WEAKNESS in body and R2_VIOLATION in body
    assert 'data-testid="partial-view"' not in body
    assert 'data-testid="export-docx"' in body


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [("cu_r", R_WEAKNESS, R2_VIOLATION), ("cu_r2", R2_VIOLATION, R_WEAKNESS)],
)
def test_an_inspected_unit_sees_its_own_part_only(division, recorded, username, own, other):
    response = page(division, username, recorded.inspection)
    assert response.status_code == 200
    body = response.content.decode()
    assert recorded.inspection.title in body
    assert own in body
    assert other not in body
    assert 'data-testid="partial-view"' in body
    # The conclusion and the notice cover every unit: not shown to one of them.
    assert 'data-testid="conclusion"' not in body
    assert 'data-testid="export-docx"' not in body
    docx = division.client(username).get(f"/inspections/{recorded.inspection.pk}/export.docx")
    assert docx.status_code == 403


@pytest.mark.parametrize("username", ["po_b1", "po_c1", "po_c2", "nobody"])
def test_others_get_404(division, recorded, username):
    assert page(division, username, recorded.inspection).status_code == 404
    remedy = recorded.r_remedy.pk
    client = division.client(username)
    assert (
        client.post(f"/inspections/remedies/{remedy}/close/", {"evidence": "x"}).status_code == 404
    )
    assert client.get(f"/inspections/{recorded.inspection.pk}/export.docx").status_code == 404


def test_a_unit_below_that_owns_a_remedy_sees_that_remedy_only(division, recorded):
    po = division.users["po_d"]
    c1 = add_remedy(
        recorded.weakness, action="Tập huấn cho chi bộ", deadline=R_DEADLINE, owner_code="C1", by=po
    )
    body = page(division, "po_c1", recorded.inspection).content.decode()
    assert R_WEAKNESS in body  # the finding its remedy answers
    assert "Tập huấn cho chi bộ" in body
    assert recorded.r_remedy.action not in body  # R's own remedy of the same finding
    assert R2_VIOLATION not in body
    assert "Sổ sách đầy đủ" not in body  # R's strength: about R, not C1
    user = division.users["po_c1"]
    assert [r.pk for r in access.remedies_for(user, recorded.inspection)] == [c1.pk]
    assert page(division, "po_c2", recorded.inspection).status_code == 404


def test_lists_follow_the_same_scope(division, recorded):
    users = division.users
    inspection = recorded.inspection
    assert list(access.visible_inspections(users["cu_r"])) == [inspection]
    assert list(access.visible_inspections(users["po_b1"])) == []
    assert {r.pk for r in access.visible_remedies(users["cu_r2"])} == {recorded.r2_remedy.pk}
    assert {r.pk for r in access.visible_remedies(users["po_d"])} == {
        recorded.r_remedy.pk,
        recorded.r2_remedy.pk,
    }
    assert [f.pk for f in access.findings_for(users["cu_r2"], inspection)] == [
        recorded.violation.pk
    ]


def test_recording_is_403_for_an_inspected_unit(division, recorded):
    client = division.client("cu_r")
    inspection = recorded.inspection
    response = client.post(
        f"/inspections/{inspection.pk}/findings/new/",
        {"unit": "R", "kind": "strength", "area": "xay-dung-dang", "text": "Tự khen"},
    )
    assert response.status_code == 403
    assert client.get(f"/inspections/{inspection.pk}/edit/").status_code == 403
    assert client.post(f"/inspections/{inspection.pk}/conclusion/", {}).status_code == 403
    response = client.post(f"/inspections/remedies/{recorded.r_remedy.pk}/delete/")
    assert response.status_code == 403
