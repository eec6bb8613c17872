"""Consolidation (tổng hợp) of a unit's subtree for one template and period — or ad hoc request.

The subtree is the one of the period's last day (``UnitPlacement``): a company moved since still
counts under its old battalion for that period. Reports count when submitted or accepted; with
``include_drafts`` drafts and returned reports count too, and the result says so. The unit's own
report always counts: it is the report the synthesis is made for, still a draft while its officer
writes it, and at the moment it is submitted, when ``snapshot`` freezes the result into it.

The figures are computed in SQL (``figures``), and so is how many units owe a report and where
they stand (``coverage``); both in a number of queries that does not grow with the subtree. The
list of every unit that owes one (``Consolidation.coverage``) is read only when something asks for
it: a page shows the counts and the first units that need attention. The pure
khth.reports.rollup is the reference they agree with (tests/reports/test_consolidation.py);
``khth bench rollup`` times them (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from khth.lib import clock
from khth.periods import Period
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports import rollup
from khth.reports.consolidation.coverage import (
    ALL_STATUSES,
    COUNTED,
    KINDS,
    Counts,
    Coverage,
    Owed,
    ReportRef,
    UnitRef,
    for_request,
    tally,
    unit_ref,
)
from khth.reports.consolidation.figures import Scope, fetch_rows, inputs, plan, rolled_up
from khth.reports.consolidation.present import Contribution, contribution, display, json_value
from khth.reports.consolidation.variants import Uncombined, uncombined
from khth.reports.models import Report, ReportRequest, SectionText
from khth.reports.rollup import Reader, Result, Rolled, Row
from khth.reports.template import outline, template_of
from khth.reports.timeliness import period_for
from khth.units.models import Unit, UnitPlacement, on_date_q
from khth.units.regulation import version_for

__all__ = [
    "COUNTED",
    "KINDS",
    "Consolidation",
    "ConsolidationError",
    "Contribution",
    "Counts",
    "Coverage",
    "Figure",
    "ReportRef",
    "SectionTexts",
    "Subtotals",
    "Uncombined",
    "UnitRef",
    "as_json",
    "consolidate",
    "display",
    "json_value",
    "snapshot",
    "subordinate_texts",
    "subtotals",
]


# More contributions than a consolidation can have: the end of an open slice of them.
MAX_ROWS = 2**62


@dataclass(frozen=True)
class Figure:
    """One consolidated indicator."""

    code: str
    name: str
    unit_of_measure: str
    kind: str  # the aggregation rule
    value: Result
    display: str
    contributors: int


@dataclass(frozen=True)
class SectionTexts:
    """One leaf section: the unit's own text and its direct subordinates', side by side."""

    code: str
    number: str
    title: str
    own: str
    subordinates: tuple[tuple[UnitRef, str], ...]


@dataclass
class Consolidation:
    unit: Unit
    template: ReportTemplate
    period: Period | None
    request: ReportRequest | None
    includes_drafts: bool
    indicators: dict[str, Figure]
    counts: Counts  # of the units that owe a report
    # The direct subordinates that owe one (for an ad hoc request: every addressee).
    children: list[Coverage]
    sections: list[SectionTexts]
    own_report: ReportRef | None
    scope: Scope = field(repr=False)
    owed: Owed = field(repr=False)
    # Subordinates' values made under a variant that could not be combined (variants.py).
    uncombined: list[Uncombined] = field(default_factory=list)

    @property
    def coverage(self) -> list[Coverage]:
        """Every unit that owes the report, in tree order: one query, when first asked for
        (the exports, the drill-down, the frozen snapshot)."""
        return self.owed.all()

    def first(self, kind: str, limit: int) -> list[Coverage]:
        """The first ``limit`` units that need attention, or are missing, late or not
        accepted (``KINDS``), in tree order: what a page lists, one small query."""
        return self.owed.first(kind, limit)

    @cached_property
    def units(self) -> dict[str, UnitRef]:
        """Code → unit, in tree order: the unit and every unit that owes the report."""
        return {self.unit.code: unit_ref(self.unit), **{c.unit.code: c.unit for c in self.coverage}}

    @property
    def period_id(self) -> str:
        return self.period.id if self.period is not None else ""

    @property
    def label(self) -> str:
        if self.request is not None:
            return self.request.title
        return self.period.label if self.period is not None else ""

    @property
    def missing(self) -> list[Coverage]:
        return [c for c in self.coverage if c.missing]

    @property
    def late(self) -> list[Coverage]:
        return [c for c in self.coverage if c.late]

    @property
    def not_accepted(self) -> list[Coverage]:
        return [c for c in self.coverage if c.not_accepted]

    @property
    def drafts(self) -> list[Coverage]:
        return [c for c in self.coverage if c.draft_included]

    def rows(self, codes: Collection[str] | None = None) -> list[Row]:
        """The own values of every contributing unit, in tree order, the unit's own first: what
        the pure rollup takes. Two queries (the order is read as codes, not as the whole list
        of who owes the report)."""
        order = {self.unit.code: -1, **self.owed.tree_order()}
        rows = fetch_rows(self.scope, codes)
        return sorted(rows, key=lambda r: order.get(r.unit, len(order)))

    def drilldown(self, code: str) -> list[Contribution]:
        """The units whose values make the figure ``code``, each with its own value.
        Raises KeyError for a code the template does not have."""
        return self.drilldown_slice(code, slice(None))[0]

    def drilldown_slice(self, code: str, rows: slice) -> tuple[list[Contribution], int]:
        """The contributions ``rows`` of ``drilldown(code)`` and how many there are in all, for
        a page of them: every unit's values of the figure are read to count and order them,
        but only the units of the slice are looked up and written out (at the top of a
        20,000-unit tree, the whole list of who owes the report and the display strings were
        most of the cost). Three queries."""
        indicator = {i.code: i for i in self.template.indicators}[code]
        reader = Reader(self.template)
        start, stop, _step = rows.indices(MAX_ROWS)
        picked = []
        count = 0
        for row in self.rows(inputs(self.template, indicator)):
            one = rollup.new_accumulator(indicator)
            reader.feed(one, indicator, row)
            if not one.n:
                continue
            if start <= count < stop:
                picked.append(row)
            count += 1
        units = {self.unit.code: unit_ref(self.unit), **self.owed.refs([r.unit for r in picked])}
        contributions = [
            # A unit whose level changed since it reported does not owe the report; its
            # figures still count, so it is listed too, by code.
            contribution(
                reader,
                indicator,
                row,
                units.get(row.unit) or UnitRef(0, row.unit, row.unit, row.unit, ""),
            )
            for row in picked
        ]
        return contributions, count


class ConsolidationError(ValueError):
    """Nothing to consolidate as asked; the message says why, in Vietnamese."""


def consolidate(
    unit: Unit,
    template_code: str,
    *,
    period_id: str | None = None,
    request: ReportRequest | None = None,
    include_drafts: bool = False,
    today: dt.date | None = None,
    template: ReportTemplate | None = None,
    version_id: int | None = None,
) -> Consolidation:
    """The synthesis of ``unit``'s subtree for a periodic template and period, or for an ad hoc
    request, into the template of the regulation ``unit`` follows. ``template`` replaces it (a
    report's own version, whose key is ``version_id``; the benchmark's widened template).
    Subordinates' values under a variant are combined by indicator code; those that cannot be
    are left out and listed (``uncombined``)."""
    day = today or clock.today()
    statuses = ALL_STATUSES if include_drafts else COUNTED
    period: Period | None = None
    per_report: list[dict[str, Any]] | None = None
    if request is not None:
        tmpl = template or template_of(request.regulation, request.template_code)
        if template is None:
            version_id = request.regulation_id
        # The addressees may be at any depth: their texts are shown side by side.
        scope, owed = _of_request(unit, request, day, statuses)
    else:
        if period_id is None:
            raise ConsolidationError(_("Thiếu kỳ báo cáo hoặc yêu cầu báo cáo"))
        try:
            if template is None:
                version = version_for(unit)
                version_id = version.pk
                tmpl = template_of(version, template_code)
            else:
                tmpl = template
            period = period_for(tmpl, period_id)
        except (KeyError, ValueError) as exc:
            raise ConsolidationError(str(exc)) from None
        # On SQLite the values the weighted averages and the counts of units read report by
        # report come with the count of who reported: one pass over the reports for both.
        scope, owed, per_report = tally(unit, tmpl, period, day, statuses, plan(tmpl)[1])
    listed, excluded = uncombined(tmpl, version_id, owed)
    scope = replace(scope, excluded=excluded)
    return Consolidation(
        unit=unit,
        template=tmpl,
        period=period,
        request=request,
        includes_drafts=include_drafts,
        indicators=_figures(tmpl, scope, per_report),
        counts=owed.counts,
        children=owed.children,
        sections=_sections(tmpl, owed.own, [c for c in owed.children if c.counted]),
        own_report=owed.own,
        scope=scope,
        owed=owed,
        uncombined=listed,
    )


def _of_request(
    unit: Unit, request: ReportRequest, today: dt.date, statuses: tuple[str, ...]
) -> tuple[Scope, Owed]:
    """An ad hoc request's reports and addressees (tens: a list in memory)."""
    scope = Scope({"request": request, "unit__path__startswith": unit.path}, statuses, unit.pk)
    return scope, Owed(*for_request(unit, request, today, statuses))


