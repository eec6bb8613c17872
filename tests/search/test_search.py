"""Search through the index on the configured database: folding, ranking, scope, secrecy.

CI runs this module on SQLite and on PostgreSQL; ``test_same_results_on_every_database`` pins
exact result lists, so both databases are proved to give the same answers in the same order.
"""

from __future__ import annotations

import random
import unicodedata
from html import escape
from typing import Any

import pytest

from khth.accounts.actions import create_user
from khth.search.index import refresh
from khth.search.models import DOCUMENT, ENTRY, SearchEntry
from khth.search.query import CAP, PAGE_SIZE, matching, search
from khth.search.text import MAX_TOKEN, index_text, query_tokens
from khth.units.access import forget_scope
from khth.units.actions import move_unit
from tests.conftest import PASSWORD
from tests.search.conftest import (
    BATTALION_TITLE,
    CONFIDENTIAL_TITLE,
    ENTRY_TITLE,
    PLAN_TITLE,
    REPORT_TITLE,
    SECRET_TITLE,
    SIBLING_TITLE,
    TYPED_TITLE,
    Corpus,
    at,
    found,
    make_typed,
)

pytestmark = pytest.mark.django_db


def secret(corpus: Corpus) -> str:
    return f"{corpus.secret.number_text} — {SECRET_TITLE}"


def confidential(corpus: Corpus) -> str:
    return f"{corpus.confidential.number_text} — {CONFIDENTIAL_TITLE}"


# --- folding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "dang uy",
        "Đảng ủy",
        "ĐẢNG ỦY",
        "Đảng uỷ",  # old-style accent placement in the query…
        unicodedata.normalize("NFD", "Đảng ủy"),  # …and decomposed input
        "đảng-ủy",
        "  dang\tuy  ",
    ],
)
def test_folding(world: Any, corpus: Corpus, query: str) -> None:
    titles = found(world, "po_c1", query)
    # The typed document is written "Đảng uỷ" (old style): found by every form of the query.
    assert TYPED_TITLE in titles
    assert PLAN_TITLE in titles
    assert ENTRY_TITLE in titles


def test_hoa_and_hoa(world: Any, corpus: Corpus) -> None:
    # The plan's body has "hòa giải"; the query "hoà" uses the old-style placement.
    assert PLAN_TITLE in found(world, "po_c1", "hoà giải")
    assert PLAN_TITLE in found(world, "po_c1", "hoa giai")


def test_prefixes_match_at_the_start_of_words_only(world: Any, corpus: Corpus) -> None:
    assert PLAN_TITLE in found(world, "po_c1", "dan u")
    assert found(world, "po_c1", "ang") == []
    assert found(world, "po_c1", "dang uyx") == []


def test_inputs_that_find_nothing(world: Any, corpus: Corpus) -> None:
    user = world.users["po_c1"]
    for query in ["", "   ", "!!!", "\x00", "«»—", "a" * 61, "x" * 100_000]:
        assert search(user, query).hits == []


# --- ranking ---------------------------------------------------------------------------------


def test_ranking(world: Any) -> None:
    """Title hits first, then more occurrences, then newer."""
    body = "<p>{}</p>"
    with at(1):
        make_typed(world, "C1", "po_c1", "Sơ kết", body.format("kiểm tra " * 5))
    with at(2):
        make_typed(world, "C1", "po_c1", "Kiểm tra định kỳ", body.format("kiểm tra"))
    with at(3):
        make_typed(world, "C1", "po_c1", "Tổng kết", body.format("kiểm tra " * 2))
    with at(4):
        make_typed(world, "C1", "po_c1", "Kế hoạch kiểm tra", body.format("không"))
    with at(5):
        make_typed(world, "C1", "po_c1", "Nhận xét", body.format("kiểm tra " * 2))
    with at(6):
        make_typed(world, "C1", "po_c1", "Kiểm tra đột xuất", body.format("không"))
    assert found(world, "po_c1", "kiem tra") == [
        "Kiểm tra định kỳ",  # both tokens in the title, and in the body too
        "Kiểm tra đột xuất",  # both in the title; newer than the next
        "Kế hoạch kiểm tra",
        "Sơ kết",  # five times in the body
        "Nhận xét",  # twice, newer
        "Tổng kết",  # twice, older
    ]


