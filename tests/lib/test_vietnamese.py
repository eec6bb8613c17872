import datetime as dt
import random
import unicodedata
from decimal import Decimal

import pytest

from khth.lib.vietnamese import (
    fold,
    format_number,
    format_percent,
    military_date,
    nfc,
    official_date,
    parse_number,
    person_sort_key,
    same_name,
    short_date,
    sort_key,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# Every vowel that can carry a tone, with each of the six tones (none, huyền, hỏi, ngã, sắc, nặng).
VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
TONED_VOWELS = [(nfc(vowel + mark), vowel) for vowel in VOWELS for mark in TONE_MARKS]
PLAIN = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o", "ơ": "o"}
PLAIN |= {"u": "u", "ư": "u", "y": "y"}


# --- nfc ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đa\u0309ng u\u0309y", "Đảng ủy"),
        ("Nguye\u0302\u0303n", "Nguyễn"),
        # Tone typed before the circumflex: NFC cannot make "ễ" of it, so it is not "Nguyễn".
        ("Nguye\u0303\u0302n", "Nguy\u1ebd\u0302n"),
        ("Đảng ủy", "Đảng ủy"),
        ("", ""),
    ],
)
def test_nfc(raw: str, expected: str) -> None:
    assert nfc(raw) == expected
    assert nfc(nfc(raw)) == nfc(raw)


# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng ủy", "dang uy"),
        ("ĐẢNG ỦY", "dang uy"),
        ("đảng ủy", "dang uy"),
        ("Đa\u0309ng u\u0309y", "dang uy"),  # decomposed input
        ("  Đảng \t ủy\n quân sự  ", "dang uy quan su"),
        ("Chi bộ\u00a0Đại đội 1", "chi bo dai doi 1"),  # no-break space collapses too
        ("Ðảng", "dang"),  # U+00D0, the look-alike of Đ
        ("Trường Sĩ quan Chính trị", "truong si quan chinh tri"),
        ("Ơn, Ưng, Ứng, Ờ", "on, ung, ung, o"),
        ("Thượng úy", "thuong uy"),
        ("Straße", "strasse"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(("vowel", "base"), TONED_VOWELS)
def test_fold_strips_tone_and_letter_marks_from_every_vowel(vowel: str, base: str) -> None:
    for form in (vowel, vowel.upper(), nfd(vowel), nfd(vowel.upper())):
        assert fold(form) == PLAIN[base]


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("hoà", "hòa"),
        ("Hoà bình", "Hòa bình"),
        ("thuỷ", "thủy"),
        ("uỷ ban", "ủy ban"),
        ("Đảng uỷ", "Đảng ủy"),
        ("khoẻ", "khỏe"),
        ("loá", "lóa"),
        ("quỳ", "qùy"),
        ("HOÀ", "hòa"),
        (nfd("hoà"), "hòa"),
    ],
)
def test_fold_matches_old_and_new_tone_placement(old_style: str, new_style: str) -> None:
    assert old_style != new_style
    assert fold(old_style) == fold(new_style)


def test_fold_does_not_equate_i_and_y() -> None:
    # Spelling variants (lý/lí) are different words to a machine; only marks and case are folded.
    assert fold("Quản lý") != fold("quản lí")


# --- sort_key ----------------------------------------------------------------------------------

EXPECTED_ORDER = [
    "1",
    "10",
    "2",
    "a",
    "à",
    "ả",
    "ã",
    "á",
    "ạ",
    "An",
    "Anh",
    "Ánh",
    "ă",
    "ăn",
    "â",
    "ân",
    "b",
    "d",
    "Dân",
    "Dũng",
    "đ",
    "Đảng",
    "Đạt",
    "e",
    "ê",
    "Lê An",
    "Lê An Bình",
    "Lê Anh",
    "o",
    "ô",
    "ơ",
    "Ở",
    "p",
    "u",
    "ư",
    "y",
    "Ý",
    "f",
    "z",
]


@pytest.mark.parametrize("seed", range(5))
def test_sorted_gives_vietnamese_alphabetical_order(seed: int) -> None:
    words = EXPECTED_ORDER.copy()
    random.Random(seed).shuffle(words)  # noqa: S311 - shuffling test input, not security
    assert sorted(words, key=sort_key) == EXPECTED_ORDER
    assert sorted(reversed(EXPECTED_ORDER), key=sort_key) == EXPECTED_ORDER


