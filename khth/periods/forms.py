"""The one form field for a period: a text box with the nearby periods as a list to choose from
(an HTML <datalist>, so it is a picker without any script), that also reads what people write
("11/2026", "quý 3/2026") and cleans to the stored id ("202611", "2026Q3")."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from khth.lib import clock
from khth.periods.calendar import default_calendar
from khth.periods.deadlines import deadline
from khth.periods.ids import Period, PeriodError, PeriodType, label_of
from khth.periods.reading import nearby_periods, next_due_period, read_period
from khth.periods.windows import DEFAULT_CUTOFF_RULE

ALL_TYPES = frozenset(PeriodType)
# Report, plan and exchange periods: a day is never a reporting period in the regulation.
REPORTING_TYPES = ALL_TYPES - {PeriodType.DAILY}


def earliest_deadline(period: Period) -> date:
    """The earliest deadline any report of ``period`` can have: the default cut-off and one
    working day after it (the minimum of Decree 09/2019/NĐ-CP). Used to choose the period a
    picker opens on when it knows no template."""
    return deadline(period, DEFAULT_CUTOFF_RULE, 1, default_calendar())


class PeriodInput(forms.TextInput):
    template_name = "periods/period_input.html"

    def __init__(self, types: Collection[PeriodType], attrs: dict[str, Any] | None = None):
        super().__init__(
            attrs={
                "autocomplete": "off",
                "size": 22,
                "placeholder": gettext_lazy("vd: 11/2026, quý 3/2026"),
                **(attrs or {}),
            }
        )
        self.types = types

    def format_value(self, value: Any) -> str | None:
        # A stored id shows as its label ("Tháng 11/2026"); what a person typed shows as typed.
        if not value:
            return None
        return label_of(str(value))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-periods"
        widget["attrs"]["list"] = list_id
        widget["list_id"] = list_id
        widget["options"] = [p.label for p in nearby_periods(clock.today(), self.types)]
        return context


class PeriodField(forms.CharField):
    """Cleans to a period id of one of ``types``; empty when not required."""

    def __init__(
        self,
        *,
        types: Collection[PeriodType] = REPORTING_TYPES,
        due: Callable[[Period], date] | None = earliest_deadline,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Chọn trong danh sách, hoặc viết: 11/2026, quý 3/2026, tuần 49/2026, "
                "6 tháng đầu năm 2026, năm 2026"
            ),
        )
        kwargs["widget"] = PeriodInput(types)
        super().__init__(**kwargs)
        self.types = frozenset(types)
        # The period offered first, when the form opens empty: the next one due, of the
        # commonest type the field takes.
        if due is not None and kwargs.get("initial") is None:
            first = PeriodType.MONTHLY if PeriodType.MONTHLY in self.types else min(self.types)
            self.initial = lambda: next_due_period(clock.today(), first, due).id

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return read_period(text, self.types).id
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