def test_pages(world: Any) -> None:
    for i in range(PAGE_SIZE + 5):
        with at(i):
            make_typed(world, "C1", "po_c1", f"Biên bản số {i}", "<p>Họp chi bộ</p>")
    user = world.users["po_c1"]
    first = search(user, "chi bo")
    assert (first.total, first.pages, len(first.hits)) == (PAGE_SIZE + 5, 2, PAGE_SIZE)
    assert first.hits[0].title == f"Biên bản số {PAGE_SIZE + 4}"  # newest first
    second = search(user, "chi bo", page=2)
    assert [h.title for h in second.hits] == [f"Biên bản số {i}" for i in range(4, -1, -1)]
    assert search(user, "chi bo", page=99).page == 2
    assert search(user, "chi bo", page=-3).page == 1
    assert not first.capped and first.total <= CAP


# --- the same answers on both databases ------------------------------------------------------


def test_same_results_on_every_database(world: Any, corpus: Corpus) -> None:
    expected = {
        ("po_c1", "dang uy", ""): [PLAN_TITLE, secret(corpus), REPORT_TITLE, ENTRY_TITLE,
                                   TYPED_TITLE],
        ("as_c1", "dang uy", ""): [PLAN_TITLE, REPORT_TITLE, ENTRY_TITLE, TYPED_TITLE],
        ("po_c1", "hoa giai", ""): [confidential(corpus), PLAN_TITLE],
        ("po_c1", "dang", ENTRY): [ENTRY_TITLE],
        ("po_c2", "dang uy", ""): [SIBLING_TITLE],
        ("po_b1", "dang uy", ""): [BATTALION_TITLE, SIBLING_TITLE, PLAN_TITLE, secret(corpus),
                                   REPORT_TITLE, ENTRY_TITLE, TYPED_TITLE],
        ("cu_r", "ke hoach", ""): [BATTALION_TITLE, PLAN_TITLE],
        ("cu_r", "so tong hop", ""): [ENTRY_TITLE, ENTRY_TITLE],
        # The typed document has it in its title; the others once each (a plan's task
        # measures, the report's text): newest first.
        ("admin_d", "nghi quyet", ""): [TYPED_TITLE, BATTALION_TITLE, REPORT_TITLE, PLAN_TITLE],
        ("cu_r", "nghi quyet", DOCUMENT): [secret(corpus)],
    }  # fmt: skip
    got = {
        (user, query, kind): found(world, user, query, kind=kind) for user, query, kind in expected
    }
    assert got == expected


# --- scope -----------------------------------------------------------------------------------


QUERIES = ["dang uy", "dang", "uy", "ke hoach", "nghi quyet", "so tong hop", "t"]


def units_found(world: Any, username: str) -> set[str]:
    user = world.users[username]
    return {hit.unit_code for q in QUERIES for hit in search(user, q).hits}


def test_scope_isolation(world: Any, corpus: Corpus) -> None:
    assert units_found(world, "po_c1") == {"C1"}
    assert units_found(world, "as_c1") == {"C1"}
    assert units_found(world, "po_c2") == {"C2"}
    assert units_found(world, "po_b1") == {"B1", "C1", "C2"}
    assert units_found(world, "cmd_b1") == {"B1", "C1", "C2"}
    assert units_found(world, "po_c3") == {"C3"}
    assert units_found(world, "cu_r") == {"B1", "C1", "C2", "C3"}
    assert units_found(world, "nobody") == set()


def test_unit_filter(world: Any, corpus: Corpus) -> None:
    assert found(world, "cu_r", "dang uy", unit=world.unit("C2")) == [SIBLING_TITLE]
    in_b1 = search(world.users["cu_r"], "dang uy", unit=world.unit("B1"))
    assert {hit.unit_code for hit in in_b1.hits} == {"B1", "C1", "C2"}


