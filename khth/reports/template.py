"""Reading a report template: its outline as numbered rows, and which indicators are entered.

The template comes from the regulation version a report was opened under, so old reports keep
the outline and indicators they were written against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from khth.documents.build import outline_number
from khth.regulations.access import parsed_regulation, stored_content
from khth.regulations.models import RegulationVersion
from khth.regulations.schema import Regulation
from khth.regulations.schema.common import Section
from khth.regulations.schema.reports import Indicator, ReportTemplate


def regulation_of(version: RegulationVersion) -> Regulation:
    """The parsed regulation of a stored version (validated when it was loaded)."""
    return parsed_regulation(version.checksum, stored_content(version.pk))


def template_names(
    regulations: Iterable[Regulation], kinds: tuple[str, ...] = ("periodic", "thematic", "ad_hoc")
) -> dict[str, str]:
    """Template names by code over several regulations (the base first: its name wins where
    a variant names the same template otherwise), for lists that show reports of any unit."""
    names: dict[str, str] = {}
    for regulation in regulations:
        for template in regulation.report_templates:
            if template.kind in kinds:
                names.setdefault(template.code, template.name)
    return names


def template_of(version: RegulationVersion, code: str) -> ReportTemplate:
    """Raises KeyError when the version has no such template."""
    return regulation_of(version).report_template(code)


@dataclass(frozen=True)
class OutlineRow:
    code: str
    number: str  # "I", "1", "a"
    # The number path from the top of the outline, "IV.1", "III.3.a": what a user is told when a
    # section is named out of its place (the completeness checklist), where "1." alone is ambiguous.
    full_number: str
    title: str
    depth: int
    guidance: str
    # Text is written in leaf sections; a heading with children only groups them.
    is_leaf: bool
    # A leaf is required when it and every heading above it are.
    required: bool


def outline(template: ReportTemplate) -> list[OutlineRow]:
    rows: list[OutlineRow] = []

    def walk(sections: tuple[Section, ...], depth: int, required_above: bool, above: str) -> None:
        for index, section in enumerate(sections):
            required = required_above and section.required
            number = outline_number(depth, index)
            full_number = f"{above}.{number}" if above else number
            rows.append(
                OutlineRow(
                    code=section.code,
                    number=number,
                    full_number=full_number,
                    title=section.title,
                    depth=depth,
                    guidance=section.guidance,
                    is_leaf=not section.children,
                    required=required,
                )
            )
            walk(section.children, depth + 1, required, full_number)

    walk(template.sections, 0, True, "")
    return rows


def is_computed(indicator: Indicator) -> bool:
    """Percentages come from their numerator and denominator; a count of units meeting a
    condition on another indicator comes from that indicator."""
    if indicator.type == "percentage":
        return True
    return indicator.condition is not None and indicator.condition.of is not None


def entered_indicators(template: ReportTemplate) -> list[Indicator]:
    return [i for i in template.indicators if not is_computed(i)]


def indicators_by_section(template: ReportTemplate) -> dict[str, list[Indicator]]:
    grouped: dict[str, list[Indicator]] = {}
    for indicator in template.indicators:
        grouped.setdefault(indicator.section, []).append(indicator)
    return grouped