@dataclass(frozen=True)
class Subtotals:
    """The subordinates' figures without the unit's own: what a superior sees beside each of
    its own figures while writing its report, so that nobody counts a figure twice."""

    figures: dict[str, Figure]
    counted: int  # subordinates whose reports are in the figures
    expected: int  # subordinates that owe one


def subtotals(report: Report, today: dt.date | None = None) -> Subtotals | None:
    """None for a unit with no subordinates in the report's period."""
    if not UnitPlacement.objects.filter(on_date_q(report.period_end), parent=report.unit).exists():
        return None
    tmpl = template_of(report.regulation, report.template_code)
    day = today or clock.today()
    if report.request is not None:
        scope, owed = _of_request(report.unit, report.request, day, COUNTED)
    else:
        period = period_for(tmpl, report.period_id)
        scope, owed, _by_report = tally(report.unit, tmpl, period, day, COUNTED)
    _listed, excluded = uncombined(tmpl, report.regulation_id, owed)
    scope = replace(scope, excluded=excluded)
    return Subtotals(
        figures=_figures(tmpl, replace(scope, with_own=False)),
        counted=owed.counts.counted,
        expected=owed.counts.expected,
    )


def _figures(
    template: ReportTemplate, scope: Scope, per_report: list[dict[str, Any]] | None = None
) -> dict[str, Figure]:
    rolled = rolled_up(template, scope, per_report)
    return {i.code: _figure(i, rolled[i.code]) for i in template.indicators}


