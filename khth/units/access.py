"""The one data-scope mechanism.

A user may act on a unit's data when one of their open memberships is at that unit or above it and
the membership's role grants the permission (role → permissions is regulation data). Every view,
API endpoint, export and CLI command asks this module; nothing filters by unit on its own.

Other apps scope their objects with ``scope_for(user).q("unit__path")`` in their queryset's
``visible_to`` and write one ``get_<object>_for_user`` helper on the pattern of
``get_unit_for_user`` below: 404 outside the scope (``get_visible``), 403 inside it without the
permission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from khth.lib import clock
from khth.regulations.access import role_permissions
from khth.regulations.permissions import ROLE_CODES
from khth.units.models import Membership, Unit, UnitQuerySet

READ = "unit.view"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    path: str
    role: str
    unit_id: int
    permissions: frozenset[str]


@dataclass(frozen=True)
class Scope:
    """What one user may reach, computed once per request from their open memberships."""

    grants: tuple[Grant, ...]

    def paths(self, permission: str = READ) -> list[str]:
        return [g.path for g in self.grants if permission in g.permissions]

    def q(self, path_field: str = "path", permission: str = READ) -> Q:
        """A filter on ``path_field`` (a unit path, e.g. "unit__path") for permitted subtrees."""
        condition = Q(pk__in=[])  # no grant: matches nothing
        for path in self.paths(permission):
            condition |= Q(**{f"{path_field}__startswith": path})
        return condition

    def allows(self, unit: Unit, permission: str) -> bool:
        return any(unit.path.startswith(path) for path in self.paths(permission))

    def holds_at(self, unit: Unit, permission: str) -> bool:
        """The permission held at this very unit, not inherited from above (e.g. reviewing
        what a unit's *direct* subordinates submit)."""
        return any(g.unit_id == unit.pk and permission in g.permissions for g in self.grants)

    def has_anywhere(self, permission: str) -> bool:
        return bool(self.paths(permission))

    @property
    def home_unit_ids(self) -> list[int]:
        return sorted({g.unit_id for g in self.grants})


_CACHE_ATTR = "_khth_scope"


def scope_for(user: Any, *, on: dt.date | None = None) -> Scope:
    """The user's scope; cached on the user object, so one request computes it once."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(grants=())
    day = on or clock.today()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        scope: Scope = cached[1]
        return scope
    memberships = (
        Membership.objects.filter(user=user, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("unit")
    )
    scope = Scope(
        grants=tuple(
            Grant(
                path=m.unit.path,
                role=m.role,
                unit_id=m.unit_id,
                permissions=role_permissions(m.role),
            )
            for m in memberships
        )
    )
    setattr(user, _CACHE_ATTR, (day, scope))
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible_units(user: Any) -> UnitQuerySet:
    return Unit.objects.filter(scope_for(user).q("path"))


def get_visible(rows: QuerySet[M], pk: int, what: str) -> M:
    """Row ``pk`` among ``rows``, a ``visible_*`` queryset: 404 when it is not there, so a row
    outside the user's scope is not told to exist (the first step of every
    ``get_<object>_for_user``)."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(f"{what} not found")
    return found


def get_unit_for_user(user: Any, code: str, *, permission: str = READ) -> Unit:
    """The unit with ``code`` if the user may see it; 404 outside the scope, 403 without the
    permission."""
    scope = scope_for(user)
    unit = Unit.objects.filter(scope.q("path")).filter(code=code).select_related("parent").first()
    if unit is None:
        raise Http404("unit not found")
    if not scope.allows(unit, permission):
        raise PermissionDenied(permission)
    return unit


def require(user: Any, unit: Unit, permission: str) -> None:
    """403 unless the user holds ``permission`` over ``unit`` (already known to be visible)."""
    if not scope_for(user).allows(unit, permission):
        raise PermissionDenied(permission)


def holders_at(unit: Unit, permission: str) -> QuerySet[Any]:
    """People whose open membership at ``unit`` itself grants ``permission`` (whom to notify)."""
    # The user model through Django, as khth.accounts (above units) defines it.
    user_model = get_user_model()
    roles = [r for r in ROLE_CODES if permission in role_permissions(r)]
    return user_model.objects.filter(
        memberships__unit=unit, memberships__role__in=roles, memberships__ended_on=None
    ).distinct()
