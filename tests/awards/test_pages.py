"""Awards pages through HTTP: the register with its filters and counts, the add form, an award,
the proposals with confirm and reject, the XLSX export, and the scope for each role."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from khth.awards.models import Award, Proposal
from tests.awards.conftest import EXCELLENT, GIAY_KHEN, QUYET_THANG, award, decided

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 5, 19)


@pytest.fixture
def register(world):
    award(world, "C1", QUYET_THANG, DAY, "05/QĐ-SĐ")
    award(world, "C3", GIAY_KHEN, DAY, "06/QĐ-TrĐ")
    award(world, "C1", "chien-si-tien-tien", DAY, "07/QĐ-TrĐ", person="Nguyễn Văn An")
    award(world, "C2", GIAY_KHEN, dt.date(2023, 12, 1), "99/QĐ-TrĐ")


def test_the_register_of_a_subtree_with_its_counts(world, register):
    page = world.client("cu_r").get("/awards/R/?starts_on=01/01/2024&ends_on=31/12/2024")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sổ khen thưởng của Trung đoàn 1" in text
    assert "2 tập thể, 1 cá nhân" in text
    assert "05/QĐ-SĐ" in text and "06/QĐ-TrĐ" in text and "Nguyễn Văn An" in text
    assert "99/QĐ-TrĐ" not in text  # decided in 2023
    assert 'data-testid="award-form"' in text
    battalion = world.client("cu_r").get("/awards/B1/?starts_on=2024-01-01&ends_on=2024-12-31")
    assert "06/QĐ-TrĐ" not in battalion.content.decode()  # C3 is under B2
    individuals = world.client("cu_r").get(
        "/awards/R/?starts_on=2024-01-01&ends_on=2024-12-31&recipient=individual"
    )
    body = individuals.content.decode()
    assert "07/QĐ-TrĐ" in body and "05/QĐ-SĐ" not in body
    found = world.client("cu_r").get("/awards/R/?starts_on=2024-01-01&text=nguyen van")
    assert found.status_code == 200


def test_the_scope_of_each_role(world, register):
    assert world.client("po_c2").get("/awards/C1/").status_code == 404  # a sibling
    assert world.client("po_c1").get("/awards/B1/").status_code == 404  # its superior
    assert world.client("nobody").get("/awards/C1/").status_code == 404
    own = world.client("po_c1").get("/awards/C1/?starts_on=2024-01-01")
    assert "05/QĐ-SĐ" in own.content.decode() and "06/QĐ-TrĐ" not in own.content.decode()
    reader = world.client("cmd_b1").get("/awards/B1/?starts_on=2024-01-01")
    assert reader.status_code == 200
    assert 'data-testid="award-form"' not in reader.content.decode()
    refused = world.client("cmd_b1").post("/awards/B1/new/", {})
    assert refused.status_code == 403
    other = Award.objects.get(decision_number="06/QĐ-TrĐ")
    assert world.client("po_c1").get(f"/awards/award/{other.pk}/").status_code == 404
    assert world.client("admin_d").get("/awards/R/").status_code == 200  # reads, no form


def test_registering_through_the_form(world):
    client = world.client("po_b1")
    form = {
        "unit_code": "C2",
        "title_code": "chien-si-thi-dua-co-so",
        "person_name": "Lê Văn Bình",
        "person_rank": "Trung sĩ",
        "decision_number": "12/QĐ-TrĐ",
        "decision_date": "20/05/2024",
        "issuer": "",
        "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    }
    response = client.post("/awards/B1/new/", form)
    assert response.status_code == 302
    given = Award.objects.get()
    assert (given.unit.code, given.person_name, given.decision_date) == (
        "C2",
        "Lê Văn Bình",
        dt.date(2024, 5, 20),
    )
    assert given.issuer == "Thủ trưởng cấp trung đoàn và tương đương"
    refused = client.post("/awards/B1/new/", {**form, "person_name": ""})
    assert refused.status_code == 400
    assert "phải ghi họ và tên" in refused.content.decode()
    outside = client.post("/awards/B1/new/", {**form, "unit_code": "C3"})
    assert outside.status_code == 400  # C3 is not under B1: not a choice
    detail = client.get(f"/awards/award/{given.pk}/")
    assert "Lê Văn Bình" in detail.content.decode()
    assert "awards.award.registered" in detail.content.decode()  # the history
    removed = client.post(f"/awards/award/{given.pk}/remove/", {"reason": "Nhầm người"})
    assert removed.status_code == 302
    assert not Award.objects.exists()


def test_the_unit_is_picked_not_chosen_from_every_unit(world):
    # The regiment's officer may read C3, but B1's register takes only B1's subtree.
    client = world.client("cu_r")
    page = client.get("/awards/B1/").content.decode()
    assert 'name="unit_code"' in page and '<option value="C1"' not in page
    form = {
        "unit_code": "C3",
        "title_code": "chien-si-thi-dua-co-so",
        "person_name": "Lê Văn Bình",
        "decision_number": "12/QĐ-TrĐ",
        "decision_date": "20/05/2024",
    }
    refused = client.post("/awards/B1/new/", form)
    assert refused.status_code == 400
    assert "Đơn vị C3 không thuộc Tiểu đoàn 1" in refused.content.decode()
    assert not Award.objects.exists()


def test_proposals_confirmed_and_rejected_on_the_page(world):
    decided(world, "C1", "2024", EXCELLENT)
    decided(world, "C2", "2024", EXCELLENT)
    client = world.client("cu_r")
    assert client.post("/awards/R/proposals/draft/").status_code == 302
    page = client.get("/awards/R/proposals/")
    text = page.content.decode()
    assert text.count('data-testid="confirm-form"') == 2
    c1 = Proposal.objects.get(unit__code="C1")
    c2 = Proposal.objects.get(unit__code="C2")
    confirmed = client.post(
        f"/awards/proposal/{c1.pk}/confirm/",
        {"decision_number": "20/QĐ-TrĐ", "decision_date": "03/02/2025", "back": "R"},
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == "/awards/R/proposals/"
    c1.refresh_from_db()
    assert c1.status == Proposal.CONFIRMED
    assert c1.award is not None and c1.award.decision_number == "20/QĐ-TrĐ"
    missing_note = client.post(f"/awards/proposal/{c2.pk}/reject/", {"note": ""})
    assert missing_note.status_code == 302
    c2.refresh_from_db()
    assert c2.status == Proposal.PROPOSED
    client.post(f"/awards/proposal/{c2.pk}/reject/", {"note": "Chưa đủ điều kiện"})
    c2.refresh_from_db()
    assert c2.status == Proposal.REJECTED
    all_rows = client.get("/awards/R/proposals/?status=all").content.decode()
    assert "Chưa đủ điều kiện" in all_rows and "20/QĐ-TrĐ" in all_rows
    # Someone who only sees the company cannot decide its proposal.
    reader = world.client("cmd_b1")
    assert reader.post("/awards/B1/proposals/draft/").status_code == 403
    assert (
        world.client("po_c2")
        .post(
            f"/awards/proposal/{c1.pk}/confirm/",
            {"decision_number": "1", "decision_date": "01/02/2025"},
        )
        .status_code
        == 404
    )


def test_the_xlsx_register(world, register):
    response = world.client("cu_r").get(
        "/awards/R/export.xlsx?starts_on=2024-01-01&ends_on=2024-12-31"
    )
    assert response.status_code == 200
    assert (
        "so-khen-thuong-trung-doan-1-01-01-2024-den-31-12-2024" in response["Content-Disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Sổ khen thưởng"].iter_rows(values_only=True))
    assert rows[0][:4] == (
        "STT",
        "Số quyết định",
        "Ngày quyết định",
        "Danh hiệu, hình thức khen thưởng",
    )
    numbers = sorted(str(r[1]) for r in rows[1:])
    assert numbers == ["05/QĐ-SĐ", "06/QĐ-TrĐ", "07/QĐ-TrĐ"]
    summary = {r[0]: r[1] for r in list(book["Tổng hợp"].iter_rows(values_only=True))[1:]}
    assert summary["Khen thưởng tập thể"] == 2
    assert summary["Khen thưởng cá nhân"] == 1
    assert summary["Đơn vị Quyết thắng"] == 1
    assert world.client("po_c2").get("/awards/R/export.xlsx").status_code == 404


def test_the_navigation_leads_to_the_own_unit(world):
    response = world.client("po_b1").get("/awards/")
    assert response.status_code == 302 and response["Location"] == "/awards/B1/"
    # The menu links straight to the user's unit page.
    assert 'href="/awards/B1/"' in world.client("po_b1").get("/awards/B1/").content.decode()


def test_the_register_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(30):
        award(world, "C1" if n % 2 else "C3", GIAY_KHEN, DAY, f"{n}/QĐ")
    client = world.client("cu_r")
    client.get("/awards/R/?starts_on=2024-01-01")
    # Session, user, scope, the regulation (checked per use), rows, counts, proposals waiting,
    # the unit choices, notifications: none of them grows with the rows.
    with django_assert_max_num_queries(13):
        assert client.get("/awards/R/?starts_on=2024-01-01").status_code == 200
