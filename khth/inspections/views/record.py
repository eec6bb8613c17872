"""Recording an inspection: findings, remedies, the conclusion, «Kết luận» and reopening a
conclusion. Each POST fetches through khth.inspections.access (404 outside the scope, 403
without ``inspection.manage`` at the inspecting unit), calls one action and goes back to the
inspection's page, at the place it changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khth.inspections import access
from khth.inspections.actions import (
    ConflictError,
    InspectionError,
    add_finding,
    add_remedy,
    conclude_inspection,
    delete_finding,
    delete_remedy,
    reopen_inspection,
    save_conclusion,
)
from khth.inspections.forms import FindingForm, NoteForm, RemedyForm
from khth.inspections.models import Finding, Inspection
from khth.inspections.views.pages import detail_page, owner_choices
from khth.lib import clock
from khth.lib.forms import attempt, back_with_errors, done, post_form, posted_revision
from khth.reports.richtext import sanitize


def _at(inspection: Inspection, anchor: str = "") -> str:
    """The inspection's page, at the place a change was made."""
    url = reverse("inspection-detail", args=[inspection.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(inspection: Inspection, anchor: str = "") -> HttpResponse:
    return redirect(_at(inspection, anchor))


def _managed_finding(request: HttpRequest, pk: int) -> Finding:
    finding = Finding.objects.select_related("inspection", "unit").filter(pk=pk).first()
    if finding is None:
        raise Http404("finding not found")
    inspection = access.get_inspection_for_user(request.user, finding.inspection_id)
    if not access.can_manage(request.user, inspection):
        raise PermissionDenied(access.MANAGE)
    finding.inspection = inspection
    return finding


@login_required
@require_POST
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_inspection_for_user(request.user, pk, permission=access.MANAGE)
    return post_form(
        FindingForm(request.POST, areas=[(code, code) for code in inspection.areas]),
        lambda data: add_finding(
            inspection,
            unit_code=data["unit"],
            kind=data["kind"],
            area=data["area"],
            text=data["text"],
            by=request.user,
        ),
        refused=InspectionError,
        again=lambda form: back_with_errors(request, form, _back(inspection)),
        then=lambda finding: done(
            request, _("Đã ghi kết quả kiểm tra."), _at(inspection, f"finding-{finding.pk}")
        ),
    )


@login_required
@require_POST
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _managed_finding(request, pk)
    attempt(
        request,
        lambda: delete_finding(finding, by=request.user),
        InspectionError,
        _("Đã xóa kết quả kiểm tra."),
    )
    return _back(finding.inspection, f"unit-{finding.unit.code}")


@login_required
@require_POST
def remedy_new(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _managed_finding(request, pk)
    return post_form(
        RemedyForm(request.POST, owners=owner_choices(finding.unit, clock.today())),
        lambda data: add_remedy(
            finding,
            owner_code=data["owner"],
            action=data["action"],
            deadline=data["deadline"],
            by=request.user,
        ),
        refused=InspectionError,
        again=lambda form: back_with_errors(
            request, form, _back(finding.inspection, f"finding-{finding.pk}")
        ),
        then=lambda remedy: done(
            request,
            _("Đã giao việc khắc phục cho %(unit)s.") % {"unit": remedy.owner},
            _at(finding.inspection, f"remedy-{remedy.pk}"),
        ),
    )


@login_required
@require_POST
def remedy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = access.get_remedy_for_user(request.user, pk)
    inspection = access.get_inspection_for_user(request.user, remedy.finding.inspection_id)
    if not access.can_manage(request.user, inspection):
        raise PermissionDenied(access.MANAGE)
    attempt(
        request,
        lambda: delete_remedy(remedy, by=request.user),
        InspectionError,
        _("Đã xóa việc khắc phục."),
    )
    return _back(inspection, f"finding-{remedy.finding_id}")


@login_required
@require_POST
def conclusion_save(request: HttpRequest, pk: int) -> HttpResponse:
    """«Lưu kết luận» saves the text; «Kết luận» (``conclude``) saves it and concludes. Written
    on an older revision, nothing is saved: the page shows the stored conclusion beside the one
    typed, which stays in the editor."""
    inspection = access.get_inspection_for_user(request.user, pk, permission=access.MANAGE)
    html = request.POST.get("conclusion", "")
    base = posted_revision(request)
    try:
        # Saved first, on its own: a refused «Kết luận» keeps what was written.
        save_conclusion(inspection, html, by=request.user, base_revision=base)
    except ConflictError as exc:
        messages.error(request, str(exc))
        # Shown again as HTML: only what a save would keep.
        return detail_page(request, inspection, conclusion=sanitize(html), base_revision=base)
    except InspectionError as exc:
        messages.error(request, str(exc))
        return _back(inspection, "conclusion")
    try:
        if request.POST.get("conclude"):
            conclude_inspection(inspection, by=request.user)
            messages.success(request, _("Đã kết luận cuộc kiểm tra."))
        else:
            messages.success(request, _("Đã lưu kết luận."))
    except InspectionError as exc:
        messages.error(request, str(exc))
    return _back(inspection, "conclusion")


@login_required
@require_POST
def inspection_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_inspection_for_user(request.user, pk, permission=access.MANAGE)
    return post_form(
        NoteForm(request.POST),
        lambda data: reopen_inspection(inspection, note=data["note"], by=request.user),
        refused=InspectionError,
        again=lambda form: back_with_errors(request, form, _back(inspection, "conclusion")),
        then=lambda _none: done(
            request, _("Đã mở lại kết luận để sửa, bổ sung."), _at(inspection, "conclusion")
        ),
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/findings/new/", finding_new, name="inspection-finding-new"),
    path("findings/<int:pk>/delete/", finding_delete, name="inspection-finding-delete"),
    path("findings/<int:pk>/remedies/new/", remedy_new, name="inspection-remedy-new"),
    path("remedies/<int:pk>/delete/", remedy_delete, name="inspection-remedy-delete"),
    path("<int:pk>/conclusion/", conclusion_save, name="inspection-conclusion"),
    path("<int:pk>/reopen/", inspection_reopen, name="inspection-reopen"),
]
