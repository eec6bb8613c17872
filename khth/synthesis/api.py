"""/api/v1/reports/{id}/synthesis — the synthesis of the subordinates' texts for a report's
sections: the groups (units, sentences with their source report, figures, problem terms), the
silent units and the draft, within the caller's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from khth.api.fetch import row_in_scope
from khth.api.schemas import Code, Error
from khth.reports import access
from khth.reports.actions import template
from khth.reports.models import Report
from khth.reports.template import OutlineRow, outline, regulation_of
from khth.synthesis.engine import lexicon_for
from khth.synthesis.present import GroupView, SynthesisView, no_link, synthesis_view
from khth.synthesis.scopes import CHILDREN
from khth.synthesis.sources import gather, section_sources

router = Router(tags=["synthesis"])

# The silent units listed per section; how many there are in all is ``silent_count``.
SILENT_LISTED = 500
# The groups listed per section, largest first; how many there are is ``group_count``.
GROUPS_LISTED = 500


class SynthesisFilter(Schema):
    section: Code | None = None
    scope: Literal["children", "subtree"] = CHILDREN


class SynthesisSentenceOut(Schema):
    text: str
    unit: str
    report_id: int | None  # the report it was written in


class SynthesisFigurePartOut(Schema):
    unit: str
    value: Decimal
    # "45/48 đồng chí": the figure after the slash, where the sentence gave one.
    out_of: Decimal | None = None


class SynthesisFigureOut(Schema):
    noun: str
    parts: list[SynthesisFigurePartOut]
    # null: the figures do not add up (percentages…): only the parts count.
    total: Decimal | None
    out_of_total: Decimal | None = None


class SynthesisGroupOut(Schema):
    key: str
    units: list[str]
    count: int
    expected: int
    representative: str
    sentences: list[SynthesisSentenceOut]
    figures: list[SynthesisFigureOut]
    problems: list[str]
    is_problem: bool


class SynthesisSilentOut(Schema):
    unit: str
    reason: str


class SynthesisSectionOut(Schema):
    section: str
    title: str
    expected: int
    written: int
    groups: list[SynthesisGroupOut]
    group_count: int
    silent: list[SynthesisSilentOut]
    silent_count: int
    # Units whose reports were not read (a subtree larger than the synthesis reads).
    left_out: int
    draft: list[str]


class SynthesisOut(Schema):
    report_id: int
    scope: str
    sections: list[SynthesisSectionOut]


@router.get(
    "/reports/{report_id}/synthesis",
    response={200: SynthesisOut, 400: Error, 404: Error},
)
def get_synthesis(
    request: HttpRequest, report_id: int, filters: Query[SynthesisFilter]
) -> Status[Any]:
    """Every leaf section of the report's template, or the one ``section`` names."""
    missing = _("Không có báo cáo số %(id)s trong phạm vi của bạn") % {"id": report_id}
    report: Report = row_in_scope(request, access.get_report_for_user, report_id, missing)
    rows = [row for row in outline(template(report)) if row.is_leaf]
    if filters.section is not None:
        rows = [row for row in rows if row.code == filters.section]
        if not rows:
            return Status(
                400,
                {
                    "detail": _("Không có mục «%(code)s» trong mẫu báo cáo")
                    % {"code": filters.section}
                },
            )
    gathered = gather(report, filters.scope, [row.code for row in rows])
    lexicon = lexicon_for(regulation_of(report.regulation))
    sections = [
        section_out(
            row,
            synthesis_view(
                section_sources(gathered, row.code, required=row.required), lexicon, link=no_link
            ),
        )
        for row in rows
    ]
    return Status(200, {"report_id": report.pk, "scope": filters.scope, "sections": sections})


def section_out(row: OutlineRow, view: SynthesisView) -> dict[str, Any]:
    """One section's synthesis as ``SynthesisSectionOut`` (reviews answer the same shape)."""
    return {
        "section": row.code,
        "title": f"{row.full_number}. {row.title}",
        "expected": view.expected,
        "written": view.written,
        "groups": [_group(g) for g in view.groups[:GROUPS_LISTED]],
        "group_count": len(view.groups),
        "silent": [{"unit": s.unit, "reason": s.reason} for s in view.silent[:SILENT_LISTED]],
        "silent_count": len(view.silent),
        "left_out": view.left_out,
        "draft": list(view.draft),
    }


def _group(group: GroupView) -> dict[str, Any]:
    return {
        "key": group.key,
        "units": list(group.units),
        "count": group.count,
        "expected": group.expected,
        "representative": group.representative,
        "sentences": [
            {
                "text": s.text,
                "unit": s.unit,
                "report_id": int(s.ref) if s.ref.isdigit() else None,
            }
            for s in group.sentences
        ],
        "figures": [
            {
                "noun": f.noun,
                "parts": [
                    {
                        "unit": unit,
                        "value": value,
                        "out_of": f.out_of[index] if index < len(f.out_of) else None,
                    }
                    for index, (unit, value) in enumerate(f.parts)
                ],
                "total": f.total,
                "out_of_total": f.out_of_total,
            }
            for f in group.figures
        ],
        "problems": list(group.problems),
        "is_problem": group.is_problem,
    }
