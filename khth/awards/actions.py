"""Every change to the awards register: register an award, remove one entered by mistake, draft
proposals from decided evaluations, confirm a proposal (which registers its award) or reject it.
One transaction each, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.awards import access
from khth.awards.models import Award, Proposal
from khth.awards.proposals import Decided, basis_text, match
from khth.evaluations.models import Evaluation
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.vietnamese import nfc, same_name
from khth.notifications.actions import in_system_language, notify
from khth.regulations.access import active_regulation
from khth.regulations.schema.followup import AwardTitle
from khth.units.models import Unit


class AwardError(ActionRefused):
    """A refused awards action; the message says why, in the user's language."""


@dataclass(frozen=True)
class AwardIn:
    """What the register records of one award. ``issuer`` empty: the title's issuer."""

    title_code: str
    decision_number: str
    decision_date: dt.date
    issuer: str = ""
    reason: str = ""
    person_name: str = ""
    person_rank: str = ""
    # For a title that goes to a body outside the army: its name ("Ban Tổ chức Tỉnh ủy Bắc
    # Giang"); the award's unit is then the army unit that gives it.
    body_name: str = ""


def title_of(code: str) -> AwardTitle:
    for title in active_regulation().followup.awards.titles:
        if title.code == code:
            return title
    raise AwardError(_("Không có danh hiệu, hình thức khen thưởng «%(code)s»") % {"code": code})


def title_names() -> dict[str, str]:
    return {t.code: t.name for t in active_regulation().followup.awards.titles}


def _require(by: Any, unit: Unit) -> None:
    if not access.can_manage(by, unit):
        raise PermissionDenied(access.MANAGE)


def _text(value: str, limit: int, what: str) -> str:
    value = " ".join(nfc(value).split())
    if len(value) > limit:
        raise AwardError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": limit})
    return value


def _snapshot(award: Award) -> dict[str, Any]:
    return {
        "unit": award.unit.code,
        "recipient": award.recipient,
        "person_name": award.person_name,
        "body_name": award.body_name,
        "title": award.title_code,
        "issuer": award.issuer,
        "decision_number": award.decision_number,
        "decision_date": award.decision_date.isoformat(),
    }


# --- the register ----------------------------------------------------------------------------


