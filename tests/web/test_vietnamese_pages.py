"""Every page of the demo, as each demo role sees it, is Vietnamese: no English word, no code.

The demo organisation and its year of work (``khth demo``) are built once for the module,
so that the pages show what a year of use leaves behind: reports in every state,
consolidations, evaluations, books, registers, inspections, reviews, coordination. Then, for
one account of each role, the pages are collected by following the links of each page from
the home page, as a user clicking around would, and each page's visible text is checked.

Bounds, to keep the walk under a minute or two on one core: at most ``PER_VIEW`` addresses per
URL name (one unit's page shows what 150 units' pages would: the same template), a depth of
``MAX_DEPTH`` clicks and ``MAX_PAGES`` pages per role. Downloads (DOCX, XLSX, ICS, CSV) are not
fetched: they are checked by each app's export tests, and building them is what would be slow.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from khth.accounts.models import User
from khth.demo.builder import DEFAULT_PASSWORD, build_demo
from khth.demo.management.commands.demo import ensure_regulation

# One account of each demo role, chosen where that role has most to see: the company's people
# see their own report returned; the regiment's see their plan and their subordinates.
ROLES = {
    "admin": "admin",
    "political_officer": "cu.e1",
    "deputy_political_officer": "pctv.e1d1c1",
    "commander": "ch.e1",
    "committee_member": "cuv.e1",
}
PER_VIEW = 4
MAX_DEPTH = 6
MAX_PAGES = 400

# Whole words, any case. "English" (the language selector) is left out on purpose.
ENGLISH = (
    "returned", "submitted", "draft", "accepted", "approved", "issued", "rejected", "pending",
    "opened", "open", "closed", "created", "updated", "deleted", "saved", "error", "errors",
    "period", "periods", "unit", "units", "report", "reports", "plan", "plans", "status", "todo",
    "null", "undefined", "forbidden", "edit", "delete", "save", "cancel", "submit", "login",
    "logout", "password", "username", "page", "next", "previous", "required", "invalid", "unknown",
    "daily", "weekly", "monthly", "quarterly", "sixmonthly", "yearly", "annual", "not found",
)  # fmt: skip
ENGLISH_RE = re.compile(r"\b(" + "|".join(w.replace(" ", r"\s+") for w in ENGLISH) + r")\b", re.I)
# Python's constants, as a template prints a value it did not format: case matters here.
PYTHON_RE = re.compile(r"\b(None|True|False)\b")
# Dotted names (audit actions: "evaluations.evaluation.opened") and snake_case identifiers
# (choice codes: "political_officer", "on_time").
CODE_RE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b|\b[a-z]+(?:_[a-z]+)+\b")

# What a page must show as it is, by URL name: the unit import page names the CSV file's column
# headings, which the file must carry exactly.
ALLOWED = {
    "unit-import": {
        "short_name", "parent_code", "party_body", "superior_party_body", "party_abbr",
        "admin_abbr", "unit_type",
    },
}  # fmt: skip

# Addresses never fetched: they change the session or return a file, not a page.
SKIP = re.compile(
    r"^/(logout|i18n|jsi18n|api|static|media)/|\.(docx|xlsx|csv|ics|pdf)$|/attachments?/\d+/$"
    r"|/evidence/\d+/$|/import/template/$"
)


class _Text(HTMLParser):
    """A page's visible text (and the tooltips and placeholders a user reads), and its links."""

    HIDDEN = frozenset({"script", "style", "template"})
    READ_ATTRS = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"] or "")
        for name in self.READ_ATTRS:
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


@dataclass
class Walk:
    pages: int = 0
    seconds: float = 0.0
    # Address → bytes of the page (tests/web/test_page_sizes.py bounds them).
    sizes: dict[str, int] = field(default_factory=dict)
    # (what was found, URL name) → (address, the text around it): one example of each.
    findings: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regulation()
        build_demo(password=DEFAULT_PASSWORD)
        yield
        transaction.set_rollback(True)


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _walk(client: Client) -> Walk:
    walk = Walk()
    started = time.monotonic()
    seen: set[str] = set()
    per_view: dict[str, int] = {}
    queue: deque[tuple[str, int]] = deque([("/", 0)])

    def follow(href: str, depth: int) -> None:
        link = urldefrag(href).url
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or link in seen:
            return
        seen.add(link)
        if SKIP.search(parts.path):
            return
        name = _view_name(parts.path)
        if name is None or per_view.get(name, 0) >= PER_VIEW:
            return
        per_view[name] = per_view.get(name, 0) + 1
        queue.append((link, depth))

    while queue and walk.pages < MAX_PAGES:
        url, depth = queue.popleft()
        response = client.get(url)
        if response.status_code in {301, 302}:
            # The menu's entries redirect to the user's own unit's page.
            follow(response["Location"], depth)
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        walk.pages += 1
        walk.sizes[url] = len(response.content)
        if response.status_code != 200:
            # A link the user may not follow is a fault of its own; its page is checked too.
            walk.refused.append(f"{url} → {response.status_code}")
        parser = _Text()
        parser.feed(response.content.decode())
        _check(" ".join(parser.parts), url, walk)
        if depth < MAX_DEPTH:
            for href in parser.links:
                follow(href, depth + 1)
    walk.seconds = time.monotonic() - started
    return walk


def _check(text: str, url: str, walk: Walk) -> None:
    text = re.sub(r"\s+", " ", text)
    name = _view_name(urlsplit(url).path) or url
    for pattern in (ENGLISH_RE, PYTHON_RE, CODE_RE):
        for match in pattern.finditer(text):
            if match.group(0) in ALLOWED.get(name, ()):
                continue
            key = (match.group(0).lower() if pattern is ENGLISH_RE else match.group(0), name)
            around = text[max(0, match.start() - 50) : match.end() + 50]
            walk.findings.setdefault(key, (url, around))


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_is_vietnamese(demo: None, role: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=ROLES[role]))
    walk = _walk(client)
    assert walk.pages >= 20, f"the walk found only {walk.pages} pages: is the demo built?"
    lines = [
        f"{found!r} on {name} ({url}): …{around}…"
        for (found, name), (url, around) in sorted(walk.findings.items())
    ]
    assert not lines, (
        f"{len(lines)} English words or codes as {role} ({walk.pages} pages, "
        f"{walk.seconds:.0f} s):\n" + "\n".join(lines)
    )
