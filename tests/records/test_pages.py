"""Document system pages through HTTP: who reads and who writes (a superior reads a company's
books but does not write them), the compliance page and the subordinates' matrix with counts and
a query count that does not grow with the units, a record book's add / correct / withdraw round
trip keeping its history, typed documents with the revision check."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khth.docsystem.records.actions import (
    add_entry,
    correct_entry,
    create_typed_document,
    withdraw_entry,
)
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.records.views import pages
from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from khth.lib import clock
from khth.periods import period_of
from khth.plans.actions import approve_plan, create_plan
from khth.units.actions import update_unit

pytestmark = pytest.mark.django_db

BOOK = "so-tong-hop-ctd"


def today() -> dt.date:
    return clock.today()


def month() -> str:
    return period_of(today(), "monthly").id


def resolution(world: Any, **changes: Any) -> TypedDocument:
    data: dict[str, Any] = {
        "dated": today(),
        "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng",
        "period_id": month(),
        "by": world.users["po_c1"],
    }
    data.update(changes)
    return create_typed_document(world.unit("C1"), "nq-thang", **data)


def entry_post(**values: str) -> dict[str, str]:
    row = {
        "ngay": today().strftime("%d/%m/%Y"),
        "mat-cong-tac": "Dân vận",
        "noi-dung": "Giúp dân thu hoạch lúa",
        "ket-qua": "30 ngày công",
    }
    row.update(values)
    return {f"col-{code}": value for code, value in row.items()}


def state_of(html: str, key: str) -> str:
    found = re.search(rf'data-testid="item-{re.escape(key)}" data-state="(\w+)"', html)
    assert found, f"{key} not on the page"
    return found[1]


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status", "writes"),
    [
        ("po_c1", 200, 200),
        ("as_c1", 200, 200),
        ("po_b1", 200, 403),
        ("cmd_b1", 200, 403),
        ("cu_r", 200, 403),
        ("po_c2", 404, 404),
        ("nobody", 404, 404),
    ],
)
def test_c1_pages_follow_scope(world, username, status, writes):
    document = resolution(world)
    entry = add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    client = world.client(username)
    assert client.get("/records/unit/C1/").status_code == status
    assert client.get(f"/records/unit/C1/books/{BOOK}/").status_code == status
    assert client.get(f"/records/documents/{document.pk}/").status_code == status
    assert client.get(f"/records/entries/{entry.pk}/correct/").status_code == writes
    assert client.get(f"/records/documents/{document.pk}/edit/").status_code == writes
    assert client.get("/records/unit/C1/documents/new/").status_code == writes


def test_the_navigation_leads_to_the_own_unit(world):
    response = world.client("po_c1").get("/records/")
    assert response.status_code == 302 and response["Location"] == "/records/unit/C1/"
    page = world.client("po_c1").get("/").content.decode()
    assert 'href="/records/unit/C1/"' in page and 'href="/records/"' not in page
    assert world.client("nobody").get("/records/")["Location"] == "/"


@pytest.mark.parametrize("username", ["cmd_b1", "po_b1", "cu_r"])
def test_a_superior_reads_a_company_book_but_does_not_write_it(world, username):
    entry = add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    client = world.client(username)
    page = client.get(f"/records/unit/C1/books/{BOOK}/").content.decode()
    assert "Giúp dân" in page
    assert 'data-testid="new-entry"' not in page
    assert f"/records/entries/{entry.pk}/correct/" not in page
    assert client.post(f"/records/unit/C1/books/{BOOK}/entries/", entry_post()).status_code == 403
    assert client.get(f"/records/entries/{entry.pk}/correct/").status_code == 403
    assert client.post(f"/records/entries/{entry.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert client.get("/records/unit/C1/documents/new/").status_code == 403
    assert BookEntry.objects.count() == 1
    assert not BookEntry.objects.get().superseded


def test_a_sibling_cannot_reach_c1_entries(world):
    entry = add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    client = world.client("po_c2")
    assert client.post(f"/records/unit/C1/books/{BOOK}/entries/", entry_post()).status_code == 404
    assert client.post(f"/records/entries/{entry.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert client.get(f"/records/documents/{resolution(world).pk}/edit/").status_code == 404


def test_a_resolution_registered_secret_is_hidden_from_people_not_cleared(world):
    document = resolution(world)
    update_unit(world.unit("C1"), by=None, party_abbr="CB")
    add_party_term(
        world.unit("C1"), name="2020", starts_on=dt.date(2020, 10, 15), by=world.users["po_c1"]
    )
    register_outgoing(
        world.unit("C1"),
        Outgoing(
            kind_code="nq-thang",
            dated=today(),
            summary=document.title,
            secrecy="toi_mat",
            typed_document=document,
        ),
        by=world.users["po_c1"],
    )
    # as_c1 (assistant) reads MẬT only.
    client = world.client("as_c1")
    assert client.get(f"/records/documents/{document.pk}/").status_code == 404
    assert client.get(f"/records/documents/{document.pk}/edit/").status_code == 404
    assert (
        f"/records/documents/{document.pk}/"
        not in client.get("/records/unit/C1/books/so-nghi-quyet/").content.decode()
    )
    page = world.client("po_c1").get(f"/records/documents/{document.pk}/").content.decode()
    assert "Số 1-NQ/CB" in page and "Đã hoàn thành" in page


def test_a_book_the_level_does_not_keep_is_not_found(world):
    client = world.client("po_c1")
    assert client.get("/records/unit/C1/books/so-gioi-thieu-sinh-hoat-dang/").status_code == 404
    assert client.get("/records/unit/C1/books/khong-co/").status_code == 404


# --- the compliance page ---------------------------------------------------------------------


def test_the_company_sees_what_it_is_missing_and_what_it_has(world):
    client = world.client("po_c1")
    key = f"doc:nq-thang:{month()}"
    page = client.get("/records/unit/C1/").content.decode()
    assert state_of(page, key) == "missing"
    assert state_of(page, f"book:{BOOK}") == "missing"
    # «Soạn» opens the form with the kind, the period and a title.
    assert f"/records/unit/C1/documents/new/?kind=nq-thang&amp;period={month()}" in page
    assert f'href="/records/unit/C1/books/{BOOK}/#new-entry"' in page

    document = resolution(world)
    add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    page = client.get("/records/unit/C1/").content.decode()
    assert state_of(page, key) == "draft"
    assert f"/records/documents/{document.pk}/" in page
    assert state_of(page, f"book:{BOOK}") == "present"

    # Ten days without an entry: a weekly book is outdated.
    BookEntry.objects.update(created_at=timezone.now() - dt.timedelta(days=10))
    page = client.get("/records/unit/C1/").content.decode()
    assert state_of(page, f"book:{BOOK}") == "outdated"
    book = client.get(f"/records/unit/C1/books/{BOOK}/").content.decode()
    assert 'data-testid="outdated"' in book and "chưa cập nhật" in book


def test_documents_of_an_assigned_task_are_asked_and_typed_for_the_task(world):
    officer = world.users["cu_r"]
    plan = create_plan(
        world.unit("R"),
        "kh-nhiem-vu",
        starts_on=today() - dt.timedelta(days=10),
        ends_on=today() + dt.timedelta(days=30),
        task_code="dien-tap",
        by=officer,
    )
    approve_plan(plan, by=officer)
    client = world.client("po_c1")
    page = client.get("/records/unit/C1/").content.decode()
    key = "task:dien-tap:nq-chuyen-de"
    assert state_of(page, key) == "missing"
    assert "/records/unit/C1/documents/new/?kind=nq-chuyen-de&amp;period=&amp;task=dien-tap" in page
    client.post(
        "/records/unit/C1/documents/new/",
        {
            "kind_code": "nq-chuyen-de",
            "task_code": "dien-tap",
            "dated": today().strftime("%d/%m/%Y"),
            "title": "Nghị quyết lãnh đạo diễn tập",
        },
    )
    assert state_of(client.get("/records/unit/C1/").content.decode(), key) == "draft"


def test_a_reader_sees_the_states_without_the_buttons(world):
    page = world.client("cmd_b1").get("/records/unit/C1/").content.decode()
    assert state_of(page, f"doc:nq-thang:{month()}") == "missing"
    assert "/records/unit/C1/documents/new/" not in page
    assert "#new-entry" not in page
    assert "Lập kế hoạch" not in page and "Lập báo cáo" not in page
    own = world.client("po_c1").get("/records/unit/C1/?date=20/07/2024").content.decode()
    assert "Lập kế hoạch" in own
    assert "/reports/open/C1/bc-thang/202407/" in own


def test_another_day_is_chosen_as_dd_mm_yyyy(world):
    client = world.client("po_c1")
    page = client.get("/records/unit/C1/?date=20/07/2024").content.decode()
    assert state_of(page, "doc:nq-thang:202407") == "missing"
    assert state_of(page, "doc:bc-dinh-ky:202407") == "missing"
    # The July report, not due before the 16th, can be opened from the page.
    page = client.get("/records/unit/C1/?date=2024-07-15").content.decode()
    assert state_of(page, "doc:bc-dinh-ky:202407") == "not_due"
    for bad in ("31/02/2024", "01/01/0001", "hôm nay"):
        response = client.get(f"/records/unit/C1/?date={bad}")
        assert response.status_code == 200
        assert "không đúng dạng dd/mm/yyyy" in response.content.decode()


def test_the_battalion_sees_its_companies_as_a_matrix_with_counts(world):
    resolution(world)
    client = world.client("po_b1")
    page = client.get("/records/unit/B1/").content.decode()
    assert 'data-testid="matrix"' in page
    key = f"doc:nq-thang:{month()}"
    c1 = page[page.index('data-unit="C1"') :]
    c1 = c1[: c1.index("</tr>")]
    c2 = page[page.index('data-unit="C2"') :]
    c2 = c2[: c2.index("</tr>")]
    assert f'data-column="{key}" data-state="draft"' in c1
    assert f'data-column="{key}" data-state="missing"' in c2
    counts = {
        state: int(n)
        for state, n in re.findall(r'data-testid="matrix-count-(\w+)">[^<]*<b>(\d+)</b>', page)
    }
    cells = re.findall(r'<td data-column="[^"]+" data-state="(\w+)"', page)
    assert sum(counts.values()) == len(cells) > 0
    assert counts["draft"] == 1
    # Only the direct subordinates unless the whole subtree is asked for.
    assert 'data-unit="C3"' not in client.get("/records/unit/R/").content.decode()
    whole = world.client("cu_r").get("/records/unit/R/?all=1").content.decode()
    assert all(f'data-unit="{code}"' in whole for code in ("B1", "B2", "C1", "C2", "C3"))
    # A company has no subordinates: no matrix.
    assert (
        'data-testid="matrix"'
        not in world.client("po_c1").get("/records/unit/C1/").content.decode()
    )


def test_the_matrix_takes_the_same_queries_for_more_units(world, django_assert_max_num_queries):
    client = world.client("cu_r")
    client.get("/records/unit/R/")  # warm the regulation cache

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    two = count("/records/unit/R/")  # B1, B2
    five = count("/records/unit/R/?all=1")  # B1, B2, C1, C2, C3
    assert two == five
    # One snapshot (a fixed set of queries) for the unit's own column and its subordinates'
    # matrix together: 25 when each had its own.
    with django_assert_max_num_queries(17):
        client.get("/records/unit/R/?all=1")


def test_the_whole_subtree_is_shown_a_page_at_a_time(world, monkeypatch):
    monkeypatch.setattr(pages, "MATRIX_PAGE", 2)
    client = world.client("cu_r")

    def shown(query: str) -> tuple[list[str], str]:
        html = client.get(f"/records/unit/R/?all=1&date=20/07/2024{query}").content.decode()
        note = re.search(r'data-testid="matrix-page">(.*?)</p>', html, re.DOTALL)
        return re.findall(r'<tr data-unit="([^"]+)"', html), note.group(1) if note else ""

    units, note = shown("")
    assert units == ["B1", "C1"]
    assert "Đơn vị 1–2 trong 5" in note and "page=2" in note and "Trang trước" not in note
    units, note = shown("&page=3")
    assert units == ["C3"] and "Đơn vị 5–5 trong 5" in note and "Trang sau" not in note
    assert shown("&page=99")[0] == ["C3"]  # past the end: the last page
    assert shown("&page=abc")[0] == ["B1", "C1"]
    # Direct subordinates, fewer than a page: no paging line.
    monkeypatch.setattr(pages, "MATRIX_PAGE", 100)
    assert shown("")[1] == ""


# --- a record book ---------------------------------------------------------------------------


def test_add_correct_withdraw_keeps_the_history(world):
    client = world.client("po_c1")
    url = f"/records/unit/C1/books/{BOOK}/"
    response = client.post(url + "entries/", entry_post(ngay="05/07/2024"))
    assert response.status_code == 302 and response["Location"] == url + "#line-1"
    first = BookEntry.objects.get()
    assert first.values["ngay"] == "2024-07-05"
    client.post(url + "entries/", entry_post(**{"noi-dung": "Dòng thứ hai"}))

    # The correction form starts from the entry as it is written, dates as dd/mm/yyyy.
    form = client.get(f"/records/entries/{first.pk}/correct/").content.decode()
    assert 'value="05/07/2024"' in form
    response = client.post(
        f"/records/entries/{first.pk}/correct/",
        {**entry_post(ngay="06/07/2024", **{"ket-qua": "32 ngày công"}), "reason": "Ghi nhầm"},
    )
    assert response.status_code == 302
    correction = BookEntry.objects.get(corrects=first)
    assert correction.line == 1 and correction.values["ket-qua"] == "32 ngày công"

    second = BookEntry.objects.get(line=2)
    response = client.post(f"/records/entries/{second.pk}/withdraw/", {"reason": "Trùng dòng"})
    assert response.status_code == 302

    page = client.get(url).content.decode()
    current = page[page.index('data-testid="entries"') : page.index('data-testid="new-entry"')]
    assert "32 ngày công" in current
    assert "Dòng thứ hai" not in current
    history = page[page.index('data-testid="book-history"') :]
    assert "<del>30 ngày công</del>" in history
    assert "Đã sửa</b>: Ghi nhầm" in history
    assert "<del>Dòng thứ hai</del>" in history
    assert "Đã hủy</b>: Trùng dòng" in history
    assert history.count("Phạm Văn Một") >= 2
    # Nothing was deleted: three rows, the old ones superseded.
    assert BookEntry.objects.count() == 3
    assert set(BookEntry.objects.filter(superseded=True).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }

    # A superseded entry is not corrected or withdrawn again.
    response = client.get(f"/records/entries/{first.pk}/correct/", follow=True)
    assert "đã bị sửa hoặc hủy" in response.content.decode()
    response = client.post(f"/records/entries/{second.pk}/withdraw/", {"reason": "x"}, follow=True)
    assert "đã bị sửa hoặc hủy" in response.content.decode()


def test_the_book_takes_the_same_queries_for_more_entries(world):
    client = world.client("po_c1")
    url = f"/records/unit/C1/books/{BOOK}/"
    row = {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"}

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    def write(n: int) -> None:
        for _i in range(n):
            entry = add_entry(world.unit("C1"), BOOK, row, by=world.users["po_c1"])
            correct_entry(entry, row, reason="Sửa", by=world.users["as_c1"])
            withdraw_entry(
                add_entry(world.unit("C1"), BOOK, row, by=world.users["po_c1"]),
                reason="Trùng",
                by=world.users["po_c1"],
            )

    write(1)
    client.get(url)
    few = count()
    write(4)
    assert count() == few


def test_bad_entries_are_named_by_column_and_kept(world):
    client = world.client("po_c1")
    response = client.post(
        f"/records/unit/C1/books/{BOOK}/entries/",
        entry_post(ngay="31/02/2024", **{"mat-cong-tac": "Không có", "noi-dung": ""}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-ngay"' in page and "không phải ngày (dd/mm/yyyy)" in page
    assert 'data-testid="error-mat-cong-tac"' in page
    assert 'data-testid="error-noi-dung"' in page and "bắt buộc phải ghi" in page
    assert 'value="31/02/2024"' in page  # the input is kept
    assert "30 ngày công" in page
    assert BookEntry.objects.count() == 0


def test_a_correction_and_a_withdrawal_need_a_reason(world):
    entry = add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    client = world.client("po_c1")
    response = client.post(f"/records/entries/{entry.pk}/correct/", {**entry_post(), "reason": ""})
    assert response.status_code == 400
    assert "Sửa sổ phải ghi lý do" in response.content.decode()
    response = client.post(f"/records/entries/{entry.pk}/withdraw/", {"reason": " "}, follow=True)
    assert "Hủy dòng sổ phải ghi lý do" in response.content.decode()
    assert not BookEntry.objects.get(pk=entry.pk).superseded


def test_the_entry_form_follows_the_column_types(world):
    page = (
        world.client("po_c1")
        .get("/records/unit/C1/books/so-thong-ke-chat-luong-chinh-tri/")
        .content.decode()
    )
    assert '<select id="f-col-doan-vien" name="col-doan-vien">' in page  # boolean
    assert 'name="col-nhap-ngu" value="" placeholder="dd/mm/yyyy"' in page  # date
    assert 'name="col-nam-sinh" value="" inputmode="decimal"' in page  # integer
    response = world.client("po_c1").post(
        "/records/unit/C1/books/so-thong-ke-chat-luong-chinh-tri/entries/",
        {
            "col-ho-ten": "Nguyễn Văn Đạt",
            "col-nam-sinh": "2004",
            "col-cap-bac": "Binh nhất",
            "col-chuc-vu": "Chiến sĩ",
            "col-dien": "Quần chúng ưu tú",
            "col-doan-vien": "1",
        },
    )
    assert response.status_code == 302
    assert BookEntry.objects.get().values["doan-vien"] is True


def test_the_resolution_book_lists_typed_resolutions(world):
    document = resolution(world)
    page = world.client("po_c1").get("/records/unit/C1/books/so-nghi-quyet/").content.decode()
    assert 'data-testid="book-typed"' in page
    assert f"/records/documents/{document.pk}/" in page


@pytest.mark.parametrize(
    "post",
    [
        {},
        {"col-ngay": "01/01/0001", "col-mat-cong-tac": "x" * 9000, "col-khac": "?"},
        {"reason": "", "col-noi-dung": "\x00"},
    ],
)
def test_garbage_never_makes_an_error_page(world, post):
    entry = add_entry(
        world.unit("C1"),
        BOOK,
        {"ngay": "01/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"},
        by=world.users["po_c1"],
    )
    document = resolution(world)
    client = world.client("po_c1")
    for url in (
        f"/records/unit/C1/books/{BOOK}/entries/",
        f"/records/entries/{entry.pk}/correct/",
        f"/records/entries/{entry.pk}/withdraw/",
        "/records/unit/C1/documents/new/",
        f"/records/documents/{document.pk}/edit/",
    ):
        assert client.post(url, post, follow=True).status_code < 500, url


# --- typed documents -------------------------------------------------------------------------


def test_typing_a_monthly_resolution(world):
    client = world.client("po_c1")
    form = client.get(
        f"/records/unit/C1/documents/new/?kind=nq-thang&period={month()}&title=NQ+tháng"
    ).content.decode()
    assert 'value="NQ tháng"' in form and f'value="{month()}"' in form
    assert 'data-testid="typed-body"' in form
    # Plans are made on the planning pages.
    assert 'value="kh-ctd-thang"' not in form
    response = client.post(
        "/records/unit/C1/documents/new/",
        {
            "kind_code": "nq-thang",
            "period_id": month(),
            "dated": today().strftime("%d/%m/%Y"),
            "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng",
            "body": "<p>Chi bộ <b>lãnh đạo</b></p><script>alert(1)</script>",
        },
    )
    document = TypedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/records/documents/{document.pk}/"
    assert document.body == "<p>Chi bộ <b>lãnh đạo</b></p>"
    page = client.get(response["Location"]).content.decode()
    assert "Dự thảo" in page and "<b>lãnh đạo</b>" in page
    assert f"/register/unit/C1/?direction=out&amp;typed={document.pk}" in page


def test_a_kind_alone_brings_its_period_and_title(world):
    page = world.client("po_c1").get("/records/unit/C1/documents/new/?kind=nq-thang")
    html = page.content.decode()
    current = period_of(today(), "monthly")
    assert f'name="period_id" value="{current.id}"' in html
    title = (
        f"Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng {current.start.month}/{current.start.year}"
    )
    assert f'value="{title}"' in html


def test_bad_typed_document_input_is_named(world):
    client = world.client("po_c1")
    response = client.post(
        "/records/unit/C1/documents/new/",
        {"kind_code": "nq-thang", "period_id": "2024-13", "dated": "32/01/2024", "title": "Tên"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "dd/mm/yyyy" in page
    assert 'value="Tên"' in page
    # A kind the company does not issue is refused as a choice.
    response = client.post(
        "/records/unit/C1/documents/new/",
        {"kind_code": "nq-quy", "dated": "01/07/2024", "title": "x"},
    )
    assert response.status_code == 400
    assert TypedDocument.objects.count() == 0


def test_editing_checks_the_revision_and_keeps_the_input(world):
    document = resolution(world)
    client = world.client("as_c1")
    form = client.get(f"/records/documents/{document.pk}/edit/").content.decode()
    assert 'name="revision" value="1"' in form
    post = {
        "title": "Nghị quyết tháng, bản sửa",
        "dated": today().strftime("%d/%m/%Y"),
        "body": "<p>Nội dung mới</p>",
        "revision": "1",
    }
    assert client.post(f"/records/documents/{document.pk}/edit/", post).status_code == 302
    document.refresh_from_db()
    assert document.revision == 2 and document.title == "Nghị quyết tháng, bản sửa"
    # Someone else saves from the first revision: refused, their text shown again.
    stale = {**post, "title": "Bản của người khác", "body": "<p>Đoạn văn tôi vừa gõ</p>"}
    response = world.client("po_c1").post(f"/records/documents/{document.pk}/edit/", stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    assert "Đoạn văn tôi vừa gõ" in page and 'value="Bản của người khác"' in page
    document.refresh_from_db()
    assert document.title == "Nghị quyết tháng, bản sửa"


@pytest.mark.parametrize(("username", "status"), [("cmd_b1", 403), ("po_b1", 403), ("po_c2", 404)])
def test_only_the_unit_s_writers_type_its_documents(world, username, status):
    document = resolution(world)
    client = world.client(username)
    assert client.get(f"/records/documents/{document.pk}/edit/").status_code == status
    post = {"title": "x", "dated": "01/07/2024", "body": "", "revision": "1"}
    assert client.post(f"/records/documents/{document.pk}/edit/", post).status_code == status
    new = {"kind_code": "nq-thang", "dated": "01/07/2024", "title": "x"}
    assert client.post("/records/unit/C1/documents/new/", new).status_code == status
    assert TypedDocument.objects.count() == 1
