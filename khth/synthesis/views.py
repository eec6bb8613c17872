"""The synthesis page of one section of a report: what the subordinates wrote, grouped, where
each statement came from, who wrote nothing, and the draft to put into the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.periods import parse_period
from khth.reports import access
from khth.reports.actions import ReportError, template
from khth.reports.completeness import section_anchor
from khth.reports.models import Report, SectionText
from khth.reports.richtext import is_blank
from khth.synthesis.actions import SynthesisError, insert_draft, leaf_section, section_synthesis
from khth.synthesis.scopes import CHILDREN, SCOPE_CHOICES, ScopeError, scope_asked


def page_scope(request: HttpRequest) -> str:
    """The scope a synthesis page asks for; an unknown one is said, and the direct
    subordinates shown."""
    try:
        return scope_asked(request.GET.get("scope"))
    except ScopeError as exc:
        messages.error(request, str(exc))
        return CHILDREN


def scope_links() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in SCOPE_CHOICES]


def again(here: str, scope: str) -> str:
    """Back to the synthesis page after a refused insertion, in the scope it was shown in."""
    return f"{here}?scope={scope}" if scope in dict(SCOPE_CHOICES) else here


def _label(report: Report) -> str:
    if report.request_id is not None and report.request is not None:
        return report.request.title
    return parse_period(report.period_id).label


@login_required
@require_http_methods(["GET", "POST"])
def section_page(request: HttpRequest, pk: int, section_code: str) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    try:
        row = leaf_section(report, section_code)
    except SynthesisError:
        raise Http404("no such section") from None
    here = reverse("synthesis-section", args=[report.pk, row.code])
    if request.method == "POST":
        return _insert(request, report.pk, row.code, here)
    scope = page_scope(request)
    own = SectionText.objects.filter(report=report, section_code=row.code).first()
    written_own = own is not None and not own.prefilled and not is_blank(own.html)
    anchor = section_anchor(row.code)
    return render(
        request,
        "synthesis/section.html",
        {
            "report": report,
            "template": template(report),
            "label": _label(report),
            "row": row,
            "scope": scope,
            "scopes": scope_links(),
            "here": here,
            "synthesis": section_synthesis(report, row, scope),
            "can_insert": report.is_editable and access.can(request.user, report, access.PREPARE),
            "written_own": written_own,
            "back": f"{reverse('report-detail', args=[report.pk])}#{anchor}",
            "edit": f"{reverse('report-edit', args=[report.pk])}#{anchor}",
        },
    )


def _insert(request: HttpRequest, pk: int, code: str, here: str) -> HttpResponse:
    # 403 for whoever only reads the report: the page showed them no button.
    report = access.get_report_for_user(request.user, pk, permission=access.PREPARE)
    scope = request.POST.get("scope", "")
    try:
        insert_draft(report, code, scope=scope, by=request.user)
    except (SynthesisError, ReportError) as exc:
        messages.error(request, str(exc))
        return redirect(again(here, scope))
    messages.success(
        request,
        _(
            "Đã đưa bản nháp tổng hợp vào báo cáo. Mục này được đánh dấu «chưa biên tập» và chưa "
            "tính là đã viết cho đến khi đồng chí sửa lại nội dung."
        ),
    )
    return redirect(f"{reverse('report-edit', args=[report.pk])}#{section_anchor(code)}")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/tong-hop/<str:section_code>/", section_page, name="synthesis-section"),
]
