"""Is a report complete against its template? Pure: template and content in, findings out.

"Thiếu nội dung theo quy định" is the users' own name for the problem KHTH exists to end: each
missing required section or indicator is listed by name. A missing item may be justified in
writing, which lets the report go up incomplete but on the record; a broken validation rule or
bound cannot be justified, since it means a wrong figure.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from khth.lib.vietnamese import format_number
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.richtext import is_blank
from khth.reports.template import entered_indicators, outline
from khth.reports.values import COMPARE, Value, computed_numbers, numeric

MISSING_SECTION = "missing_section"
MISSING_INDICATOR = "missing_indicator"
OUT_OF_BOUNDS = "out_of_bounds"
NOT_WHOLE = "not_whole"
RULE = "rule"
# A figure the save refuses ("hai" in a number field): the typed text is not stored.
REFUSED = "refused"

# The states of a required item on the checklist.
DONE = "done"
NOT_YET = "missing"
JUSTIFIED = "justified"
# Text prefilled from the subordinates' reports that nobody has edited yet: a synthesis is
# written by the unit, so a copy of what came up does not count as written.
UNEDITED = "unedited"


def section_anchor(code: str) -> str:
    """The id of a section on the report's pages (edit and read), for links to it."""
    return f"muc-{code}"


def indicator_anchor(code: str) -> str:
    return f"chi-tieu-{code}"


@dataclass(frozen=True)
class Finding:
    kind: str
    code: str  # section, indicator or rule code
    message: str
    justified: bool = False
    # The indicator a rule is about (its left side): where a link to the finding goes.
    about: str = ""

    @property
    def anchor(self) -> str:
        if self.kind == MISSING_SECTION:
            return section_anchor(self.code)
        return indicator_anchor(self.about or self.code)

    @property
    def justifiable(self) -> bool:
        return self.kind in {MISSING_SECTION, MISSING_INDICATOR}

    @property
    def blocking(self) -> bool:
        return not (self.justifiable and self.justified)


@dataclass(frozen=True)
class Item:
    """One required section or indicator, as the checklist shows it."""

    kind: str  # "section" or "indicator" (the Justification item kinds)
    code: str
    label: str  # "IV.1. Ưu điểm"; an indicator's name
    state: str  # DONE, NOT_YET, JUSTIFIED or UNEDITED

    @property
    def anchor(self) -> str:
        if self.kind == "section":
            return section_anchor(self.code)
        return indicator_anchor(self.code)


@dataclass(frozen=True)
class Completeness:
    findings: tuple[Finding, ...]
    items: tuple[Item, ...] = ()

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.state == DONE)

    @property
    def justified(self) -> int:
        return sum(1 for item in self.items if item.state == JUSTIFIED)

    @property
    def problems(self) -> list[Finding]:
        """Wrong figures and broken rules: shown in red at once, whatever else is missing."""
        return [f for f in self.findings if not f.justifiable]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.justifiable]


def check(
    template: ReportTemplate,
    texts: dict[str, str],
    values: dict[str, Value],
    justified: set[tuple[str, str]],
    *,
    unedited: Collection[str] = (),
) -> Completeness:
    """``justified`` holds (item kind, code) pairs: ("section", code) or ("indicator", code).
    ``unedited`` names the sections whose text is still only what was prefilled from the
    subordinates: they count as not written."""
    findings: list[Finding] = []
    items: list[Item] = []
    for row in outline(template):
        if not (row.is_leaf and row.required):
            continue
        label = f"{row.full_number}. {row.title}"
        is_justified = ("section", row.code) in justified
        blank = is_blank(texts.get(row.code, ""))
        if blank or row.code in unedited:
            findings.append(
                Finding(
                    MISSING_SECTION,
                    row.code,
                    _("Thiếu nội dung theo quy định: mục %(label)s") % {"label": label},
                    justified=is_justified,
                )
            )
        items.append(
            Item("section", row.code, label, _state(blank, row.code in unedited, is_justified))
        )
    required = _required_entries(template)
    for indicator in entered_indicators(template):
        value = values.get(indicator.code, Value())
        if indicator.code in required:
            is_justified = ("indicator", indicator.code) in justified
            if value.is_empty:
                findings.append(
                    Finding(
                        MISSING_INDICATOR,
                        indicator.code,
                        _("Thiếu chỉ tiêu theo quy định: %(name)s") % {"name": indicator.name},
                        justified=is_justified,
                    )
                )
            items.append(
                Item(
                    "indicator",
                    indicator.code,
                    indicator.name,
                    _state(value.is_empty, False, is_justified),
                )
            )
        number = value.number
        if number is None or not numeric(indicator):
            continue
        if indicator.type == "integer" and number != number.to_integral_value():
            findings.append(
                Finding(
                    NOT_WHOLE,
                    indicator.code,
                    _("%(name)s phải là số nguyên") % {"name": indicator.name},
                )
            )
        findings.extend(
            _bounds(indicator.code, indicator.name, number, indicator.min, indicator.max)
        )
    numbers = computed_numbers(template, values)
    for indicator in template.indicators:
        if indicator.type == "percentage" and indicator.code in numbers:
            findings.extend(
                _bounds(
                    indicator.code,
                    indicator.name,
                    numbers[indicator.code],
                    indicator.min,
                    indicator.max,
                )
            )
    findings.extend(_rules(template, numbers))
    return Completeness(tuple(findings), tuple(items))


def _state(blank: bool, unedited: bool, justified: bool) -> str:
    if not blank and not unedited:
        return DONE
    if justified:
        return JUSTIFIED
    return UNEDITED if unedited else NOT_YET


def _required_entries(template: ReportTemplate) -> set[str]:
    """Required entered indicators, counting the inputs of a required percentage."""
    required = {i.code for i in template.indicators if i.required}
    for indicator in template.indicators:
        if indicator.required and indicator.type == "percentage":
            required.update(c for c in (indicator.numerator, indicator.denominator) if c)
    return required


def _bounds(
    code: str, name: str, number: Decimal, low: float | None, high: float | None
) -> list[Finding]:
    message = out_of_bounds(name, number, low, high)
    return [Finding(OUT_OF_BOUNDS, code, message)] if message else []


def out_of_bounds(name: str, number: Decimal, low: float | None, high: float | None) -> str:
    """Why ``number`` is outside the indicator's bounds in the regulation ("" when it is not)."""
    if low is not None and number < Decimal(str(low)):
        return _("%(name)s không được nhỏ hơn %(bound)s") % {
            "name": name,
            "bound": format_number(low),
        }
    if high is not None and number > Decimal(str(high)):
        return _("%(name)s không được lớn hơn %(bound)s") % {
            "name": name,
            "bound": format_number(high),
        }
    return ""


def _rules(template: ReportTemplate, numbers: dict[str, Decimal]) -> list[Finding]:
    findings = []
    for rule in template.rules:
        left = numbers.get(rule.expression.left)
        right_spec = rule.expression.right
        right = numbers.get(right_spec) if isinstance(right_spec, str) else Decimal(str(right_spec))
        # A rule speaks only when both sides are known: a missing figure is reported as missing.
        if left is None or right is None:
            continue
        if not COMPARE[rule.expression.op](left, right):
            findings.append(Finding(RULE, rule.code, rule.message, about=rule.expression.left))
    return findings
