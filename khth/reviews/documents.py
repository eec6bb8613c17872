"""Reviews (sơ kết, tổng kết) → the neutral document model and plain sheets. Data only.

``review_document(data)`` is the official report of the administrative family, of the document
kind of the final review (bc-tong-ket): header, "BÁO CÁO" and the review's title, the outline of
the yearly review template with the officer's narrative in each leaf section and, under
«Kết quả», the figures as tables; recipients and the political officer's signature.
``review_spreadsheet(data)`` gives the same figures, one sheet per group.

The figures are computed when the file is made (``review_data``), never stored: a review printed
again next year shows what its sources say then. The DOCX renderer draws no images, so the
charts of the page are tables here.

Like reports and plans, the document is in Vietnamese whatever the reader's interface language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from khth.docsystem.register.access import registration_of
from khth.documents.build import DRAFT_MARK, cell, draft_mark, file_stems, heading, para, table
from khth.documents.heading import letterhead, title_summary
from khth.documents.model import Block, Document, Sheet, SheetColumn, SheetValue, Spreadsheet, Table
from khth.documents.richtext import html_to_blocks
from khth.inspections.models import Finding
from khth.lib import clock
from khth.lib.vietnamese import format_percent, short_date
from khth.plans.results import MET, MISSED, PENDING
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.reviews.actions import area_name
from khth.reviews.figures import Figures, figures_of
from khth.reviews.models import Review
from khth.reviews.outline import REVIEW_KIND, review_outline
from khth.reviews.registration import SOURCE_KIND

__all__ = [
    "DRAFT_MARK",
    "FigureTable",
    "ReviewData",
    "figure_tables",
    "review_data",
    "review_document",
    "review_file_names",
    "review_spreadsheet",
]

# The section the figures are printed under (the review template's outline).
RESULTS_SECTION = "ket-qua"
FINDING_KINDS = dict(Finding.KINDS)
REMEDY_STATES = (
    ("closed", "Đã khắc phục"),
    ("open", "Đang khắc phục, trong hạn"),
    ("overdue", "Quá hạn chưa khắc phục"),
)
TARGET_STATES = ((MET, "Đạt"), (MISSED, "Không đạt"), (PENDING, "Chưa hết kỳ"))
RECIPIENTS = {"collective": "Tập thể", "individual": "Cá nhân"}


@dataclass(frozen=True)
class ReviewData:
    review: Review
    regulation: Regulation
    figures: Figures
    today: dt.date

    @property
    def draft(self) -> bool:
        return self.review.status == Review.DRAFT


def review_data(review: Review, *, today: dt.date | None = None) -> ReviewData:
    """The review with its figures computed now from their sources."""
    regulation = active_regulation()
    day = today or clock.today()
    figures = figures_of(
        review.unit, regulation, review.starts_on, review.ends_on, list(review.indicators), day
    )
    return ReviewData(review, regulation, figures, day)


# --- the figures as tables -------------------------------------------------------------------


@dataclass(frozen=True)
class FigureTable:
    """One group of figures: raw values for a sheet, printed values for the document."""

    key: str
    sheet: str  # the sheet's name (at most 31 characters)
    heading: str  # the line over the table in the document
    columns: tuple[SheetColumn, ...]
    rows: tuple[tuple[SheetValue, ...], ...]
    shown: tuple[tuple[str, ...], ...]
    note: str = ""


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _percent(value: Decimal | None) -> str:
    return format_percent(value, 1) if value is not None else "–"


def span_text(start: dt.date, end: dt.date) -> str:
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def timeliness_table(figures: Figures) -> FigureTable:
    columns = (
        SheetColumn("Thời gian", 16),
        SheetColumn("Phải báo cáo", 13),
        SheetColumn("Đúng hạn", 11),
        SheetColumn("Chậm", 9),
        SheetColumn("Không gửi", 11),
        SheetColumn("Tỷ lệ đúng hạn (%)", 14),
    )
    rows: list[tuple[SheetValue, ...]] = []
    shown: list[tuple[str, ...]] = []
    total = [0, 0, 0, 0]
    for t in figures.timeliness:
        numbers = (t.expected, t.on_time, t.late, t.missing)
        total = [a + b for a, b in zip(total, numbers, strict=True)]
        rows.append((t.label, *numbers, t.percent(t.on_time)))
        shown.append((t.label, *map(_count, numbers), _percent(t.percent(t.on_time))))
    expected, on_time = total[0], total[1]
    percent = (Decimal(100) * on_time / expected).quantize(Decimal("0.1")) if expected else None
    rows.append(("Cộng", *total, percent))
    shown.append(("Cộng", *map(_count, total), _percent(percent)))
    return FigureTable(
        key="timeliness",
        sheet="Tình hình báo cáo",
        heading="Thực hiện chế độ báo cáo định kỳ (tháng, quý, 6 tháng, năm)",
        columns=columns,
        rows=tuple(rows),
        shown=tuple(shown),
        note="Lượt báo cáo của đơn vị và các đơn vị thuộc quyền, tính theo kỳ kết thúc trong "
        "từng năm (tháng); chưa đến hạn thì chưa tính.",
    )


def completeness_table(figures: Figures) -> FigureTable:
    counted: list[tuple[str, int, Decimal | None]] = [
        ("Báo cáo đã gửi cấp trên", figures.submitted, None),
        ("Đủ nội dung theo quy định", figures.complete, figures.completeness_percent),
        ("Thiếu nội dung, có giải trình", figures.submitted - figures.complete, None),
    ]
    return FigureTable(
        key="completeness",
        sheet="Nội dung báo cáo",
        heading="Chất lượng nội dung báo cáo",
        columns=(
            SheetColumn("Nội dung", 34),
            SheetColumn("Số báo cáo", 12),
            SheetColumn("Tỷ lệ (%)", 11),
        ),
        rows=tuple(counted),
        shown=tuple(
            (label, _count(n), _percent(p) if p is not None else "") for label, n, p in counted
        ),
    )


def trends_table(figures: Figures) -> FigureTable:
    labels = [b.label for b in figures.bins]
    columns = (
        SheetColumn("Chỉ tiêu", 44, wrap=True),
        SheetColumn("Đơn vị tính", 11),
        *(SheetColumn(label, 13) for label in labels),
    )
    rows = []
    shown = []
    for trend in figures.trends:
        rows.append((trend.name, trend.unit_of_measure, *(p.value for p in trend.points)))
        shown.append((trend.name, trend.unit_of_measure, *(p.display or "–" for p in trend.points)))
    return FigureTable(
        key="trends",
        sheet="Xu hướng chỉ tiêu",
        heading="Một số chỉ tiêu qua các năm"
        if _yearly(figures)
        else "Một số chỉ tiêu qua các tháng",
        columns=columns,
        rows=tuple(rows),
        shown=tuple(shown),
        note="Số liệu tổng hợp từ báo cáo của đơn vị và các đơn vị thuộc quyền; "
        "«–»: chưa có số liệu.",
    )


def _yearly(figures: Figures) -> bool:
    return bool(figures.bins) and figures.bins[0].period.type.value == "yearly"


def targets_table(figures: Figures) -> FigureTable:
    counted = [(name, figures.targets.get(state, 0)) for state, name in TARGET_STATES]
    plans = "; ".join(title for title, _link in figures.target_links)
    return FigureTable(
        key="targets",
        sheet="Chỉ tiêu kế hoạch",
        heading="Thực hiện các chỉ tiêu kế hoạch",
        columns=(SheetColumn("Kết quả", 24), SheetColumn("Số chỉ tiêu", 12)),
        rows=tuple(counted),
        shown=tuple((name, _count(n)) for name, n in counted),
        note=f"Theo: {plans}."
        if plans
        else "Không có kế hoạch có chỉ tiêu kết thúc trong thời gian này.",
    )


def level_columns(regulation: Regulation, figures: Figures) -> list[tuple[str, str]]:
    """(code, name) of the levels in the regulation's order, then any other level decided."""
    known = [(lv.code, lv.name) for lv in regulation.evaluation.levels]
    seen = {code for _label, counted in figures.levels for code in counted}
    extra = sorted(seen - {code for code, _name in known})
    return known + [(code, code) for code in extra]