def _figure(indicator: Indicator, rolled: Rolled) -> Figure:
    return Figure(
        code=indicator.code,
        name=indicator.name,
        unit_of_measure=indicator.unit or "",
        kind=indicator.aggregation,
        value=rolled.value,
        display=display(indicator, rolled.value),
        contributors=rolled.contributors,
    )


def _sections(
    template: ReportTemplate, own: ReportRef | None, children: list[Coverage]
) -> list[SectionTexts]:
    """One query for the texts of the unit's own report and of its direct subordinates'."""
    ids = [c.report.pk for c in children if c.report is not None]
    ids += [own.pk] if own is not None else []
    texts: dict[tuple[int, str], str] = {
        (report_id, code): html
        for report_id, code, html in SectionText.objects.filter(report_id__in=ids)
        .exclude(html="")
        .values_list("report_id", "section_code", "html")
    }
    sections = []
    for row in outline(template):
        if not row.is_leaf:
            continue
        subordinates = tuple(
            (c.unit, texts[(c.report.pk, row.code)])
            for c in children
            if c.report is not None and (c.report.pk, row.code) in texts
        )
        own_text = texts.get((own.pk, row.code), "") if own is not None else ""
        sections.append(SectionTexts(row.code, row.number, row.title, own_text, subordinates))
    return sections


