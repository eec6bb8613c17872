"""Who may see registered documents: the subtree, as for everything, and for a document marked
MẬT / TỐI MẬT / TUYỆT MẬT only people whose role grants reading that level over its unit.
The register and the search both filter through ``visible_documents``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from khth.docsystem.register.models import RegisteredDocument
from khth.units.access import get_visible, scope_for
from khth.units.models import Unit

REGISTER = "document.register"
# Secrecy level → the permission that reads it.
SECRECY_PERMISSIONS = {
    "mat": "document.read_mat",
    "toi_mat": "document.read_toi_mat",
    "tuyet_mat": "document.read_tuyet_mat",
}


def secrecy_q(user: Any, path_field: str = "unit__path", field: str = "secrecy") -> Q:
    """Documents the user may read whatever their secrecy: unmarked ones in the subtree, marked
    ones where a role of the user grants that level."""
    scope = scope_for(user)
    allowed = Q(**{field: ""}) & scope.q(path_field)
    for level, permission in SECRECY_PERMISSIONS.items():
        allowed |= Q(**{field: level}) & scope.q(path_field, permission=permission)
    return allowed


def visible_documents(user: Any) -> QuerySet[RegisteredDocument]:
    return RegisteredDocument.objects.filter(secrecy_q(user))


def get_document_for_user(user: Any, pk: int) -> RegisteredDocument:
    # A secret document outside the user's clearance is "not found", like one outside the
    # subtree: its existence is not disclosed.
    return get_visible(visible_documents(user).select_related("unit"), pk, "document")


def can_register(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, REGISTER)


def require_register(user: Any, unit: Unit) -> None:
    if not can_register(user, unit):
        raise PermissionDenied(REGISTER)


def may_mark(user: Any, unit: Unit, secrecy: str) -> bool:
    """One cannot register a document at a secrecy level one may not read."""
    permission = SECRECY_PERMISSIONS.get(secrecy)
    return permission is None or scope_for(user).allows(unit, permission)


def registration_of(source_kind: str, source_id: int) -> RegisteredDocument | None:
    """The outgoing registration of a document of a room above the register (``"review"``,
    its pk), or None before it is registered: how such a room prints its number."""
    return RegisteredDocument.objects.filter(
        direction=RegisteredDocument.OUTGOING, source_kind=source_kind, source_id=source_id
    ).first()