def levels_table(regulation: Regulation, figures: Figures) -> FigureTable:
    levels = level_columns(regulation, figures)
    columns = (
        SheetColumn("Kỳ đánh giá", 22),
        *(SheetColumn(name, 16, wrap=True) for _code, name in levels),
        SheetColumn("Cộng", 9),
    )
    rows: list[tuple[SheetValue, ...]] = []
    shown: list[tuple[str, ...]] = []
    for label, counted in figures.levels:
        numbers = [counted.get(code, 0) for code, _name in levels]
        rows.append((label, *numbers, sum(numbers)))
        shown.append((label, *map(_count, numbers), _count(sum(numbers))))
    return FigureTable(
        key="levels",
        sheet="Xếp loại",
        heading="Kết quả đánh giá, xếp loại các đơn vị thuộc quyền",
        columns=columns,
        rows=tuple(rows),
        shown=tuple(shown),
        note="" if rows else "Chưa có kỳ đánh giá nào được quyết định trong thời gian này.",
    )


def inspections_table(figures: Figures) -> FigureTable:
    counted = [
        *(
            (f"Nhận xét: {name}", figures.findings.get(kind, 0))
            for kind, name in FINDING_KINDS.items()
        ),
        *(
            (f"Biện pháp khắc phục: {name}", figures.remedies.get(state, 0))
            for state, name in REMEDY_STATES
        ),
    ]
    return FigureTable(
        key="inspections",
        sheet="Kiểm tra",
        heading="Kết quả kiểm tra, khắc phục hạn chế",
        columns=(SheetColumn("Nội dung", 46), SheetColumn("Số lượng", 11)),
        rows=tuple(counted),
        shown=tuple((label, _count(n)) for label, n in counted),
    )


