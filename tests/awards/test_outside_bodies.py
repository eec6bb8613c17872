"""Awards to bodies outside the army (seed 003: "Chính ủy Quân khu tặng bằng khen cho Ban Tổ
chức Tỉnh ủy 6 tỉnh"): a third recipient kind with the body's name, under the army unit that
gives it; the title is data; counted apart; shown on the coordination partner's page, which
offers the partner as the recipient; and kept within the giving unit's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.awards.actions import AwardError, AwardIn, register_award
from khth.awards.counts import counts
from khth.awards.models import Award
from khth.coordination.actions import PartnerIn, create_partner
from khth.regulations.access import active_regulation
from khth.regulations.schema.followup import AwardTitle
from tests.api.test_api import api
from tests.awards.conftest import award
from tests.coordination.test_api import send

pytestmark = pytest.mark.django_db

TITLE = "bang-khen-chinh-uy-quan-khu"
BOARD = "Ban Tổ chức Tỉnh ủy Bắc Giang"
DAY = dt.date(2024, 11, 20)


def test_the_title_is_data_from_the_seed(regulation):
    title = next(t for t in active_regulation().followup.awards.titles if t.code == TITLE)
    assert title.recipient == "outside_body"
    assert title.issuer == "Chính ủy quân khu"
    assert title.basis == "seed"
    with pytest.raises(ValueError):
        AwardTitle(code="x", name="X", recipient="nobody", issuer="Y", basis="seed")  # type: ignore[arg-type]


def test_an_outside_body_is_awarded_by_an_army_unit(world):
    given = award(world, "R", TITLE, DAY, body_name=BOARD, reason="Phối hợp xuất sắc")
    assert given.recipient == Award.OUTSIDE
    assert given.unit.code == "R"  # the giving unit
    assert given.body_name == BOARD
    assert given.issuer == "Chính ủy quân khu"
    # One decision, several provinces; the same province twice is refused.
    award(
        world,
        "R",
        TITLE,
        DAY,
        number=given.decision_number,
        body_name="Ban Tổ chức Tỉnh ủy Lạng Sơn",
    )
    with pytest.raises(AwardError, match="Đã vào sổ"):
        award(world, "R", TITLE, DAY, number=given.decision_number, body_name=BOARD)


@pytest.mark.parametrize(
    ("title", "more", "message"),
    [
        (TITLE, {}, "phải ghi tên cơ quan, tổ chức được khen"),
        (TITLE, {"body_name": BOARD, "person_name": "Lê Văn A"}, "không ghi họ tên"),
        ("giay-khen", {"body_name": BOARD}, "Tên cơ quan, tổ chức ngoài Quân đội"),
        ("chien-si-tien-tien", {"person_name": "Lê Văn A", "body_name": BOARD}, "Tên cơ quan"),
    ],
)
def test_what_is_refused(world, title, more, message):
    with pytest.raises(AwardError, match=message):
        register_award(
            world.unit("R"),
            AwardIn(title_code=title, decision_number="1/QĐ", decision_date=DAY, **more),
            by=world.users["cu_r"],
        )


def test_counted_apart_from_collectives_and_individuals(world):
    award(world, "R", TITLE, DAY, body_name=BOARD)
    award(world, "C1", "giay-khen", DAY)
    found = counts(world.unit("D"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (found.collective, found.individual, found.outside) == (1, 0, 1)
    assert found.total == 2
    assert found.phrase == "1 tập thể, 0 cá nhân, 1 cơ quan, tổ chức ngoài Quân đội"


def test_the_api_registers_and_filters_outside_bodies(world):
    client = api("cu_r")
    made = send(
        client,
        "post",
        "/awards",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "125/QĐ-CT",
            "decision_date": "2024-11-20",
            "body_name": BOARD,
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["recipient"] == "outside_body" and made.json()["body_name"] == BOARD
    award(world, "C1", "giay-khen", DAY)
    listed = client.get("/api/v1/awards?unit=R&recipient=outside_body&from=2024-01-01").json()
    assert [a["body_name"] for a in listed] == [BOARD]
    by_name = client.get(
        "/api/v1/awards", {"unit": "R", "text": "Bắc Giang", "from": "2024-01-01"}
    ).json()
    assert len(by_name) == 1
    missing = send(
        client,
        "post",
        "/awards",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "1",
            "decision_date": "2024-11-20",
        },
    )
    assert missing.status_code == 400 and "tên cơ quan" in missing.json()["detail"]


def test_the_register_page_shows_the_body(world):
    client = world.client("cu_r")
    made = client.post(
        "/awards/R/new/",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "125/QĐ-CT",
            "decision_date": "20/11/2024",
            "body_name": BOARD,
            "person_name": "",
            "person_rank": "",
            "issuer": "",
            "reason": "",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    page = client.get("/awards/R/?starts_on=01/01/2024&ends_on=31/12/2024").content.decode()
    assert BOARD in page and "Cơ quan, tổ chức ngoài Quân đội" in page
    detail = client.get(f"/awards/award/{Award.objects.get().pk}/").content.decode()
    assert BOARD in detail


def test_the_partner_page_shows_and_gives_awards(world):
    partner = create_partner(world.unit("B1"), PartnerIn(name=BOARD), by=world.users["po_b1"])
    award(world, "R", TITLE, DAY, body_name=BOARD)
    award(world, "R", TITLE, DAY, number="9/QĐ", body_name="Ban Tổ chức Tỉnh ủy Hà Giang")
    # The regiment's political officer holds award.manage over B1: the form offers R and B1's
    # chain where he may give.
    client = world.client("cu_r")
    page = client.get(f"/coordination/partner/{partner.pk}/").content.decode()
    assert page.count("data-award=") == 1  # only the awards to this partner's very name
    assert 'data-testid="partner-award-form"' in page
    given = client.post(
        f"/coordination/partner/{partner.pk}/awards/new/",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "126/QĐ-CT",
            "decision_date": "20/11/2024",
            "issuer": "",
            "reason": "Phối hợp tốt",
        },
    )
    assert given.status_code == 302, given.content.decode()[:2000]
    assert Award.objects.filter(body_name=BOARD, unit__code="R").count() == 2
    bad = client.post(
        f"/coordination/partner/{partner.pk}/awards/new/",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "",
            "decision_date": "20/11/2024",
        },
    )
    assert bad.status_code == 400


def test_scope_of_awards_to_partners(world):
    partner = create_partner(world.unit("B1"), PartnerIn(name=BOARD), by=world.users["po_b1"])
    award(world, "R", TITLE, DAY, body_name=BOARD)
    # The battalion sees its partner but not the regiment's register: no award shown; its
    # form offers only B1, so the political officer cannot give at R.
    po_b1 = world.client("po_b1")
    page = po_b1.get(f"/coordination/partner/{partner.pk}/").content.decode()
    assert "data-award=" not in page
    answer = po_b1.post(
        f"/coordination/partner/{partner.pk}/awards/new/",
        {
            "unit_code": "R",
            "title_code": TITLE,
            "decision_number": "1",
            "decision_date": "20/11/2024",
        },
    )
    assert answer.status_code == 400  # R is not among the choices he may give at
    assert Award.objects.count() == 1
    company = world.client("po_c1")
    assert company.get(f"/coordination/partner/{partner.pk}/").status_code == 404
    assert company.post(f"/coordination/partner/{partner.pk}/awards/new/", {}).status_code == 404
    commander = world.client("cmd_b1")  # reads B1's partner, may give no award
    assert commander.post(f"/coordination/partner/{partner.pk}/awards/new/", {}).status_code == 403
