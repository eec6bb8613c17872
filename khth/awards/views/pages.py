"""Awards pages: a unit's register (its subtree's awards, filtered, with the counts over the
span and the form that registers one), an award with its history, the proposals drafted from
evaluations with their confirm and reject forms. Every POST is one action call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.awards import access
from khth.awards.actions import (
    AwardError,
    AwardIn,
    confirm_proposal,
    draft_proposals,
    register_award,
    reject_proposal,
    remove_award,
    title_names,
)
from khth.awards.counts import counts
from khth.awards.forms import AwardForm, ConfirmForm, FilterForm, RejectForm, RemoveForm
from khth.awards.models import Award, Proposal
from khth.awards.register import AwardFilter, select_awards, year_span
from khth.lib import clock
from khth.lib.forms import attempt, done, post_form
from khth.periods import label_of
from khth.regulations.access import active_regulation
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.lists import capped, choice_asked, unit_for_change
from khth.web.navigation import to_home_unit

# The register shows this many rows; the export has them all.
PAGE_ROWS = 500


def recipient_choices() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in Award.RECIPIENTS]


def title_choices() -> list[tuple[str, str]]:
    return list(title_names().items())


def filter_of(
    request: HttpRequest, titles: list[tuple[str, str]] | None = None
) -> tuple[FilterForm, AwardFilter, dt.date, dt.date]:
    """The filters asked for, and the span the counts are over (the current year by default)."""
    form = FilterForm(
        request.GET or None,
        titles=titles if titles is not None else title_choices(),
        recipients=recipient_choices(),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    default_start, default_end = year_span(clock.today().year)
    start = data.get("starts_on") or default_start
    end = data.get("ends_on") or default_end
    which = AwardFilter(
        starts_on=start,
        ends_on=end,
        recipient=data.get("recipient") or "",
        title_code=data.get("title_code") or "",
        text=data.get("text") or "",
    )
    return form, which, start, end


def _award_form(
    user: Any, unit: Unit, data: Any = None, titles: list[tuple[str, str]] | None = None
) -> AwardForm:
    return AwardForm(
        data,
        user=user,
        titles=titles if titles is not None else title_choices(),
        initial={"unit_code": unit_access.chosen_label(unit)},
    )


@login_required
def awards_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Khen thưởng»: the register of the user's own unit."""
    return to_home_unit(request, "award-register")


