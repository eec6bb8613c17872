"""The index follows the sources: edits, deletions, corrections; the watermark; the full-text
index kept in step; `khth search reindex`; the migration's text index both ways."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.db import connection

from khth.docsystem.records.actions import correct_entry, save_typed_document, withdraw_entry
from khth.docsystem.records.models import TypedDocument
from khth.plans.actions import discard_draft, save_plan
from khth.plans.content import PlanContent
from khth.reports.actions import Content, save_report, template
from khth.reports.template import outline
from khth.search.index import SLACK, refresh
from khth.search.models import SearchEntry, SearchState
from khth.search.query import matching, text_match
from khth.search.sources import SOURCES, Source
from khth.search.text import query_tokens
from tests.cli.helpers import run
from tests.search.conftest import (
    BOOK,
    ENTRY_TITLE,
    PLAN_TITLE,
    REPORT_TITLE,
    START,
    TYPED_TITLE,
    Corpus,
    at,
    found,
    make_plan,
    make_typed,
)

pytestmark = pytest.mark.django_db


def fts_in_step() -> None:
    """On SQLite, FTS5 compares its index with the content table and raises if they differ."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


def test_edits_are_found_and_old_text_is_not(world: Any, corpus: Corpus) -> None:
    assert TYPED_TITLE in found(world, "po_c1", "quan chung uu tu")
    with at(20):
        save_typed_document(
            corpus.typed,
            by=world.users["po_c1"],
            base_revision=corpus.typed.revision,
            body="<p>Chi bộ đề nghị khen thưởng đồng chí Hòa.</p>",
        )
    assert found(world, "po_c1", "quan chung uu tu") == []
    assert found(world, "po_c1", "khen thuong") == [TYPED_TITLE]
    fts_in_step()


def test_plan_and_report_edits(world: Any, corpus: Corpus) -> None:
    po = world.users["po_c1"]
    assert found(world, "po_c1", "sang kien") == []
    with at(20):
        plan = save_plan(
            corpus.plan,
            PlanContent(sections={"bao-dam": "<p>Phát huy sáng kiến</p>"}),
            by=po,
            base_revision=corpus.plan.revision,
        )
        report = corpus.report
        leaf = [row.code for row in outline(template(report)) if row.is_leaf][-1]
        save_report(
            report, Content(sections={leaf: "<p>Sáng kiến hay</p>"}), by=po,
            base_version=report.version,
        )  # fmt: skip
    assert found(world, "po_c1", "sang kien") == [REPORT_TITLE, PLAN_TITLE]
    assert plan.title == PLAN_TITLE


def test_a_discarded_draft_disappears(world: Any, corpus: Corpus) -> None:
    assert PLAN_TITLE in found(world, "po_c1", "dang uy")
    discard_draft(corpus.plan, by=world.users["po_c1"])
    assert PLAN_TITLE not in found(world, "po_c1", "dang uy")
    assert not SearchEntry.objects.filter(kind="plan", object_id=corpus.plan.pk).exists()
    fts_in_step()


def test_a_corrected_entry_shows_only_its_current_text(world: Any, corpus: Corpus) -> None:
    po = world.users["po_c1"]
    assert found(world, "po_c1", "mo rong") == [ENTRY_TITLE]
    with at(20):
        correction = correct_entry(
            corpus.entry,
            {"ngay": "08/07/2024", "mat-cong-tac": "Xây dựng Đảng", "noi-dung": "Họp chi ủy"},
            reason="ghi nhầm",
            by=po,
        )
    assert found(world, "po_c1", "mo rong") == []  # the superseded line is history
    assert found(world, "po_c1", "hop chi uy") == [ENTRY_TITLE]
    entries = SearchEntry.objects.filter(kind="entry", unit=world.unit("C1"))
    assert list(entries.values_list("object_id", flat=True)) == [correction.pk]
    with at(21):
        withdraw_entry(correction, reason="trùng", by=po)
    assert found(world, "po_c1", "hop chi uy") == []
    fts_in_step()
    assert BOOK in corpus.entry.book_code