def recurring_table(regulation: Regulation, figures: Figures) -> FigureTable:
    rows = tuple((area_name(regulation, code), n) for code, n in figures.recurring)
    return FigureTable(
        key="recurring",
        sheet="Khâu yếu, mặt yếu",
        heading="Khâu yếu, mặt yếu (hạn chế ở từ hai đơn vị trở lên)",
        columns=(SheetColumn("Mặt công tác", 50, wrap=True), SheetColumn("Số đơn vị", 11)),
        rows=rows,
        shown=tuple((name, _count(n)) for name, n in rows),
        note="" if rows else "Không có mặt công tác nào hạn chế ở từ hai đơn vị trở lên.",
    )


def award_phrase(figures: Figures) -> str:
    """ "10 tập thể, 5 cá nhân" """
    return (
        f"{figures.awards.get('collective', 0)} tập thể, "
        f"{figures.awards.get('individual', 0)} cá nhân"
    )


def award_titles(regulation: Regulation, figures: Figures) -> list[tuple[str, str, str, int]]:
    """(code, name, recipient, count) of each title awarded in the span."""
    titles = {t.code: t for t in regulation.followup.awards.titles}
    out = []
    for code, n in figures.awards.items():
        if code in RECIPIENTS:
            continue
        title = titles.get(code)
        out.append(
            (
                code,
                title.name if title else code,
                RECIPIENTS[title.recipient] if title else "",
                n,
            )
        )
    return out


def awards_table(regulation: Regulation, figures: Figures) -> FigureTable:
    counted = [
        ("Cộng", "Tập thể", figures.awards.get("collective", 0)),
        ("Cộng", "Cá nhân", figures.awards.get("individual", 0)),
    ]
    counted += [(name, who, n) for _code, name, who, n in award_titles(regulation, figures)]
    return FigureTable(
        key="awards",
        sheet="Khen thưởng",
        heading=f"Khen thưởng: {award_phrase(figures)}",
        columns=(
            SheetColumn("Hình thức khen thưởng", 46, wrap=True),
            SheetColumn("Đối tượng", 12),
            SheetColumn("Số lượng", 11),
        ),
        rows=tuple(counted),
        shown=tuple((name, who, _count(n)) for name, who, n in counted),
    )


def figure_tables(data: ReviewData) -> list[FigureTable]:
    figures, regulation = data.figures, data.regulation
    return [
        timeliness_table(figures),
        completeness_table(figures),
        trends_table(figures),
        targets_table(figures),
        levels_table(regulation, figures),
        inspections_table(figures),
        recurring_table(regulation, figures),
        awards_table(regulation, figures),
    ]


