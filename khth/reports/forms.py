"""Forms of the report pages. Field names of the edit form are built from template codes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khth.periods.forms import PeriodField
from khth.units.forms import BelowUnitsMixin, UnitField, UnitPickerMixin, others_field


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class OpenForm(forms.Form):
    unit_code = forms.ChoiceField(label=_("Đơn vị"))
    template_code = forms.ChoiceField(label=_("Mẫu báo cáo"))
    period_id = PeriodField(label=_("Kỳ báo cáo"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))


class RequestForm(BelowUnitsMixin, forms.Form):
    below_field = "addressees"

    template_code = forms.ChoiceField(label=_("Mẫu báo cáo đột xuất"))
    title = forms.CharField(label=_("Tên báo cáo"), max_length=300)
    content = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}))
    period_start = forms.DateField(label=_("Số liệu từ ngày"))
    period_end = forms.DateField(label=_("đến ngày"))
    deadline = forms.DateField(label=_("Hạn báo cáo"))
    addressees = forms.MultipleChoiceField(
        label=_("Đơn vị trực thuộc phải báo cáo"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    addressees_others = others_field(_("Đơn vị cấp dưới khác phải báo cáo"))


class ReportFilterForm(UnitPickerMixin, forms.Form):
    """The unit and period filters of the report list: both chosen from a list, never typed as
    codes (a code still works)."""

    unit = UnitField(label=_("Đơn vị"), required=False)
    period_id = PeriodField(label=_("Kỳ"), required=False, due=None, help_text="")
