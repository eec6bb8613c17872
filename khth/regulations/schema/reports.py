"""Report templates: the reporting regime of Decree 09/2019/NĐ-CP as data (who reports, data
cut-off, deadline per level, frequency) plus the outline, the indicators and their checks."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import Field, PlainSerializer, PlainValidator

from khth.regulations.schema.common import (
    Basis,
    Code,
    Comparison,
    Frequency,
    Item,
    Section,
    Text,
)

IndicatorType = Literal["integer", "decimal", "percentage", "boolean", "text"]

# How a superior's value is made from its subordinates' values. Percentages are recomputed from
# their numerator and denominator ("ratio"), never averaged; "count_true" and "count_condition"
# count the reporting units ("14/14 đơn vị").
Aggregation = Literal[
    "sum",
    "ratio",
    "weighted_average",
    "min",
    "max",
    "count_true",
    "count_condition",
    "last",
    "none",
]

_CODE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def _code_or_number(value: Any) -> str | float:
    # A plain validator keeps the error on the key itself; a union would report one error per
    # member under made-up sub-keys (right.str, right.float).
    if isinstance(value, bool):
        raise ValueError(_("phải là mã chỉ tiêu hoặc một số, không phải true/false"))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _CODE.match(value):
        return value
    raise ValueError(_("phải là mã chỉ tiêu hoặc một số"))


CodeOrNumber = Annotated[
    str | float,
    PlainValidator(_code_or_number),
    PlainSerializer(lambda v: v, return_type=Any),
]


class Cutoff(Item):
    """The data window: "shifted" runs from ``day`` of the month before the period to ``day - 1``
    of its last month (Decree 09/2019, Thông tư 58/2020/TT-BQP); "nominal" is the period itself."""

    kind: Literal["shifted", "nominal"]
    day: int = Field(default=15, ge=2, le=28)


class Condition(Item):
    op: Comparison
    value: float
    # Count the units whose value of this other indicator meets the condition; the indicator
    # that carries the condition is then computed, not entered.
    of: Code | None = None


class Indicator(Item):
    code: Code
    name: Text
    type: IndicatorType
    unit: Text | None = None
    section: Code
    required: bool = False
    min: float | None = None
    max: float | None = None
    numerator: Code | None = None
    denominator: Code | None = None
    aggregation: Aggregation
    weight_indicator: Code | None = None
    condition: Condition | None = None
    guidance: str = ""
    basis: Basis


class Expression(Item):
    left: Code
    op: Comparison
    right: CodeOrNumber


class Rule(Item):
    code: Code
    expression: Expression
    message: Text
    basis: Basis


class ReportTemplate(Item):
    code: Code
    name: Text
    kind: Literal["periodic", "thematic", "ad_hoc"]
    frequency: Frequency | None = None
    cutoff: Cutoff | None = None
    document_kind: Code | None = None
    reporting_levels: tuple[Code, ...]
    # Working days after the end of the cut-off window (for ad hoc reports: after the request).
    deadlines: dict[Code, int]
    sections: tuple[Section, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = ()
    rules: tuple[Rule, ...] = ()
    # Only units of these types send it (``unit_types:``); empty: every unit of the levels.
    unit_types: tuple[Code, ...] = ()
    basis: Basis
