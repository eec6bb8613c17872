"""Consolidating across regulation variants: which subordinates' values cannot be combined.

A superior consolidates into its own template (the version it follows). A subordinate under a
variant reported against the variant's template of the same code. Values are combined by
indicator code (the SQL groups by it); a value is **not combined** when the superior's template
has no indicator of that code, or has one of another type or unit of measure ("tin, bài" and
"bài" are not one count). Those are listed, with the units and the reason, on the page, in the
API and in ``Report.consolidated`` ("không tổng hợp được"). Percentages are not listed: they are
never stored, the superior recomputes its own from their numerator and denominator.

When every report was made under the superior's version nothing is read and nothing is
excluded: the figures are the same, in the same queries, as before variants existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from khth.regulations.access import regulation_of
from khth.regulations.models import RegulationVersion
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.consolidation.coverage import Coverage, UnitRef
from khth.reports.template import is_computed


@dataclass(frozen=True)
class Uncombined:
    """One indicator of a variant whose values stay out of the superior's figures."""

    code: str
    name: str
    units: tuple[UnitRef, ...]
    reason: str


def uncombined(
    template: ReportTemplate,
    reference_id: int | None,
    coverage: Iterable[Coverage],
) -> tuple[list[Uncombined], tuple[tuple[int, tuple[str, ...]], ...]]:
    """What cannot be combined into ``template`` (of version ``reference_id``; None: compare
    every version's template with it) and, for the figures, the (version, codes) to leave out.
    No query when every counted report is under the reference version; else one."""
    by_version: dict[int, list[UnitRef]] = {}
    for c in coverage:
        if c.counted and c.report is not None and c.report.regulation_id != reference_id:
            by_version.setdefault(c.report.regulation_id, []).append(c.unit)
    if not by_version:
        return [], ()
    mine = {i.code: i for i in template.indicators}
    found: dict[tuple[str, str], tuple[str, list[UnitRef]]] = {}
    excluded: list[tuple[int, tuple[str, ...]]] = []
    for version in RegulationVersion.objects.defer("content").filter(pk__in=list(by_version)):
        try:
            theirs = regulation_of(version).report_template(template.code)
        except KeyError:
            continue
        codes = []
        for indicator in theirs.indicators:
            if is_computed(indicator):
                continue
            reason = _reason(mine.get(indicator.code), indicator)
            if reason is None:
                continue
            codes.append(indicator.code)
            entry = found.setdefault((indicator.code, reason), (indicator.name, []))
            entry[1].extend(by_version[version.pk])
        if codes:
            excluded.append((version.pk, tuple(sorted(codes))))
    listed = [
        Uncombined(code, name, tuple(sorted(units, key=lambda u: u.code)), reason)
        for (code, reason), (name, units) in sorted(found.items())
    ]
    return listed, tuple(sorted(excluded))


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
    return None