def test_watermark_and_quiet_searches(
    world: Any, corpus: Corpus, django_assert_max_num_queries: Any
) -> None:
    with at(30):
        first = refresh()
        assert sum(first.written.values()) == 9
        marks = set(SearchState.objects.values_list("watermark", flat=True))
        assert marks == {START + dt.timedelta(minutes=30) - SLACK}
        # The user's scope and the regulation are read once per process and user: warm them,
        # so the count below does not depend on which test of the module ran first.
        found(world, "po_c1", "dang uy")
    with at(31):
        # Nothing stamped since the watermark: nothing read, nothing written.
        again = refresh()
        assert sum(again.written.values()) == 0 and sum(again.removed.values()) == 0
        assert set(SearchState.objects.values_list("watermark", flat=True)) == marks
        # The watermarks (1); for each kind, the ids and stamps of the changed rows (5): no
        # count of every row, which only the sweep does once the watermark moves; the matches,
        # the page's entries and their rows, one query per kind on the page (at most 5).
        with django_assert_max_num_queries(13):
            assert found(world, "po_c1", "dang uy")


def test_vanished_rows_are_swept_once_the_watermark_moves_and_never_shown_before(
    world: Any, corpus: Corpus
) -> None:
    with at(30):
        refresh()
    with at(31):
        discard_draft(corpus.plan, by=world.users["po_c1"])
        # Within the slack no sweep runs: the entry is still there…
        assert sum(refresh().removed.values()) == 0
        entry = SearchEntry.objects.filter(kind="plan", object_id=corpus.plan.pk)
        assert entry.exists()
        # …but a page of results that would show it checks its rows and drops it.
        assert PLAN_TITLE not in found(world, "po_c1", "dang uy")
        assert not entry.exists()
        withdraw_entry(corpus.entry, reason="trùng", by=world.users["po_c1"])
        kept = SearchEntry.objects.filter(kind="entry", object_id=corpus.entry.pk)
        assert sum(refresh().removed.values()) == 0 and kept.exists()
    with at(32):  # the watermark (minute 28) is now a slack behind: it moves, the sweep runs
        assert refresh().removed == {"plan": 0, "report": 0, "document": 0, "typed": 0, "entry": 1}
        assert not kept.exists()
    fts_in_step()


