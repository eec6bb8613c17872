"""A review's narrative drawn from what was reported over its span.

A six-month or annual review (sơ kết, tổng kết) is written from the periodic reports of the
months it covers. For a section of the review, the texts of the same section in the finest
periodic reports (monthly, where the regulation has them) that the unit and its subordinates
sent between the review's first and last day are grouped like a report's synthesis
(khth.synthesis): a unit counts once however many months it wrote the same thing, and each
sentence says which month it came from. The subordinates are those of the review's last day.
"""

from __future__ import annotations

from typing import get_args

from django.db.models import Q

from khth.periods import parse_period
from khth.regulations.schema import Regulation, ReportTemplate
from khth.regulations.schema.common import Frequency
from khth.reports.consolidation.coverage import COUNTED
from khth.reports.models import Report, SectionText
from khth.reports.template import OutlineRow, outline
from khth.reviews.models import Review
from khth.reviews.outline import review_outline
from khth.synthesis.engine import lexicon_for
from khth.synthesis.present import SynthesisView, report_link, synthesis_view
from khth.synthesis.scopes import SUBTREE
from khth.synthesis.sources import (
    MAX_SOURCES,
    Contributor,
    Gathered,
    Written,
    section_sources,
    unit_labels,
)
from khth.units.models import UnitPlacement, on_date_q

# Finest first: a review reads the monthly reports where there are any.
FREQUENCIES: tuple[str, ...] = get_args(Frequency)


def source_templates(regulation: Regulation, sections: list[str]) -> list[ReportTemplate]:
    """The periodic report templates that have every one of ``sections``, finest first (the
    weekly report has sections of its own and is never among them)."""
    found = []
    for template in regulation.report_templates:
        if template.kind != "periodic" or template.frequency not in FREQUENCIES:
            continue
        leaves = {row.code for row in outline(template) if row.is_leaf}
        if all(code in leaves for code in sections):
            found.append(template)
    return sorted(found, key=lambda t: FREQUENCIES.index(t.frequency or "yearly"))


def offered_rows(review: Review, regulation: Regulation) -> dict[str, OutlineRow]:
    """The review's sections that the periodic reports also have, by code, with the row of the
    finest template that has it (its ``required`` says who stayed silent)."""
    offered = {}
    for row in review_outline(regulation, review.kind):
        if not row.is_leaf:
            continue
        templates = source_templates(regulation, [row.code])
        if templates:
            offered[row.code] = next(r for r in outline(templates[0]) if r.code == row.code)
    return offered


def gather_review(
    review: Review,
    regulation: Regulation,
    scope: str,
    sections: list[str],
    *,
    limit: int = MAX_SOURCES,
) -> tuple[Gathered, dict[str, str], ReportTemplate | None]:
    """The texts of ``sections`` in the periodic reports of the review's span that its unit and
    its direct subordinates (``SUBTREE``: every unit below) sent, counted as a consolidation
    counts them (submitted, accepted), at most ``limit`` reports read; each report's period, to
    say where a sentence came from; and the template read: the finest that has reports in the
    span (monthly; else quarterly, half-year…, for a span before the monthly reports were kept
    in KHTH). Five queries, one more for each template without reports."""
    empty = Gathered(contributors=(), texts={}, read=frozenset())
    templates = source_templates(regulation, sections)
    if not templates:
        return empty, {}, None
    on_end = on_date_q(review.ends_on)
    root = (
        UnitPlacement.objects.filter(on_end, unit=review.unit)
        .values_list("path", flat=True)
        .first()
    )
    if root is None:
        return empty, {}, templates[0]
    below = Q(path__startswith=root) if scope == SUBTREE else Q(parent=review.unit)
    in_span = Report.objects.filter(
        request__isnull=True,
        status__in=COUNTED,
        period_start__gte=review.starts_on,
        period_end__lte=review.ends_on,
    )
    tree = UnitPlacement.objects.filter(on_end, Q(unit=review.unit) | below)
    template = next(
        (
            t
            for t in templates
            if in_span.filter(template_code=t.code, unit_id__in=tree.values("unit_id")).exists()
        ),
        templates[0],
    )
    placed = tree.filter(unit__level__in=template.reporting_levels)
    units = list(
        placed.order_by("path").values_list(
            "unit_id", "parent_id", "unit__short_name", "unit__name", "unit__code"
        )
    )
    labels = unit_labels([(short or name, parent, code) for _u, parent, short, name, code in units])
    label_of = {unit_id: label for (unit_id, *_rest), label in zip(units, labels, strict=True)}
    order = {unit_id: index for index, (unit_id, *_rest) in enumerate(units)}
    reports = sorted(
        in_span.filter(
            template_code=template.code, unit_id__in=placed.values("unit_id")
        ).values_list("pk", "unit_id", "period_id"),
        key=lambda r: (order.get(r[1], len(order)), r[2]),
    )
    refs: dict[int, list[str]] = {}
    for pk, unit_id, _period in reports:
        refs.setdefault(unit_id, []).append(str(pk))
    contributors = tuple(
        Contributor(label_of[unit_id], refs=tuple(refs.get(unit_id, ()))) for unit_id in label_of
    )
    read = [str(pk) for pk, _unit, _period in reports][:limit]
    unit_of = {str(pk): unit_id for pk, unit_id, _period in reports}
    position = {ref: index for index, ref in enumerate(read)}
    found = (
        SectionText.objects.filter(
            report_id__in=[int(ref) for ref in read], section_code__in=sections
        )
        .exclude(html="")
        .values_list("report_id", "section_code", "html")
    )
    written: dict[str, list[Written]] = {}
    for report_id, code, html in sorted(found, key=lambda row: position[str(row[0])]):
        ref = str(report_id)
        written.setdefault(code, []).append(Written(ref, label_of[unit_of[ref]], html))
    periods = {str(pk): parse_period(period).label for pk, _unit, period in reports}
    gathered = Gathered(
        contributors=contributors,
        texts={code: tuple(texts) for code, texts in written.items()},
        read=frozenset(read),
    )
    return gathered, periods, template


def review_synthesis(
    review: Review, regulation: Regulation, row: OutlineRow, scope: str
) -> tuple[SynthesisView, ReportTemplate | None]:
    """The synthesis of one section of ``review`` (``row``: the periodic reports' row of that
    code), and the template of the reports it read. Read only."""
    gathered, periods, template = gather_review(review, regulation, scope, [row.code])
    view = synthesis_view(
        section_sources(gathered, row.code, required=row.required),
        lexicon_for(regulation),
        link=report_link(row.code),
        source=lambda ref: periods.get(ref, ""),
    )
    return view, template
