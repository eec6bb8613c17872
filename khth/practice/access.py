"""Who sees and who marks models of good practice.

Everyone reads the models of the units they see (their own subtree): a company sees its own and
nothing of a sibling; a regiment sees its battalions' and companies'. Only a **superior** of the
work's unit marks it: ``report.review`` (the permission of those who receive subordinates'
work) held over the unit's parent — so a company, having no subordinates, marks nothing, and no
one marks their own unit's work.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from khth.practice.models import Exemplar
from khth.units.access import get_visible, scope_for
from khth.units.models import Unit
from khth.web.examples import Example

MARK = "report.review"


def visible_exemplars(user: Any) -> QuerySet[Exemplar]:
    return Exemplar.objects.filter(scope_for(user).q("unit__path"))


def get_exemplar_for_user(user: Any, pk: int) -> Exemplar:
    return get_visible(visible_exemplars(user).select_related("unit"), pk, "exemplar")


def can_mark(user: Any, unit: Unit) -> bool:
    parent = unit.parent
    return parent is not None and scope_for(user).allows(parent, MARK)


def url_of(exemplar: Exemplar) -> str:
    if exemplar.kind == Exemplar.REPORT:
        return reverse("report-detail", args=[exemplar.report_id])
    if exemplar.kind == Exemplar.PLAN:
        return reverse("plan-detail", args=[exemplar.plan_id])
    return reverse("typed-document-detail", args=[exemplar.document_id])


def examples_for(user: Any, kind: str, code: str, limit: int) -> list[Example]:
    """Up to ``limit`` models of ``kind`` and ``code`` the user sees, the latest first."""
    if limit <= 0:
        return []
    rows = visible_exemplars(user).filter(kind=kind, code=code).select_related("unit")[:limit]
    return [
        Example(title=e.title, unit=e.unit.short_name or e.unit.name, url=url_of(e), note=e.note)
        for e in rows
    ]
