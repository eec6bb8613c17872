"""Register pages through HTTP: who reads and who registers, numbers given one after another
(Party family per type within the committee term declared on the page, administrative family per
year), secret documents hidden from people not cleared for them, «Vào sổ» from a typed document,
incoming documents, attachments, bad input named, and a list whose query count does not grow."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khth.docsystem.records.actions import create_typed_document
from khth.docsystem.records.models import TypedDocument
from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from khth.docsystem.register.models import PartyTerm, RegisteredDocument
from khth.lib import clock
from khth.units.actions import update_unit

pytestmark = pytest.mark.django_db

TERM = dt.date(2020, 10, 15)


@pytest.fixture
def company(world: Any) -> Any:
    """C1 with its abbreviations recorded and its chi bộ's term that began on 15/10/2020."""
    unit = update_unit(world.unit("C1"), by=None, party_abbr="CB", admin_abbr="ĐĐ1")
    add_party_term(unit, name="Nhiệm kỳ 2020 – 2025", starts_on=TERM, by=world.users["po_c1"])
    return unit


def today() -> dt.date:
    return clock.today()


def outgoing_post(kind: str = "nq-thang", **changes: str) -> dict[str, str]:
    data = {
        "kind_code": kind,
        "dated": today().strftime("%d/%m/%Y"),
        "summary": "Lãnh đạo thực hiện nhiệm vụ tháng",
        "signer": "Phạm Văn Một",
        "recipients": "- Đảng ủy Tiểu đoàn 1;\n- Lưu.",
        "file_holder": "Chi bộ",
        "copies": "3",
        "secrecy": "",
        "urgency": "",
        "notes": "",
        "source": "",
    }
    data.update(changes)
    return data


def incoming_post(**changes: str) -> dict[str, str]:
    data = {
        "received_on": today().strftime("%d/%m/%Y"),
        "sender": "Đảng ủy Tiểu đoàn 1",
        "number_text": "Số 12-HD/ĐU",
        "dated": today().strftime("%d/%m/%Y"),
        "kind_code": "",
        "summary": "Hướng dẫn sinh hoạt chi bộ",
        "handled_by": "Bí thư chi bộ",
        "copies": "1",
        "secrecy": "",
        "urgency": "",
        "notes": "",
    }
    data.update(changes)
    return data


def register(world: Any, unit: Any, secrecy: str = "", kind: str = "cv") -> RegisteredDocument:
    return register_outgoing(
        unit,
        Outgoing(kind_code=kind, dated=today(), summary=f"Công văn {secrecy}", secrecy=secrecy),
        by=world.users["po_c1"],
    )


def shown_numbers(html: str) -> list[str]:
    return re.findall(r'data-testid="number">([^<]+)<', html)


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status", "registers"),
    [
        ("po_c1", 200, True),
        ("as_c1", 200, True),
        ("po_b1", 200, False),
        ("cmd_b1", 200, False),
        ("po_c2", 404, False),
        ("nobody", 404, False),
    ],
)
def test_register_pages_follow_scope(world, company, username, status, registers):
    document = register(world, company)
    client = world.client(username)
    response = client.get("/register/unit/C1/")
    assert response.status_code == status
    assert client.get(f"/register/{document.pk}/").status_code == status
    if status == 200:
        page = response.content.decode()
        assert document.number_text in page
        assert ('data-testid="outgoing-form"' in page) is registers
    if not registers:
        expected = 404 if status == 404 else 403
        response = client.post("/register/unit/C1/outgoing/", outgoing_post("cv"))
        assert response.status_code == expected
        response = client.post("/register/unit/C1/incoming/", incoming_post())
        assert response.status_code == expected
        assert RegisteredDocument.objects.count() == 1


# --- numbering through the pages -------------------------------------------------------------