def test_sorted_accepts_decomposed_input() -> None:
    words = [nfd(word) for word in EXPECTED_ORDER]
    assert sorted(reversed(words), key=sort_key) == words


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("an", "ăn"),
        ("ăn", "ân"),
        ("ân", "b"),
        ("ạn", "ăn"),  # base letters decide before tones
        ("ạ", "an"),
        ("Anh", "Ánh"),
        ("Ánh", "Ảnh đẹp"),
        ("Ánh", "B"),
        ("Ánh", "Z"),
        ("Dzung", "Đa"),
        ("Dữ", "đa"),
        ("Đỗ", "E"),
        ("Ơ", "P"),
        ("ôn", "ơ"),
        ("Ư", "V"),
        ("ụ", "ư"),
        ("y", "f"),
        ("Yến", "Facebook"),
        ("9", "a"),
        ("Lê An", "Lê Anh"),
        ("Lê An Bình", "Lê Anh"),
        ("Lê  An", "Lê Anh"),
        ("Tổ 1", "Tổ A"),
        ("an", "An"),  # case only breaks ties
        ("An", "AN"),
        ("an", "Ăn"),
        ("d", "Đ"),
        ("hoa", "hòa"),
        ("hòa", "hỏa"),
        ("hỏa", "hõa"),
        ("hõa", "hóa"),
        ("hóa", "họa"),
        ("hòa", "hoan"),
        ("Ama", "Amé"),
        ("Müller", "Mun"),
    ],
)
def test_sort_key_pairs(smaller: str, larger: str) -> None:
    assert sort_key(smaller) < sort_key(larger)
    assert sort_key(nfd(smaller)) < sort_key(nfd(larger))


@pytest.mark.parametrize("vowel", VOWELS)
def test_tones_sort_none_huyen_hoi_nga_sac_nang_on_every_vowel(vowel: str) -> None:
    toned = [nfc(vowel + mark) for mark in TONE_MARKS]
    assert sorted(reversed(toned), key=sort_key) == toned
    upper = [word.upper() for word in toned]
    assert sorted(reversed(upper), key=sort_key) == upper


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Nguyễn", nfd("Nguyễn")),
        ("Nguyễn", "Nguye\u0303\u0302n"),  # tone typed before the circumflex
        ("Ượt", nfd("Ượt")),
        ("Lê An", "  Lê \t An "),
        ("Đảng ủy", nfd("Đảng ủy")),
    ],
)
def test_sort_key_equal_forms(one: str, other: str) -> None:
    assert sort_key(one) == sort_key(other)


def test_sort_key_puts_empty_before_punctuation_before_digits() -> None:
    assert sort_key("") == sort_key("  ")  # whitespace alone is trimmed away
    assert sort_key("") < sort_key("-")
    assert sort_key("-") < sort_key("0")


# --- person_sort_key ---------------------------------------------------------------------------


def test_person_sort_by_given_name() -> None:
    names = [
        "Trần Văn Bình",
        "Nguyễn Thị An",
        "Lê Văn Ánh",
        "Đỗ Minh Anh",
        "Phạm Đức Đạt",
        "Hoàng Văn Dũng",
    ]
    assert sorted(names, key=person_sort_key) == [
        "Nguyễn Thị An",
        "Đỗ Minh Anh",
        "Lê Văn Ánh",
        "Trần Văn Bình",
        "Hoàng Văn Dũng",
        "Phạm Đức Đạt",
    ]


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("Nguyễn Văn An", "Bùi Anh"),  # given name first
        ("Bùi Văn An", "Nguyễn Thị An"),  # then family name
        ("Lê Văn An", "Lệ Thị An"),  # the family name is compared whole before middle names
        ("Nguyễn Thị An", "Nguyễn Văn An"),  # then middle names
        ("Nguyễn An", "Nguyễn Thị An"),
        ("Đặng Văn Ơn", "Nguyễn Văn Phúc"),
        ("Vũ Ư", "Đoàn Văn Vĩnh"),
        ("An", "Nguyễn An"),
        ("", "An"),
    ],
)
def test_person_sort_key_pairs(smaller: str, larger: str) -> None:
    assert person_sort_key(smaller) < person_sort_key(larger)


def test_person_sort_key_ignores_form_and_spacing() -> None:
    assert person_sort_key(nfd("  Nguyễn  Thị   Ánh ")) == person_sort_key("Nguyễn Thị Ánh")


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, None, "0"),
        (7, None, "7"),
        (999, None, "999"),
        (1234, None, "1.234"),
        (1234567, None, "1.234.567"),
        (-1234567, None, "-1.234.567"),
        (1234567.8, None, "1.234.567,8"),
        (-1234.5, None, "-1.234,5"),
        (0.25, None, "0,25"),
        (3.0, None, "3"),
        (1e20, None, "100.000.000.000.000.000.000"),
        (Decimal("1234567.80"), None, "1.234.567,80"),  # a Decimal keeps its digits
        (Decimal("0.1"), None, "0,1"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("-0.0001"), None, "-0,0001"),
        (Decimal("12345678901234567890.123456789"), None, "12.345.678.901.234.567.890,123456789"),
        (1234567.8, 2, "1.234.567,80"),
        (1234567.8, 0, "1.234.568"),
        (2.675, 2, "2,68"),  # half up on the typed digits, not the binary value
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # not banker's rounding
        (-2.5, 0, "-3"),
        (-0.04, 1, "0,0"),  # no negative zero
        (1234, 2, "1.234,00"),
        (Decimal("99.95"), 1, "100,0"),
        (Decimal("12345678901234567890123456789.5"), 0, "12.345.678.901.234.567.890.123.456.790"),
    ],
)
def test_format_number(value: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity")]
)
def test_format_number_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(ValueError, match="cannot format"):
        format_number(value)


