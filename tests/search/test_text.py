"""Folding, tokens and snippets: pure functions, no database."""

from __future__ import annotations

import unicodedata

import pytest

from khth.search.text import (
    MAX_FOLDED,
    MAX_QUERY_TOKENS,
    MAX_TOKEN,
    fold_char,
    fold_text,
    highlight,
    index_text,
    query_tokens,
    title_hits,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def finds(query: str, text: str) -> bool:
    """What the databases do: every query token starts some token of the text."""
    words = index_text("", text).split()
    tokens = query_tokens(query)
    return bool(tokens) and all(any(w.startswith(t) for w in words) for t in tokens)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("dang uy", "Đảng ủy"),
        ("DANG UY", "Đảng ủy"),
        ("Đảng ủy", "ĐẢNG ỦY"),
        ("đ", "Đội"),  # đ/Đ are letters of their own, not d + a mark
        ("Đ", "đội"),
        ("hoà", "hòa"),  # old and new accent placement
        ("hòa", "hoà"),
        ("uỷ", "ủy"),
        ("ủy", "uỷ"),
        ("thuy", "Thủy"),
        (nfd("Đảng ủy"), "Đảng ủy"),  # decomposed input
        ("Đảng ủy", nfd("Đảng ủy")),
        ("dang", "đảng"),
        ("uy", "ủy ban"),  # a prefix of a token
        ("nghi quyet", "nghị quyết"),
        ("so 15 nq", "Số 15-NQ/ĐU"),  # punctuation separates tokens on both sides
        ("nguyen van", "Nguyễn  Văn\tAn"),
        ("dao", "Đào"),
    ],
)
def test_accent_and_case_insensitive(query: str, text: str) -> None:
    assert finds(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("ang", "Đảng"),  # inside a word, not at its start
        ("dang uy", "Đảng viên"),  # every token must match
        ("dangu", "Đảng ủy"),  # tokens do not run across a space
        ("d", "ủy ban"),
    ],
)
def test_non_matches(query: str, text: str) -> None:
    assert not finds(query, text)


def test_query_tokens() -> None:
    assert query_tokens("  Đảng ủy,  ĐẢNG!! ") == ("dang", "uy")
    assert query_tokens("!!! … «» -- ") == ()
    assert query_tokens("\x00Đảng\x00ủy\x1f") == ("dang", "uy")
    assert query_tokens(nfd("Hoà Bình")) == ("hoa", "binh")
    many = " ".join(f"t{i}" for i in range(30))
    assert len(query_tokens(many)) == MAX_QUERY_TOKENS
    assert len(query_tokens(many, limit=None)) == 30
    assert query_tokens("x" * 10_000) == ("x" * 200,)  # only the first 200 characters are read


def test_fold_char_keeps_word_and_mark_apart() -> None:
    assert fold_char("Đ") == "d"
    assert fold_char("ủ") == "u"
    assert fold_char(" ") == " "
    assert fold_char("-") == " "
    assert fold_char("\u0301") == ""  # a combining mark NFC left alone: ignored, not a space
    assert fold_char("\u00ad") == ""  # soft hyphen
    assert fold_char("ß") == "ss"  # one character, two letters


def test_index_text_drops_long_tokens_and_caps_length() -> None:
    long = "a" * (MAX_TOKEN + 1)
    assert index_text("Tiêu đề", f"x {long} y") == "tieu de x y"
    folded = index_text("", "ab " * (MAX_FOLDED // 2))
    assert len(folded) <= MAX_FOLDED
    assert folded.endswith("ab")


def test_fold_text_matches_khth_fold_on_vietnamese() -> None:
    from khth.lib.vietnamese import fold

    text = "Đảng ủy Quân sự Trung ương; HỘI NGHỊ lần thứ 7 — Hòa Bình, Thừa Thiên Huế"
    words = "".join(c if c.isalnum() else " " for c in fold(text)).split()
    assert fold_text(text) == " ".join(words)


def test_title_hits() -> None:
    assert title_hits("Nghị quyết Đảng ủy", ("dang", "uy")) == 2
    assert title_hits("Nghị quyết Đảng ủy", ("dang", "kiem")) == 1
    assert title_hits("", ("dang",)) == 0


def test_snippet_escapes_and_marks() -> None:
    html = highlight('<b>Đảng ủy</b> & "chi ủy" <script>', query_tokens("dang uy"))
    assert html == (
        "&lt;b&gt;<mark>Đảng</mark> <mark>ủy</mark>&lt;/b&gt; &amp; &quot;chi <mark>ủy</mark>"
        "&quot; &lt;script&gt;"
    )


def test_snippet_keeps_the_original_letters() -> None:
    # Matches are shown as written (old-style accent, decomposed marks, ß), not folded.
    assert highlight("Đảng uỷ", ("uy",)) == "Đảng <mark>uỷ</mark>"
    decomposed = "Ho" + "\u0300" + "a"  # "Hòa" typed as o + combining grave, not composed
    assert highlight(f"xã {decomposed} An", ("hoa",)) == f"xã <mark>{decomposed}</mark> An"
    assert highlight("Straße 5", ("strasse",)) == "<mark>Straße</mark> 5"


def test_snippet_window_around_the_first_match() -> None:
    words = [f"w{i}" for i in range(100)]
    words[60] = "Đảng"
    html = highlight(" ".join(words), ("dang",))
    assert html.startswith("… w50 ")
    assert "<mark>Đảng</mark>" in html
    assert html.endswith("w79 …")
    assert len(html.split()) == 30 + 2  # thirty words and the two ellipses


def test_snippet_without_a_match_shows_the_beginning() -> None:
    text = " ".join(f"w{i}" for i in range(40))
    assert highlight(text, ("dang",)) == " ".join(f"w{i}" for i in range(30)) + " …"
    assert highlight("", ("dang",)) == ""


def test_snippet_shows_breaks_between_parts() -> None:
    assert highlight("Mục đích.\nNhiệm vụ\nBiện pháp", ("nhiem",)) == (
        "Mục đích. <mark>Nhiệm</mark> vụ · Biện pháp"
    )


def test_title_is_highlighted_whole() -> None:
    title = "«Nghị quyết» của Đảng ủy: tháng 7."
    assert highlight(title, ("dang",), words=None) == (
        "«Nghị quyết» của <mark>Đảng</mark> ủy: tháng 7."
    )
