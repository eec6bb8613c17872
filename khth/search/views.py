"""The search page: /search/?q=&kind=&unit=&page=. Any input gives a page, never an error."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from khth.search.models import KINDS
from khth.search.query import PAGE_SIZE, Results, search
from khth.search.text import MAX_QUERY, MAX_QUERY_TOKENS, clean, query_tokens
from khth.units.access import chosen_label, visible_units
from khth.units.forms import UnitField, UnitPickerMixin
from khth.web.lists import choice_asked, page_asked


class UnitFilter(UnitPickerMixin, forms.Form):
    """The unit to search in: a picker that asks the server as the user types, never a list of
    every unit in the scope (20,000 at the top of the army)."""

    unit = UnitField(required=False, max_length=300)


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    query = clean(raw[:MAX_QUERY]).strip()
    kinds = [(code, _(label)) for code, label in KINDS]
    kind = choice_asked(request, "kind", dict(KINDS), "")
    notes: list[str] = []
    unit = None
    chooser = UnitFilter({"unit": request.GET.get("unit", "")[:300]}, user=request.user)
    if chooser.is_valid():
        code = chooser.cleaned_data["unit"]
        unit = visible_units(request.user).get(code=code) if code else None
    else:
        notes.append(_("%(error)s Tìm trong mọi đơn vị.") % {"error": chooser.errors["unit"][0]})
    # The picker is offered to whoever sees more than one unit.
    several = len(visible_units(request.user).values_list("pk", flat=True)[:2]) > 1
    chosen = UnitFilter(initial={"unit": chosen_label(unit) if unit else ""}, user=request.user)
    if len(raw) > MAX_QUERY:
        notes.append(_("Từ khóa dài quá: chỉ dùng %(n)s ký tự đầu.") % {"n": MAX_QUERY})
    results = Results(tokens=())
    if query:
        tokens = query_tokens(query)
        if not tokens:
            notes.append(_("Từ khóa phải có ít nhất một chữ hoặc chữ số."))
        elif len(query_tokens(query, limit=None)) > MAX_QUERY_TOKENS:
            notes.append(_("Chỉ dùng %(n)s từ đầu của từ khóa.") % {"n": MAX_QUERY_TOKENS})
        results = search(
            request.user,
            query,
            kind=kind,
            unit=unit,
            page=page_asked(request),
        )
    params = {"q": query, "kind": kind, "unit": unit.code if unit else ""}

    def link(page: int) -> str:
        return "?" + urlencode({**params, "page": page})

    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "kind": kind,
            "kinds": kinds,
            "unit": unit,
            "unit_field": chosen["unit"] if several else None,
            "notes": notes,
            "results": results,
            "first": (results.page - 1) * PAGE_SIZE + 1,
            "previous": link(results.page - 1) if results.page > 1 else "",
            "next": link(results.page + 1) if results.page < results.pages else "",
        },
    )
