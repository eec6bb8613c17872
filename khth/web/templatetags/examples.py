"""``{% examples_panel "plan" plan.kind_code %}``: up to three models of good practice of the
kind being written, in the user's scope (khth/web/examples.py)."""

from __future__ import annotations

from typing import Any

from django import template

from khth.web.examples import examples

register = template.Library()


@register.inclusion_tag("web/_examples.html", takes_context=True)
def examples_panel(context: Any, kind: str, code: str) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    found = examples(user, kind, code) if user is not None and user.is_authenticated else []
    return {"examples": found, "kind": kind, "code": code}
