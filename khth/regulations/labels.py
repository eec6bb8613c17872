"""Words for the fixed vocabulary of the regulation file (its codes are English).

Lazy: a label is looked up for the language of the request or command that shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

FREQUENCY_LABELS: dict[str, StrPromise] = {
    "daily": _("hằng ngày"),
    "weekly": _("hằng tuần"),
    "monthly": _("hằng tháng"),
    "quarterly": _("hằng quý"),
    "sixmonthly": _("6 tháng"),
    "yearly": _("hằng năm"),
}
OCCASION_LABELS: dict[str, StrPromise] = {
    **FREQUENCY_LABELS,
    "term": _("mỗi nhiệm kỳ"),
    "per_task": _("theo nhiệm vụ"),
    "thematic": _("chuyên đề"),
    "ad_hoc": _("đột xuất"),
}
UPDATE_FREQUENCY_LABELS: dict[str, StrPromise] = {
    **FREQUENCY_LABELS,
    "per_event": _("khi phát sinh"),
}
FAMILY_LABELS: dict[str, StrPromise] = {
    "party": _("văn kiện Đảng"),
    "administrative": _("văn bản hành chính"),
}
REPORT_KIND_LABELS: dict[str, StrPromise] = {
    "periodic": _("định kỳ"),
    "thematic": _("chuyên đề"),
    "ad_hoc": _("đột xuất"),
}
PLANNING_BY_LABELS: dict[str, StrPromise] = {
    "assistant": _("trợ lý kế hoạch – tổng hợp của cơ quan chính trị"),
    "political_officer": _("chính trị viên tự làm"),
}
