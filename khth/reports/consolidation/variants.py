"""Consolidating across regulation variants: which subordinates' values cannot be combined.

A superior consolidates into its own template (the version it follows). A subordinate under a
variant reported against the variant's template of the same code. Values are combined by
indicator code (the SQL groups by it); a value is **not combined** when the superior's template
has no indicator of that code, or has one of another type or unit of measure ("tin, bài" and
"bài" are not one count), or a weighted average weighed otherwise (a value's weight is stored by
its own template: khth.reports.weights). Those are listed, with the units and the reason, on the
page, in the API and in ``Report.consolidated`` ("không tổng hợp được"). Percentages are not
listed: they are never stored, the superior recomputes its own from their numerator and
denominator.

When every report was made under the superior's version nothing is read and nothing is
excluded: the figures are the same, in the same queries, as before variants existed. Which
versions the counted reports were made under comes with the count of who reported
(coverage.tally); the units are read only for what is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from khth.regulations.access import regulation_of
from khth.regulations.models import RegulationVersion
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.consolidation.coverage import Owed, UnitRef
from khth.reports.template import is_computed


@dataclass(frozen=True)
class Uncombined:
    """One indicator of a variant whose values stay out of the superior's figures."""

    code: str
    name: str
    units: tuple[UnitRef, ...]
    reason: str


def uncombined(
    template: ReportTemplate, reference_id: int | None, owed: Owed
) -> tuple[list[Uncombined], tuple[tuple[int, tuple[str, ...]], ...]]:
    """What cannot be combined into ``template`` (of version ``reference_id``; None: compare
    every version's template with it) and, for the figures, the (version, codes) to leave out.
    No query when every counted report is under the reference version; else one, and one more
    for the units of what is listed."""
    versions = owed.counted_versions(reference_id)
    if not versions:
        return [], ()
    mine = {i.code: i for i in template.indicators}
    found: dict[tuple[str, str], tuple[str, list[int]]] = {}
    excluded: list[tuple[int, tuple[str, ...]]] = []
    for version in RegulationVersion.objects.filter(pk__in=versions):
        try:
            theirs = regulation_of(version).report_template(template.code)
        except KeyError:
            continue
        codes = []
        for indicator, reason in _refused(mine, theirs):
            codes.append(indicator.code)
            found.setdefault((indicator.code, reason), (indicator.name, []))[1].append(version.pk)
        if codes:
            excluded.append((version.pk, tuple(sorted(codes))))
    if not found:
        return [], tuple(sorted(excluded))
    by_version = owed.units_by_version(sorted({pk for _n, pks in found.values() for pk in pks}))
    listed = [
        Uncombined(
            code,
            name,
            tuple(sorted((u for pk in pks for u in by_version.get(pk, [])), key=lambda u: u.code)),
            reason,
        )
        for (code, reason), (name, pks) in sorted(found.items())
    ]
    return listed, tuple(sorted(excluded))


def _refused(mine: dict[str, Indicator], theirs: ReportTemplate) -> list[tuple[Indicator, str]]:
    """The entered indicators of ``theirs`` whose values cannot join ``mine``'s, with why."""
    refused = [
        (indicator, reason)
        for indicator in theirs.indicators
        if not is_computed(indicator)
        and (reason := _reason(mine.get(indicator.code), indicator)) is not None
    ]
    codes = {indicator.code for indicator, _reason_ in refused}
    for indicator in theirs.indicators:
        ours = mine.get(indicator.code)
        weight = ours.weight_indicator if ours is not None else None
        # Weighed by a value the superior does not combine: the average would mix measures.
        if weight in codes and indicator.code not in codes:
            name = mine[weight].name if weight in mine else weight
            refused.append(
                (indicator, _("Trọng số «%(weight)s» không tổng hợp được") % {"weight": name})
            )
    return refused


def _reason(mine: Indicator | None, theirs: Indicator) -> str | None:
    if mine is None:
        return _("Mẫu báo cáo của cấp trên không có chỉ tiêu này")
    if mine.type != theirs.type:
        return _("Kiểu số liệu khác với chỉ tiêu cùng mã của cấp trên")
    if (mine.unit or "") != (theirs.unit or ""):
        return _("Đơn vị tính «%(theirs)s» khác với «%(mine)s» của cấp trên") % {
            "theirs": theirs.unit or "",
            "mine": mine.unit or "",
        }
    if mine.aggregation == "weighted_average" and (theirs.aggregation, theirs.weight_indicator) != (
        mine.aggregation,
        mine.weight_indicator,
    ):
        return _("Cách tính bình quân theo trọng số khác với chỉ tiêu cùng mã của cấp trên")
    return None
