"""Coordination pages: a unit's partners (its own and its subtree's) with the exchange reports
waiting to be sent; a partner with its agreements; an agreement with its exchange reports and
joint activities; an activity; the review of activities and exchanges over a span. Every POST is
one action call. Exchange reports are in khth.coordination.views.exchanges."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.awards.access import MANAGE as AWARD_MANAGE
from khth.awards.actions import AwardError, title_names
from khth.coordination import access
from khth.coordination.actions import (
    FREQUENCIES,
    ActivityIn,
    AgreementIn,
    CoordinationError,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_due,
    generate_exchange,
    indicator_names,
    record_activity,
    similar_partners,
    update_activity,
    update_agreement,
    update_partner,
)
from khth.coordination.forms import (
    FREQUENCY_LABELS,
    ActivityForm,
    AgreementForm,
    PartnerForm,
    PeriodForm,
    ReceivedForm,
    SpanForm,
    received_form,
)
from khth.coordination.models import Agreement, ExchangeReport, JointActivity, Partner
from khth.coordination.partner_awards import (
    PartnerAwardForm,
    awards_to,
    give_award,
    givers,
    outside_titles,
)
from khth.coordination.received import both_ways, receivable
from khth.coordination.review import review_for
from khth.lib import clock
from khth.lib.forms import Saved, done, edited_since, post_form, posted_revision, saved_values
from khth.lib.vietnamese import short_date
from khth.periods import label_of
from khth.regulations.access import active_regulation
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.lists import in_order, unit_for_change
from khth.web.navigation import to_home_unit

STATUS_LABELS = dict(ExchangeReport.STATUS_CHOICES)


def frequency_choices() -> list[tuple[str, Any]]:
    return [(f, FREQUENCY_LABELS.get(f, f)) for f in FREQUENCIES]


def _with_direction(name: str, direction: str) -> str:
    """An indicator as the agreement form offers it: which way it flows, when not only out."""
    if direction == "receive":
        return _("%(name)s (cơ quan phối hợp gửi đơn vị)") % {"name": name}
    if direction == "both":
        return _("%(name)s (trao đổi hai chiều)") % {"name": name}
    return name


def _agreement_form(
    data: Any = None, initial: dict[str, Any] | None = None, *, unit: Unit | None = None
) -> AgreementForm:
    """The agreement form; with ``unit``, its partners can be chosen (several per agreement)."""
    coordination = active_regulation().followup.coordination
    partners = (
        None
        if unit is None
        else [(str(p.pk), p.name) for p in unit.partners.order_by("sort_name", "pk")]
    )
    return AgreementForm(
        data,
        indicators=[
            (i.code, _with_direction(i.name, i.direction)) for i in coordination.indicators
        ],
        frequencies=frequency_choices(),
        partners=partners,
        initial=initial
        or {
            "frequency": coordination.frequency,
            "indicators": [i.code for i in coordination.indicators],
        },
    )


def _agreement_in(data: dict[str, Any]) -> AgreementIn:
    return AgreementIn(
        title=data["title"],
        signed_on=data["signed_on"],
        valid_from=data["valid_from"],
        valid_to=data["valid_to"],
        frequency=data["frequency"],
        indicators=tuple(data["indicators"]),
    )


def _chosen_partners(unit: Unit, data: dict[str, Any], *also: Partner) -> list[Partner]:
    ids = {int(pk) for pk in data.get("partners") or ()}
    chosen = list(unit.partners.filter(pk__in=ids).order_by("sort_name", "pk"))
    return [*also, *(p for p in chosen if p not in also)]


def _activity_in(data: dict[str, Any]) -> ActivityIn:
    return ActivityIn(
        held_on=data["held_on"],
        title=data["title"],
        content=data["content"],
        participants=data["participants"],
        result=data["result"],
    )


def _statuses() -> dict[str, str]:
    return {code: _(label) for code, label in STATUS_LABELS.items()}


# --- the unit --------------------------------------------------------------------------------


@login_required
def coordination_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Phối hợp»: the coordination page of the user's own unit."""
    return to_home_unit(request, "coordination-unit")


