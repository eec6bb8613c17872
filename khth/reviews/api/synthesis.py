"""/api/v1/reviews/{id}/synthesis — for the sections of a review, the synthesis of what the unit
and its subordinates wrote in the periodic reports of its span (khth.reviews.synthesis), in the
shape of a report's synthesis; within the caller's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from khth.api.fetch import row_in_scope
from khth.api.schemas import Error
from khth.regulations.access import active_regulation
from khth.reviews import access
from khth.reviews.outline import review_outline
from khth.reviews.synthesis import gather_review, offered_rows
from khth.synthesis.api import SynthesisFilter, SynthesisSectionOut, section_out
from khth.synthesis.engine import lexicon_for
from khth.synthesis.present import no_link, synthesis_view
from khth.synthesis.sources import section_sources

router = Router(tags=["synthesis"])


class ReviewSynthesisOut(Schema):
    review_id: int
    scope: str
    sections: list[SynthesisSectionOut]


@router.get(
    "/reviews/{review_id}/synthesis",
    response={200: ReviewSynthesisOut, 400: Error, 404: Error},
)
def get_review_synthesis(
    request: HttpRequest, review_id: int, filters: Query[SynthesisFilter]
) -> Status[Any]:
    """Every section of the review that the periodic reports have, or the one ``section``
    names; each sentence's ``report_id`` is the monthly (or other periodic) report it is from."""
    missing = _("Không có báo cáo sơ kết, tổng kết số %(id)s trong phạm vi của bạn") % {
        "id": review_id
    }
    review = row_in_scope(request, access.get_review_for_user, review_id, missing)
    regulation = active_regulation()
    offered = offered_rows(review, regulation)
    titles = {row.code: row for row in review_outline(regulation, review.kind)}
    codes = list(offered)
    if filters.section is not None:
        if filters.section not in offered:
            return Status(
                400,
                {
                    "detail": _("Mục «%(code)s» không tổng hợp được từ báo cáo định kỳ")
                    % {"code": filters.section}
                },
            )
        codes = [filters.section]
    gathered, _periods, _template = gather_review(review, regulation, filters.scope, codes)
    lexicon = lexicon_for(regulation)
    sections = [
        section_out(
            titles[code],
            synthesis_view(
                section_sources(gathered, code, required=offered[code].required),
                lexicon,
                link=no_link,
            ),
        )
        for code in codes
    ]
    return Status(200, {"review_id": review.pk, "scope": filters.scope, "sections": sections})
