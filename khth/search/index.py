"""Keeping the index in step with the sources.

``refresh()`` runs at the start of every search. For each kind it reads the ids and stamps of
the rows stamped at or after the kind's watermark (at or after: rows stamped with the same moment
as the last one read are not lost) and indexes those whose entry is missing or carries another
stamp — every action that changes indexed content moves the row's stamp (``updated_at``;
``created_at`` for rows that are never edited); the stamps are indexed, so this reads only the
recent rows, however many the sources hold. A search that finds nothing new writes nothing.

The watermark is the moment of the refresh less ``SLACK``: a transaction stamps its rows when it
runs but they are seen when it commits, so rows stamped just before a refresh may appear after
it. Rows stamped within the slack are read again by the next refresh and, if unchanged, not
written; a quiet search reads nothing. A transaction that commits more than SLACK after stamping
its rows can be missed until the next edit of that row or `khth search reindex`.

Entries whose row is gone or may no longer be indexed (a discarded draft, a corrected book
entry) are swept when the watermark moves, at most once per SLACK: the sweep counts every row of
each kind, which at the top of an army's years of reports is no cost to pay on every search. In
between, the page of results is checked against the sources (``drop_vanished``), so a removed
row is never shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Sum

from khth.lib import clock
from khth.search.models import SearchEntry, SearchState
from khth.search.sources import BY_KIND, SOURCES, Indexed, Source
from khth.search.text import index_text

SLACK = dt.timedelta(minutes=2)
FIELDS = ["unit", "secrecy", "title", "text", "folded", "updated_at", "url"]

# SQLite: an FTS5 table over SearchEntry.folded (external content), kept in step by triggers,
# whoever writes the table. The ascii tokenizer splits on ASCII punctuation and spaces only and
# keeps every other character, so its tokens are exactly the space-separated tokens of `folded`.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "folded, content='search_searchentry', content_rowid='id', tokenize='ascii')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    # Index whatever the table holds already (nothing, when the migration runs).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
# PostgreSQL: a GIN index (migration 0001) on the same tokens — `folded` split at its spaces,
# not PostgreSQL's parser, whose idea of a word depends on the database's locale. The query
# side is khth.search.query._TokensMatch.


@dataclass
class Refreshed:
    written: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


def _entry(kind: str, item: Indexed) -> SearchEntry:
    title = item.title[:700]
    return SearchEntry(
        kind=kind,
        object_id=item.object_id,
        unit_id=item.unit_id,
        secrecy=item.secrecy,
        title=title,
        text=item.text,
        folded=index_text(title, item.text),
        updated_at=item.updated_at,
        url=item.url[:300],
    )


def _write(source: Source, batch: list[tuple[int, dt.datetime]]) -> int:
    """Index the rows of ``batch`` whose entry is missing or carries another stamp."""
    kind = source.kind
    indexed = dict(
        SearchEntry.objects.filter(kind=kind, object_id__in=[pk for pk, _ in batch]).values_list(
            "object_id", "updated_at"
        )
    )
    stale = [pk for pk, stamp in batch if indexed.get(pk) != stamp]
    if not stale:
        return 0
    rows = [_entry(kind, source.build(row)) for row in source.load(stale)]
    # An upsert: two searches refreshing at the same moment both succeed.
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=FIELDS,
        )
    return len(rows)


def _vanished(source: Source) -> list[int]:
    """Entries whose row is gone or may no longer be indexed. The anti-join reads every entry of
    the kind, so it runs only when the entries and the rows differ in count or in id sum."""
    entries = SearchEntry.objects.filter(kind=source.kind)
    ours = entries.aggregate(n=Count("pk"), s=Sum("object_id"))
    theirs = source.rows().prefetch_related(None).aggregate(n=Count("pk"), s=Sum("pk"))
    if ours == theirs:
        return []
    return list(entries.exclude(object_id__in=source.current()).values_list("pk", flat=True))


def _refresh_kind(source: Source, since: dt.datetime | None, sweep: bool, out: Refreshed) -> None:
    written = 0
    for batch in source.changed(since):
        written += _write(source, batch)
    vanished = _vanished(source) if sweep else []
    if vanished:
        SearchEntry.objects.filter(pk__in=vanished).delete()
    out.written[source.kind] = written
    out.removed[source.kind] = len(vanished)


def refresh() -> Refreshed:
    """Bring the index up to date with every source (see the module docstring)."""
    out = Refreshed()
    # Taken before reading: whatever was stamped SLACK before this moment has committed by now
    # and is in what is read next, so the next refresh may start there.
    mark = clock.now() - SLACK
    marks = dict(SearchState.objects.values_list("kind", "watermark"))
    moved = []
    for source in SOURCES:
        since = marks.get(source.kind)
        # Moved only once it is SLACK behind, so that searches in a row do not each write; the
        # sweep for vanished rows, which counts every row of the kind, runs then too.
        moving = since is None or mark - since >= SLACK
        _refresh_kind(source, since, moving, out)
        if moving:
            moved.append(SearchState(kind=source.kind, watermark=mark))
    if moved:
        SearchState.objects.bulk_create(
            moved, update_conflicts=True, unique_fields=["kind"], update_fields=["watermark"]
        )
    return out


def drop_vanished(entries: Iterable[SearchEntry]) -> set[int]:
    """The keys of those of ``entries`` whose row is gone or may no longer be indexed, removed
    from the index. A page of results is checked this way, so that it never shows such a row
    in the minutes before the next sweep: one query per kind on the page, of at most a page of
    ids."""
    by_kind: dict[str, dict[int, int]] = defaultdict(dict)
    for entry in entries:
        by_kind[entry.kind][entry.object_id] = entry.pk
    gone: set[int] = set()
    for kind, ids in by_kind.items():
        source = BY_KIND.get(kind)
        present = (
            set(source.current().filter(pk__in=list(ids)).values_list("pk", flat=True))
            if source is not None
            else set()
        )
        gone.update(pk for object_id, pk in ids.items() if object_id not in present)
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()
    return gone


@transaction.atomic
def reindex() -> dict[str, int]:
    """Build the index again from nothing; the number of entries of each kind."""
    if connection.vendor == "sqlite":
        # Re-creates a trigger lost to a rebuild of the table, and re-reads it whole.
        with connection.cursor() as cursor:
            for statement in SQLITE_FTS:
                cursor.execute(statement)
    SearchEntry.objects.all().delete()
    SearchState.objects.all().delete()
    refresh()
    counts = dict(
        SearchEntry.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {source.kind: counts.get(source.kind, 0) for source in SOURCES}