def test_format_number_rejects_bool_and_negative_decimals() -> None:
    with pytest.raises(TypeError):
        format_number(True)
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, -1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (95.8, 1, "95,8%"),
        (100, 1, "100,0%"),
        (33.333, 1, "33,3%"),
        (66.666, 2, "66,67%"),
        (Decimal("12.5"), 0, "13%"),
        (1234.5, 1, "1.234,5%"),
        (95.8, None, "95,8%"),
        (-2.25, 1, "-2,3%"),
    ],
)
def test_format_percent(value: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert format_percent(value, decimals) == expected


def test_format_percent_defaults_to_one_decimal() -> None:
    assert format_percent(95.84) == "95,8%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,8", Decimal("1234567.8")),
        ("95,8", Decimal("95.8")),
        ("1234", Decimal("1234")),
        ("1.234", Decimal("1234")),  # a thousands separator, never a decimal point
        ("0", Decimal("0")),
        ("0,5", Decimal("0.5")),
        ("1234,56", Decimal("1234.56")),
        ("-1.234,5", Decimal("-1234.5")),
        ("+12", Decimal("12")),
        ("-0", Decimal("0")),
        ("  1.000  ", Decimal("1000")),
        ("007", Decimal("7")),
        ("1.000.000.000.000.000.000.000.000,000001", Decimal("1000000000000000000000000.000001")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    result = parse_number(text)
    assert result == expected
    assert str(result) == str(expected)  # exact, including the digits after the comma


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1.23",  # English decimal or a typo: ambiguous
        "1.2345",
        "0.123",
        "12.34.567",
        "1234.567",
        "1,234.5",  # English notation
        "1,234,567",
        "1.234,",
        ",5",
        "5,",
        "1 234",
        "95,8%",
        "--1",
        "1e5",
        "١٢",  # Arabic-Indic digits
        "NaN",
    ],
)
def test_parse_number_rejects_ambiguous_and_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="không phải là số hợp lệ") as excinfo:
        parse_number(text)
    assert f"“{text}”" in str(excinfo.value)


@pytest.mark.parametrize(
    "value", [Decimal("0"), Decimal("1234567.8"), Decimal("-1234.50"), Decimal("999.999")]
)
def test_parse_number_reads_what_format_number_writes(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "place", "expected"),
    [
        (dt.date(2024, 2, 5), "Sóc Trăng", "Sóc Trăng, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 2, 5), None, "ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 2, 5), "", "ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 1, 1), None, "ngày 01 tháng 01 năm 2024"),
        (dt.date(2024, 1, 31), None, "ngày 31 tháng 01 năm 2024"),
        (dt.date(2024, 3, 9), None, "ngày 09 tháng 3 năm 2024"),
        (dt.date(2024, 7, 15), None, "ngày 15 tháng 7 năm 2024"),
        (dt.date(2024, 10, 10), None, "ngày 10 tháng 10 năm 2024"),
        (dt.date(2024, 11, 20), None, "ngày 20 tháng 11 năm 2024"),
        (dt.date(2024, 12, 31), "Hà Nội", "Hà Nội, ngày 31 tháng 12 năm 2024"),
        (dt.date(2024, 2, 29), nfd(" Cần Thơ "), "Cần Thơ, ngày 29 tháng 02 năm 2024"),
    ],
)
def test_official_date(day: dt.date, place: str | None, expected: str) -> None:
    assert official_date(day, place) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2017, 7, 25), "25-7-2017"),
        (dt.date(2024, 2, 5), "5-2-2024"),
        (dt.date(2024, 12, 31), "31-12-2024"),
    ],
)
def test_military_date(day: dt.date, expected: str) -> None:
    assert military_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 2, 5), "05/02/2024"),
        (dt.date(2017, 7, 25), "25/07/2017"),
        (dt.date(2024, 12, 31), "31/12/2024"),
    ],
)
def test_short_date(day: dt.date, expected: str) -> None:
    assert short_date(day) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bà", "BÀ", True),
        ("Bà", "Ba\u0300", True),  # the same letters, decomposed
        ("Nguyễn  Văn Ba", "nguyễn văn ba", True),
        ("Ba", "Bà", False),  # a tone makes another name
        ("Bình", "Bính", False),
        ("Đà", "Da", False),
    ],
)
def test_same_name_is_only_the_very_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same
