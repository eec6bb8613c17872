"""``{% history_lines entries as lines %}``: the audit entries as people read them."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from khth.audit.models import AuditEntry
from khth.web.history import Line, describe

register = template.Library()


@register.simple_tag
def history_lines(entries: Iterable[AuditEntry]) -> list[Line]:
    return describe(entries)