def _unit_page(
    request: HttpRequest, unit: Unit, form: PartnerForm | None = None, status: int = 200
) -> HttpResponse:
    partners = list(
        access.visible_partners(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .prefetch_related("agreements")
        .order_by("unit__path", "sort_name", "pk")
    )
    drafts = list(
        access.visible_exchanges(request.user)
        .filter(agreement__unit__path__startswith=unit.path, status=ExchangeReport.DRAFT)
        .select_related("agreement", "agreement__unit")
        .order_by("period_id", "pk")
    )
    can_manage = access.can_manage(request.user, unit)
    return render(
        request,
        "coordination/unit.html",
        {
            "unit": unit,
            "partners": partners,
            "drafts": [(r, label_of(r.period_id)) for r in drafts],
            "can_manage": can_manage,
            "form": (form or PartnerForm()) if can_manage else None,
        },
        status=status,
    )


@login_required
@require_GET
def coordination_unit(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _unit_page(request, unit)


def _warn_similar(request: HttpRequest, partner: Partner, response: HttpResponse) -> HttpResponse:
    """Names that differ only in accents or tones are allowed (issue 13) but pointed out."""
    for other in similar_partners(partner):
        messages.warning(
            request, _("Đã có cơ quan phối hợp «%(name)s», tên gần giống.") % {"name": other.name}
        )
    return response


@login_required
@require_POST
def partner_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_manage, access.MANAGE)
    return post_form(
        PartnerForm(request.POST),
        lambda data: create_partner(unit, PartnerIn(**data), by=request.user),
        refused=CoordinationError,
        again=lambda form: _unit_page(request, unit, form, status=400),
        then=lambda partner: _warn_similar(
            request,
            partner,
            done(
                request,
                _("Đã thêm cơ quan phối hợp %(name)s.") % {"name": partner.name},
                "partner-detail",
                pk=partner.pk,
            ),
        ),
    )


@login_required
@require_POST
def generate(request: HttpRequest, unit_code: str) -> HttpResponse:
    """The button beside the daily job: draft the unit's due exchange reports now."""
    unit = unit_for_change(request, unit_code, access.can_manage, access.MANAGE)
    created = generate_due(clock.today(), by=request.user, unit=unit)
    if created:
        messages.success(
            request,
            ngettext(
                "Đã lập %(n)s báo cáo trao đổi thông tin đến hạn.",
                "Đã lập %(n)s báo cáo trao đổi thông tin đến hạn.",
                len(created),
            )
            % {"n": len(created)},
        )
    else:
        messages.info(request, _("Không có báo cáo trao đổi thông tin nào đến hạn."))
    return redirect("coordination-unit", unit_code=unit.code)


# --- partners --------------------------------------------------------------------------------


def _partner_page(
    request: HttpRequest,
    partner: Partner,
    *,
    partner_form: PartnerForm | None = None,
    agreement_form: AgreementForm | None = None,
    award_form: PartnerAwardForm | None = None,
    status: int = 200,
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(partner, base_revision)
    can_manage = access.can_manage(request.user, partner.unit)
    giving = givers(request.user, partner) if outside_titles() else []
    names = indicator_names()
    agreements = list(partner.agreements.order_by("-valid_from", "-pk"))
    return render(
        request,
        "coordination/partner.html",
        {
            "partner": partner,
            "agreements": [
                (a, [names.get(c, c) for c in a.indicators], FREQUENCY_LABELS.get(a.frequency))
                for a in agreements
            ],
            "can_manage": can_manage,
            "partner_form": (
                partner_form
                or PartnerForm(
                    initial={
                        "name": partner.name,
                        "short_name": partner.short_name,
                        "address": partner.address,
                        "contact": partner.contact,
                    }
                )
            )
            if can_manage
            else None,
            "agreement_form": (agreement_form or _agreement_form(unit=partner.unit))
            if can_manage
            else None,
            # Certificates of merit given to the partner (by its name) and the form to give one.
            "partner_awards": awards_to(request.user, partner),
            "award_titles": title_names(),
            "award_form": (award_form or PartnerAwardForm(units=giving)) if giving else None,
            "revision": partner.revision,
            "saved": saved_values(
                PartnerForm(),
                {
                    "name": partner.name,
                    "short_name": partner.short_name,
                    "address": partner.address,
                    "contact": partner.contact,
                },
            )
            if conflict
            else None,
            "history": history_of(partner)[:50],
        },
        status=409 if conflict else status,
    )


@login_required
@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_page(request, access.get_partner_for_user(request.user, pk))


@login_required
@require_POST
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, pk, manage=True)
    base = posted_revision(request)
    return post_form(
        PartnerForm(request.POST),
        lambda data: update_partner(
            partner, PartnerIn(**data), by=request.user, base_revision=base
        ),
        refused=CoordinationError,
        again=lambda form: _partner_page(
            request, partner, partner_form=form, status=400, base_revision=base
        ),
        then=lambda saved: _warn_similar(
            request, saved, done(request, _("Đã lưu."), "partner-detail", pk=partner.pk)
        ),
    )


@login_required
@require_POST
def partner_award_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An award to the partner, registered in the awards register of the giving unit."""
    partner = access.get_partner_for_user(request.user, pk)
    units = givers(request.user, partner)
    if not units:
        raise PermissionDenied(AWARD_MANAGE)
    return post_form(
        PartnerAwardForm(request.POST, units=units),
        lambda data: give_award(partner, units, data, by=request.user),
        refused=AwardError,
        again=lambda form: _partner_page(request, partner, award_form=form, status=400),
        then=lambda _award: done(
            request, _("Đã vào sổ khen thưởng."), "partner-detail", pk=partner.pk
        ),
    )


@login_required
@require_POST
def agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, pk, manage=True)
    return post_form(
        _agreement_form(request.POST, unit=partner.unit),
        lambda data: create_agreement(
            _chosen_partners(partner.unit, data, partner), _agreement_in(data), by=request.user
        ),
        refused=CoordinationError,
        again=lambda form: _partner_page(request, partner, agreement_form=form, status=400),
        then=lambda agreement: done(
            request, _("Đã ghi quy chế phối hợp."), "agreement-detail", pk=agreement.pk
        ),
    )


# --- agreements ------------------------------------------------------------------------------


def agreement_page(
    request: HttpRequest,
    agreement: Agreement,
    *,
    agreement_form: AgreementForm | None = None,
    period_form: PeriodForm | None = None,
    activity_form: ActivityForm | None = None,
    received: ReceivedForm | None = None,
    status: int = 200,
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(agreement, base_revision)
    unit = agreement.unit
    can_manage = access.can_manage(request.user, unit)
    names = indicator_names()
    exchanges = list(agreement.exchanges.select_related("registered").order_by("-period_id"))
    initial = {
        "title": agreement.title,
        "signed_on": agreement.signed_on,
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "frequency": agreement.frequency,
        "indicators": list(agreement.indicators),
        "partners": [str(p.pk) for p in agreement.partner_list],
    }
    return render(
        request,
        "coordination/agreement.html",
        {
            "agreement": agreement,
            "unit": unit,
            "partners": agreement.partner_list,
            "indicators": [names.get(c, c) for c in agreement.indicators],
            "frequency": FREQUENCY_LABELS.get(agreement.frequency, agreement.frequency),
            "exchanges": [(r, label_of(r.period_id)) for r in exchanges],
            "statuses": _statuses(),
            "activities": list(agreement.activities.order_by("-held_on", "-pk")),
            "can_manage": can_manage,
            "agreement_form": (agreement_form or _agreement_form(initial=initial, unit=unit))
            if can_manage
            else None,
            "period_form": (period_form or PeriodForm()) if can_manage else None,
            "activity_form": (activity_form or ActivityForm()) if can_manage else None,
            # Both ways, per ended period and partner: sent, received, missing.
            "both_ways": both_ways(agreement, clock.today()),
            "received_form": (received or received_form(request, agreement))
            if can_manage and receivable(agreement)
            else None,
            "transfer_count": access.visible_transfers(request.user)
            .filter(agreement=agreement)
            .count(),
            "revision": agreement.revision,
            "saved": _agreement_saved(agreement, names) if conflict else None,
            "history": history_of(agreement)[:50],
        },
        status=409 if conflict else status,
    )


def _agreement_saved(agreement: Agreement, names: dict[str, str]) -> Saved:
    return saved_values(
        _agreement_form(),
        {
            "title": agreement.title,
            "signed_on": short_date(agreement.signed_on),
            "valid_from": short_date(agreement.valid_from),
            "valid_to": short_date(agreement.valid_to) if agreement.valid_to else "",
            "frequency": str(FREQUENCY_LABELS.get(agreement.frequency, agreement.frequency)),
            "indicators": "; ".join(names.get(c, c) for c in agreement.indicators),
        },
    )


@login_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return agreement_page(request, access.get_agreement_for_user(request.user, pk))


@login_required
@require_POST
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, pk, manage=True)
    base = posted_revision(request)
    return post_form(
        _agreement_form(request.POST, unit=agreement.unit),
        lambda data: update_agreement(
            agreement,
            _agreement_in(data),
            by=request.user,
            base_revision=base,
            # None chosen: the partners stay (an agreement keeps at least one).
            partners=_chosen_partners(agreement.unit, data) or None,
        ),
        refused=CoordinationError,
        again=lambda form: agreement_page(
            request, agreement, agreement_form=form, status=400, base_revision=base
        ),
        then=lambda _none: done(request, _("Đã lưu."), "agreement-detail", pk=agreement.pk),
    )


@login_required
@require_POST
def exchange_new(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, pk, manage=True)
    return post_form(
        PeriodForm(request.POST),
        lambda data: generate_exchange(agreement, data["period_id"], by=request.user),
        refused=CoordinationError,
        again=lambda form: agreement_page(request, agreement, period_form=form, status=400),
        then=lambda report: redirect("exchange-detail", pk=report.pk),
    )


@login_required
@require_POST
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, pk, manage=True)
    return post_form(
        ActivityForm(request.POST),
        lambda data: record_activity(agreement, _activity_in(data), by=request.user),
        refused=CoordinationError,
        again=lambda form: agreement_page(request, agreement, activity_form=form, status=400),
        then=lambda _activity: done(
            request, _("Đã ghi hoạt động phối hợp."), "agreement-detail", pk=agreement.pk
        ),
    )


# --- activities ------------------------------------------------------------------------------


def _activity_page(
    request: HttpRequest,
    activity: JointActivity,
    form: ActivityForm | None = None,
    status: int = 200,
    base_revision: int | None = None,
) -> HttpResponse:
    conflict = edited_since(activity, base_revision)
    can_manage = access.can_manage(request.user, activity.agreement.unit)
    initial = {
        "held_on": activity.held_on,
        "title": activity.title,
        "content": activity.content,
        "participants": activity.participants,
        "result": activity.result,
    }
    return render(
        request,
        "coordination/activity.html",
        {
            "activity": activity,
            "agreement": activity.agreement,
            "form": (form or ActivityForm(initial=initial)) if can_manage else None,
            "revision": activity.revision,
            "saved": saved_values(
                ActivityForm(),
                {name: str(value) for name, value in initial.items()}
                | {"held_on": short_date(activity.held_on)},
            )
            if conflict
            else None,
            "history": history_of(activity)[:50],
        },
        status=409 if conflict else status,
    )


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, access.get_activity_for_user(request.user, pk))


@login_required
@require_POST
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk, manage=True)
    base = posted_revision(request)
    return post_form(
        ActivityForm(request.POST),
        lambda data: update_activity(
            activity, _activity_in(data), by=request.user, base_revision=base
        ),
        refused=CoordinationError,
        again=lambda form: _activity_page(request, activity, form, status=400, base_revision=base),
        then=lambda _none: done(
            request, _("Đã lưu."), "agreement-detail", pk=activity.agreement_id
        ),
    )


# --- the review ------------------------------------------------------------------------------


def span_of(form: SpanForm, today: dt.date) -> tuple[dt.date, dt.date]:
    """The span asked for; by default the current year up to today."""
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return in_order(
        data.get("starts_on") or dt.date(today.year, 1, 1), data.get("ends_on") or today
    )


@login_required
@require_GET
def review(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    form = SpanForm(request.GET or None)
    start, end = span_of(form, clock.today())
    found = review_for(request.user, unit, start, end)
    return render(
        request, "coordination/review.html", {"unit": unit, "form": form, "review": found}
    )


urlpatterns: list[URLPattern] = [
    path("", coordination_home, name="coordination-home"),
    path("partner/<int:pk>/", partner_detail, name="partner-detail"),
    path("partner/<int:pk>/edit/", partner_edit, name="partner-edit"),
    path("partner/<int:pk>/agreements/new/", agreement_new, name="agreement-new"),
    path("partner/<int:pk>/awards/new/", partner_award_new, name="partner-award-new"),
    path("agreement/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("agreement/<int:pk>/edit/", agreement_edit, name="agreement-edit"),
    path("agreement/<int:pk>/exchanges/new/", exchange_new, name="exchange-new"),
    path("agreement/<int:pk>/activities/new/", activity_new, name="activity-new"),
    path("activity/<int:pk>/", activity_detail, name="activity-detail"),
    path("activity/<int:pk>/edit/", activity_edit, name="activity-edit"),
    path("<str:unit_code>/", coordination_unit, name="coordination-unit"),
    path("<str:unit_code>/partners/new/", partner_new, name="partner-new"),
    path("<str:unit_code>/generate/", generate, name="coordination-generate"),
    path("<str:unit_code>/review/", review, name="coordination-review"),
]
