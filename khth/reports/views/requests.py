"""Report pages: ad hoc requests (báo cáo đột xuất) — the list, sending one, and its page, where
the sender follows every addressee and an addressee opens its report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.lib import clock
from khth.lib.forms import done, post_form
from khth.regulations.access import active_regulation
from khth.reports import access
from khth.reports.actions import ReportError, create_request, open_request_report
from khth.reports.expectations import expected_for_request
from khth.reports.forms import RequestForm
from khth.reports.models import ReportRequest
from khth.units import access as unit_access
from khth.units.models import Unit


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = access.visible_requests(request.user).select_related("from_unit")
    return render(request, "reports/requests.html", {"requests": requests[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    scope = unit_access.scope_for(request.user)
    from_units = list(
        Unit.objects.filter(
            pk__in=[g.unit_id for g in scope.grants if "report.review" in g.permissions]
        )
    )
    if not from_units:
        raise PermissionDenied("report.review")
    from_unit = from_units[0]
    if request.GET.get("from") or request.POST.get("from"):
        from_unit = unit_access.get_unit_for_user(
            request.user,
            request.GET.get("from") or request.POST.get("from", ""),
            permission="report.review",
        )
    form = RequestForm(request.POST or None)
    form.choose_below(user=request.user, top=from_unit)
    form.fields["template_code"].choices = [  # type: ignore[attr-defined]
        (t.code, t.name) for t in active_regulation().report_templates if t.kind == "ad_hoc"
    ]

    def send(data: dict[str, Any]) -> ReportRequest:
        return create_request(
            from_unit=from_unit,
            template_code=data["template_code"],
            title=data["title"],
            content=data["content"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            deadline=data["deadline"],
            addressees=list(Unit.objects.filter(code__in=data["addressees"])),
            by=request.user,
        )

    return post_form(
        form,
        send,
        refused=ReportError,
        again=lambda form: render(
            request, "reports/request_new.html", {"form": form, "from_unit": from_unit}
        ),
        then=lambda created: done(
            request, _("Đã gửi yêu cầu báo cáo đột xuất."), "request-detail", pk=created.pk
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report_request = access.get_request_for_user(request.user, pk)
    scope = unit_access.scope_for(request.user)
    mine = [u for u in report_request.addressees.all() if scope.allows(u, "report.prepare")]
    if request.method == "POST":
        unit = next((u for u in mine if u.code == request.POST.get("unit")), None)
        if unit is None:
            raise PermissionDenied("report.prepare")
        report = open_request_report(report_request, unit, by=request.user)
        return redirect("report-edit", pk=report.pk)
    # The sender's side sees every addressee's state; an addressee sees only its own units.
    rows = expected_for_request(report_request, clock.today())
    if not scope.allows(report_request.from_unit, unit_access.READ):
        rows = [row for row in rows if scope.allows(row.unit, unit_access.READ)]
    return render(
        request,
        "reports/request_detail.html",
        {"request_obj": report_request, "rows": rows, "mine": mine},
    )


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="request-list"),
    path("requests/new/", request_new, name="request-new"),
    path("requests/<int:pk>/", request_detail, name="request-detail"),
]
