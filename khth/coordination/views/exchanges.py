"""Exchange report pages: the report with each agreed value and its source (a link to the
consolidation it came from, or "entered"), the form for the entered values and the note, taking
the figures from the reports again, sending (registered in the outgoing register, numbered), and
the DOCX and XLSX the partner receives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.coordination import access
from khth.coordination.actions import (
    CoordinationError,
    refresh_exchange,
    save_exchange,
    send_exchange,
)
from khth.coordination.documents import (
    exchange_document,
    exchange_file_names,
    exchange_spreadsheet,
)
from khth.coordination.exchange import ENTERED, display, ordered
from khth.coordination.forms import ExchangeForm, SendForm
from khth.coordination.models import ExchangeReport
from khth.coordination.views.pages import STATUS_LABELS, period_label
from khth.documents.output import attachment
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.lib import clock


def _entered(report: ExchangeReport) -> list[tuple[str, str, str]]:
    return [
        (code, str(item.get("name", code)), display(item.get("value")))
        for code, item in ordered(report.values)
        if item.get("source") == ENTERED
    ]


def _exchange_form(report: ExchangeReport, data: object = None) -> ExchangeForm:
    entered = _entered(report)
    initial: dict[str, object] = {f"value-{code}": shown for code, _name, shown in entered}
    initial["note"] = report.note
    return ExchangeForm(data, entered=entered, initial=initial)


def _page(
    request: HttpRequest,
    report: ExchangeReport,
    form: ExchangeForm | None = None,
    send_form: SendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agreement = report.agreement
    editable = report.status == ExchangeReport.DRAFT and access.can_manage(
        request.user, agreement.partner.unit
    )
    rows = [(code, item, display(item.get("value"))) for code, item in ordered(report.values)]
    return render(
        request,
        "coordination/exchange.html",
        {
            "report": report,
            "agreement": agreement,
            "partner": agreement.partner,
            "period": period_label(report.period_id),
            "status_label": _(STATUS_LABELS.get(report.status, report.status)),
            "rows": rows,
            "editable": editable,
            "form": (form or _exchange_form(report)) if editable else None,
            "send_form": (send_form or SendForm(initial={"dated": clock.today()}))
            if editable
            else None,
            "history": history_of(report)[:50],
        },
        status=status,
    )


@login_required
@require_GET
def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.get_exchange_for_user(request.user, pk))


@login_required
@require_POST
def exchange_save(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    form = _exchange_form(report, request.POST)
    if not form.is_valid():
        return _page(request, report, form, status=400)
    try:
        save_exchange(report, values=form.values(), note=form.cleaned_data["note"], by=request.user)
    except CoordinationError as exc:
        form.add_error(None, str(exc))
        return _page(request, report, form, status=400)
    messages.success(request, _("Đã lưu."))
    return redirect("exchange-detail", pk=report.pk)


@login_required
@require_POST
def exchange_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    try:
        refresh_exchange(report, by=request.user)
    except CoordinationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã cập nhật số liệu từ báo cáo."))
    return redirect("exchange-detail", pk=report.pk)


@login_required
@require_POST
def exchange_send(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _page(request, report, send_form=form, status=400)
    try:
        report = send_exchange(
            report,
            dated=form.cleaned_data["dated"],
            signer=form.cleaned_data["signer"],
            by=request.user,
        )
    except CoordinationError as exc:
        form.add_error(None, str(exc))
        return _page(request, report, send_form=form, status=400)
    number = report.registered.number_text if report.registered else ""
    messages.success(request, _("Đã vào sổ văn bản đi, số %(number)s.") % {"number": number})
    return redirect("exchange-detail", pk=report.pk)


@login_required
@require_GET
def exchange_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk)
    return attachment(render_docx(exchange_document(report)), exchange_file_names(report), "docx")


@login_required
@require_GET
def exchange_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk)
    body = render_workbook(exchange_spreadsheet(report))
    return attachment(body, exchange_file_names(report), "xlsx")


urlpatterns: list[URLPattern] = [
    path("exchange/<int:pk>/", exchange_detail, name="exchange-detail"),
    path("exchange/<int:pk>/save/", exchange_save, name="exchange-save"),
    path("exchange/<int:pk>/refresh/", exchange_refresh, name="exchange-refresh"),
    path("exchange/<int:pk>/send/", exchange_send, name="exchange-send"),
    path("exchange/<int:pk>/export.docx", exchange_docx, name="exchange-docx"),
    path("exchange/<int:pk>/export.xlsx", exchange_xlsx, name="exchange-xlsx"),
]