def test_the_term_is_declared_on_the_page_and_party_numbers_follow_each_other(world):
    update_unit(world.unit("C1"), by=None, party_abbr="CB")
    client = world.client("po_c1")
    # No term yet: the refusal says what to do, the input stays.
    response = client.post("/register/unit/C1/outgoing/", outgoing_post())
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa khai báo nhiệm kỳ cấp ủy" in page
    assert "Lãnh đạo thực hiện nhiệm vụ tháng" in page

    response = client.post(
        "/register/unit/C1/terms/", {"name": "Nhiệm kỳ 2025 – 2030", "starts_on": "15/10/2020"}
    )
    assert response.status_code == 302
    assert PartyTerm.objects.get().starts_on == TERM
    assert "Nhiệm kỳ 2025 – 2030" in client.get("/register/unit/C1/").content.decode()

    first = client.post("/register/unit/C1/outgoing/", outgoing_post(), follow=True)
    second = client.post("/register/unit/C1/outgoing/", outgoing_post(), follow=True)
    for response, number in ((first, "Số 1-NQ/CB"), (second, "Số 2-NQ/CB")):
        page = response.content.decode()
        assert f"Đã vào sổ văn bản đi: {number}" in page
        assert f'data-testid="registered-number">{number}<' in page
    # Another type has its own sequence.
    third = client.post("/register/unit/C1/outgoing/", outgoing_post("bb-sinh-hoat-dang"))
    assert RegisteredDocument.objects.get(pk=int(third["Location"].split("/")[2])).number == 1
    listed = shown_numbers(client.get("/register/unit/C1/").content.decode())
    assert listed == ["Số 1-NQ/CB", "Số 2-NQ/CB", "Số 1-BB/CB"]


def test_administrative_numbers_run_across_types_zero_padded(world, company):
    client = world.client("as_c1")
    numbers = []
    for kind in ("cv", "ttr", "cv"):
        response = client.post("/register/unit/C1/outgoing/", outgoing_post(kind), follow=True)
        found = re.search(r'data-testid="registered-number">([^<]+)<', response.content.decode())
        assert found
        numbers.append(found[1])
    assert numbers == ["Số: 01/CV-ĐĐ1", "Số: 02/TTr-ĐĐ1", "Số: 03/CV-ĐĐ1"]


