"""Report pages: the consolidation (tổng hợp) of a unit's subtree, and its drill-down.

Both pages run a fixed number of queries whatever the size of the subtree
(tests/reports/test_consolidation.py pins it).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from khth.reports.consolidation import Consolidation, ConsolidationError, consolidate
from khth.reports.documents import (
    consolidation_document,
    consolidation_source,
    consolidation_table,
    download_names,
)
from khth.reports.models import Report
from khth.reports.panels import consolidation_panels
from khth.reports.timeliness import STATE_LABELS
from khth.units import access as unit_access
from khth.web.downloads import download
from khth.web.lists import page_asked

RULES = {
    "sum": _("Cộng"),
    "ratio": _("Tính lại từ tổng tử số và tổng mẫu số"),
    "weighted_average": _("Bình quân có trọng số"),
    "min": _("Nhỏ nhất"),
    "max": _("Lớn nhất"),
    "count_true": _("Số đơn vị «có» / số đơn vị trả lời"),
    "count_condition": _("Số đơn vị đạt điều kiện / số đơn vị báo cáo"),
    "last": _("Giá trị của báo cáo gửi sau cùng"),
    "none": _("Không cộng: liệt kê theo đơn vị"),
}


def _consolidation(
    request: HttpRequest, unit_code: str, template_code: str, period_id: str
) -> Consolidation:
    # 404 outside the user's subtree: a company officer does not see the battalion's synthesis.
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    try:
        return consolidate(
            unit,
            template_code,
            period_id=period_id,
            include_drafts=request.GET.get("drafts") == "1",
        )
    except ConsolidationError:
        raise Http404("no such template or period") from None


# The page lists the units that need attention; a whole army's tree would be 20 000 rows. The
# drill-down lists as many units a page.
COVERAGE_ROWS = 500


def _context(consolidation: Consolidation) -> dict[str, Any]:
    # The counts come with the consolidation; only the rows shown are read (one query).
    attention = consolidation.first("attention", COVERAGE_ROWS)
    return {
        **_frame(consolidation),
        "attention": attention,
        "attention_hidden": consolidation.counts.attention - len(attention),
        "states": {str(k): v for k, v in STATE_LABELS.items()},
        "statuses": dict(Report.STATUS_CHOICES),
    }


def _frame(consolidation: Consolidation) -> dict[str, Any]:
    """What the consolidation page and its drill-down both show."""
    return {
        "c": consolidation,
        "drafts_param": "?drafts=1" if consolidation.includes_drafts else "",
        "rules": RULES,
    }


@login_required
def consolidation_page(
    request: HttpRequest, unit_code: str, template_code: str, period_id: str
) -> HttpResponse:
    consolidation = _consolidation(request, unit_code, template_code, period_id)
    context = _context(consolidation)
    # What apps above reports make of these figures (khth/reports/panels.py).
    context["panels"] = consolidation_panels(consolidation)
    return render(request, "reports/consolidation.html", context)


@login_required
def consolidation_drilldown(
    request: HttpRequest, unit_code: str, template_code: str, period_id: str, indicator_code: str
) -> HttpResponse:
    """The units behind one figure, ``COVERAGE_ROWS`` a page (``?page=``): a fragment for
    htmx, a page otherwise."""
    consolidation = _consolidation(request, unit_code, template_code, period_id)
    figure = consolidation.indicators.get(indicator_code)
    if figure is None:
        raise Http404("no such indicator")
    number = page_asked(request)
    rows = slice((number - 1) * COVERAGE_ROWS, number * COVERAGE_ROWS)
    contributions, total = consolidation.drilldown_slice(indicator_code, rows)
    pages = max(1, -(-total // COVERAGE_ROWS))
    drafts = "drafts=1&" if consolidation.includes_drafts else ""
    context = {
        **_frame(consolidation),
        "figure": figure,
        "contributions": contributions,
        "total": total,
        "page": number,
        "pages": pages,
        "previous": f"?{drafts}page={min(number - 1, pages)}" if number > 1 else "",
        "next": f"?{drafts}page={number + 1}" if number < pages else "",
    }
    fragment = request.headers.get("HX-Request") == "true"
    name = "consolidation_drilldown_rows" if fragment else "consolidation_drilldown"
    return render(request, f"reports/{name}.html", context)


@login_required
@require_GET
def consolidation_export(
    request: HttpRequest, unit_code: str, template_code: str, period_id: str, extension: str
) -> HttpResponse:
    """``extension`` comes from the URL pattern: "xlsx" for the figures, or "docx" for the
    synthesis as the unit's official document: its own report's text when it has one,
    otherwise its subordinates' texts by unit, with the consolidated figures."""
    consolidation = _consolidation(request, unit_code, template_code, period_id)
    names = download_names(consolidation_source(consolidation))
    if extension == "docx":
        return download(consolidation_document(consolidation), names)
    return download(consolidation_table(consolidation), names)


urlpatterns: list[URLPattern] = [
    path(
        "consolidation/<str:unit_code>/<str:template_code>/<str:period_id>/",
        consolidation_page,
        name="consolidation",
    ),
    path(
        "consolidation/<str:unit_code>/<str:template_code>/<str:period_id>/export.docx",
        consolidation_export,
        {"extension": "docx"},
        name="consolidation-docx",
    ),
    path(
        "consolidation/<str:unit_code>/<str:template_code>/<str:period_id>/export.xlsx",
        consolidation_export,
        {"extension": "xlsx"},
        name="consolidation-xlsx",
    ),
    path(
        "consolidation/<str:unit_code>/<str:template_code>/<str:period_id>/drilldown/"
        "<str:indicator_code>/",
        consolidation_drilldown,
        name="consolidation-drilldown",
    ),
]
