"""The paperwork a regulation puts on a unit of each level in a year, counted from the file alone.

The 2017 reform cut 8 book titles at battalion and 7 at company "so that the cadres have more time
to stay close to their units" (seed 001). These figures let anyone who edits the regulation see
what an edit costs each level, and ``khth regulation validate`` warns when a level carries more
than the level above it. A pure function of the regulation: no database, no dates.

Conventions (the same for every level, so the figures compare even where they under-count):

* A year holds ``PER_YEAR`` periods of each frequency: 52 weeks, 12 months, 4 quarters, 2 halves,
  1 year, 365 days.
* Only what falls due on a calendar is counted. Occasions that depend on events — once per Party
  committee term, per task, thematic, ad hoc — are left out, as are optional document kinds.
* A "field" is one thing a person fills in: one heading of an outline written under, one entered
  indicator, one column of one line of a book or of a schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from khth.lib.vietnamese import format_number
from khth.regulations.schema import (
    DocumentKind,
    Regulation,
    ReportTemplate,
    Section,
    for_unit_type,
)
from khth.regulations.schema.common import Column

PER_YEAR: dict[str, int] = {
    "daily": 365,
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "sixmonthly": 2,
    "yearly": 1,
}


@dataclass(frozen=True)
class Burden:
    """What one unit of ``level`` owes in a year under the regulation.

    documents        issues of required document kinds the level issues on a periodic occasion
                     (weekly … yearly), each occasion counted ``PER_YEAR`` times; not counted here:
                     schedules (below) and a kind on an occasion that a report template the level
                     owes produces at the same frequency (that issue is a report, below).
    document_fields  for each of those issues, the headings of the kind's outline one writes
                     under (leaf sections), at least 1 for a kind without an outline.
    schedules        issues of required kinds that are schedules (``plan.structure: schedule``,
                     the weekly activity schedule), counted like documents.
    schedule_fields  each schedule's columns, for one line (a lower bound: a schedule has a
                     line per activity).
    books            book titles the level keeps (``record_books`` listing the level, less the
                     titles ``levels[].abolished`` lists for it).
    book_updates     updates the books' frequencies require in a year (a ``per_event`` book
                     counts 1: it is written when something happens, at least once).
    book_fields      for each book, its columns × its updates (one line per update).
    reports          periodic and thematic reports with a frequency that the level sends up,
                     each counted ``PER_YEAR`` times; ad hoc reports are not counted.
    report_fields    for each report, its leaf sections plus the indicators entered by hand
                     (a percentage is computed from its numerator and denominator, a count of
                     units meeting a condition from the other indicator: neither is entered),
                     times the reports per year.
    total            all the fields: document + schedule + book + report fields. The one figure
                     compared between levels.
    """

    level: str
    documents: int
    document_fields: int
    schedules: int
    schedule_fields: int
    books: int
    book_updates: int
    book_fields: int
    reports: int
    report_fields: int

    @property
    def total(self) -> int:
        return self.document_fields + self.schedule_fields + self.book_fields + self.report_fields

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.schedules or self.books or self.reports)


def leaf_sections(sections: Sequence[Section]) -> int:
    """Headings one writes under: a section with children is written through its children."""
    return sum(leaf_sections(s.children) if s.children else 1 for s in sections)


def entered_indicators(template: ReportTemplate) -> int:
    # The rule of khth.reports.template.is_computed, restated: reports sit above regulations
    # and may not be imported here.
    return sum(
        1
        for i in template.indicators
        if i.type != "percentage" and (i.condition is None or i.condition.of is None)
    )


def _reports_owed(reg: Regulation, level: str, unit_type: str) -> list[ReportTemplate]:
    return [
        t
        for t in reg.report_templates
        if level in t.reporting_levels
        and for_unit_type(t.unit_types, unit_type)
        and t.kind != "ad_hoc"
        and t.frequency in PER_YEAR
    ]


def _issues(kind: DocumentKind, reported: set[tuple[str, str]]) -> int:
    return sum(
        PER_YEAR[o] for o in kind.occasions if o in PER_YEAR and (kind.code, o) not in reported
    )


def _columns(columns: Sequence[Column]) -> int:
    return max(1, len(columns))


def burden_of_level(reg: Regulation, level: str, unit_type: str = "") -> Burden:
    """What one unit of ``level`` (and of ``unit_type``; "": a general unit) owes in a year.
    Raises KeyError for a level the regulation does not have."""
    reg.level(level)
    reports = _reports_owed(reg, level, unit_type)
    # (document kind, frequency) pairs a report of this level stands for.
    reported: set[tuple[str, str]] = {
        (t.document_kind, t.frequency) for t in reports if t.document_kind and t.frequency
    }
    documents = document_fields = schedules = schedule_fields = 0
    for kind in reg.document_kinds:
        if not kind.required or level not in kind.issuing_levels:
            continue
        if not for_unit_type(kind.unit_types, unit_type):
            continue
        issues = _issues(kind, reported)
        if kind.plan is not None and kind.plan.structure == "schedule":
            schedules += issues
            schedule_fields += issues * _columns(kind.columns)
        else:
            documents += issues
            document_fields += issues * max(1, leaf_sections(kind.outline))
    books = reg.books_for_level(level, unit_type)
    book_updates = book_fields = 0
    for book in books:
        updates = PER_YEAR.get(book.update_frequency, 1)
        book_updates += updates
        book_fields += updates * len(book.columns)
    report_count = report_fields = 0
    for template in reports:
        times = PER_YEAR[template.frequency or "yearly"]
        report_count += times
        report_fields += times * (leaf_sections(template.sections) + entered_indicators(template))
    return Burden(
        level=level,
        documents=documents,
        document_fields=document_fields,
        schedules=schedules,
        schedule_fields=schedule_fields,
        books=len(books),
        book_updates=book_updates,
        book_fields=book_fields,
        reports=report_count,
        report_fields=report_fields,
    )


def burden_by_level(reg: Regulation) -> list[Burden]:
    """Every level, top first."""
    return [burden_of_level(reg, level.code) for level in reg.levels]


@dataclass(frozen=True)
class Heavier:
    """A level that carries more than the level above it."""

    level: str
    above: str
    total: int
    above_total: int


def heavier_than_above(burdens: Sequence[Burden]) -> list[Heavier]:
    """Each level whose total exceeds the nearest level above it that owes anything. A level
    that owes nothing (the platoon) is skipped both ways."""
    out: list[Heavier] = []
    above: Burden | None = None
    for burden in burdens:
        if burden.is_empty:
            continue
        if above is not None and burden.total > above.total:
            out.append(Heavier(burden.level, above.level, burden.total, above.total))
        above = burden
    return out


def _headings() -> tuple[str, ...]:
    return (
        _("Cấp"),
        _("Văn kiện"),
        _("Lịch"),
        _("Đầu sổ"),
        _("Lượt ghi sổ"),
        _("Báo cáo"),
        _("Ô văn kiện"),
        _("Ô lịch"),
        _("Ô sổ"),
        _("Ô báo cáo"),
        _("Tổng số ô"),
    )


def table_rows(reg: Regulation, burdens: Sequence[Burden]) -> list[tuple[str, ...]]:
    """The headings, then one row per level: the same cells on the page and in the command."""
    rows: list[tuple[str, ...]] = [_headings()]
    for b in burdens:
        figures = (
            b.documents,
            b.schedules,
            b.books,
            b.book_updates,
            b.reports,
            b.document_fields,
            b.schedule_fields,
            b.book_fields,
            b.report_fields,
            b.total,
        )
        rows.append((reg.level(b.level).short_name, *(format_number(n) for n in figures)))
    return rows


def table_lines(reg: Regulation, burdens: Sequence[Burden]) -> list[str]:
    """A plain-text table: the first column left-aligned, the figures right-aligned."""
    rows = table_rows(reg, burdens)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def warning_lines(reg: Regulation, heavier: Sequence[Heavier]) -> list[str]:
    return [
        _(
            "Cảnh báo: cấp %(level)s phải điền %(total)s ô một năm, nhiều hơn cấp trên "
            "%(above)s (%(above_total)s ô)"
        )
        % {
            "level": reg.level(h.level).short_name,
            "total": format_number(h.total),
            "above": reg.level(h.above).short_name,
            "above_total": format_number(h.above_total),
        }
        for h in heavier
    ]
