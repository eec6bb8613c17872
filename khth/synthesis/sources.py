"""What a synthesis is made of: the texts units wrote for a section, who was expected to write,
and who stayed silent.

The first half knows no kind of document: a ``Gathered`` (the units expected, in tree order, and
their texts by section) becomes, for one section, the engine's ``Source`` list with the
denominator and the silent units (``section_sources``). Reviews build a ``Gathered`` from their
own documents and reuse the rest. The second half gathers it for a report: its subordinates'
reports of the same template and period (or ad hoc request), as the consolidation counts them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from khth.documents.model import Paragraph
from khth.documents.richtext import html_to_blocks
from khth.lib import clock
from khth.reports.consolidation.coverage import COUNTED, Coverage, for_period, for_request
from khth.reports.models import Report, SectionText
from khth.reports.template import template_of
from khth.reports.timeliness import period_for
from khth.synthesis.engine import Source
from khth.synthesis.scopes import SUBTREE
from khth.units.models import Unit

# The most units whose texts one synthesis reads: a whole army's subtree is 20,000 reports, and
# a page must answer. Those beyond are counted and said, never silently dropped.
MAX_SOURCES = 2000


# --- any kind of document ------------------------------------------------------------------


@dataclass(frozen=True)
class Contributor:
    """A unit expected to write: its label, and the key of its document when it sent one that
    counts ("" when it did not)."""

    label: str
    ref: str = ""
    # Where a unit sent several documents (a review reads six months of reports): all of them.
    refs: tuple[str, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        return self.refs or ((self.ref,) if self.ref else ())


@dataclass(frozen=True)
class Written:
    """What one unit wrote for one section: stored, sanitised HTML."""

    ref: str
    label: str
    html: str


@dataclass(frozen=True)
class Gathered:
    contributors: tuple[Contributor, ...]  # every unit expected, in tree order
    texts: Mapping[str, tuple[Written, ...]]  # section code → texts, in tree order
    read: frozenset[str]  # the documents whose texts were read (at most MAX_SOURCES)

    @property
    def left_out(self) -> int:
        """Units that sent a document whose texts were not read (beyond the cap)."""
        return sum(1 for c in self.contributors if any(ref not in self.read for ref in c.documents))


NOT_SENT = gettext_lazy("chưa gửi báo cáo")
NOT_WRITTEN = gettext_lazy("không viết mục này")


@dataclass(frozen=True)
class Silent:
    unit: str
    reason: str


@dataclass(frozen=True)
class SectionSources:
    """One section's synthesis input: the engine's sources, the denominator of "3/4 đơn vị",
    the units expected that gave nothing, and the units left out by the cap."""

    sources: tuple[Source, ...]
    expected: int
    silent: tuple[Silent, ...]
    left_out: int


def plain_paragraphs(html: str) -> str:
    """Stored narrative HTML as the engine reads it: plain text, one paragraph a line. A list
    item loses its marker, a table row becomes one line of its cells."""
    lines: list[str] = []
    for block in html_to_blocks(html):
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
        else:
            lines.extend("; ".join(c.text.replace("\n", " ") for c in row) for row in block.rows)
    return "\n".join(line.strip() for line in lines if line.strip())


def section_sources(gathered: Gathered, code: str, *, required: bool) -> SectionSources:
    """``required``: the section must be written (the template's outline), so a unit that sent
    its document without it is silent too; for an optional one, only units that sent nothing."""
    sources = []
    for text in gathered.texts.get(code, ()):
        plain = plain_paragraphs(text.html)
        if plain:
            sources.append(Source(ref=text.ref, unit=text.label, text=plain))
    wrote = {s.ref for s in sources}
    silent = []
    for contributor in gathered.contributors:
        documents = contributor.documents
        if not documents:
            silent.append(Silent(contributor.label, str(NOT_SENT)))
        elif (
            required
            and any(ref in gathered.read for ref in documents)
            and not any(ref in wrote for ref in documents)
        ):
            silent.append(Silent(contributor.label, str(NOT_WRITTEN)))
    return SectionSources(
        sources=tuple(sources),
        expected=len(gathered.contributors),
        silent=tuple(silent),
        left_out=gathered.left_out,
    )


# --- a report's subordinates ---------------------------------------------------------------


def gather(
    report: Report,
    scope: str,
    sections: Collection[str] | None = None,
    *,
    limit: int = MAX_SOURCES,
) -> Gathered:
    """The texts of ``sections`` (None: every section) that the units below ``report``'s unit
    sent in reports of the same template and period — or ad hoc request — in counted states
    (submitted, accepted), from its direct subordinates or, with ``SUBTREE``, from every unit
    below; the subtree as it was on the period's last day. Who is expected follows the
    consolidation's rules (khth.reports.consolidation.coverage). Three queries (one more for an
    ad hoc request, and where two units share a short name); the texts of at most ``limit``
    reports are read."""
    rows = _expected(report, scope)
    labels = unit_labels(
        [(c.unit.short_name or c.unit.name, c.parent_id, c.unit.code) for c in rows]
    )
    contributors = tuple(
        Contributor(label, str(c.report.pk) if _counted(c) and c.report else "")
        for c, label in zip(rows, labels, strict=True)
    )
    read = [c.ref for c in contributors if c.ref][:limit]
    by_ref = {c.ref: c.label for c in contributors}
    found = SectionText.objects.filter(report_id__in=[int(ref) for ref in read]).exclude(html="")
    if sections is not None:
        found = found.filter(section_code__in=list(sections))
    order = {ref: index for index, ref in enumerate(read)}
    written: dict[str, list[Written]] = {}
    for report_id, code, html in sorted(
        found.values_list("report_id", "section_code", "html"),
        key=lambda row: order[str(row[0])],
    ):
        ref = str(report_id)
        written.setdefault(code, []).append(Written(ref, by_ref[ref], html))
    return Gathered(
        contributors=contributors,
        texts={code: tuple(texts) for code, texts in written.items()},
        read=frozenset(read),
    )


def _counted(row: Coverage) -> bool:
    return row.report is not None and row.report.status in COUNTED


def _expected(report: Report, scope: str) -> list[Coverage]:
    """The units expected to report to ``report``'s unit within ``scope``, in tree order."""
    today = clock.today()
    template = template_of(report.regulation, report.template_code)
    if report.request_id is not None and report.request is not None:
        coverage, _own = for_request(report.unit, report.request, today, COUNTED)
        return coverage if scope == SUBTREE else _highest(coverage)
    period = period_for(template, report.period_id)
    direct = scope != SUBTREE
    _scope, coverage, _own = for_period(
        report.unit, template, period, today, COUNTED, direct=direct
    )
    return coverage


