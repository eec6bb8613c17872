"""Template context every page needs: the user's own units for the navigation bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from khth.regulations.access import RegulationNotLoaded
from khth.units.access import Scope, scope_for
from khth.web.navigation import menu_links


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    try:
        scope = scope_for(user)
    except RegulationNotLoaded:  # the page explaining that is being rendered
        scope = Scope(grants=())
    # Lazy: built only by a page that shows the menu (a fragment or the login page does not).
    menu = SimpleLazyObject(lambda: menu_links(scope))
    return {
        "home_units": scope.home_units,
        "can_manage_units": scope.has_anywhere("unit.manage"),
        "can_manage_users": scope.has_anywhere("user.manage"),
        "menu": menu,
    }
