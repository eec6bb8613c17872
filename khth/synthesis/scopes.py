"""Which units a synthesis reads: the direct subordinates, or every unit below."""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CHILDREN: Final = "children"
SUBTREE: Final = "subtree"
# gettext_noop: plain strings (model choices), translated where shown.
SCOPE_CHOICES = [
    (CHILDREN, gettext_noop("Cấp dưới trực tiếp")),
    (SUBTREE, gettext_noop("Toàn bộ đơn vị thuộc quyền")),
]


class ScopeError(ValueError):
    """A scope that is neither of the two; the message says so, in Vietnamese."""


def scope_asked(raw: str | None) -> str:
    """The scope a page or the API asks for (none: the direct subordinates)."""
    if not raw:
        return CHILDREN
    if raw not in dict(SCOPE_CHOICES):
        raise ScopeError(
            _("Phạm vi tổng hợp «%(scope)s» không hợp lệ: chọn cấp dưới trực tiếp hoặc toàn bộ")
            % {"scope": raw[:40]}
        )
    return raw


def scope_label(scope: str) -> str:
    return _(dict(SCOPE_CHOICES).get(scope, SCOPE_CHOICES[0][1]))
