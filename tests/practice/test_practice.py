"""Issue 13: good practice (điển hình tiên tiến) as a library — marked by a superior only,
audited, seen in scope, offered on the editors of the same kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from khth.accounts.actions import create_user
from khth.audit.models import AuditEntry
from khth.lib.errors import ActionRefused
from khth.plans.actions import approve_plan, create_plan
from khth.plans.models import Plan
from khth.practice.actions import mark_exemplar, unmark_exemplar
from khth.practice.models import Exemplar
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MONTHLY = "kh-ctd-thang"


def plan_in_force(world: Any, unit: str, user: str, period: str = "202408") -> Plan:
    plan = create_plan(world.unit(unit), MONTHLY, period_id=period, by=world.users[user])
    return approve_plan(plan, by=world.users[user])


def test_a_superior_marks_and_it_is_audited(world: Any) -> None:
    plan = plan_in_force(world, "C1", "po_c1")
    exemplar = mark_exemplar(plan, by=world.users["po_b1"], note="Cụ thể, sát thực tế")
    assert (exemplar.kind, exemplar.code, exemplar.unit) == ("plan", MONTHLY, world.unit("C1"))
    entry = AuditEntry.objects.get(action="practice.exemplar.marked")
    assert entry.after["note"] == "Cụ thể, sát thực tế"
    with pytest.raises(ActionRefused):  # once
        mark_exemplar(plan, by=world.users["cu_r"])
    unmark_exemplar(exemplar, by=world.users["cu_r"])  # any superior above
    assert not Exemplar.objects.exists()
    assert AuditEntry.objects.filter(action="practice.exemplar.unmarked").count() == 1


@pytest.mark.parametrize("user", ["po_c1", "as_c1", "po_c2", "cmd_b1"])
def test_only_a_superior_may_mark(world: Any, user: str) -> None:
    # C1's own people (a company marks nothing), a sibling company, a commander who only reads.
    plan = plan_in_force(world, "C1", "po_c1")
    with pytest.raises(ActionRefused):
        mark_exemplar(plan, by=world.users[user])


def test_the_own_units_work_is_not_marked_by_its_own_officer(world: Any) -> None:
    plan = plan_in_force(world, "B1", "po_b1")
    with pytest.raises(ActionRefused):
        mark_exemplar(plan, by=world.users["po_b1"])
    mark_exemplar(plan, by=world.users["cu_r"])


def test_a_draft_is_not_a_model(world: Any) -> None:
    plan = create_plan(world.unit("C1"), MONTHLY, period_id="202408", by=world.users["po_c1"])
    with pytest.raises(ActionRefused):
        mark_exemplar(plan, by=world.users["po_b1"])


def test_the_library_lists_models_in_scope_by_kind_and_text(world: Any, client: Any) -> None:
    c1 = mark_exemplar(plan_in_force(world, "C1", "po_c1"), by=world.users["po_b1"], note="Mẫu")
    world.users["po_c3"] = create_user(
        username="po_c3",
        full_name="Ngô Văn Ba",
        unit=world.unit("C3"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    c3 = mark_exemplar(plan_in_force(world, "C3", "po_c3"), by=world.users["cu_r"])
    with pytest.raises(ActionRefused):  # C3 is outside B1's subtree
        mark_exemplar(plan_in_force(world, "C3", "po_c3", "202409"), by=world.users["po_b1"])
    url = reverse("practice-home")

    def shown(user: str, query: str = "") -> set[int]:
        client.force_login(world.users[user])
        page = client.get(url + query)
        assert page.status_code == 200
        return {e.pk for e, _u in page.context["rows"]}

    assert shown("cu_r") == {c1.pk, c3.pk}
    assert shown("po_b1") == {c1.pk}  # C3 is outside B1's subtree
    assert shown("po_c1") == {c1.pk}
    assert shown("po_c2") == set()  # a sibling company's model is not seen
    assert shown("cu_r", "?kind=report") == set()
    assert shown("cu_r", "?kind=plan&q=dai doi 1") == {c1.pk}  # accents folded
    assert shown("cu_r", "?q=khong-co-gi") == set()


def test_marking_from_the_page(world: Any, client: Any) -> None:
    plan = plan_in_force(world, "C1", "po_c1")
    client.force_login(world.users["po_c1"])
    client.post(reverse("practice-mark", args=["plan", plan.pk]), {"note": "x"})
    assert not Exemplar.objects.exists()
    client.force_login(world.users["po_b1"])
    page = client.get(reverse("practice-home"))
    assert [w.pk for w, _k in page.context["candidates"]] == [plan.pk]
    client.post(reverse("practice-mark", args=["plan", plan.pk]), {"note": "x"})
    assert Exemplar.objects.get().plan == plan
    assert client.post(reverse("practice-mark", args=["other", plan.pk])).status_code == 404


def test_the_editor_offers_models_of_the_same_kind_in_scope(world: Any, client: Any) -> None:
    mark_exemplar(plan_in_force(world, "C1", "po_c1"), by=world.users["po_b1"], note="Mẫu C1")
    own = create_plan(world.unit("B1"), MONTHLY, period_id="202409", by=world.users["po_b1"])
    client.force_login(world.users["po_b1"])
    page = client.get(reverse("plan-edit", args=[own.pk])).content.decode()
    assert "Xem mẫu điển hình" in page and "Mẫu C1" in page
    sibling = create_plan(world.unit("C2"), MONTHLY, period_id="202409", by=world.users["po_c2"])
    client.force_login(world.users["po_c2"])
    page = client.get(reverse("plan-edit", args=[sibling.pk])).content.decode()
    assert "Xem mẫu điển hình" not in page  # C1's model is outside C2's scope
    yearly = create_plan(world.unit("B1"), "kh-ctd-nam", period_id="2025", by=world.users["po_b1"])
    client.force_login(world.users["po_b1"])
    page = client.get(reverse("plan-edit", args=[yearly.pk])).content.decode()
    assert "Xem mẫu điển hình" not in page  # another kind
