"""Evaluation of CTĐ, CTCT results: groups of criteria, classification levels, vetoes, quota."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from khth.regulations.schema.common import Basis, Code, Frequency, Item, Text

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The public record fixes the shape (seed 001: "3 nhóm tiêu chí, 4 mức phân loại"), not the lists.
GROUP_COUNT = 3
LEVEL_COUNT = 4

# What the system can measure for a criterion or a veto; "indicator:<code>" reads an indicator of
# the unit's reports. The code that computes evidence knows exactly these keys.
EVIDENCE_KEYS: dict[str, StrPromise] = {
    "reports.on_time": _("báo cáo nộp đúng hạn"),
    "reports.complete": _("báo cáo đủ nội dung bắt buộc"),
    "plans.complete": _("có đủ kế hoạch theo quy định"),
    "plans.targets_met": _("đạt các chỉ tiêu của kế hoạch"),
    "documents.complete": _("có đủ văn kiện theo quy định"),
    "records.up_to_date": _("sổ sách cập nhật đúng định kỳ"),
    "inspections.done": _("thực hiện đủ các cuộc kiểm tra theo kế hoạch"),
}
INDICATOR_EVIDENCE_PREFIX = "indicator:"


class Threshold(Item):
    op: Literal["<=", "<", ">=", ">", "=="]
    value: float


class Criterion(Item):
    code: Code
    name: Text
    max_points: int = Field(ge=1)
    guidance: str = ""
    evidence: str | None = None
    # For indicator evidence: full points when the value meets this, none otherwise. Without it
    # a percentage scores in proportion (95 % of the points for 95 %), a count of units by the
    # share that met it, and other indicators are shown as evidence but scored by hand.
    full_when: Threshold | None = None
    basis: Basis


class CriteriaGroup(Item):
    code: Code
    name: Text
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    basis: Basis


class EvaluationLevel(Item):
    code: Code
    name: Text
    min_score: float = Field(ge=0)
    basis: Basis


class Veto(Item):
    """A condition that caps the level whatever the score (e.g. a serious discipline violation)."""

    code: Code
    name: Text
    cap_level: Code
    # Bound to an indicator, the veto applies when its value is true or above zero.
    evidence: str | None = None
    basis: Basis


class Quota(Item):
    """At most ``ratio`` × (number rated ``max_ratio_of``) may be rated ``level`` in a group."""

    level: Code
    max_ratio_of: Code
    ratio: float = Field(gt=0, le=1)
    basis: Basis


class Evaluation(Item):
    total_points: int = Field(default=100, ge=1)
    groups: tuple[CriteriaGroup, ...]
    levels: tuple[EvaluationLevel, ...]
    vetoes: tuple[Veto, ...] = ()
    quota: Quota | None = None
    periods: tuple[Frequency, ...] = Field(min_length=1)
    # The unit's direct superior reviews; the superior this many levels up decides (the
    # "competent level"). A unit with fewer superiors is decided by its topmost one.
    decided_levels_up: int = Field(default=2, ge=1, le=4)