@transaction.atomic
def register_award(unit: Unit, data: AwardIn, *, by: Any) -> Award:
    """Record an award to ``unit`` (a collective title), to a person of ``unit``, or — for a
    title whose recipient is ``outside_body`` — to a body outside the army given by ``unit``."""
    _require(by, unit)
    title = title_of(data.title_code)
    person = _text(data.person_name, 200, _("Họ và tên"))
    rank = _text(data.person_rank, 100, _("Cấp bậc, chức vụ"))
    body = _text(data.body_name, 300, _("Tên cơ quan, tổ chức ngoài Quân đội"))
    number = _text(data.decision_number, 100, _("Số quyết định"))
    issuer = _text(data.issuer, 300, _("Cấp khen")) or title.issuer
    reason = nfc(data.reason).strip()
    if len(reason) > 5000:
        raise AwardError(_("%(what)s dài quá %(n)s ký tự") % {"what": _("Lý do"), "n": 5000})
    if title.recipient == Award.INDIVIDUAL and not person:
        raise AwardError(
            _("«%(title)s» là danh hiệu cá nhân: phải ghi họ và tên người được khen")
            % {"title": title.name}
        )
    if title.recipient == Award.COLLECTIVE and (person or rank):
        raise AwardError(
            _("«%(title)s» là danh hiệu tập thể: không ghi họ tên cá nhân") % {"title": title.name}
        )
    if title.recipient == Award.OUTSIDE:
        if not body:
            raise AwardError(
                _(
                    "«%(title)s» khen cơ quan, tổ chức ngoài Quân đội: phải ghi tên cơ quan, "
                    "tổ chức được khen"
                )
                % {"title": title.name}
            )
        if person or rank:
            raise AwardError(
                _("«%(title)s» khen cơ quan, tổ chức ngoài Quân đội: không ghi họ tên cá nhân")
                % {"title": title.name}
            )
    elif body:
        raise AwardError(
            _(
                "Tên cơ quan, tổ chức ngoài Quân đội: chỉ ghi với hình thức khen cơ quan, tổ chức "
                "ngoài Quân đội, không ghi với «%(title)s»"
            )
            % {"title": title.name}
        )
    if not number:
        raise AwardError(_("Phải ghi số quyết định khen thưởng"))
    if data.decision_date > clock.today():
        raise AwardError(_("Ngày quyết định khen thưởng chưa tới"))
    if data.decision_date < unit.valid_from:
        raise AwardError(
            _("%(unit)s chưa thành lập vào ngày %(day)s")
            % {"unit": unit.name, "day": data.decision_date.strftime("%d/%m/%Y")}
        )
    same = Award.objects.filter(unit=unit, title_code=title.code, decision_number=number)
    # The very same person or body, not a namesake whose name differs by a tone ("Ba", "Bà").
    if any(same_name(a.person_name, person) and same_name(a.body_name, body) for a in same):
        raise AwardError(
            _("Đã vào sổ: «%(title)s» theo quyết định %(number)s")
            % {"title": title.name, "number": number}
        )
    award = Award.objects.create(
        unit=unit,
        recipient=title.recipient,
        person_name=person,
        person_rank=rank,
        body_name=body,
        title_code=title.code,
        issuer=issuer,
        decision_number=number,
        decision_date=data.decision_date,
        reason=reason,
        created_at=clock.now(),
        created_by=by,
    )
    log_action("awards.award.registered", award, by=by, unit_path=unit.path, after=_snapshot(award))
    return award


@transaction.atomic
def remove_award(award: Award, *, by: Any, reason: str) -> None:
    """Take out an award entered by mistake. A proposal it came from is open again."""
    award = Award.objects.select_for_update(of=("self",)).select_related("unit").get(pk=award.pk)
    _require(by, award.unit)
    reason = nfc(reason).strip()
    if not reason:
        raise AwardError(_("Phải ghi lý do xóa khỏi sổ khen thưởng"))
    for proposal in Proposal.objects.filter(award=award):
        proposal.status = Proposal.PROPOSED
        proposal.award = None
        proposal.decided_at = None
        proposal.decided_by = None
        proposal.save(update_fields=["status", "award", "decided_at", "decided_by"])
        log_action(
            "awards.proposal.reopened", proposal, by=by, unit_path=award.unit.path, note=reason
        )
    log_action(
        "awards.award.removed",
        award,
        by=by,
        unit_path=award.unit.path,
        before=_snapshot(award),
        note=reason,
    )
    award.delete()


# --- proposals -------------------------------------------------------------------------------


