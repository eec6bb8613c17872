"""Forms of the evaluation pages.

Scores are posted one pair of fields per criterion: ``points-<code>`` / ``note-<code>`` for the
self-assessment, ``review-<code>`` / ``reason-<code>`` for the superior's review. ``read_scores``
reads them the Vietnamese way ("8,5") and names every figure it cannot read by its criterion,
never raising; what was typed is kept to be shown again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.evaluations.actions import Entry
from khth.lib.forms import NfcMixin
from khth.lib.vietnamese import format_number, nfc, parse_number
from khth.periods import Period
from khth.regulations.schema import Criterion
from khth.regulations.schema.evaluation import Veto

SELF_FIELDS = ("points", "note")
REVIEW_FIELDS = ("review", "reason")


def shown_points(points: Decimal | None) -> str:
    """A stored score as the user types it: 4.80 → "4,8", 6.00 → "6"."""
    if points is None:
        return ""
    if points == points.to_integral_value():
        return format_number(points.quantize(Decimal(1)))
    return format_number(points.normalize())


@dataclass
class PostedScores:
    """What a score form carried: the entries for the action, the raw text per criterion (to
    show again), the figures that could not be read, by criterion code."""

    entries: dict[str, Entry] = field(default_factory=dict)
    typed: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)


def read_points(raw: str) -> Decimal | None:
    """Raises ValueError with the message to show next to the criterion."""
    text = nfc(raw).strip().replace(" ", "")
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        raise ValueError(
            _("«%(value)s» không phải số điểm (viết 8 hoặc 8,5)") % {"value": raw.strip()}
        ) from None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_("điểm ghi tối đa hai chữ số thập phân"))
    return value


def read_scores(
    data: Mapping[str, Any], criteria: Sequence[Criterion], fields: tuple[str, str]
) -> PostedScores:
    """The scores posted for ``criteria`` with field prefixes ``fields`` (points, note); a
    criterion without its points field in the post is left out."""
    points_field, note_field = fields
    posted = PostedScores()
    for criterion in criteria:
        key = f"{points_field}-{criterion.code}"
        if key not in data:
            continue
        raw = str(data.get(key, ""))
        note = nfc(str(data.get(f"{note_field}-{criterion.code}", "")))
        posted.typed[criterion.code] = (raw, note)
        try:
            points = read_points(raw)
        except ValueError as exc:
            posted.problems.setdefault(criterion.code, []).append(str(exc))
            continue
        posted.entries[criterion.code] = Entry(points, note)
    return posted


def read_vetoes(data: Mapping[str, Any], vetoes: Sequence[Veto]) -> dict[str, str]:
    """The vetoes ticked by the reviewer, with the reason typed for each (maybe blank: the
    action then asks for it)."""
    return {
        veto.code: nfc(str(data.get(f"veto-reason-{veto.code}", "")))
        for veto in vetoes
        if data.get(f"veto-{veto.code}")
    }


class OpenForm(forms.Form):
    period_id = forms.ChoiceField(label=gettext_lazy("Kỳ đánh giá"))

    def __init__(self, *args: Any, periods: Sequence[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_id"].choices = [(p.id, p.label) for p in periods]  # type: ignore[attr-defined]


class ReturnForm(NfcMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Nhận xét khi trả lại"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=4000,
        required=False,
    )


class DecisionForm(NfcMixin, forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Mức xếp loại"))
    note = forms.CharField(
        label=gettext_lazy("Ghi chú quyết định"),
        help_text=gettext_lazy("Bắt buộc khi quyết định khác mức cấp dưới đề nghị"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, levels: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = list(levels)  # type: ignore[attr-defined]