def as_json(consolidation: Consolidation, *, listed: int | None = None) -> dict[str, Any]:
    """The consolidation as frozen in ``Report.consolidated`` and served by the API. Section
    texts are the stored, sanitised HTML; the unit's own text comes first. The units missing,
    late and not accepted are every one (the report's record of who had reported when it was
    sent), or with ``listed`` the first so many of each and how many there are (the API)."""
    own_code = consolidation.unit.code
    sections: dict[str, list[dict[str, str]]] = {}
    for section in consolidation.sections:
        texts = [(own_code, section.own)] if section.own else []
        texts += [(unit.code, html) for unit, html in section.subordinates]
        if texts:
            sections[section.code] = [{"unit": code, "text": html} for code, html in texts]
    lists: dict[str, list[str]] = {}
    for kind in ("missing", "late", "not_accepted"):
        chosen = (
            getattr(consolidation, kind) if listed is None else consolidation.first(kind, listed)
        )
        lists[kind] = [c.unit.code for c in chosen]
    data: dict[str, Any] = {
        "unit": own_code,
        "template": consolidation.template.code,
        "period": consolidation.period_id,
        "request": consolidation.request.pk if consolidation.request is not None else None,
        "includes_drafts": consolidation.includes_drafts,
        "indicators": {
            code: json_value(figure.value) for code, figure in consolidation.indicators.items()
        },
        **lists,
        "sections": sections,
    }
    if listed is not None:
        data.update({f"{kind}_count": getattr(consolidation.counts, kind) for kind in lists})
    if consolidation.uncombined:
        # Values of subordinates under a variant that could not be combined ("không tổng hợp
        # được"): by indicator, the units and why. Only when there are any, so a consolidation
        # within one version keeps the shape of a unit's own report.
        data["uncombined"] = [
            {
                "indicator": u.code,
                "name": u.name,
                "units": [unit.code for unit in u.units],
                "reason": u.reason,
            }
            for u in consolidation.uncombined
        ]
    return data


def subordinate_texts(report: Report) -> dict[str, list[tuple[str, str]]]:
    """For each section, the direct subordinates' texts of the same template and period (or
    request), labelled by unit, in unit order. Subordinates as of the period's last day."""
    children = UnitPlacement.objects.filter(
        on_date_q(report.period_end), parent=report.unit
    ).values("unit_id")
    rows = (
        SectionText.objects.filter(
            report__unit_id__in=children,
            report__template_code=report.template_code,
            report__period_id=report.period_id,
            report__request=report.request,
            report__status__in=COUNTED,
        )
        .exclude(html="")
        .select_related("report__unit")
        .order_by("report__unit__path", "section_code")
    )
    texts: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        texts.setdefault(row.section_code, []).append((row.report.unit.short_name, row.html))
    return texts


def snapshot(report: Report) -> dict[str, Any] | None:
    """The consolidation frozen into a report when it is submitted; None for a unit with no
    subordinates (its figures are its own)."""
    if not UnitPlacement.objects.filter(on_date_q(report.period_end), parent=report.unit).exists():
        return None
    consolidation = consolidate(
        report.unit,
        report.template_code,
        period_id=report.period_id or None,
        request=report.request,
        template=template_of(report.regulation, report.template_code),
        version_id=report.regulation_id,
    )
    return as_json(consolidation)
