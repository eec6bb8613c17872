"""The navigation's entries open a page of the user's own unit: the highest one they belong to.

The menu links straight to that page (``menu_links``); the entry's own address (``/plans/``…)
stays for bookmarks and typed addresses and redirects there (``to_home_unit``). Linking straight
saves a request and a round trip on every click of the menu: a quarter of the pages people open
at the top of the army, and a second wait on a slow network.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from khth.units.access import Scope, scope_for
from khth.units.models import Unit

# Menu entry (its URL name) → the page of a unit it opens.
ON_OWN_UNIT = {
    "plans-home": "plan-unit",
    "records-home": "records-unit",
    "evaluations-home": "evaluation-unit",
    "awards-home": "award-register",
    "coordination-home": "coordination-unit",
    "directives-home": "directive-list",
    "inspections-home": "inspection-unit",
    "reviews-home": "review-unit",
}


def highest_unit(scope: Scope) -> Unit | None:
    homes = scope.home_units
    return min(homes, key=lambda u: (u.depth, u.path)) if homes else None


def menu_links(scope: Scope) -> dict[str, str]:
    """The address of each entry that opens on the user's own unit, by the entry's name without
    "-home" (``plans``, ``records``…): the unit's page, or the entry's own address for a user
    without a unit (it says so)."""
    unit = highest_unit(scope)
    return {
        entry.removesuffix("-home"): (
            reverse(page, kwargs={"unit_code": unit.code}) if unit else reverse(entry)
        )
        for entry, page in ON_OWN_UNIT.items()
    }


def to_home_unit(request: HttpRequest, url_name: str) -> HttpResponse:
    """Redirect to ``url_name`` for the user's highest unit; home with a message when none."""
    unit = highest_unit(scope_for(request.user))
    if unit is None:
        messages.info(request, _("Tài khoản chưa được gán vào đơn vị nào."))
        return redirect("home")
    return redirect(url_name, unit_code=unit.code)
