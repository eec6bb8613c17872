"""The self-assessment's draft saving itself (/evaluations/<pk>/autosave/,
static/web/autosave.js): the same save as «Lưu» with the version the page was opened on,
answered in JSON; never a submission; only the unit's own people, nothing outside the scope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khth.evaluations.actions import open_evaluation
from khth.evaluations.models import Evaluation
from tests.evaluations.conftest import HALF
from tests.evaluations.test_pages import score, self_form, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(world) -> Evaluation:
    """C1's evaluation of the first half of 2024, just opened."""
    return open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])


def autosave(evaluation: Evaluation) -> str:
    return url(evaluation, "autosave")


def test_the_page_autosaves_the_self_assessment(world, opened):
    page = world.client("po_c1").get(url(opened)).content.decode()
    assert f'data-autosave="{autosave(opened)}"' in page
    assert 'data-testid="autosave-status"' in page


def test_a_draft_is_saved_never_submitted(world, opened):
    data = self_form(opened, then="submit", **{"points-can-bo": "2,5"})
    response = world.client("as_c1").post(autosave(opened), data)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["revision"] == opened.version + 1
    saved = Evaluation.objects.get(pk=opened.pk)
    assert (saved.version, saved.status) == (opened.version + 1, Evaluation.DRAFT)
    assert score(opened, "can-bo").self_points == Decimal("2.5")


def test_a_draft_made_on_an_older_version_is_refused(world, opened):
    assert world.client("po_c1").post(url(opened, "save"), self_form(opened)).status_code == 302
    stale = self_form(opened, **{"points-can-bo": "1,5"})
    response = world.client("as_c1").post(autosave(opened), stale)
    assert response.status_code == 409
    assert "Người khác vừa lưu" in response.json()["detail"]
    assert score(opened, "can-bo").self_points == Decimal("2.4")


def test_a_bad_number_is_named_and_nothing_is_saved(world, opened):
    response = world.client("po_c1").post(
        autosave(opened), self_form(opened, **{"points-can-bo": "tám"})
    )
    assert response.status_code == 400
    assert response.json()["problems"][0].startswith("Công tác cán bộ: ")
    assert Evaluation.objects.get(pk=opened.pk).version == opened.version


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c2", 404), ("nobody", 404), ("cmd_b1", 403), ("po_b1", 403), ("cu_r", 403)],
)
def test_only_the_units_own_people_save_its_drafts(world, opened, username, status):
    response = world.client(username).post(autosave(opened), self_form(opened))
    assert response.status_code == status
    assert Evaluation.objects.get(pk=opened.pk).version == opened.version
