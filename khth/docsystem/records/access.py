"""Who may see and write record books and typed documents: read by the subtree; written by the
unit's own people holding ``record.write`` (a superior never writes a subordinate's books)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from khth.docsystem.records.compliance import MISSING, OUTDATED, Item, compliance_of
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.access import secrecy_q
from khth.docsystem.register.models import RegisteredDocument
from khth.units.access import get_visible, scope_for
from khth.units.models import Unit
from khth.units.regulation import regulations_for

WRITE = "record.write"
# khth.plans.access.PREPARE: plans are documents of the system; this room stands above plans.
PLAN_PREPARE = "plan.prepare"


def visible_entries(user: Any) -> QuerySet[BookEntry]:
    return BookEntry.objects.filter(scope_for(user).q("unit__path"))


def visible_typed(user: Any) -> QuerySet[TypedDocument]:
    """Typed documents in the user's subtree, less those registered at a secrecy level the user
    may not read (the register's access module decides secrecy, for the register and for these)."""
    secret = RegisteredDocument.objects.filter(typed_document__isnull=False).exclude(
        secrecy_q(user)
    )
    return TypedDocument.objects.filter(scope_for(user).q("unit__path")).exclude(
        pk__in=secret.values("typed_document_id")
    )


def get_entry_for_user(user: Any, pk: int) -> BookEntry:
    return get_visible(visible_entries(user).select_related("unit"), pk, "entry")


def get_typed_for_user(user: Any, pk: int) -> TypedDocument:
    # Outside the subtree or above the user's clearance: its existence is not told.
    return get_visible(visible_typed(user).select_related("unit", "unit__parent"), pk, "document")


def can_write(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, WRITE)


def get_readable_typed(user: Any, pk: int) -> tuple[TypedDocument, RegisteredDocument | None]:
    """The typed document and its outgoing registration; 404 outside the subtree and for a
    document registered at a secrecy level the user may not read (its existence is not told)."""
    document = get_typed_for_user(user, pk)
    return document, registration_of(document)


def registration_of(document: TypedDocument) -> RegisteredDocument | None:
    """The outgoing registration of a typed document (one at most: actions refuse a second)."""
    return RegisteredDocument.objects.filter(
        typed_document=document, direction=RegisteredDocument.OUTGOING
    ).first()


def documents_to_do(user: Any, day: dt.date, *, limit: int) -> tuple[int, list[tuple[Unit, Item]]]:
    """Documents (plans among them) and record books missing or out of date at the units where
    the user's own membership writes records or prepares plans: how many, and the first
    ``limit``. A fixed number of queries per such unit, and a user holds very few."""
    held = scope_for(user).units_holding(WRITE, PLAN_PREPARE)
    units = [u for u in held if u.valid_to is None]
    if not units:
        return 0, []
    regulations = regulations_for(units)
    todo = [
        (unit, item)
        for unit in units
        for item in compliance_of(unit, regulations[unit.pk], day)
        if item.state in (MISSING, OUTDATED)
    ]
    return len(todo), todo[:limit]
