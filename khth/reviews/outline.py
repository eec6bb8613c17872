"""The outline of a review: the report outline of the regulation's yearly review template (the
template whose document kind is the final review, bc-tong-ket): situation, leadership, results by
area, assessment (strengths, weaknesses, causes, lessons), direction (key tasks, solutions),
proposals. Figures go under the results; the officer writes the rest."""

from __future__ import annotations

from khth.regulations.schema import Regulation, ReportTemplate
from khth.reports.template import OutlineRow, outline

REVIEW_KIND = "bc-tong-ket"


def review_template(regulation: Regulation) -> ReportTemplate:
    for template in regulation.report_templates:
        if template.document_kind == REVIEW_KIND:
            return template
    raise LookupError(f"the regulation has no report template of kind {REVIEW_KIND}")


def review_outline(regulation: Regulation) -> list[OutlineRow]:
    return outline(review_template(regulation))