def test_rows_read_again_within_the_slack_are_not_loaded_when_unchanged(
    world: Any, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    with at(29):
        make_typed(world, "C1", "po_c1", "Biên bản mới", "<p>Họp bàn</p>")
    with at(30):
        assert sum(refresh().written.values()) == 10
    loaded: list[list[int]] = []
    original = Source.load

    def counted(source: Source, ids: list[int]) -> Any:
        loaded.append(ids)
        return original(source, ids)

    monkeypatch.setattr(Source, "load", counted)
    with at(31):
        # The new document (minute 29) is at or after the watermark (28): read again by its
        # id and stamp only, and since its entry carries the same stamp, not loaded.
        assert sum(refresh().written.values()) == 0
        assert loaded == []
        typed = TypedDocument.objects.get(title="Biên bản mới")
        save_typed_document(
            typed, by=world.users["po_c1"], base_revision=typed.revision, body="<p>Họp lại</p>"
        )
        assert refresh().written["typed"] == 1
        assert loaded == [[typed.pk]]


def test_a_late_commit_inside_the_slack_is_not_lost(world: Any, corpus: Corpus) -> None:
    """A transaction stamps its rows when it runs and commits later: a row stamped a minute
    before the newest row already read is still indexed."""
    with at(20):
        make_typed(world, "C1", "po_c1", "Biên bản mới", "<p>Họp bàn</p>")
    assert found(world, "po_c1", "hop ban") == ["Biên bản mới"]
    with at(19):
        make_typed(world, "C1", "po_c1", "Biên bản trễ", "<p>Họp bàn lần hai</p>")
    assert found(world, "po_c1", "hop ban") == ["Biên bản mới", "Biên bản trễ"]


def test_equal_timestamps_are_not_lost(world: Any) -> None:
    with at(5):
        make_plan(world, "C1", "po_c1", "Kế hoạch A", "<p>Thi đua</p>", "202407")
        assert found(world, "po_c1", "thi dua") == ["Kế hoạch A"]
        make_plan(world, "C1", "po_c1", "Kế hoạch B", "<p>Thi đua</p>", "202408")
        assert found(world, "po_c1", "thi dua") == ["Kế hoạch A", "Kế hoạch B"]


def test_reindex_command(world: Any, corpus: Corpus) -> None:
    found(world, "po_c1", "dang uy")
    SearchEntry.objects.filter(kind="typed").update(title="hỏng")
    result = run("search", "reindex")
    assert not result.failed, result.errors
    lines = result.out.splitlines()
    assert lines[:5] == [
        "Kế hoạch: 2",
        "Báo cáo: 1",
        "Văn bản trong sổ đăng ký: 2",
        "Văn bản soạn trên hệ thống: 2",
        "Dòng sổ sách: 2",
    ]
    assert lines[5].startswith("Tổng cộng 9 mục")
    assert TYPED_TITLE in found(world, "po_c1", "dang uy")
    fts_in_step()


def test_text_index_serves_the_search(world: Any, corpus: Corpus) -> None:
    refresh()
    tokens = query_tokens("dang uy")
    query = matching(world.users["cu_r"], tokens)
    assert len(query) == 8
    plan = query.explain()
    if connection.vendor == "postgresql":
        # The match is on the rows being searched, not a condition on each outer row (which
        # made the whole query quadratic once).
        assert "One-Time Filter" not in plan
        with connection.cursor() as cursor:  # a table this small would be read whole
            cursor.execute("SET LOCAL enable_seqscan = off")
        # The index has the expression of the query.
        assert "search_entry_tokens" in SearchEntry.objects.filter(text_match(tokens)).explain()
    elif connection.vendor == "sqlite":
        assert "search_fts VIRTUAL TABLE INDEX" in plan


STAMP_INDEXES = {
    "plan": "plan_updated_at",
    "report": "report_updated_at",
    "document": "registered_created_at",
    "typed": "typeddocument_updated_at",
    "entry": "bookentry_created_at",
}


def test_the_changed_rows_are_read_through_an_index_on_their_stamp(world: Any) -> None:
    assert set(STAMP_INDEXES) == {source.kind for source in SOURCES}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # tables this small would be read whole
            cursor.execute("SET LOCAL enable_seqscan = off")
    for source in SOURCES:
        plan = source.stamps(START).explain()
        assert STAMP_INDEXES[source.kind] in plan, (source.kind, plan)


class _Editor:
    """What the migration's functions use of a schema editor."""

    def __init__(self) -> None:
        self.connection = connection

    def execute(self, statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def test_migration_drops_and_creates_the_text_index(world: Any, corpus: Corpus) -> None:
    migration = importlib.import_module("khth.search.migrations.0001_search_entries_fts_index")
    editor = _Editor()
    migration.drop_text_index(None, editor)
    assert not _text_index_exists()
    migration.create_text_index(None, editor)
    assert _text_index_exists()
    if connection.vendor == "sqlite":
        # The triggers are back: a new entry reaches the FTS table.
        assert found(world, "po_c1", "dang uy")
        fts_in_step()


def _text_index_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_fts%%' AND "
                "type IN ('table', 'trigger')"
            )
            return bool(cursor.fetchone()[0] >= 4)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entry_tokens'"
            )
            return bool(cursor.fetchone()[0] == 1)
    return True