def test_scope_follows_a_moved_unit(world: Any, corpus: Corpus) -> None:
    """The index keeps no copy of paths: a move changes who finds what at once."""
    assert PLAN_TITLE in found(world, "po_b1", "dang uy")
    with at(30):
        move_unit(world.unit("C1"), world.unit("B2"), by=world.users["admin_d"])
        for user in world.users.values():  # as a new request would: scopes hold paths
            forget_scope(user)
        assert PLAN_TITLE not in found(world, "po_b1", "dang uy")
        assert PLAN_TITLE in found(world, "po_c1", "dang uy")
        assert PLAN_TITLE in found(world, "cu_r", "dang uy")


# --- secrecy ---------------------------------------------------------------------------------


def test_secret_documents(world: Any, corpus: Corpus) -> None:
    world.users["cm_c1"] = create_user(
        username="cm_c1",
        full_name="Lý Thị Ủy",
        unit=world.unit("C1"),
        role="committee_member",
        password=PASSWORD,
        by=None,
    )
    title = secret(corpus)
    # TỐI MẬT: political officers and commanders over C1 read it (document.read_toi_mat)…
    for username in ["po_c1", "po_b1", "cmd_b1", "cu_r"]:
        assert title in found(world, username, "nhan su"), username
    # …an assistant and a committee member read MẬT only; admin reads no secret at all.
    for username in ["as_c1", "cm_c1", "admin_d", "po_c2", "nobody"]:
        assert found(world, username, "nhan su") == [], username
    # MẬT: the assistant and the committee member read it; the admin does not.
    for username in ["po_c1", "as_c1", "cm_c1"]:
        assert confidential(corpus) in found(world, username, "thong bao mat"), username
    assert found(world, "admin_d", "thong bao mat") == []


def test_secrecy_is_checked_on_the_register_too(world: Any, corpus: Corpus) -> None:
    # Were the index's copy of the level wrong, the register itself still hides the document
    # (its row is older than the watermark, so refresh does not read it again).
    refresh()
    assert SearchEntry.objects.filter(kind=DOCUMENT).update(secrecy="") == 2
    assert found(world, "as_c1", "nhan su") == []
    assert secret(corpus) in found(world, "po_c1", "nhan su")


# --- the index agrees with the definition, whatever the characters ---------------------------

# Letters of many scripts, digits of several kinds, marks NFC cannot compose, characters whose
# fold is longer than themselves, invisible ones, emoji and ASCII punctuation.
ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĐđ"
    "0123456789²½Ⅻ１２"
    "ßﬁİǅΣσςЖжЁ中文字한국"
    "\u0301\u0302\u0323\u00ad\u200d"
    "😀 -_.,;:/\\'\"%*()&<>"
)


def test_matches_follow_the_definition_on_this_database(world: Any) -> None:
    """Both databases find exactly the entries whose folded tokens start with every query
    token: checked against that definition in Python on random text."""
    rng = random.Random(20240707)  # noqa: S311 (test data, fixed seed)

    def word() -> str:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))

    for i in range(40):
        with at(i):
            body = " ".join(word() for _ in range(rng.randint(3, 25)))
            make_typed(world, "C1", "po_c1", f"T{i} {word()} {word()}", f"<p>{escape(body)}</p>")
    refresh()
    entries = list(SearchEntry.objects.filter(kind="typed"))
    assert all(e.folded == index_text(e.title, e.text) for e in entries)
    all_tokens = sorted({t for e in entries for t in e.folded.split()})
    queries = [word() for _ in range(30)]
    queries += [t[: rng.randint(1, len(t))] for t in rng.sample(all_tokens, 30)]
    queries += [f"{rng.choice(all_tokens)[:2]} {rng.choice(all_tokens)[:1]}" for _ in range(20)]
    user = world.users["po_c1"]
    checked = 0
    for query in queries:
        tokens = query_tokens(query)
        if not tokens or any(len(t) > MAX_TOKEN for t in tokens):
            continue
        expected = {
            e.pk
            for e in entries
            if all(
                any(w.startswith(t) for w in index_text(e.title, e.text).split()) for t in tokens
            )
        }
        got = set(matching(user, tokens).values_list("pk", flat=True))
        assert got == expected, (query, tokens)
        checked += 1
    assert checked > 60
