"""The weight stored beside each value that a weighted average reads.

A weighted average (the mean score of a unit's soldiers, weighted by how many were tested) needs
each unit's value next to its own weight, which is another value of the same report. Joining the
two at consolidation time cost a second look-up of 20,000 reports at the top of the army
(docs/performance.md); so the weight is copied onto the value's row when either is written, and
the consolidation reads both from one row. The copy follows the report's own template (the
regulation version it was opened under): a superior whose template weighs the same code by
another indicator does not combine it (khth.reports.consolidation.variants).

A weighted average without a weight indicator weighs every unit 1: the same column, so the
consolidation has one way to read them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When

from khth.lib.bulk import batched
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.models import IndicatorValue, Report
from khth.reports.template import template_of

ONE = Decimal(1)


def weights_of(template: ReportTemplate) -> dict[str, str | None]:
    """The weighted averages of ``template``: value code → its weight's code (None: every unit
    weighs 1)."""
    return {
        i.code: i.weight_indicator
        for i in template.indicators
        if i.aggregation == "weighted_average"
    }


def store_weights(changed: Iterable[tuple[Report, Sequence[str]]]) -> None:
    """Copy each weight onto its value's row for the reports whose ``changed`` codes (what
    khth.reports.actions.write_values wrote) touch a weighted average or its weight. One UPDATE
    per weighted code and batch of reports; nothing when no such code changed."""
    templates: dict[tuple[int, str], dict[str, str | None]] = {}
    pending: dict[tuple[str, str | None], list[int]] = {}
    for report, codes in changed:
        if not codes:
            continue
        key = (report.regulation_id, report.template_code)
        if key not in templates:
            templates[key] = weights_of(template_of(report.regulation, report.template_code))
        touched = set(codes)
        for code, weight in templates[key].items():
            if code in touched or (weight is not None and weight in touched):
                pending.setdefault((code, weight), []).append(report.pk)
    for (code, weight), reports in sorted(pending.items(), key=lambda item: str(item[0])):
        for chunk in batched(reports):
            _update(IndicatorValue.objects.filter(report_id__in=chunk, indicator_code=code), weight)


def _update(values: QuerySet[IndicatorValue], weight: str | None) -> None:
    own: Any = Value(ONE)
    if weight is not None:
        same_report = OuterRef("report_id")
        found = IndicatorValue.objects.filter(report_id=same_report, indicator_code=weight)
        own = Subquery(found.values("number")[:1])
    # A row without a number weighs nothing: the average reads the pairs that have both.
    column = IndicatorValue._meta.get_field("weight")
    kept = Case(When(number__isnull=True, then=None), default=own, output_field=column)
    values.update(weight=kept)