# --- the document ----------------------------------------------------------------------------


def review_document(
    data: ReviewData | Review, *, on: dt.date | None = None, send_to: str | None = None
) -> Document:
    """The review as an official report, dated ``on`` (default: today, the day its figures are
    computed), sent along ``send_to`` where its unit has a Party chain beside its command chain
    (khth.documents.heading.superiors; default: the command superior)."""
    data = data if isinstance(data, ReviewData) else review_data(data)
    review, regulation = data.review, data.regulation
    kind = regulation.document_kind(REVIEW_KIND)
    # Once registered: the register's number and date (khth.reviews.registration).
    registration = registration_of(SOURCE_KIND, review.pk)
    letter = letterhead(
        regulation,
        review.unit,
        kind.family,
        kind.abbreviation,
        on or (registration.dated if registration is not None else data.today),
        number=registration.number_text if registration is not None else None,
        send_to=send_to,
    )
    blocks: list[Block] = [draft_mark()] if data.draft else []
    blocks += _body(data)
    return letter.document(
        title_summary(review.title, letter.title),
        blocks,
        draft=data.draft,
        file_stem=review_file_names(review)[0],
        # The signer the register recorded, as typed documents print theirs.
        signature=letter.signature(registration.signer if registration is not None else ""),
    )


def _body(data: ReviewData) -> list[Block]:
    review = data.review
    out: list[Block] = []
    placed = False
    for row in review_outline(data.regulation, review.kind):
        out.append(heading(row.number, row.title, row.depth))
        if row.is_leaf:
            out.extend(html_to_blocks(review.sections.get(row.code, "")))
        if row.code == RESULTS_SECTION:
            out.extend(_figure_blocks(data))
            placed = True
    if not placed:  # an edited outline without «Kết quả»: the figures still go in, at the end
        out.extend(_figure_blocks(data))
    return out


def _figure_blocks(data: ReviewData) -> list[Block]:
    review = data.review
    out: list[Block] = [
        para(
            f"Số liệu {span_text(review.starts_on, review.ends_on)} do KHTH tổng hợp từ "
            f"báo cáo, kế hoạch, đánh giá, kiểm tra và khen thưởng đã lưu, tính đến ngày "
            f"{short_date(data.today)}.",
            italic=True,
            role="note",
        )
    ]
    for figures in figure_tables(data):
        out.append(para(figures.heading, bold=True))
        if figures.rows:
            out.append(_table(figures))
        if figures.note:
            out.append(para(figures.note, italic=True, role="note"))
    return out


def _table(figures: FigureTable) -> Table:
    rows = [
        tuple(cell(text, align="left" if i == 0 else "right") for i, text in enumerate(shown))
        for shown in figures.shown
    ]
    widths = tuple(min(c.width, 40.0) for c in figures.columns)
    return table((c.title for c in figures.columns), rows, widths)


# --- sheets ----------------------------------------------------------------------------------


def review_spreadsheet(data: ReviewData | Review) -> Spreadsheet:
    data = data if isinstance(data, ReviewData) else review_data(data)
    review = data.review
    title = " ".join(review.title.split())
    if data.draft:
        title += " (dự thảo)"
    about = Sheet(
        title="Thông tin chung",
        columns=(SheetColumn("Nội dung", 28), SheetColumn("", 60, wrap=True)),
        rows=(
            ("Báo cáo", title),
            ("Đơn vị", review.unit.name),
            ("Từ ngày", short_date(review.starts_on)),
            ("Đến ngày", short_date(review.ends_on)),
            ("Số liệu tính đến ngày", short_date(data.today)),
            ("Khen thưởng", award_phrase(data.figures)),
        ),
    )
    sheets = [about]
    for figures in figure_tables(data):
        sheets.append(Sheet(title=figures.sheet[:31], columns=figures.columns, rows=figures.rows))
    return Spreadsheet(title=title, subject=review.unit.name, sheets=tuple(sheets))


# --- file names ------------------------------------------------------------------------------


def review_file_names(review: Review) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem) for downloads."""
    readable = f"{review.title} - {review.unit.short_name or review.unit.name}"
    if review.status == Review.DRAFT:
        readable += " (dự thảo)"
    return file_stems(readable, "so-ket-tong-ket")
