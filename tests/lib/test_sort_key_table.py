"""The one Vietnamese sort key (khth.lib.vietnamese.sort_key) as a table, and the key being plain
ASCII that a database orders as bytes: lists ORDER BY the stored key (``sort_name``)."""

from __future__ import annotations

import string
import unicodedata

import pytest

from khth.lib.vietnamese import person_sort_key, sort_key


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("smaller", "larger", "why"),
    [
        ("a", "à", "no tone before huyền"),
        ("à", "ả", "huyền before hỏi"),
        ("ả", "ã", "hỏi before ngã"),
        ("ã", "á", "ngã before sắc"),
        ("á", "ạ", "sắc before nặng"),
        ("ạ", "ă", "base letter before tone: a < ă"),
        ("ặ", "â", "ă < â"),
        ("ậ", "b", "â < b"),
        ("dz", "đa", "d < đ"),
        ("ệ", "g", "e < ê < g"),
        ("ộ", "ơ", "o < ô < ơ"),
        ("ợ", "p", "ơ < p"),
        ("ụ", "ư", "u < ư"),
        ("Hà", "Huỳnh", "letters before tones"),
        ("Bà", "Bả", "tones after the base letters, over the whole text"),
        ("Lê An", "Lê Anh", "a space ends a syllable"),
        ("Lê An Bình", "Lê Anh", "syllables left to right"),
        ("ba", "Ba", "case breaks ties only"),
        ("Ba", "bà", "case after tones"),
        ("Ba", "bả", "case-insensitive first"),
    ],
)
def test_sort_key_order(smaller: str, larger: str, why: str) -> None:
    assert sort_key(smaller) < sort_key(larger), why
    assert sort_key(nfd(smaller)) < sort_key(nfd(larger)), why


@pytest.mark.parametrize(
    "text", ["Huỳnh Thị Hà", nfd("Huỳnh Thị Hà"), "  Huỳnh  Thị\tHà ", "Huỳnh Thị Hà"]
)
def test_nfc_nfd_and_spacing_give_one_key(text: str) -> None:
    assert sort_key(text) == sort_key("Huỳnh Thị Hà")


@pytest.mark.parametrize("text", ["", "Đảng ủy Quân sự tỉnh", "Müller & Co. 10", "中文", "Ý"])
def test_key_is_lowercase_ascii_letters_and_digits(text: str) -> None:
    # Only these characters sort as bytes under every collation a database may use, so the
    # database orders the stored key exactly as Python does.
    assert set(sort_key(text)) <= set(string.digits + string.ascii_lowercase)
    assert set(person_sort_key(text)) <= set(string.digits + string.ascii_lowercase)


def test_partners_sort_as_icu_vi_orders_them() -> None:
    names = ["Huỳnh", "Hà", "Hạ", "Hà Nội", "Ha", "Đà Nẵng", "Dương", "Ân", "Ăn", "An", "Ơn", "Ôn"]
    expected = ["An", "Ăn", "Ân", "Dương", "Đà Nẵng", "Ha", "Hà", "Hạ", "Hà Nội", "Huỳnh"]
    expected += ["Ôn", "Ơn"]
    assert sorted(names, key=sort_key) == expected
