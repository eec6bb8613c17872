"""Report pages: import of indicator values from CSV or the XLSX sheet, and that sheet."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from khth.documents.output import XLSX
from khth.lib.importing import ImportRejected
from khth.regulations.access import active_regulation
from khth.reports.access import PREPARE
from khth.reports.imports import (
    MAX_BYTES,
    SheetError,
    import_values,
    values_sheet,
)
from khth.reports.rates import rated_templates
from khth.units.access import get_unit_for_user, scope_for
from khth.units.models import Unit


class ValuesImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV (UTF-8) hoặc XLSX theo mẫu"))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, không ghi"), required=False)


class SheetForm(forms.Form):
    # A code rather than a list: a battalion's assistant may fill the sheet of any company below.
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    template = forms.ChoiceField(label=_("Mẫu báo cáo"))
    period = forms.CharField(
        label=_("Kỳ báo cáo"), max_length=10, help_text=_("Ví dụ: 202407, 2024Q3, 2024S1, 2024")
    )


def _own_units(request: HttpRequest) -> list[Unit]:
    """The units where the user's memberships grant report.prepare; 403 without any. (Units
    below them may be imported too.)"""
    scope = scope_for(request.user)
    ids = [g.unit_id for g in scope.grants if PREPARE in g.permissions]
    if not ids:
        raise PermissionDenied(PREPARE)
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def _sheet_form(units: list[Unit], data: QueryDict | None = None) -> SheetForm:
    form = SheetForm(data, initial={"unit": units[0].code})
    form.fields["template"].choices = [  # type: ignore[attr-defined]
        (t.code, t.name) for t in rated_templates(active_regulation())
    ]
    return form


@login_required
@require_http_methods(["GET", "POST"])
def values_import(request: HttpRequest) -> HttpResponse:
    units = _own_units(request)
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    summary = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            problems = [str(_("Tệp lớn hơn %(size)d MB")) % {"size": MAX_BYTES // (1024 * 1024)}]
        else:
            try:
                summary = import_values(
                    upload.read(), by=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except ImportRejected as exc:
                problems = [str(p) for p in exc.problems]
        if problems:
            status = 400
    return render(
        request,
        "reports/imports.html",
        {
            "form": form,
            "sheet_form": _sheet_form(units),
            "problems": problems,
            "summary": summary,
        },
        status=status,
    )


@login_required
@require_GET
def values_template(request: HttpRequest) -> HttpResponse:
    """?unit=&template=&period= — the XLSX sheet to fill for one report."""
    form = _sheet_form(_own_units(request), request.GET)
    error = ""
    if form.is_valid():
        unit = get_unit_for_user(request.user, form.cleaned_data["unit"], permission=PREPARE)
        period_id = form.cleaned_data["period"].strip()
        try:
            data = values_sheet(unit, form.cleaned_data["template"], period_id)
        except SheetError as exc:
            error = str(exc)
        else:
            response = HttpResponse(data, content_type=XLSX)
            name = f"so-lieu-{unit.code}-{form.cleaned_data['template']}-{period_id}.xlsx"
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
    return render(
        request,
        "reports/imports.html",
        {
            "form": ValuesImportForm(),
            "sheet_form": form,
            "sheet_error": error,
            "problems": [],
            "summary": None,
        },
        status=400,
    )


urlpatterns: list[URLPattern] = [
    path("import/", values_import, name="values-import"),
    path("import/template/", values_template, name="values-template"),
]
