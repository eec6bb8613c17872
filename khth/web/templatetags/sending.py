"""``{% send_to_links url unit %}``: where a unit answers to a Party body other than its
parent's (a provincial military Party committee: its Tỉnh ủy, and the military region), the
DOCX download offered along the Party chain, the command chain or both (``?send_to=``, read by
the export views and passed to khth.documents.heading.superiors). Nothing for other units."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from khth.documents.heading import BOTH_CHAINS, COMMAND_CHAIN, PARTY_CHAIN, two_chains
from khth.regulations.access import active_regulation

register = template.Library()


def send_choices(unit: Any) -> list[tuple[str, str]]:
    """(``send_to``, label) of each way the unit's documents can go up, or [] with one chain."""
    regulation = active_regulation()
    if not two_chains(regulation, unit):
        return []
    party, command = unit.superior_party_body, unit.parent.name
    return [
        (PARTY_CHAIN, _("Gửi %(body)s (hệ thống Đảng)") % {"body": party}),
        (COMMAND_CHAIN, _("Gửi %(body)s (cấp trên trực tiếp)") % {"body": command}),
        (BOTH_CHAINS, _("Gửi cả %(a)s và %(b)s") % {"a": party, "b": command}),
    ]


@register.inclusion_tag("web/_send_to.html")
def send_to_links(url: str, unit: Any) -> dict[str, Any]:
    return {"url": url, "choices": send_choices(unit)}
