"""Searching: candidates from the full-text index, the user's scope applied by the ORM at query
time, ranking in Python (so both databases give the same order), snippets.

Every query token must be the start of a token of the entry. The full-text index (FTS5 on
SQLite, GIN on PostgreSQL) finds the matches; both index exactly the space-separated tokens of
`folded` (khth.search.index), so both find the same entries. Of these, the newest ``CAP`` are
ranked: occurrences are counted in SQL the same way on both databases, the rest in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Concat, Length, Replace
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from khth.docsystem.register.access import secrecy_q
from khth.docsystem.register.models import RegisteredDocument
from khth.search.index import drop_vanished, refresh
from khth.search.models import DOCUMENT, KINDS, SearchEntry
from khth.search.text import MAX_TOKEN, highlight, query_tokens, title_hits
from khth.units.access import scope_for
from khth.units.models import Unit

PAGE_SIZE = 20
CAP = 2000
KIND_LABELS = dict(KINDS)


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    title_html: SafeString
    snippet: SafeString
    url: str
    unit_code: str
    unit_name: str
    updated_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return gettext(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class Results:
    tokens: tuple[str, ...]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # ranked entries (at most CAP)
    capped: bool = False  # more than CAP entries matched
    page: int = 1
    pages: int = 0


def visible_entries(user: Any) -> QuerySet[SearchEntry]:
    """Entries of the user's subtrees; a secret document only where the user's role reads its
    level — checked on the index and again on the register itself."""
    document_readable = Exists(
        RegisteredDocument.objects.filter(pk=OuterRef("object_id")).filter(secrecy_q(user))
    )
    return SearchEntry.objects.filter(
        scope_for(user).q("unit__path"),
        secrecy_q(user, path_field="unit__path", field="secrecy"),
        ~Q(kind=DOCUMENT) | Q(document_readable),
    )


def _occurrences(token: str) -> ExpressionWrapper[CombinedExpression]:
    """How many tokens of the entry start with ``token``, counted the same way by both
    databases: occurrences of " token" in " " + folded."""
    spaced = Concat(Value(" "), F("folded"), output_field=TextField())
    needle = " " + token
    removed = Length(spaced) - Length(Replace(spaced, Value(needle), Value("")))
    return ExpressionWrapper(removed / Value(len(needle)), output_field=IntegerField())


def _tokens_match(tsquery: str) -> Func:
    """PostgreSQL: `folded`'s tokens match ``tsquery``. The left side is the very expression of
    the GIN index (migration 0001, with the space as a literal), so the index serves it. The
    query is cast, not parsed by to_tsquery: its lexemes are our tokens as they are."""
    tokens = Func(
        F("folded"),
        template="array_to_tsvector(string_to_array(%(expressions)s, ' '))",
        output_field=TextField(),
    )
    query = Func(Value(tsquery), template="(%(expressions)s)::tsquery", output_field=TextField())
    return Func(
        tokens, query, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField()
    )


def text_match(tokens: tuple[str, ...]) -> Q | Func | None:
    # Tokens are letters and digits only (khth.search.text), so quoting them is enough.
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"*' for t in tokens)
        # search_fts is a table of its own, not the entries': the subquery names no alias.
        return Q(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", (match,)))
    if connection.vendor == "postgresql":
        return _tokens_match(" & ".join(f"'{t}':*" for t in tokens))
    return None  # another database: the exact check alone (a full scan)


def _rank_key(row: dict[str, Any], tokens: tuple[str, ...]) -> tuple[Any, ...]:
    # Title hits first, then occurrences, then newer; then fixed tie-breakers.
    return (
        -title_hits(row["title"], tokens),
        -row["hits"],
        -row["updated_at"].timestamp(),
        row["title"],
        row["kind"],
        row["object_id"],
    )


def matching(
    user: Any, tokens: tuple[str, ...], *, kind: str = "", unit: Unit | None = None
) -> QuerySet[SearchEntry]:
    """The newest CAP + 1 entries the user may see that match (one more, to know there are
    more), each with ``hits_<i>``: how many of its tokens start with the i-th query token."""
    entries = visible_entries(user)
    candidates = text_match(tokens)
    counts = {f"hits_{i}": _occurrences(t) for i, t in enumerate(tokens)}
    if candidates is None:
        # No full-text index on this database: the exact condition finds the matches.
        entries = entries.annotate(**counts).filter(**{f"{name}__gt": 0 for name in counts})
    else:
        entries = entries.filter(candidates)
    if kind:
        entries = entries.filter(kind=kind)
    if unit is not None:
        entries = entries.filter(unit__path__startswith=unit.path)
    newest = entries.order_by("-updated_at", "-pk").values("pk")[: CAP + 1]
    # Occurrences are counted for these only, not for every match.
    return SearchEntry.objects.filter(pk__in=newest).annotate(**counts)


def search(
    user: Any, query: str, *, kind: str = "", unit: Unit | None = None, page: int = 1
) -> Results:
    """One page of what ``user`` may see matching ``query``, best first."""
    tokens = query_tokens(query)
    if not tokens:
        return Results(tokens=tokens)
    refresh()
    if any(len(t) > MAX_TOKEN for t in tokens):  # longer tokens are not in the index
        return Results(tokens=tokens)
    counts = [f"hits_{i}" for i in range(len(tokens))]
    rows = list(
        matching(user, tokens, kind=kind, unit=unit).values(
            "pk", "kind", "object_id", "title", "updated_at", *counts
        )
    )
    capped = len(rows) > CAP
    if capped:
        rows.sort(key=lambda row: (row["updated_at"], row["pk"]), reverse=True)
        rows = rows[:CAP]
    for row in rows:
        row["hits"] = sum(row[name] for name in counts)
    rows.sort(key=lambda row: _rank_key(row, tokens))
    pages = math.ceil(len(rows) / PAGE_SIZE)
    page = min(max(page, 1), max(pages, 1))
    shown = [row["pk"] for row in rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    found = SearchEntry.objects.select_related("unit").in_bulk(shown)
    gone = drop_vanished(found.values())
    shown = [pk for pk in shown if pk not in gone]
    hits = [
        Hit(
            kind=entry.kind,
            object_id=entry.object_id,
            title=entry.title,
            title_html=highlight(entry.title, tokens, words=None),
            snippet=highlight(entry.text, tokens),
            url=entry.url,
            unit_code=entry.unit.code,
            unit_name=entry.unit.name,
            updated_at=entry.updated_at,
        )
        for entry in (found[pk] for pk in shown)
    ]
    total = len(rows) - len(gone)
    return Results(tokens=tokens, hits=hits, total=total, capped=capped, page=page, pages=pages)
