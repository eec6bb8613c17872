"""Form pieces every app shares: text normalised to NFC at the boundary, dates typed the
Vietnamese way (dd/mm/yyyy; ISO accepted too), and the one shape of a page's POST that changes
something: read the form, call one action, and either show the page again with what was typed
and why it was refused, or say it was done and go on. Each view says only which form, which
action, which page and where next; the rules stay in the app's actions, which raise the app's
own error (khth.lib.errors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from khth.lib.models import Revised
from khth.lib.vietnamese import nfc

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class NfcMixin:
    """Every text input is normalised to NFC at the boundary."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        return {k: nfc(v) if isinstance(v, str) else v for k, v in cleaned.items()}


def text_field(
    label: Any, max_length: int, *, required: bool = False, rows: int = 0
) -> forms.CharField:
    """A text input, optional unless ``required``; with ``rows``, a text area that many lines
    high."""
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows, "cols": 50}) if rows else forms.TextInput()
    )
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


class DayField(forms.DateField):
    """A date typed the Vietnamese way, "05/07/2024", in a plain text box."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 12},
                format="%d/%m/%Y",
            ),
        )
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Ghi ngày theo dạng dd/mm/yyyy.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().to_python(value)
        if day is not None and not 1900 <= day.year <= 2999:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day


# --- a page's POST ---------------------------------------------------------------------------

FormT = TypeVar("FormT", bound=forms.BaseForm)
T = TypeVar("T")
# The errors a view shows to the user rather than failing: the app's own (``AwardError``…).
Refusal = type[Exception] | tuple[type[Exception], ...]


def post_form(
    form: FormT,
    act: Callable[[dict[str, Any]], T],
    *,
    refused: Refusal,
    again: Callable[[FormT], HttpResponse],
    then: Callable[[T], HttpResponse],
    error_field: str | None = None,
) -> HttpResponse:
    """Validate ``form`` and call ``act`` with its cleaned data; ``then`` with what it returned.

    Invalid input, or the action's refusal added to the form as its error (on ``error_field``,
    or on the whole form), shows the page again through ``again`` with everything typed kept.
    An unbound form (a GET of a page whose form posts to itself) is not valid either: ``again``
    then shows it as it is.
    """
    if not form.is_valid():
        return again(form)
    try:
        result = act(form.cleaned_data)
    except refused as exc:
        form.add_error(error_field, str(exc))
        return again(form)
    return then(result)


def posted_revision(request: HttpRequest, name: str = "revision") -> int:
    """The revision an edit form was opened on (its hidden ``revision`` field, or ``name``).
    Missing or not a number, it is 0, which no stored row has: the save is refused as made on
    another one."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() else 0


class StoredRevised(Revised, Protocol):
    def refresh_from_db(self) -> None: ...


# (label, value) of each field of a stored row, as an edit form names it.
Saved = list[tuple[str, str]]


def edited_since(row: StoredRevised, base_revision: int | None) -> bool:
    """Whether an edit posted on ``base_revision`` (None: the page shows no posted edit) was made
    on an older revision than ``row``'s. The page then shows what the other person saved
    (``saved_values``) beside what was typed, and its form carries the row's revision: saving
    again, once the other version was seen, stores one's own."""
    if base_revision is None:
        return False
    # Read again: the row was fetched before the refused save looked at it under its lock.
    row.refresh_from_db()
    return base_revision != row.revision


def saved_values(form: forms.BaseForm, values: dict[str, str]) -> Saved:
    """``values`` of a stored row by field name, labelled as ``form`` labels its fields."""
    return [(str(form.fields[name].label), value) for name, value in values.items()]


def done(request: HttpRequest, message: str, to: str, *args: Any, **kwargs: Any) -> HttpResponse:
    """Say what was done and go on to ``to`` (a URL name with its arguments, or a URL)."""
    messages.success(request, message)
    response: HttpResponse = redirect(to, *args, **kwargs)
    return response


def attempt(
    request: HttpRequest,
    act: Callable[[], object],
    refused: Refusal,
    success: str,
    *,
    kept: str = "",
) -> bool:
    """A button's action, whose page is not shown again: its refusal is said as an error,
    otherwise ``success``. Whether it was done, for the views that go elsewhere then.

    ``kept``: the action is the step a «Lưu và …» button takes after its save; refused, the
    user is first told that the save was kept."""
    try:
        act()
    except refused as exc:
        if kept:
            messages.warning(request, kept)
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def back_with_errors(
    request: HttpRequest, form: forms.BaseForm, back: HttpResponse
) -> HttpResponse:
    """For a small form posted from a page that is not shown again (a note, a file): each of
    its errors as a message, named by its field's label (a refusal added by ``post_form`` is
    the form's own error: its message alone), then ``back`` to the page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return back
