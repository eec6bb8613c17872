"""Forms of the unit pages: details, a new unit, move, dissolve, merge, import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khth.lib.forms import NfcMixin
from khth.lib.identifiers import validate_identifier
from khth.units.access import UnitChoiceError, unit_from_text
from khth.units.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- the unit picker ----------------------------------------------------------------------


class UnitPickerInput(forms.TextInput):
    """A text box with a list of suggestions (<datalist>) that follows what is typed, from
    ``unit-suggest`` (htmx). Without scripts it is a text box that takes a code or a name."""

    template_name = "units/unit_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "size": 30, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-units"
        widget["list_id"] = list_id
        widget["attrs"].update(
            {
                "list": list_id,
                "placeholder": _("Gõ tên hoặc mã đơn vị"),
                "hx-get": f"{reverse('unit-suggest')}?field={name}",
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
            }
        )
        return context


class UnitField(forms.CharField):
    """Cleans to the code of a unit in the user's scope, written as a code, as the label chosen
    from the list, or as a name only one unit has (khth.units.access.unit_from_text). The form
    gives it the user (``UnitPickerMixin``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("widget", UnitPickerInput())
        super().__init__(**kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        if not text:
            return ""
        if self.user is None:
            raise TypeError("UnitField needs the user: use UnitPickerMixin")
        try:
            return unit_from_text(self.user, text).code
        except UnitChoiceError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class UnitPickerMixin:
    """A form with unit pickers takes ``user=``: the pickers find units in that user's scope."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitField):
                field.user = user


# --- units below a unit -------------------------------------------------------------------


def units_named_below(user: Any, top: Unit, text: str) -> list[Unit]:
    """The units written one per line in ``text`` (a code or a name, as a picker takes them),
    each in ``user``'s scope and below ``top``. Raises UnitChoiceError naming every line that
    names no such unit."""
    units: list[Unit] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            unit = unit_from_text(user, line)
        except UnitChoiceError as error:
            problems.append(str(_("Dòng %(n)d: %(error)s")) % {"n": number, "error": error})
            continue
        if unit.pk == top.pk or not unit.path.startswith(top.path):
            problems.append(
                str(_("Dòng %(n)d: %(unit)s không phải đơn vị cấp dưới của %(top)s"))
                % {"n": number, "unit": unit.name, "top": top.name}
            )
            continue
        units.append(unit)
    if problems:
        raise UnitChoiceError("; ".join(problems))
    return units


class BelowUnitsMixin:
    """A form that chooses units below one unit: its direct subordinates as boxes (the field
    named ``below_field``), any unit further down written one per line (``<name>_others``);
    cleans ``below_field`` to the codes of both. A box for every unit of the subtree was half
    a megabyte of page at the top of a 3,000-unit tree. Call ``choose_below`` from __init__."""

    below_field = "units"
    fields: dict[str, forms.Field]

    def choose_below(self, *, user: Any, top: Unit, chosen: list[str] | None = None) -> None:
        chosen = list(chosen or [])
        children = list(top.children.filter(valid_to__isnull=True).order_by("sort_name"))
        # A direct subordinate dissolved since it was chosen stays a box, ticked.
        gone = top.children.filter(code__in=chosen, valid_to__isnull=False).order_by("sort_name")
        boxes = [*children, *gone]
        codes = {u.code for u in boxes}
        self.fields[self.below_field].choices = [  # type: ignore[attr-defined]
            (u.code, u.name) for u in boxes
        ]
        others = [code for code in chosen if code not in codes]
        if others:
            initial: dict[str, Any] = self.initial  # type: ignore[attr-defined]
            initial[self.below_field] = [code for code in chosen if code in codes]
            initial[f"{self.below_field}_others"] = "\n".join(others)
        self._below = (user, top)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        user, top = self._below
        name = self.below_field
        try:
            named = units_named_below(user, top, data.get(f"{name}_others") or "")
        except UnitChoiceError as error:
            self.add_error(f"{name}_others", str(error))  # type: ignore[attr-defined]
            return data
        codes = list(dict.fromkeys([*data.get(name, []), *(u.code for u in named)]))
        if not codes:
            self.add_error(name, _("Chọn ít nhất một đơn vị"))  # type: ignore[attr-defined]
        data[name] = codes
        return data


def others_field(label: StrOrPromise) -> forms.CharField:
    """The ``<name>_others`` field of a BelowUnitsMixin form."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
        help_text=_("Mỗi dòng một đơn vị: mã hoặc tên đơn vị (ví dụ Đại đội 1)."),
    )


class UnitDetailsForm(NfcMixin, forms.Form):
    name = forms.CharField(label=_("Tên đầy đủ"), max_length=200)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=80)
    level = forms.ChoiceField(label=_("Cấp"))
    # Checked by the action against the regulation the unit follows.
    unit_type = forms.ChoiceField(
        label=_("Loại hình đơn vị"),
        required=False,
        help_text=_(
            "Để trống: đơn vị chung của cấp. Yêu cầu văn kiện, sổ sách có thể khác theo loại hình."
        ),
    )
    party_body = forms.CharField(label=_("Cấp ủy"), max_length=200, required=False)
    superior_party_body = forms.CharField(
        label=_("Cấp ủy cấp trên"), max_length=200, required=False
    )
    party_abbr = forms.CharField(
        label=_("Ký hiệu văn bản Đảng"), max_length=20, required=False, help_text="ĐU, CB…"
    )
    admin_abbr = forms.CharField(
        label=_("Ký hiệu văn bản hành chính"), max_length=20, required=False, help_text="CT…"
    )
    place = forms.CharField(label=_("Địa danh ghi trên văn bản"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        levels: list[tuple[str, str]],
        unit_types: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels  # type: ignore[attr-defined]
        self.fields["unit_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Đơn vị chung")),
            *(unit_types or []),
        ]


class NewUnitForm(UnitDetailsForm):
    code = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=Unit._meta.get_field("code").max_length,
        validators=[validate_identifier],
        help_text=_("Chữ không dấu, số, dấu chấm, gạch; không đổi về sau."),
    )
    valid_from = forms.DateField(label=_("Thành lập từ ngày"), required=False)
    field_order = ["code", "name", "short_name", "level"]


class MoveForm(UnitPickerMixin, forms.Form):
    parent_code = UnitField(label=_("Đơn vị cấp trên mới"))
    on = forms.DateField(label=_("Từ ngày"), required=False)


class DissolveForm(NfcMixin, forms.Form):
    on = forms.DateField(label=_("Giải thể từ ngày"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class MergeForm(UnitPickerMixin, forms.Form):
    into_code = UnitField(label=_("Đơn vị nhận sáp nhập"))
    on = forms.DateField(label=_("Từ ngày"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV (UTF-8)"))
    on = forms.DateField(label=_("Hiệu lực từ ngày"), required=False)
