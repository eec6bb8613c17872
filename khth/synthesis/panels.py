"""What a report's pages show of synthesis beside each section (khth/reports/panels.py): the way
to the synthesis of the subordinates' texts where there are any, and on the read page the
sources a drafted text came from («Nguồn tổng hợp»)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from khth.reports.consolidation.coverage import COUNTED
from khth.reports.models import Report, SectionText
from khth.reports.panels import ReportPage, Shown
from khth.synthesis.models import SectionSynthesis
from khth.synthesis.present import kept_view, report_link
from khth.synthesis.scopes import scope_label
from khth.units.models import UnitPlacement, on_date_q


def section_panel(report: Report, page: ReportPage) -> dict[str, list[Shown]]:
    offered = offered_sections(report)
    kept = (
        {k.section_code: k for k in SectionSynthesis.objects.filter(report=report)}
        if page == "detail"
        else {}
    )
    shown: dict[str, list[Shown]] = {}
    for code in sorted(offered):
        url = reverse("synthesis-section", args=[report.pk, code])
        shown.setdefault(code, []).append(
            Shown("synthesis/_section_link.html", {"url": url, "page": page, "code": code})
        )
    for code, synthesis in kept.items():
        view = kept_view(synthesis.groups, synthesis.expected, synthesis.written, report_link(code))
        shown.setdefault(code, []).append(
            Shown(
                "synthesis/_kept.html",
                {
                    "kept": synthesis,
                    "synthesis": view,
                    "scope": scope_label(synthesis.scope),
                    "code": code,
                },
            )
        )
    return shown


def offered_sections(report: Report) -> set[str]:
    """The sections for which a unit below ``report``'s unit sent text in a counted report of
    the same template and period (the subtree of the period's last day) or ad hoc request.
    Two queries (one for an ad hoc request)."""
    texts = SectionText.objects.filter(
        report__template_code=report.template_code,
        report__status__in=COUNTED,
    ).exclude(html="")
    if report.request_id is not None:
        texts = texts.filter(
            report__request_id=report.request_id,
            report__unit__path__startswith=report.unit.path,
        ).exclude(report__unit_id=report.unit_id)
    else:
        on_end = on_date_q(report.period_end)
        root = _root_path(report)
        if root is None:
            return set()
        below = UnitPlacement.objects.filter(on_end, path__startswith=root).exclude(
            unit_id=report.unit_id
        )
        texts = texts.filter(
            report__period_id=report.period_id,
            report__request__isnull=True,
            report__unit_id__in=below.values("unit_id"),
        )
    return set(texts.values_list("section_code", flat=True).distinct())


def _root_path(report: Report) -> str | None:
    paths: Sequence[str] = list(
        UnitPlacement.objects.filter(on_date_q(report.period_end), unit=report.unit).values_list(
            "path", flat=True
        )[:1]
    )
    return paths[0] if paths else None