def _highest(coverage: list[Coverage]) -> list[Coverage]:
    """An ad hoc request's addressees that report to the unit itself: those with no other
    addressee between them and it (a request may skip levels: a company asked without its
    battalion reports straight up)."""
    paths = dict(
        Unit.objects.filter(pk__in=[c.unit.pk for c in coverage]).values_list("pk", "path")
    )
    tops = [
        c
        for c in coverage
        if not any(
            other.unit.pk != c.unit.pk and paths[c.unit.pk].startswith(paths[other.unit.pk])
            for other in coverage
        )
    ]
    return sorted(tops, key=lambda c: paths[c.unit.pk])


def unit_labels(units: Sequence[tuple[str, int | None, str]]) -> list[str]:
    """Each unit (name, parent key, code) by its short name, as everywhere; a name two units
    share (every battalion has its "Đại đội 1") carries its superior's short name, and the code
    if that is not enough."""
    names = [name for name, _parent, _code in units]
    twice = {name for name, n in Counter(names).items() if n > 1}
    if not twice:
        return names
    parents = dict(
        Unit.objects.filter(
            pk__in={parent for _name, parent, _code in units if parent is not None}
        ).values_list("pk", "short_name")
    )
    labels = [
        f"{name} ({parents.get(parent or 0, '')})" if name in twice else name
        for name, parent, _code in units
    ]
    still = {label for label, n in Counter(labels).items() if n > 1}
    return [
        f"{label} [{code}]" if label in still else label
        for label, (_name, _parent, code) in zip(labels, units, strict=True)
    ]
