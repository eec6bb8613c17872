"""The outlines of the two kinds of review.

A periodic review (6 months, a year) follows the report outline of the regulation's yearly
review template (the template whose document kind is the final review, bc-tong-ket): situation,
leadership, results by area, assessment (strengths, weaknesses, causes, lessons), direction (key
tasks, solutions), proposals. A review of how a regulation or directive has been implemented
(the 2-year, 5-year sơ kết of the regulation on planning and synthesis, seeds 001–003) follows
``IMPLEMENTATION_SECTIONS``: how it was studied and put into effect, the results by content, the
assessment, the direction, proposals on amending it. The regulation's data holds no template of
that kind, so it is a constant here. Figures go under the results; the officer writes the rest.
The section codes the draft and the figures rely on (``ket-qua``, ``han-che``,
``nhiem-vu-trong-tam``, ``giai-phap``) are the same in both."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from khth.regulations.schema import Regulation, ReportTemplate, Section
from khth.reports.template import OutlineRow, outline

REVIEW_KIND = "bc-tong-ket"
PERIODIC = "periodic"
IMPLEMENTATION = "implementation"


def _s(code: str, title: str, *children: Section) -> Section:
    return Section(code=code, title=title, children=children)


# Titles stay Vietnamese, as the regulation's own outlines do (documents are in Vietnamese).
IMPLEMENTATION_SECTIONS: tuple[Section, ...] = (
    _s(
        "trien-khai",
        gettext_noop("Công tác quán triệt, triển khai thực hiện"),
        _s("quan-triet", gettext_noop("Quán triệt, phổ biến, tập huấn")),
        _s("lanh-dao-chi-dao", gettext_noop("Lãnh đạo, chỉ đạo, cụ thể hóa, hướng dẫn")),
    ),
    _s("ket-qua", gettext_noop("Kết quả thực hiện")),
    _s(
        "danh-gia",
        gettext_noop("Đánh giá chung"),
        _s("uu-diem", gettext_noop("Ưu điểm")),
        _s("han-che", gettext_noop("Hạn chế, khuyết điểm")),
        _s("nguyen-nhan", gettext_noop("Nguyên nhân")),
        _s("bai-hoc", gettext_noop("Bài học kinh nghiệm")),
    ),
    _s(
        "phuong-huong",
        gettext_noop("Phương hướng, nhiệm vụ, giải pháp thời gian tới"),
        _s("nhiem-vu-trong-tam", gettext_noop("Nhiệm vụ trọng tâm")),
        _s("giai-phap", gettext_noop("Giải pháp")),
    ),
    _s("de-xuat", gettext_noop("Đề xuất, kiến nghị (sửa đổi, bổ sung quy chế, quy định)")),
)


def review_template(regulation: Regulation) -> ReportTemplate:
    for template in regulation.report_templates:
        if template.document_kind == REVIEW_KIND:
            return template
    raise LookupError(f"the regulation has no report template of kind {REVIEW_KIND}")


def review_outline(regulation: Regulation, kind: str = PERIODIC) -> list[OutlineRow]:
    """The outline of a review of ``kind`` (``Review.kind``)."""
    if kind == IMPLEMENTATION:
        return outline(
            review_template(regulation).model_copy(update={"sections": IMPLEMENTATION_SECTIONS})
        )
    return outline(review_template(regulation))