def _register_page(
    request: HttpRequest, unit: Unit, form: AwardForm | None = None, status: int = 200
) -> HttpResponse:
    titles = title_choices()
    filters, which, start, end = filter_of(request, titles)
    shown = capped(select_awards(access.visible_awards(request.user), unit, which), PAGE_ROWS)
    can_manage = access.can_manage(request.user, unit)
    waiting = access.visible_proposals(request.user).filter(
        unit__path__startswith=unit.path, status=Proposal.PROPOSED
    )
    return render(
        request,
        "awards/register.html",
        {
            "unit": unit,
            "filters": filters,
            "awards": shown.rows,
            "more": shown.more,
            "start": start,
            "end": end,
            "counts": counts(unit, start, end),
            "titles": dict(titles),
            "recipients": dict(recipient_choices()),
            "form": (form or _award_form(request.user, unit, titles=titles))
            if can_manage
            else None,
            "waiting": waiting.count(),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@login_required
@require_GET
def award_register(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _register_page(request, unit)


@login_required
@require_POST
def award_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_manage, access.MANAGE)

    def register(data: dict[str, Any]) -> Award:
        recipient = Unit.objects.subtree_of(unit).filter(code=data["unit_code"]).first()
        if recipient is None:
            raise AwardError(
                _("Đơn vị %(code)s không thuộc %(unit)s")
                % {"code": data["unit_code"], "unit": unit.name}
            )
        return register_award(
            recipient,
            AwardIn(
                title_code=data["title_code"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issuer=data["issuer"],
                reason=data["reason"],
                person_name=data["person_name"],
                person_rank=data["person_rank"],
                body_name=data["body_name"],
            ),
            by=request.user,
        )

    return post_form(
        _award_form(request.user, unit, request.POST),
        register,
        refused=AwardError,
        again=lambda form: _register_page(request, unit, form, status=400),
        then=lambda award: done(
            request,
            _("Đã vào sổ khen thưởng: %(title)s — %(number)s")
            % {
                "title": title_names().get(award.title_code, award.title_code),
                "number": award.decision_number,
            },
            "award-register",
            unit_code=unit.code,
        ),
    )


@login_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = access.get_award_for_user(request.user, pk)
    return render(
        request,
        "awards/award.html",
        {
            "award": award,
            "title": title_names().get(award.title_code, award.title_code),
            "recipients": dict(recipient_choices()),
            "proposals": list(award.proposals.all()),
            "can_manage": access.can_manage(request.user, award.unit),
            "remove_form": RemoveForm(),
            "history": history_of(award)[:50],
        },
    )


@login_required
@require_POST
def award_remove(request: HttpRequest, pk: int) -> HttpResponse:
    award = access.get_award_for_user(request.user, pk, manage=True)
    form = RemoveForm(request.POST)
    unit_code = award.unit.code
    if not form.is_valid():
        messages.error(request, _("Phải ghi lý do xóa khỏi sổ khen thưởng"))
        return redirect("award-detail", pk=pk)
    removed = attempt(
        request,
        lambda: remove_award(award, by=request.user, reason=form.cleaned_data["reason"]),
        AwardError,
        _("Đã xóa khỏi sổ khen thưởng."),
    )
    if not removed:
        return redirect("award-detail", pk=pk)
    return redirect("award-register", unit_code=unit_code)


# --- proposals -------------------------------------------------------------------------------

STATUSES = (Proposal.PROPOSED, Proposal.CONFIRMED, Proposal.REJECTED)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    periods: str
    confirm_form: ConfirmForm | None
    reject_form: RejectForm | None


def _proposal_row(proposal: Proposal, may_decide: bool) -> ProposalRow:
    """A proposal with its forms when the reader may decide it (ids unique on the page)."""
    forms = may_decide and proposal.status == Proposal.PROPOSED
    auto_id = f"id_p{proposal.pk}_%s"
    return ProposalRow(
        proposal,
        ", ".join(label_of(p) for p in proposal.periods),
        ConfirmForm(initial={"decision_date": clock.today()}, auto_id=auto_id) if forms else None,
        RejectForm(auto_id=auto_id) if forms else None,
    )


@login_required
@require_GET
def proposals_page(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    status = choice_asked(request, "status", (*STATUSES, "all"), Proposal.PROPOSED)
    rows = (
        access.visible_proposals(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "award", "decided_by")
        .order_by("-created_at", "unit__path", "pk")
    )
    if status != "all":
        rows = rows.filter(status=status)
    proposals = list(rows[:PAGE_ROWS])
    scope = unit_access.scope_for(request.user)
    rules = active_regulation().followup.awards.proposals
    names = title_names()
    levels = {lv.code: lv.name for lv in active_regulation().evaluation.levels}
    return render(
        request,
        "awards/proposals.html",
        {
            "unit": unit,
            "status": status,
            "statuses": [(code, _(label)) for code, label in Proposal.STATUS_CHOICES],
            "status_labels": {code: _(label) for code, label in Proposal.STATUS_CHOICES},
            "rows": [_proposal_row(p, scope.allows(p.unit, access.MANAGE)) for p in proposals],
            "titles": names,
            "rules": [
                (names.get(r.title, r.title), levels.get(r.level, r.level), r) for r in rules
            ],
            "can_manage": access.can_manage(request.user, unit),
        },
    )


@login_required
@require_POST
def proposals_draft(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_manage, access.MANAGE)
    created = draft_proposals(unit, clock.today(), by=request.user)
    if created:
        messages.success(
            request,
            ngettext(
                "Đã lập %(n)s đề xuất khen thưởng mới.",
                "Đã lập %(n)s đề xuất khen thưởng mới.",
                len(created),
            )
            % {"n": len(created)},
        )
    else:
        messages.info(request, _("Không có đề xuất khen thưởng mới."))
    return redirect("award-proposals", unit_code=unit.code)


def _back(request: HttpRequest, proposal: Proposal) -> str:
    back = request.POST.get("back", "")
    if back and Unit.objects.filter(code=back).exists():
        return reverse("award-proposals", args=[back])
    return reverse("award-proposals", args=[proposal.unit.code])


@login_required
@require_POST
def proposal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk, manage=True)
    back = _back(request, proposal)
    return post_form(
        ConfirmForm(request.POST),
        lambda data: confirm_proposal(
            proposal,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            issuer=data["issuer"],
            reason=data["reason"],
            by=request.user,
        ),
        refused=AwardError,
        again=lambda form: _errors_back(request, form, back),
        then=lambda award: done(
            request,
            _("Đã xác nhận và vào sổ khen thưởng: %(number)s") % {"number": award.decision_number},
            back,
        ),
    )


def _errors_back(request: HttpRequest, form: ConfirmForm, back: str) -> HttpResponse:
    """The proposals page again (the form is on it, one per row), each field's errors as one
    message; a refusal of the action is the form's own error."""
    for error in form.errors.as_data().values():
        messages.error(request, " ".join(str(m) for e in error for m in e.messages))
    return redirect(back)


@login_required
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk, manage=True)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải ghi lý do không đề nghị"))
    else:
        attempt(
            request,
            lambda: reject_proposal(proposal, note=form.cleaned_data["note"], by=request.user),
            AwardError,
            _("Đã ghi không đề nghị."),
        )
    return redirect(_back(request, proposal))


urlpatterns: list[URLPattern] = [
    path("", awards_home, name="awards-home"),
    path("award/<int:pk>/", award_detail, name="award-detail"),
    path("award/<int:pk>/remove/", award_remove, name="award-remove"),
    path("proposal/<int:pk>/confirm/", proposal_confirm, name="award-proposal-confirm"),
    path("proposal/<int:pk>/reject/", proposal_reject, name="award-proposal-reject"),
    path("<str:unit_code>/", award_register, name="award-register"),
    path("<str:unit_code>/new/", award_new, name="award-new"),
    path("<str:unit_code>/proposals/", proposals_page, name="award-proposals"),
    path("<str:unit_code>/proposals/draft/", proposals_draft, name="award-proposals-draft"),
]
