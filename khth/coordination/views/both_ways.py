"""Pages of coordination the other way and person by person: what each partner sent the unit
(record, correct, enter in the incoming register) and the list of Party members handed over to
the localities. The agreement page shows the both-ways table (khth.coordination.views.pages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.coordination import access
from khth.coordination.actions import CoordinationError, indicator_names
from khth.coordination.exchange import display
from khth.coordination.forms import (
    ReceivedForm,
    RegisterReceivedForm,
    TransferForm,
    partner_choices,
    received_form,
)
from khth.coordination.models import Agreement, PartyTransfer, ReceivedExchange
from khth.coordination.received import (
    ReceivedIn,
    record_received,
    register_received,
    update_received,
)
from khth.coordination.transfers import TransferIn, record_transfer, update_transfer
from khth.coordination.views.pages import agreement_page
from khth.lib.forms import Saved, done, edited_since, post_form, posted_revision, saved_values
from khth.lib.vietnamese import short_date
from khth.periods import label_of

TRANSFER_STATUSES = dict(PartyTransfer.STATUS_CHOICES)


def _partner_of(agreement: Agreement, pk: int) -> Any:
    for partner in agreement.partner_list:
        if partner.pk == pk:
            return partner
    raise CoordinationError(_("Cơ quan phối hợp không cùng quy chế phối hợp"))


def _received_in(form: ReceivedForm, data: dict[str, Any]) -> ReceivedIn:
    return ReceivedIn(
        received_on=data["received_on"],
        values=form.values(),
        note=data["note"],
        incoming_id=data.get("incoming_id"),
    )


@login_required
@require_POST
def received_new(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, pk, manage=True)
    form = received_form(request, agreement, request.POST)
    return post_form(
        form,
        lambda data: record_received(
            agreement,
            _partner_of(agreement, data["partner"]),
            data["period_id"],
            _received_in(form, data),
            by=request.user,
        ),
        refused=CoordinationError,
        again=lambda form: agreement_page(request, agreement, received=form, status=400),
        then=lambda row: done(
            request, _("Đã ghi thông tin cơ quan phối hợp gửi."), "received-detail", pk=row.pk
        ),
    )


def _received_page(
    request: HttpRequest,
    row: ReceivedExchange,
    *,
    form: ReceivedForm | None = None,
    register_form: RegisterReceivedForm | None = None,
    status: int = 200,
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(row, base_revision)
    agreement = row.agreement
    can_manage = access.can_manage(request.user, agreement.unit)
    names = indicator_names()
    values = [(names.get(c, c), display(row.values.get(c))) for c in row.values]
    return render(
        request,
        "coordination/received.html",
        {
            "row": row,
            "agreement": agreement,
            "unit": agreement.unit,
            "period": label_of(row.period_id),
            "values": values,
            "form": (form or received_form(request, agreement, row=row)) if can_manage else None,
            "register_form": (register_form or RegisterReceivedForm())
            if can_manage and row.incoming_id is None
            else None,
            "revision": row.revision,
            "saved": _received_saved(request, row) if conflict else None,
            "history": history_of(row)[:50],
        },
        status=409 if conflict else status,
    )


def _received_saved(request: HttpRequest, row: ReceivedExchange) -> Saved:
    form = received_form(request, row.agreement, row=row)
    return saved_values(
        form,
        {
            name: short_date(v) if name == "received_on" else str(v or "")
            for name, v in form.initial.items()
            if name != "incoming_id"
        },
    )


@login_required
@require_GET
def received_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _received_page(request, access.get_received_for_user(request.user, pk))


@login_required
@require_POST
def received_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_received_for_user(request.user, pk, manage=True)
    form = received_form(request, row.agreement, request.POST, row=row)
    base = posted_revision(request)
    return post_form(
        form,
        lambda data: update_received(
            row, _received_in(form, data), by=request.user, base_revision=base
        ),
        refused=CoordinationError,
        again=lambda form: _received_page(request, row, form=form, status=400, base_revision=base),
        then=lambda _row: done(request, _("Đã lưu."), "received-detail", pk=row.pk),
    )


@login_required
@require_POST
def received_register(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_received_for_user(request.user, pk, manage=True)
    return post_form(
        RegisterReceivedForm(request.POST),
        lambda data: register_received(
            row, number_text=data["number_text"], dated=data["dated"], by=request.user
        ),
        refused=CoordinationError,
        again=lambda form: _received_page(request, row, register_form=form, status=400),
        then=lambda _row: done(request, _("Đã vào sổ văn bản đến."), "received-detail", pk=row.pk),
    )


# --- Party members handed over ---------------------------------------------------------------


def _transfer_in(data: dict[str, Any]) -> TransferIn:
    return TransferIn(
        full_name=data["full_name"],
        birth_year=data["birth_year"],
        rank_post=data["rank_post"],
        party_organisation=data["party_organisation"],
        commune=data["commune"],
        province=data["province"],
        letter_date=data["letter_date"],
        handed_over_on=data["handed_over_on"],
        received_on=data["received_on"],
    )


def _transfers_page(
    request: HttpRequest,
    agreement: Agreement,
    *,
    form: TransferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = access.can_manage(request.user, agreement.unit)
    rows = access.visible_transfers(request.user).filter(agreement=agreement)
    chosen = request.GET.get("partner", "")
    # Only a number that can name a row reaches the database (SQLite overflows past 2⁶³).
    if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18:
        rows = rows.filter(partner_id=int(chosen))
    return render(
        request,
        "coordination/transfers.html",
        {
            "agreement": agreement,
            "unit": agreement.unit,
            "partners": agreement.partner_list,
            "chosen": chosen,
            "rows": list(rows.select_related("partner").order_by("sort_name", "pk")[:1000]),
            "statuses": {k: _(v) for k, v in TRANSFER_STATUSES.items()},
            "form": (form or TransferForm(partners=partner_choices(agreement)))
            if can_manage
            else None,
        },
        status=status,
    )


@login_required
@require_GET
def transfer_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _transfers_page(request, access.get_agreement_for_user(request.user, pk))


@login_required
@require_POST
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, pk, manage=True)
    return post_form(
        TransferForm(request.POST, partners=partner_choices(agreement)),
        lambda data: record_transfer(
            agreement,
            _partner_of(agreement, data["partner"]),
            _transfer_in(data),
            by=request.user,
        ),
        refused=CoordinationError,
        again=lambda form: _transfers_page(request, agreement, form=form, status=400),
        then=lambda _row: done(
            request, _("Đã ghi đảng viên bàn giao về địa phương."), "transfer-list", pk=agreement.pk
        ),
    )


def _transfer_initial(row: PartyTransfer) -> dict[str, Any]:
    return {
        "partner": row.partner_id,
        "full_name": row.full_name,
        "birth_year": row.birth_year,
        "rank_post": row.rank_post,
        "party_organisation": row.party_organisation,
        "commune": row.commune,
        "province": row.province,
        "letter_date": row.letter_date,
        "handed_over_on": row.handed_over_on,
        "received_on": row.received_on,
    }


def _transfer_page(
    request: HttpRequest,
    row: PartyTransfer,
    *,
    form: TransferForm | None = None,
    status: int = 200,
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(row, base_revision)
    agreement = row.agreement
    can_manage = access.can_manage(request.user, agreement.unit)
    partners = partner_choices(agreement)
    saved = None
    if conflict:
        shown = {
            k: short_date(v) if hasattr(v, "isoformat") else str(v or "")
            for k, v in _transfer_initial(row).items()
            if k != "partner"
        }
        saved = saved_values(TransferForm(partners=partners), shown)
    return render(
        request,
        "coordination/transfer.html",
        {
            "row": row,
            "agreement": agreement,
            "unit": agreement.unit,
            "status_label": _(TRANSFER_STATUSES[row.status]),
            "form": (form or TransferForm(partners=partners, initial=_transfer_initial(row)))
            if can_manage
            else None,
            "revision": row.revision,
            "saved": saved,
            "history": history_of(row)[:50],
        },
        status=409 if conflict else status,
    )


@login_required
@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _transfer_page(request, access.get_transfer_for_user(request.user, pk))


@login_required
@require_POST
def transfer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_transfer_for_user(request.user, pk, manage=True)
    agreement = row.agreement
    base = posted_revision(request)
    return post_form(
        TransferForm(request.POST, partners=partner_choices(agreement)),
        lambda data: update_transfer(
            row,
            _transfer_in(data),
            by=request.user,
            base_revision=base,
            partner=_partner_of(agreement, data["partner"]),
        ),
        refused=CoordinationError,
        again=lambda form: _transfer_page(request, row, form=form, status=400, base_revision=base),
        then=lambda _row: done(request, _("Đã lưu."), "transfer-detail", pk=row.pk),
    )


urlpatterns: list[URLPattern] = [
    path("agreement/<int:pk>/received/new/", received_new, name="received-new"),
    path("received/<int:pk>/", received_detail, name="received-detail"),
    path("received/<int:pk>/edit/", received_edit, name="received-edit"),
    path("received/<int:pk>/register/", received_register, name="received-register"),
    path("agreement/<int:pk>/transfers/", transfer_list, name="transfer-list"),
    path("agreement/<int:pk>/transfers/new/", transfer_new, name="transfer-new"),
    path("transfer/<int:pk>/", transfer_detail, name="transfer-detail"),
    path("transfer/<int:pk>/edit/", transfer_edit, name="transfer-edit"),
]
