"""Forms of the inspection pages. They only read what is posted; the rules are in
khth.inspections.actions, which the views call with the cleaned values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khth.inspections.actions import InspectionData
from khth.inspections.models import Finding, Inspection
from khth.lib.forms import NfcMixin, text_field
from khth.units.forms import BelowUnitsMixin, others_field
from khth.units.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unit_choices(units: Iterable[Unit], top_depth: int) -> list[tuple[str, str]]:
    """Units in tree order, indented under their parents."""
    return [(u.code, "— " * max(0, u.depth - top_depth) + u.name) for u in units]


class InspectionForm(BelowUnitsMixin, NfcMixin, forms.Form):
    title = forms.CharField(label=_("Tên cuộc kiểm tra"), max_length=300)
    kind = forms.ChoiceField(label=_("Hình thức"))
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    units = forms.MultipleChoiceField(
        label=_("Đơn vị trực thuộc được kiểm tra"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    units_others = others_field(_("Đơn vị cấp dưới khác được kiểm tra"))
    areas = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra (mặt công tác)"), widget=forms.CheckboxSelectMultiple
    )
    document_kinds = forms.MultipleChoiceField(
        label=_("Văn kiện, sổ sách kiểm tra"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text=_("Giữ Ctrl để chọn nhiều loại"),
    )
    team = forms.CharField(
        label=_("Thành phần đoàn"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        by_unit: Unit,
        areas: list[tuple[str, str]],
        document_kinds: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (code, gettext(name)) for code, name in Inspection.KINDS
        ]
        self.choose_below(user=user, top=by_unit, chosen=self.initial.get("units"))
        self.fields["areas"].choices = areas  # type: ignore[attr-defined]
        self.fields["document_kinds"].choices = document_kinds  # type: ignore[attr-defined]

    def data_for_action(self) -> InspectionData:
        data = self.cleaned_data
        return InspectionData(
            title=data["title"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            units=list(data["units"]),
            areas=list(data["areas"]),
            document_kinds=list(data["document_kinds"]),
            team=data["team"],
        )

    @staticmethod
    def initial_of(inspection: Inspection) -> dict[str, Any]:
        return {
            "title": inspection.title,
            "kind": inspection.kind,
            "starts_on": inspection.starts_on,
            "ends_on": inspection.ends_on,
            "units": list(inspection.units.values_list("code", flat=True)),
            "areas": list(inspection.areas),
            "document_kinds": list(inspection.document_kinds),
            "team": inspection.team,
        }


class FindingForm(NfcMixin, forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Loại"))
    area = forms.ChoiceField(label=_("Mặt công tác"))
    text = forms.CharField(
        label=_("Nội dung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (code, gettext(name)) for code, name in Finding.KINDS
        ]
        self.fields["area"].choices = areas  # type: ignore[attr-defined]


class RemedyForm(NfcMixin, forms.Form):
    action = text_field(_("Việc phải khắc phục"), 5000, required=True, rows=2)
    owner = forms.ChoiceField(label=_("Đơn vị thực hiện"))
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class CloseForm(NfcMixin, forms.Form):
    evidence = text_field(_("Kết quả khắc phục, minh chứng"), 5000, required=True, rows=3)
    file = forms.FileField(label=_("Tệp minh chứng (không bắt buộc)"), required=False)


class NoteForm(NfcMixin, forms.Form):
    note = text_field(_("Lý do"), 2000, required=True, rows=2)


class SpanForm(forms.Form):
    """The span of the recurring weaknesses page (``?from=&to=``)."""

    start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    end = forms.DateField(label=_("Đến ngày"), widget=DATE)