def test_a_term_is_declared_once_per_day(world, company):
    response = world.client("po_c1").post(
        "/register/unit/C1/terms/", {"name": "Lặp", "starts_on": TERM.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 400
    assert "Đã có nhiệm kỳ bắt đầu ngày 15/10/2020" in response.content.decode()
    response = world.client("po_c1").post(
        "/register/unit/C1/terms/", {"name": "", "starts_on": "hôm qua"}
    )
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode()
    assert (
        world.client("cmd_b1")
        .post("/register/unit/C1/terms/", {"name": "x", "starts_on": "01/01/2025"})
        .status_code
        == 403
    )


def test_bad_input_names_the_field_and_keeps_the_rest(world, company):
    client = world.client("po_c1")
    response = client.post(
        "/register/unit/C1/outgoing/",
        outgoing_post(summary="", copies="0", dated="30/02/2024"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('data-testid="outgoing-form"') :]
    assert re.search(r'data-field="summary">.*?errorlist', form, re.S)
    assert re.search(r'data-field="copies">.*?errorlist', form, re.S)
    assert re.search(r'data-field="dated">.*?dd/mm/yyyy', form, re.S)
    assert "Đảng ủy Tiểu đoàn 1" in form
    assert RegisteredDocument.objects.count() == 0


@pytest.mark.parametrize(
    "post",
    [
        {},
        {"dated": "01/01/0001", "received_on": "1/1/1", "copies": "9" * 30, "source": "typed:x"},
        {"kind_code": "khong-co", "secrecy": "??", "source": "plan:999999", "summary": "x"},
    ],
)
def test_garbage_never_makes_an_error_page(world, company, post):
    document = register(world, company)
    client = world.client("po_c1")
    for url in (
        "/register/unit/C1/outgoing/",
        "/register/unit/C1/incoming/",
        "/register/unit/C1/terms/",
        f"/register/{document.pk}/attachments/",
    ):
        assert client.post(url, post, follow=True).status_code < 500, url
    assert client.get("/register/unit/C1/?year=99999&direction=x").status_code == 200


# --- secrecy ---------------------------------------------------------------------------------


def test_secret_documents_are_hidden_from_people_not_cleared(world, company):
    plain = register(world, company)
    mat = register(world, company, "mat")
    toi_mat = register(world, company, "toi_mat")
    # as_c1 (assistant) reads MẬT, not TỐI MẬT.
    page = world.client("as_c1").get("/register/unit/C1/").content.decode()
    assert plain.number_text in page and mat.number_text in page
    assert toi_mat.number_text not in page
    assert "MẬT" in page
    assert world.client("as_c1").get(f"/register/{toi_mat.pk}/").status_code == 404
    # The battalion's political officer and commander read everything below them.
    for username in ("po_b1", "cmd_b1"):
        page = world.client(username).get("/register/unit/C1/").content.decode()
        assert toi_mat.number_text in page
        assert world.client(username).get(f"/register/{toi_mat.pk}/").status_code == 200


def test_one_registers_only_at_a_level_one_may_read(world, company):
    client = world.client("as_c1")
    page = client.get("/register/unit/C1/").content.decode()
    form = page[page.index('data-testid="outgoing-form"') :]
    assert 'value="mat"' in form and 'value="toi_mat"' not in form
    response = client.post("/register/unit/C1/outgoing/", outgoing_post("cv", secrecy="toi_mat"))
    assert response.status_code == 400
    assert re.search(r'data-field="secrecy">.*?errorlist', response.content.decode(), re.S)
    assert RegisteredDocument.objects.count() == 0


# --- from a typed document, incoming, attachments ------------------------------------------


def test_registering_a_typed_resolution_from_its_page(world, company):
    document = create_typed_document(
        company,
        "nq-thang",
        dated=today(),
        title="Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng",
        period_id="",
        by=world.users["po_c1"],
    )
    client = world.client("po_c1")
    page = client.get(f"/register/unit/C1/?direction=out&typed={document.pk}").content.decode()
    form = page[page.index('data-testid="outgoing-form"') :]
    assert '<option value="nq-thang" selected>' in form
    assert "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng</textarea>" in form
    assert f'<option value="typed:{document.pk}" selected>' in form
    assert 'value="Phạm Văn Một"' in form
    response = client.post(
        "/register/unit/C1/outgoing/", outgoing_post(source=f"typed:{document.pk}"), follow=True
    )
    assert 'data-testid="registered-number">Số 1-NQ/CB<' in response.content.decode()
    assert f"/records/documents/{document.pk}/" in response.content.decode()
    document.refresh_from_db()
    assert document.status == TypedDocument.FINAL
    detail = client.get(f"/records/documents/{document.pk}/").content.decode()
    assert 'data-testid="registration-number">Số 1-NQ/CB<' in detail
    assert 'data-testid="register-typed"' not in detail
    # Registered once only.
    response = client.post(
        "/register/unit/C1/outgoing/", outgoing_post(source=f"typed:{document.pk}")
    )
    assert response.status_code == 400
    assert RegisteredDocument.objects.count() == 1


def test_incoming_documents_take_the_unit_s_numbers(world, company):
    client = world.client("po_c1")
    first = client.post("/register/unit/C1/incoming/", incoming_post(), follow=True)
    assert "Đã vào sổ văn bản đến: số đến 1 (Số 12-HD/ĐU)" in first.content.decode()
    client.post("/register/unit/C1/incoming/", incoming_post(number_text="Số 13-TB/ĐU"))
    page = client.get("/register/unit/C1/?direction=in").content.decode()
    assert 'data-testid="register-in"' in page
    assert shown_numbers(page) == ["1", "2"]
    assert "Số 13-TB/ĐU" in page
    # Arrived before it was written: refused with the reason.
    response = client.post(
        "/register/unit/C1/incoming/",
        incoming_post(dated="10/07/2024", received_on="01/07/2024"),
    )
    assert response.status_code == 400
    assert "Ngày đến trước ngày của văn bản" in response.content.decode()


def test_attachments_are_checked_and_served_to_readers_only(world, company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = register(world, company)
    secret = register(world, company, "toi_mat")
    client = world.client("po_c1")
    upload = SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(f"/register/{document.pk}/attachments/", {"file": upload})
    assert response.status_code == 302
    attachment = document.attachments.get()
    assert attachment.original_name == "nghi-quyet.pdf"
    download = client.get(f"/register/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert world.client("po_c2").get(f"/register/attachments/{attachment.pk}/").status_code == 404

    bad = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client.post(f"/register/{document.pk}/attachments/", {"file": bad})
    assert response.status_code == 400
    assert "virus.exe" in response.content.decode()
    assert document.attachments.count() == 1

    client.post(
        f"/register/{secret.pk}/attachments/",
        {"file": SimpleUploadedFile("mat.pdf", b"%PDF", "application/pdf")},
    )
    hidden = secret.attachments.get()
    assert world.client("as_c1").get(f"/register/attachments/{hidden.pk}/").status_code == 404
    # A reader who cannot register does not attach.
    response = world.client("cmd_b1").post(
        f"/register/{document.pk}/attachments/",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF", "application/pdf")},
    )
    assert response.status_code == 403


def test_the_register_takes_the_same_queries_for_more_documents(
    world, company, django_assert_max_num_queries
):
    client = world.client("po_c1")
    register(world, company)
    client.get("/register/unit/C1/")
    with django_assert_max_num_queries(25) as few:
        client.get("/register/unit/C1/")
    for secrecy in ("", "mat", "", "toi_mat", ""):
        register(world, company, secrecy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/register/unit/C1/").content.decode()
    assert len(shown_numbers(page)) == 6
