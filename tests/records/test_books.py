"""Record book entries: typed values, corrections that keep the original, withdrawals with a
reason, freshness by the book's frequency."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.audit.models import AuditEntry
from khth.docsystem.records.actions import (
    ContentError,
    RecordError,
    add_entry,
    correct_entry,
    withdraw_entry,
)
from khth.docsystem.records.books import is_outdated
from khth.docsystem.records.models import BookEntry
from khth.regulations.access import active_regulation

pytestmark = pytest.mark.django_db

BOOK = "so-tong-hop-ctd"
ROW = {
    "ngay": "05/07/2024",
    "mat-cong-tac": "Giáo dục chính trị",
    "noi-dung": "Học tập chuyên đề 3",
}


def test_values_are_typed_and_lines_numbered(world):
    first = add_entry(world.unit("C1"), BOOK, ROW, by=world.users["as_c1"])
    second = add_entry(
        world.unit("C1"), BOOK, {**ROW, "ngay": "2024-07-06"}, by=world.users["po_c1"]
    )
    assert (first.line, second.line) == (1, 2)
    assert first.values == {
        "ngay": "2024-07-05",
        "mat-cong-tac": "Giáo dục chính trị",
        "noi-dung": "Học tập chuyên đề 3",
    }
    # Another unit's book numbers its own lines.
    assert add_entry(world.unit("C2"), BOOK, ROW, by=world.users["po_c2"]).line == 1


def test_bad_values_are_named_by_column_and_nothing_is_saved(world):
    bad = {"ngay": "31/02/2024", "mat-cong-tac": "Khác", "noi-dung": "", "la": "x"}
    with pytest.raises(ContentError) as info:
        add_entry(world.unit("C1"), BOOK, bad, by=world.users["as_c1"])
    assert dict(info.value.problems) == {
        "la": "sổ không có cột này",
        "Ngày": "«31/02/2024» không phải ngày (dd/mm/yyyy)",
        "Mặt công tác": info.value.problems[2][1],
        "Nội dung": "bắt buộc phải ghi",
    }
    assert "không có trong danh sách" in info.value.problems[2][1]
    assert not BookEntry.objects.exists()


def test_only_the_unit_writes_its_books_and_only_books_of_its_level(world):
    for outsider in ("po_b1", "cmd_b1", "po_c2"):
        with pytest.raises(RecordError):
            add_entry(world.unit("C1"), BOOK, ROW, by=world.users[outsider])
    with pytest.raises(RecordError, match="không giữ"):
        add_entry(world.unit("C1"), "so-gioi-thieu-sinh-hoat-dang", ROW, by=world.users["as_c1"])


def test_a_correction_keeps_the_original_and_its_line(world):
    entry = add_entry(world.unit("C1"), BOOK, ROW, by=world.users["as_c1"])
    with pytest.raises(RecordError, match="lý do"):
        correct_entry(
            entry, {**ROW, "noi-dung": "Học tập chuyên đề 4"}, reason=" ", by=world.users["as_c1"]
        )
    fixed = correct_entry(
        entry,
        {**ROW, "noi-dung": "Học tập chuyên đề 4"},
        reason="Ghi nhầm chuyên đề",
        by=world.users["as_c1"],
    )
    entry.refresh_from_db()
    assert entry.superseded and entry.values["noi-dung"] == "Học tập chuyên đề 3"
    assert (fixed.line, fixed.corrects_id, fixed.values["noi-dung"]) == (
        1,
        entry.pk,
        "Học tập chuyên đề 4",
    )
    with pytest.raises(RecordError):
        correct_entry(entry, ROW, reason="lần nữa", by=world.users["as_c1"])
    assert AuditEntry.objects.filter(action="records.entry.corrected").count() == 1


def test_a_withdrawal_keeps_the_entry_with_its_reason(world):
    entry = add_entry(world.unit("C1"), BOOK, ROW, by=world.users["as_c1"])
    withdraw_entry(entry, reason="Ghi trùng dòng 1", by=world.users["po_c1"])
    entry.refresh_from_db()
    assert entry.superseded and entry.withdrawn_reason == "Ghi trùng dòng 1"
    assert BookEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "age", "outdated"),
    [
        ("so-tong-hop-ctd", 7, False),  # weekly
        ("so-tong-hop-ctd", 8, True),
        ("so-nghi-quyet", 31, False),  # monthly
        ("so-nghi-quyet", 32, True),
        ("so-bien-ban-sinh-hoat-dang", 900, False),  # per event: never outdated
    ],
)
def test_freshness_by_frequency(regulation, code, age, outdated):
    book = active_regulation().record_book(code)
    today = dt.date(2024, 7, 31)
    assert is_outdated(book, today - dt.timedelta(days=age), today) is outdated
    assert is_outdated(book, None, today) is False
