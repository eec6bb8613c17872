"""The search page, the header box and GET /api/v1/search: results, snippets, odd input."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import quote

import pytest

from tests.search.conftest import (
    ENTRY_TITLE,
    PLAN_TITLE,
    SECRET_TITLE,
    SIBLING_TITLE,
    TYPED_TITLE,
    Corpus,
)

pytestmark = pytest.mark.django_db


def page(world: Any, username: str, query: str = "", **params: str) -> str:
    response = world.client(username).get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


def test_page_shows_results_with_marks(world: Any, corpus: Corpus) -> None:
    html = page(world, "po_c1", "dang uy")
    assert 'data-testid="search-results"' in html
    assert html.count('data-testid="search-hit"') == 5
    assert "Kế hoạch lãnh đạo của <mark>Đảng</mark> <mark>ủy</mark> tháng 7" in html
    # The typed document's body: written "uỷ", marked as written, its "<A> & B" escaped.
    assert "<mark>Đảng</mark> <mark>uỷ</mark> cấp trên" in html
    assert "quần chúng ưu tú &lt;A&gt; &amp; B." in html
    assert f'href="/plans/{corpus.plan.pk}/"' in html
    assert "Đại đội 1" in html
    assert "5 kết quả" in html


def test_page_filters_and_pages(world: Any, corpus: Corpus) -> None:
    html = page(world, "cu_r", "dang uy", kind="typed", unit="C2")
    assert SIBLING_TITLE.replace("Đảng ủy", "<mark>Đảng</mark> <mark>ủy</mark>") in html
    assert html.count('data-testid="search-hit"') == 1
    # The unit box is a picker holding the chosen unit, not a list of every unit.
    assert 'value="Đại đội 2 (C2)"' in html and '<option value="C2"' not in html
    # Unknown kind and unit: ignored (the unit with a note), never an error.
    html = page(world, "po_c1", "dang uy", kind="nope", unit="C3", page="abc")
    assert "Không có đơn vị này trong phạm vi của bạn" in html
    assert html.count('data-testid="search-hit"') == 5


def test_secret_titles_never_reach_the_page(world: Any, corpus: Corpus) -> None:
    marked = SECRET_TITLE.replace("nhân sự", "<mark>nhân</mark> <mark>sự</mark>")
    assert marked in page(world, "po_c1", "nhan su")
    for username in ("as_c1", "admin_d"):
        html = page(world, username, "nhan su")
        assert "nhân" not in html and "Nghị quyết mật" not in html
        assert "0 kết quả" in html


def test_scope_on_the_page(world: Any, corpus: Corpus) -> None:
    html = page(world, "po_c1", "dang uy")
    assert SIBLING_TITLE not in html and "Tiểu đoàn 1" not in html
    assert page(world, "nobody", "dang uy").count('data-testid="search-hit"') == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "!!!",
        "\x00",
        "Đảng\x00ủy",
        "a" * 61,
        "ủy " * 5000,
        unicodedata.normalize("NFD", "Đảng ủy"),
        "<script>alert(1)</script>",
        "\ud800",
        "' OR 1=1 --",
        '"dang" AND *',
        "dang:* & !uy",
    ],
)
def test_odd_input_never_fails(world: Any, corpus: Corpus, query: str) -> None:
    response = world.client("po_c1").get(f"/search/?q={quote(query, errors='replace')}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    api = world.client("po_c1").get("/api/v1/search", {"q": query.replace("\ud800", "")})
    assert api.status_code == 200


def test_messages_for_odd_input(world: Any, corpus: Corpus) -> None:
    assert "ít nhất một chữ hoặc chữ số" in page(world, "po_c1", "!!!")
    assert "chỉ dùng 200 ký tự đầu" in page(world, "po_c1", "ủy " * 100)
    assert "Chỉ dùng 10 từ đầu" in page(world, "po_c1", " ".join(f"t{i}" for i in range(12)))
    nfd = page(world, "po_c1", unicodedata.normalize("NFD", "Đảng ủy"))
    assert nfd.count('data-testid="search-hit"') == 5
    assert 'value="Đảng ủy"' in nfd  # the box shows the query as NFC


def test_header_box_on_every_page(world: Any) -> None:
    html = world.client("po_c1").get("/").content.decode()
    assert 'data-testid="header-search"' in html and 'action="/search/"' in html


def test_login_required(client: Any) -> None:
    response = client.get("/search/?q=dang")
    assert response.status_code == 302


def test_api(world: Any, corpus: Corpus) -> None:
    response = world.client("po_c1").get("/api/v1/search", {"q": "dang uy"})
    assert response.status_code == 200
    data = response.json()
    assert data["tokens"] == ["dang", "uy"]
    assert (data["total"], data["page"], data["pages"], data["page_size"]) == (5, 1, 1, 20)
    first = data["results"][0]
    assert first["title"] == PLAN_TITLE
    assert first["kind"] == "plan" and first["kind_label"] == "Kế hoạch"
    assert first["unit"] == "C1" and first["url"] == f"/plans/{corpus.plan.pk}/"
    assert "<mark>Đảng</mark>" in first["title_html"]
    typed = next(r for r in data["results"] if r["kind"] == "typed")
    assert typed["title"] == TYPED_TITLE and "&lt;A&gt; &amp; B" in typed["snippet"]

    entries = world.client("po_c1").get("/api/v1/search", {"q": "dang", "kind": "entry"})
    assert [r["title"] for r in entries.json()["results"]] == [ENTRY_TITLE]


def test_api_refusals(world: Any, corpus: Corpus, client: Any) -> None:
    assert client.get("/api/v1/search", {"q": "dang"}).status_code == 401
    po = world.client("po_c1")
    assert po.get("/api/v1/search", {"q": "dang", "kind": "nope"}).status_code == 400
    assert po.get("/api/v1/search", {"q": "dang", "unit": "C2"}).status_code == 404
    assert po.get("/api/v1/search", {"q": "dang", "page": "x"}).status_code == 422
    assert po.get("/api/v1/search", {"q": "dang", "page": str(10**30)}).status_code == 422
    assert po.get("/api/v1/search", {"q": "dang", "page": "0"}).status_code == 422
    assert po.get("/api/v1/search", {"q": ""}).json()["results"] == []
    secret = world.client("as_c1").get("/api/v1/search", {"q": "nhan su"}).json()
    assert secret["results"] == [] and secret["total"] == 0
