"""Awards to a partner: the certificates of merit an army unit gives to a body outside the army
(the Chính ủy Quân khu to a Ban Tổ chức Tỉnh ủy, seed 003). The awards room keeps them, under
the giving unit, with the body's name as stored text; the partner page reads them by that name
and offers the partner as the recipient. Awards sits below coordination: this reads it, never
the other way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.awards import access as award_access
from khth.awards.actions import AwardIn, register_award
from khth.awards.models import Award
from khth.awards.register import AwardFilter, select_awards
from khth.coordination.models import Partner
from khth.lib.forms import DayField, NfcMixin, text_field
from khth.regulations.access import active_regulation
from khth.units.models import Unit


def outside_titles() -> list[tuple[str, str]]:
    """(code, name) of the titles the regulation lets go to a body outside the army."""
    return [
        (t.code, t.name)
        for t in active_regulation().followup.awards.titles
        if t.recipient == Award.OUTSIDE
    ]


def givers(user: Any, partner: Partner) -> list[Unit]:
    """The partner's unit and its superiors where ``user`` may register awards, nearest first:
    who may give the partner an award from this page."""
    chain = [
        *Unit.objects.ancestors_of(partner.unit, include_self=True).order_by("-depth"),
    ]
    return [u for u in chain if award_access.can_manage(user, u)]


def awards_to(user: Any, partner: Partner) -> list[Award]:
    """The awards the user may see given to a body of the partner's very name."""
    rows = select_awards(
        award_access.visible_awards(user), None, AwardFilter(body_name=partner.name)
    )
    return list(rows[:200])


class PartnerAwardForm(NfcMixin, forms.Form):
    unit_code = forms.ChoiceField(label=gettext_lazy("Đơn vị khen"))
    title_code = forms.ChoiceField(label=gettext_lazy("Hình thức khen thưởng"))
    decision_number = text_field(gettext_lazy("Số quyết định"), 100, required=True)
    decision_date = DayField(label=gettext_lazy("Ngày quyết định"))
    issuer = text_field(gettext_lazy("Cấp khen"), 300)
    reason = text_field(gettext_lazy("Lý do, thành tích"), 5000, rows=3)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_code"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["title_code"].choices = outside_titles()  # type: ignore[attr-defined]


def give_award(partner: Partner, units: list[Unit], data: dict[str, Any], *, by: Any) -> Award:
    """Register the award to the partner, by its name, under the giving unit chosen."""
    unit = next(u for u in units if u.code == data["unit_code"])
    return register_award(
        unit,
        AwardIn(
            title_code=data["title_code"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            issuer=data["issuer"],
            reason=data["reason"],
            body_name=partner.name,
        ),
        by=by,
    )