@transaction.atomic
def draft_proposals(root_unit: Unit, today: dt.date, by: Any = None) -> list[Proposal]:
    """Apply each proposal rule of the regulation to the units of ``root_unit``'s subtree (those
    in being on ``today``) and record a proposal for each match not proposed before — whatever
    became of it: a rejected proposal is not drafted again. ``by`` None: run by the operator
    (the command), without an access check."""
    if by is not None:
        _require(by, root_unit)
    regulation = active_regulation()
    rules = regulation.followup.awards.proposals
    if not rules:
        return []
    titles = {t.code: t for t in regulation.followup.awards.titles}
    levels = regulation.evaluation.levels
    level_names = {lv.code: lv.name for lv in levels}
    units = {u.pk: u for u in Unit.objects.subtree_of(root_unit).active_on(today)}
    decided: dict[int, list[Decided]] = {}
    rows = Evaluation.objects.filter(
        unit_id__in=list(units), status=Evaluation.DECIDED, period_end__lte=today
    ).values_list("unit_id", "period_id", "decided_level")
    for unit_id, period_id, level in rows:
        decided.setdefault(unit_id, []).append(Decided(period_id, level))
    known = {
        (unit_id, title, tuple(periods))
        for unit_id, title, periods in Proposal.objects.filter(
            unit_id__in=list(decided)
        ).values_list("unit_id", "title_code", "periods")
    }
    created: list[Proposal] = []
    now = clock.now()
    for unit_id in sorted(decided, key=lambda pk: units[pk].path):
        unit = units[unit_id]
        for rule in rules:
            title = titles.get(rule.title)
            found = match(rule, levels, decided[unit_id]) if title is not None else None
            if title is None or found is None:
                continue
            periods = [p.id for p in found.periods]
            key = (unit_id, rule.title, tuple(periods))
            if key in known:
                continue
            known.add(key)
            proposal = Proposal.objects.create(
                unit=unit,
                title_code=rule.title,
                periods=periods,
                basis=basis_text(unit.name, level_names, found, title.name),
                created_at=now,
            )
            log_action(
                "awards.proposal.drafted",
                proposal,
                by=by,
                unit_path=unit.path,
                after={"title": rule.title, "periods": periods},
            )
            created.append(proposal)
    if created:
        notify(
            access.managers_at(root_unit),
            in_system_language(
                gettext_noop("%(n)s đề xuất khen thưởng mới của %(unit)s chờ xác nhận"),
                {"n": len(created), "unit": root_unit.name},
            ),
            link=reverse("award-proposals", args=[root_unit.code]),
            exclude=by,
        )
    return created


def _locked(proposal: Proposal) -> Proposal:
    locked = (
        Proposal.objects.select_for_update(of=("self",)).select_related("unit").get(pk=proposal.pk)
    )
    if locked.status != Proposal.PROPOSED:
        raise AwardError(_("Đề xuất này đã được xử lý"))
    return locked


@transaction.atomic
def confirm_proposal(
    proposal: Proposal,
    *,
    decision_number: str,
    decision_date: dt.date,
    by: Any,
    issuer: str = "",
    reason: str = "",
    person_name: str = "",
    person_rank: str = "",
) -> Award:
    """The award was decided: register it (its reason defaults to the proposal's grounds) and
    close the proposal."""
    proposal = _locked(proposal)
    _require(by, proposal.unit)
    award = register_award(
        proposal.unit,
        AwardIn(
            title_code=proposal.title_code,
            decision_number=decision_number,
            decision_date=decision_date,
            issuer=issuer,
            reason=reason.strip() or proposal.basis,
            person_name=person_name,
            person_rank=person_rank,
        ),
        by=by,
    )
    proposal.status = Proposal.CONFIRMED
    proposal.award = award
    proposal.decided_at = clock.now()
    proposal.decided_by = by
    proposal.save(update_fields=["status", "award", "decided_at", "decided_by"])
    log_action(
        "awards.proposal.confirmed",
        proposal,
        by=by,
        unit_path=proposal.unit.path,
        after={"award": award.pk, "decision_number": award.decision_number},
    )
    return award


@transaction.atomic
def reject_proposal(proposal: Proposal, *, note: str, by: Any) -> Proposal:
    """Not proposed further; the note says why. The same grounds are never drafted again."""
    proposal = _locked(proposal)
    _require(by, proposal.unit)
    note = nfc(note).strip()
    if not note:
        raise AwardError(_("Phải ghi lý do không đề nghị"))
    proposal.status = Proposal.REJECTED
    proposal.note = note[:5000]
    proposal.decided_at = clock.now()
    proposal.decided_by = by
    proposal.save(update_fields=["status", "note", "decided_at", "decided_by"])
    log_action("awards.proposal.rejected", proposal, by=by, unit_path=proposal.unit.path, note=note)
    return proposal
