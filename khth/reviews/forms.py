"""Forms of the review pages: a new review (its span from a preset or two dates, the indicators
to trend) and the editor's title and indicators. The narrative comes as one textarea per leaf
section (``section-<code>``), read by the editing view."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.docsystem.register.forms import OutgoingForm
from khth.lib.forms import NfcMixin
from khth.regulations.schema import Regulation
from khth.reviews.figures import DEFAULT_INDICATORS
from khth.reviews.models import Review
from khth.reviews.outline import REVIEW_KIND, review_template

NUMERIC = frozenset({"integer", "decimal", "percentage"})
CUSTOM = "custom"
# Preset spans in months, ending on the chosen day.
SPANS: dict[str, int] = {"6m": 6, "1y": 12, "2y": 24, "5y": 60}
SPAN_CHOICES = [
    ("6m", gettext_lazy("6 tháng")),
    ("1y", gettext_lazy("1 năm")),
    ("2y", gettext_lazy("2 năm")),
    ("5y", gettext_lazy("5 năm")),
    (CUSTOM, gettext_lazy("Chọn ngày bắt đầu")),
]


def months_back(end: dt.date, months: int) -> dt.date:
    """The first day of a span of ``months`` months ending on ``end``: 31/12/2024 and 60 months
    give 01/01/2020; 30/06/2024 and 6 give 01/01/2024; 14/06/2024 and 6 give 15/12/2023."""
    after = end + dt.timedelta(days=1)
    index = after.year * 12 + after.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(after.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def indicator_choices(regulation: Regulation) -> list[tuple[str, str]]:
    """The numeric indicators of the yearly review template (the ones a trend can draw)."""
    return [
        (i.code, f"{i.name} ({i.unit})" if i.unit else i.name)
        for i in review_template(regulation).indicators
        if i.type in NUMERIC
    ]


def _date_field(label: Any, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


class NewReviewForm(NfcMixin, forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tên báo cáo"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 90}),
        help_text=gettext_lazy(
            "Ví dụ: Báo cáo tổng kết 5 năm thực hiện Quy chế công tác kế hoạch – tổng hợp. "
            "Để trống: đặt theo thời gian."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại"),
        choices=[(code, gettext_lazy(name)) for code, name in Review.KIND_CHOICES],
        initial=Review.PERIODIC,
        required=False,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=gettext_lazy("Quy chế, quy định, chỉ thị được sơ kết, tổng kết"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 90}),
        help_text=gettext_lazy("Chỉ ghi khi sơ kết, tổng kết việc thực hiện một văn bản."),
    )
    span = forms.ChoiceField(
        label=gettext_lazy("Thời gian sơ kết, tổng kết"),
        choices=SPAN_CHOICES,
        initial="1y",
        widget=forms.RadioSelect,
    )
    ends_on = _date_field(gettext_lazy("Đến ngày"), True)
    starts_on = _date_field(gettext_lazy("Từ ngày (khi chọn ngày bắt đầu)"), False)
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Chỉ tiêu theo dõi xu hướng"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, regulation: Regulation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = indicator_choices(regulation)
        self.fields["indicators"].choices = choices  # type: ignore[attr-defined]
        known = {code for code, _name in choices}
        self.fields["indicators"].initial = [c for c in DEFAULT_INDICATORS if c in known]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        end = cleaned.get("ends_on")
        span = cleaned.get("span")
        if end is None or not span:
            return cleaned
        if span == CUSTOM:
            start = cleaned.get("starts_on")
            if start is None:
                self.add_error("starts_on", _("Ghi ngày bắt đầu"))
                return cleaned
        else:
            start = months_back(end, SPANS[span])
        if start > end:
            self.add_error("starts_on", _("Ngày bắt đầu sau ngày kết thúc"))
        cleaned["starts_on"] = start
        return cleaned


class ReviewEditForm(NfcMixin, forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tên báo cáo"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 90}),
    )
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Chỉ tiêu theo dõi xu hướng"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, regulation: Regulation, current: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = indicator_choices(regulation)
        # An indicator chosen through the API from another template stays choosable.
        known = {code for code, _name in choices}
        choices += [(code, code) for code in current if code not in known]
        self.fields["indicators"].choices = choices  # type: ignore[attr-defined]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ConferenceForm(NfcMixin, forms.Form):
    """The conference record, the key tasks and solutions (one a line) and the awards decided
    at the conference."""

    held_on = _date_field(gettext_lazy("Ngày họp hội nghị"), False)
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=300, required=False)
    presided_by = forms.CharField(label=gettext_lazy("Chủ trì"), max_length=300, required=False)
    attendance = forms.CharField(
        label=gettext_lazy("Thành phần, số đại biểu dự"), max_length=300, required=False
    )
    record = forms.CharField(
        label=gettext_lazy("Tóm tắt diễn biến, kết luận hội nghị"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    tasks = forms.CharField(
        label=gettext_lazy("Nhiệm vụ trọng tâm (mỗi dòng một nhiệm vụ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    solutions = forms.CharField(
        label=gettext_lazy("Nhóm giải pháp (mỗi dòng một nhóm)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    awards = forms.MultipleChoiceField(
        label=gettext_lazy("Khen thưởng tại hội nghị"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, awards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["awards"].choices = awards  # type: ignore[attr-defined]

    def task_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("tasks") or "")

    def solution_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("solutions") or "")


class ReviewRegistrationForm(OutgoingForm):
    """«Vào sổ, lấy số» on a finished review's page: the register's own form for an outgoing
    document, less the kind (the final review's) and the source (this review)."""

    def __init__(
        self,
        *args: Any,
        secrecy: list[tuple[str, str]],
        urgency: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(
            *args,
            kinds=[(REVIEW_KIND, REVIEW_KIND)],
            secrecy=secrecy,
            urgency=urgency,
            sources=[],
            **kwargs,
        )
        del self.fields["kind_code"]
        del self.fields["source"]
