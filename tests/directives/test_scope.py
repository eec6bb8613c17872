"""Cross-unit isolation through HTTP: a company sees the directive that reaches it and its own
record, never a sibling company's (404), and writes only its own (403 inside its scope)."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.directives.models import Study
from tests.api.test_api import api
from tests.directives.conftest import entered, studied

pytestmark = pytest.mark.django_db

STUDY_POST = {
    "held_on": "10/04/2025",
    "form": Study.CELL_MEETING,
    "total": "40",
    "present": "38",
    "made_up": "0",
    "presided": "Đ/c Hai",
}


def test_a_company_reads_the_directive_and_its_own_record_only(world):
    directive = entered(world)
    studied(world, directive, "C1")
    c2 = world.client("po_c2")
    # The regiment's directive reaches C2: its list and the directive's page show it.
    assert "05-CT/TW" in c2.get("/directives/C2/").content.decode()
    page = c2.get(f"/directives/d/{directive.pk}/")
    assert page.status_code == 200
    # The matrix opens at C2 itself, not at the regiment C2 cannot see.
    assert 'data-unit="C2"' in page.content.decode()
    assert 'data-unit="C1"' not in page.content.decode()
    # C1's record: outside C2's scope, as if it did not exist.
    assert c2.get(f"/directives/d/{directive.pk}/unit/C1/").status_code == 404
    assert c2.get(f"/directives/d/{directive.pk}/?unit=C1").status_code == 404
    assert c2.get(f"/directives/d/{directive.pk}/?unit=R").status_code == 404
    assert c2.get(f"/directives/d/{directive.pk}/export.xlsx?unit=B1").status_code == 404


def test_a_company_cannot_write_another_companys_record(world):
    directive = entered(world)
    c2 = world.client("po_c2")
    url = f"/directives/d/{directive.pk}/unit/C1/study/"
    assert c2.post(url, STUDY_POST).status_code == 404
    assert not Study.objects.exists()
    # Its own: stored.
    own = c2.post(f"/directives/d/{directive.pk}/unit/C2/study/", STUDY_POST)
    assert own.status_code == 302
    assert Study.objects.get().unit.code == "C2"


def test_the_battalion_reads_its_companies_records_but_does_not_write_them(world):
    directive = entered(world)
    studied(world, directive, "C1")
    po_b1 = world.client("po_b1")
    record = po_b1.get(f"/directives/d/{directive.pk}/unit/C1/")
    assert record.status_code == 200
    assert 'data-testid="study-form"' not in record.content.decode()
    url = f"/directives/d/{directive.pk}/unit/C2/study/"
    assert po_b1.post(url, STUDY_POST).status_code == 403
    # Nor does a commander of B1 enter directives for it.
    assert world.client("cmd_b1").post("/directives/B1/new/", {}).status_code == 403


def test_nobody_and_an_unrelated_branch_see_nothing(world):
    directive = entered(world)
    assert world.client("nobody").get(f"/directives/d/{directive.pk}/").status_code == 404
    # Entered at B1: B2's subtree (C3) is not reached, R above sees it.
    from khth.directives.actions import DirectiveIn, enter_directive

    b1 = enter_directive(
        world.unit("B1"),
        DirectiveIn("12-CT/ĐU", "Về huấn luyện", "Đảng ủy Tiểu đoàn 1", dt.date(2025, 5, 1)),
        by=world.users["po_b1"],
    )
    assert world.client("po_c2").get(f"/directives/d/{b1.pk}/").status_code == 200
    assert world.client("cu_r").get(f"/directives/d/{b1.pk}/").status_code == 200


def test_the_api_keeps_the_same_scope(world):
    directive = entered(world)
    study = studied(world, directive, "C1")
    c2 = api("po_c2")
    assert c2.get(f"/api/v1/directives/{directive.pk}/units/C1").status_code == 404
    body = {
        "held_on": "2025-04-10",
        "form": Study.CELL_MEETING,
        "present": 1,
        "total": 2,
        "presided": "X",
        "revision": 1,
    }
    edit = c2.put(f"/api/v1/directive-studies/{study.pk}", body, content_type="application/json")
    assert edit.status_code == 404
    new = c2.post(
        "/api/v1/directive-studies",
        {
            **{k: v for k, v in body.items() if k != "revision"},
            "directive_id": directive.pk,
            "unit_code": "C1",
        },
        content_type="application/json",
    )
    assert new.status_code == 404
    # Read-only inside the scope: 403.
    b1 = api("po_b1")
    assert (
        b1.put(
            f"/api/v1/directive-studies/{study.pk}", body, content_type="application/json"
        ).status_code
        == 403
    )
    listed = [d["number"] for d in c2.get("/api/v1/directives").json()]
    assert listed == ["05-CT/TW"]
