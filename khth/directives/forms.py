"""Forms of the directives pages. The levels, study forms and plans offered depend on the
regulation and on the unit, so the view passes them in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.forms import DayField, NfcMixin, text_field


class RevisionMixin(forms.Form):
    # The revision an edit form was opened on; absent when the form creates a row.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DirectiveForm(NfcMixin, RevisionMixin):
    number = text_field(gettext_lazy("Số, ký hiệu"), 100, required=True)
    title = text_field(gettext_lazy("Trích yếu"), 500, required=True)
    issuer = text_field(gettext_lazy("Cơ quan ban hành"), 300, required=True)
    issued_on = DayField(label=gettext_lazy("Ngày ban hành"))
    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Cấp phải thực hiện (để trống: mọi đơn vị thuộc quyền)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = text_field(gettext_lazy("Nội dung tóm tắt"), 20_000, rows=4)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = levels  # type: ignore[attr-defined]


class StudyForm(NfcMixin, RevisionMixin):
    held_on = DayField(label=gettext_lazy("Ngày quán triệt"))
    form = forms.ChoiceField(label=gettext_lazy("Hình thức"))
    total = forms.IntegerField(label=gettext_lazy("Tổng số phải học tập"), min_value=1)
    present = forms.IntegerField(label=gettext_lazy("Số có mặt"), min_value=0)
    made_up = forms.IntegerField(
        label=gettext_lazy("Số vắng đã học bù"), min_value=0, required=False, initial=0
    )
    made_up_on = DayField(label=gettext_lazy("Ngày học bù"), required=False)
    presided = text_field(gettext_lazy("Người chủ trì"), 200, required=True)
    note = text_field(gettext_lazy("Ghi chú"), 20_000, rows=2)

    def __init__(self, *args: Any, study_forms: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = study_forms  # type: ignore[attr-defined]


class PlanLinkForm(forms.Form):
    plan = forms.TypedChoiceField(label=gettext_lazy("Kế hoạch thực hiện"), coerce=int)

    def __init__(self, *args: Any, plans: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = plans  # type: ignore[attr-defined]


class ResultForm(NfcMixin, RevisionMixin):
    period_id = text_field(gettext_lazy("Kỳ báo cáo"), 10, required=True)
    text = text_field(gettext_lazy("Kết quả thực hiện"), 20_000, required=True, rows=5)
    figures = text_field(gettext_lazy("Số liệu (mỗi dòng «Nội dung: số»)"), 5000, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_id"].help_text = gettext_lazy(
            "Mã kỳ: 2025 (năm), 2025S1 (6 tháng), 2025Q3 (quý), 202507 (tháng)"
        )

    def clean_figures(self) -> list[tuple[str, str]]:
        figures = []
        for number, line in enumerate(str(self.cleaned_data["figures"]).splitlines(), start=1):
            if not line.strip():
                continue
            label, colon, value = line.rpartition(":")
            if not colon or not label.strip() or not value.strip():
                raise forms.ValidationError(
                    _("Dòng %(n)s: ghi theo dạng «Nội dung: số»") % {"n": number}
                )
            figures.append((label.strip(), value.strip()))
        return figures


def figures_text(figures: list[dict[str, str]]) -> str:
    """Stored figures as the form's text area shows them."""
    return "\n".join(f"{f['label']}: {f['value']}" for f in figures)
