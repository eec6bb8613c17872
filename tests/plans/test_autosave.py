"""The plan editor's draft saving itself (/plans/<pk>/autosave/, static/web/autosave.js): the
same save as «Lưu» with the revision the page was opened on, answered in JSON; never an
approval; only the unit's own political officer, and nothing visible outside the scope."""

from __future__ import annotations

import pytest

from khth.plans.actions import save_plan
from khth.plans.content import PlanContent
from khth.plans.models import Plan
from tests.plans.test_pages import b1_plan, editor_post

pytestmark = pytest.mark.django_db

TITLE = "Kế hoạch CTĐ, CTCT năm 2024 (đang soạn)"


def url(plan: Plan) -> str:
    return f"/plans/{plan.pk}/autosave/"


def test_the_editor_page_autosaves_to_its_own_address(world):
    plan = b1_plan(world)
    page = world.client("po_b1").get(f"/plans/{plan.pk}/edit/").content.decode()
    assert f'data-autosave="{url(plan)}"' in page
    assert 'data-testid="autosave-status"' in page
    assert 'type="button" data-cmd' not in page  # formatting buttons out of the Tab order


def test_a_draft_is_saved_never_approved(world):
    plan = b1_plan(world)
    data = editor_post(plan, title=TITLE, then="approve")
    response = world.client("po_b1").post(url(plan), data)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["revision"] == plan.revision + 1
    saved = Plan.objects.get(pk=plan.pk)
    assert (saved.title, saved.revision, saved.status) == (TITLE, plan.revision + 1, Plan.DRAFT)


def test_a_draft_made_on_an_older_revision_is_refused(world):
    plan = b1_plan(world)
    stale = editor_post(plan, title=TITLE)
    save_plan(plan, PlanContent(title="Bản người khác"), by=world.users["po_b1"], base_revision=1)
    response = world.client("po_b1").post(url(plan), stale)
    assert response.status_code == 409
    assert "Người khác vừa lưu" in response.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).title == "Bản người khác"


def test_an_unreadable_row_is_named_and_nothing_is_saved(world):
    plan = b1_plan(world)
    data = editor_post(plan, title=TITLE, tasks=[{"title": "Hội thi", "starts_on": "32/13/2024"}])
    response = world.client("po_b1").post(url(plan), data)
    assert response.status_code == 400
    assert any("Nhiệm vụ 1" in problem for problem in response.json()["problems"])
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c1", 404), ("po_c2", 404), ("nobody", 404), ("cmd_b1", 403), ("cu_r", 403)],
)
def test_only_the_units_political_officer_saves_its_drafts(world, username, status):
    plan = b1_plan(world)
    response = world.client(username).post(url(plan), editor_post(plan, title=TITLE))
    assert response.status_code == status
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision
