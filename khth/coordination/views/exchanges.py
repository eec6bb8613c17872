"""Exchange report pages: the report with each agreed value and its source (a link to the
consolidation it came from, or "entered"), the form for the entered values and the note, taking
the figures from the reports again, sending (registered in the outgoing register, numbered), and
the DOCX and XLSX the partner receives."""

from __future__ import annotations

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
from khth.coordination.views.pages import STATUS_LABELS
from khth.lib import clock
from khth.lib.forms import (
    Saved,
    attempt,
    done,
    edited_since,
    post_form,
    posted_revision,
    saved_values,
)
from khth.periods import label_of
from khth.web.downloads import download


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
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(report, base_revision)
    agreement = report.agreement
    editable = report.status == ExchangeReport.DRAFT and access.can_manage(
        request.user, agreement.unit
    )
    rows = [(code, item, display(item.get("value"))) for code, item in ordered(report.values)]
    return render(
        request,
        "coordination/exchange.html",
        {
            "report": report,
            "agreement": agreement,
            "unit": agreement.unit,
            "partner_names": agreement.partner_names,
            "period": label_of(report.period_id),
            "status_label": _(STATUS_LABELS.get(report.status, report.status)),
            "rows": rows,
            "editable": editable,
            "form": (form or _exchange_form(report)) if editable else None,
            "send_form": (send_form or SendForm(initial={"dated": clock.today()}))
            if editable
            else None,
            "revision": report.revision,
            "saved": _saved(report) if conflict else None,
            "history": history_of(report)[:50],
        },
        status=409 if conflict else status,
    )


def _saved(report: ExchangeReport) -> Saved:
    """The entered values and the note as stored, by the labels of the form's fields."""
    form = _exchange_form(report)
    return saved_values(form, {name: str(value) for name, value in form.initial.items()})


@login_required
@require_GET
def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.get_exchange_for_user(request.user, pk))


@login_required
@require_POST
def exchange_save(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    form = _exchange_form(report, request.POST)
    base = posted_revision(request)
    return post_form(
        form,
        lambda data: save_exchange(
            report, values=form.values(), note=data["note"], by=request.user, base_revision=base
        ),
        refused=CoordinationError,
        again=lambda form: _page(request, report, form, status=400, base_revision=base),
        then=lambda _none: done(request, _("Đã lưu."), "exchange-detail", pk=report.pk),
    )


@login_required
@require_POST
def exchange_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    attempt(
        request,
        lambda: refresh_exchange(report, by=request.user),
        CoordinationError,
        _("Đã cập nhật số liệu từ báo cáo."),
    )
    return redirect("exchange-detail", pk=report.pk)


@login_required
@require_POST
def exchange_send(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_exchange_for_user(request.user, pk, manage=True)
    return post_form(
        SendForm(request.POST),
        lambda data: send_exchange(
            report, dated=data["dated"], signer=data["signer"], by=request.user
        ),
        refused=CoordinationError,
        again=lambda form: _page(request, report, send_form=form, status=400),
        then=lambda sent: done(
            request,
            _("Đã vào sổ văn bản đi, số %(number)s.")
            % {"number": sent.registered.number_text if sent.registered else ""},
            "exchange-detail",
            pk=sent.pk,
        ),
    )


@login_required
@require_GET
def exchange_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """``extension`` comes from the URL pattern: "docx", or "xlsx" for the figures."""
    report = access.get_exchange_for_user(request.user, pk)
    made = exchange_document(report) if extension == "docx" else exchange_spreadsheet(report)
    return download(made, exchange_file_names(report))


urlpatterns: list[URLPattern] = [
    path("exchange/<int:pk>/", exchange_detail, name="exchange-detail"),
    path("exchange/<int:pk>/save/", exchange_save, name="exchange-save"),
    path("exchange/<int:pk>/refresh/", exchange_refresh, name="exchange-refresh"),
    path("exchange/<int:pk>/send/", exchange_send, name="exchange-send"),
    path(
        "exchange/<int:pk>/export.docx",
        exchange_export,
        {"extension": "docx"},
        name="exchange-docx",
    ),
    path(
        "exchange/<int:pk>/export.xlsx",
        exchange_export,
        {"extension": "xlsx"},
        name="exchange-xlsx",
    ),
]
