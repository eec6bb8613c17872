"""Evaluations → the neutral document model and plain sheets. Data only: no file format here.

``evaluation_document(evaluation)`` builds the evaluation sheet ("Phiếu đánh giá kết quả hoạt
động CTĐ, CTCT") in the administrative format: header, title and summary, the criteria table
(points the unit gave itself and the superior's, group subtotals and the total, the grounds of
each score), the vetoes that apply, the level proposed and the level decided, recipients and the
signature. ``evaluation_summary(root, period)`` gathers the evaluations of a period across the
units under ``root`` (direct subordinates, or the whole subtree) with the distribution of levels
and a ranking; ``summary_spreadsheet(summary)`` turns it into two sheets. The pages, the API and
the CLI all come through here and through the same renderers as reports and plans.

Like reports, the sheet is in Vietnamese whatever the reader's interface language: it is an
official document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from khth.documents.build import (
    cell,
    document_day,
    draft_mark,
    file_stems,
    heading,
    outline_number,
    para,
    table,
)
from khth.documents.heading import letterhead
from khth.documents.model import (
    Block,
    Cell,
    Document,
    Paragraph,
    Run,
    Sheet,
    SheetColumn,
    SheetValue,
    Spreadsheet,
    Table,
)
from khth.evaluations import access
from khth.evaluations.actions import EvaluationError, effective_points
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.evaluations.scoring import Classification, classify, rank
from khth.lib.vietnamese import format_number
from khth.periods import Period, PeriodError, parse_period
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.reports.template import regulation_of
from khth.units.access import READ, scope_for
from khth.units.actions import subtree_on
from khth.units.models import Unit

__all__ = [
    "STATUS_LABELS",
    "EvaluationData",
    "Summary",
    "SummaryRow",
    "evaluation_data",
    "evaluation_document",
    "evaluation_file_names",
    "evaluation_period",
    "evaluation_summary",
    "level_name",
    "points_text",
    "summary_file_names",
    "summary_spreadsheet",
]

TITLE = "Phiếu đánh giá"
# The status of a unit without an evaluation of the period, next to Evaluation.STATUS_CHOICES.
NOT_OPENED = "Chưa mở đánh giá"
STATUS_LABELS = dict(Evaluation.STATUS_CHOICES)
SOURCES = {
    VetoMark.AUTOMATIC: "theo số liệu báo cáo",
    VetoMark.MANUAL: "cấp trên ghi nhận",
}


def points_text(value: Decimal | None) -> str:
    """A score as written by hand: 8.00 → "8", 5.50 → "5,5"; blank when not given."""
    if value is None:
        return ""
    text = format_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def _period_text(period: Period) -> str:
    """ "6 tháng đầu năm 2024", "năm 2024": the label inside a sentence."""
    return period.label[:1].lower() + period.label[1:]


def level_name(regulation: Regulation, code: str) -> str:
    for level in regulation.evaluation.levels:
        if level.code == code:
            return level.name
    return code


def _veto_name(regulation: Regulation, code: str) -> str:
    for veto in regulation.evaluation.vetoes:
        if veto.code == code:
            return veto.name
    return code


# --- what is read once -----------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationData:
    """An evaluation with its scores and vetoes, read in a fixed number of queries."""

    evaluation: Evaluation
    regulation: Regulation
    scores: dict[str, CriterionScore]
    vetoes: tuple[VetoMark, ...]
    decider: Unit | None

    @property
    def reviewed(self) -> bool:
        return self.evaluation.status in {Evaluation.REVIEWED, Evaluation.DECIDED}

    @property
    def own(self) -> Classification:
        """The level by the unit's own scores (and the vetoes found so far)."""
        return classify(
            self.regulation.evaluation,
            [s.self_points for s in self.scores.values()],
            [v.veto_code for v in self.vetoes],
        )

    @property
    def current(self) -> Classification:
        """The level by the reviewer's scores where given, and the vetoes."""
        return classify(
            self.regulation.evaluation,
            [effective_points(s) for s in self.scores.values()],
            [v.veto_code for v in self.vetoes],
        )


def evaluation_data(evaluation: Evaluation) -> EvaluationData:
    evaluation = (
        Evaluation.objects.select_related(
            "unit", "unit__parent", "regulation", "submitted_by", "reviewed_by", "decided_by"
        )
        .prefetch_related("scores", "vetoes")
        .get(pk=evaluation.pk)
    )
    regulation = regulation_of(evaluation.regulation)
    decider_id = access.decider_id(evaluation.unit, regulation)
    return EvaluationData(
        evaluation=evaluation,
        regulation=regulation,
        scores={s.criterion_code: s for s in evaluation.scores.all()},
        vetoes=tuple(evaluation.vetoes.all()),
        decider=Unit.objects.filter(pk=decider_id).first() if decider_id else None,
    )


# --- the sheet -------------------------------------------------------------------------------


def evaluation_document(
    evaluation: Evaluation | EvaluationData, *, on: dt.date | None = None
) -> Document:
    """The evaluation sheet, dated ``on`` (default: the day the unit submitted it, or today while
    it is still being self-assessed)."""
    data = evaluation if isinstance(evaluation, EvaluationData) else evaluation_data(evaluation)
    ev, reg = data.evaluation, data.regulation
    unit = ev.unit
    parent = unit.parent
    # The sheet is the unit's own: it fills it in, signs it and sends it up; the superior's
    # scores and the decision are recorded on it afterwards, as on a Party "phiếu đánh giá, xếp
    # loại". So the header is the unit's (its superior above it) and the unit signs. The
    # decision itself is the competent level's own document (a Quyết định, with its number).
    # An evaluation sheet is a form attached to the evaluation, not a registered document type
    # (Decree 30/2020, Appendix III has no abbreviation for it): no number line rather than an
    # invented abbreviation.
    draft = ev.status == Evaluation.DRAFT
    day = on or document_day(ev.submitted_at, final=not draft)
    letter = letterhead(reg, unit, "administrative", "", day, number="")
    period = parse_period(ev.period_id)
    summary = f"Kết quả hoạt động CTĐ, CTCT của {unit.name} kỳ {_period_text(period)}"
    blocks: list[Block] = [draft_mark()] if draft else []
    grounds = (
        "Căn cứ tiêu chí đánh giá kết quả hoạt động CTĐ, CTCT (quy định phiên bản "
        f"{ev.regulation.version}), kết quả tự đánh giá của {unit.name}"
    )
    if parent is not None and data.reviewed:
        grounds += f" và nhận xét, đề nghị của {parent.name}"
    blocks.append(para(grounds + ":"))
    blocks.append(heading("I", "Điểm theo tiêu chí", 0))
    blocks.append(criteria_table(data))
    blocks.append(heading("II", "Điều kiện khống chế mức xếp loại", 0))
    blocks += _vetoes(data)
    blocks.append(heading("III", "Kết quả xếp loại", 0))
    blocks += _results(data)
    signer = ev.submitted_by.full_name if ev.submitted_by is not None and not draft else ""
    return letter.document(
        summary,
        blocks,
        draft=draft,
        file_stem=evaluation_file_names(ev)[0],
        # The unit signs in its own name: for the administrative family, the issuing body.
        signature=letter.signature(signer),
        title=TITLE,
        subject=f"{TITLE} {summary[:1].lower()}{summary[1:]}",
    )


def _grounds(score: CriterionScore | None) -> str:
    """What a score rests on: the evidence the system found, the unit's note, the reviewer's
    reason for changing it."""
    if score is None:
        return ""
    lines = []
    evidence = score.evidence or {}
    # Evidence the system did not have ("no data yet: score by hand") is not a ground.
    if evidence.get("summary") and evidence.get("available", True):
        lines.append(str(evidence["summary"]))
    if score.self_note:
        lines.append(score.self_note)
    if score.review_reason:
        lines.append(f"Cấp trên: {score.review_reason}")
    return "\n".join(lines)


def criteria_table(data: EvaluationData) -> Table:
    """STT | Nhóm, tiêu chí | Điểm tối đa | Điểm tự chấm | Điểm cấp trên | Căn cứ, lý do; a row
    per group with its subtotals, a row per criterion, the total last. The superior's column
    stays blank until the review; a criterion the reviewer left alone shows the unit's score."""
    titles = (
        "STT",
        "Nhóm, tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm cấp trên",
        "Căn cứ, lý do",
    )
    rows: list[tuple[Cell, ...]] = []
    reviewed = data.reviewed
    own_total: list[Decimal | None] = []
    review_total: list[Decimal | None] = []
    max_total = 0
    for g, group in enumerate(data.regulation.evaluation.groups):
        scores = [data.scores.get(c.code) for c in group.criteria]
        own = [s.self_points if s else None for s in scores]
        theirs = [effective_points(s) if s else None for s in scores]
        group_max = sum(c.max_points for c in group.criteria)
        max_total += group_max
        own_total += own
        review_total += theirs
        rows.append(
            (
                cell(outline_number(0, g), bold=True, align="center"),
                cell(group.name, bold=True),
                cell(str(group_max), bold=True, align="center"),
                cell(points_text(_sum(own)), bold=True, align="center"),
                cell(points_text(_sum(theirs)) if reviewed else "", bold=True, align="center"),
                cell(""),
            )
        )
        for index, (criterion, score) in enumerate(zip(group.criteria, scores, strict=True), 1):
            rows.append(
                (
                    cell(str(index), align="center"),
                    cell(criterion.name),
                    cell(str(criterion.max_points), align="center"),
                    cell(points_text(score.self_points if score else None), align="center"),
                    cell(
                        points_text(effective_points(score)) if reviewed and score else "",
                        bold=score is not None and score.review_points is not None,
                        align="center",
                    ),
                    cell(_grounds(score)),
                )
            )
    rows.append(
        (
            cell(""),
            cell("Tổng cộng", bold=True),
            cell(str(max_total), bold=True, align="center"),
            cell(points_text(_sum(own_total)), bold=True, align="center"),
            cell(points_text(_sum(review_total)) if reviewed else "", bold=True, align="center"),
            cell(""),
        )
    )
    return table(titles, rows, (1.3, 5.8, 1.6, 1.6, 1.6, 4.6))


def _vetoes(data: EvaluationData) -> list[Block]:
    if not data.vetoes:
        return [para("Không có.")]
    caps = {v.code: v.cap_level for v in data.regulation.evaluation.vetoes}
    out: list[Block] = []
    for mark in data.vetoes:
        text = _veto_name(data.regulation, mark.veto_code)
        if mark.note:
            text += f": {mark.note}"
        text += f" ({SOURCES.get(mark.source, mark.source)})"
        cap = caps.get(mark.veto_code)
        if cap:
            text += f" — xếp loại không quá «{level_name(data.regulation, cap)}»"
        out.append(para(text + ".", marker="-"))
    return out


def _classification_text(data: EvaluationData, result: Classification) -> str:
    text = f"{points_text(result.score)} điểm, mức theo điểm «{result.by_score.name}»"
    if result.capped_by:
        names = ", ".join(_veto_name(data.regulation, c) for c in result.capped_by)
        text += f"; bị khống chế ở mức «{result.level.name}» do {names[:1].lower()}{names[1:]}"
    return text


def _results(data: EvaluationData) -> list[Block]:
    ev, reg = data.evaluation, data.regulation
    unit, parent = ev.unit, ev.unit.parent
    out: list[Block] = []

    def line(label: str, text: str) -> None:
        out.append(Paragraph((Run(f"{label}: ", bold=True), Run(text)), marker="-"))

    line(f"Tự đánh giá của {unit.name}", _classification_text(data, data.own) + ".")
    if ev.self_note:
        out.append(para(ev.self_note, italic=True, continued=True))
    reviewer = parent.name if parent else "Cấp trên trực tiếp"
    if data.reviewed:
        line(f"Nhận xét của {reviewer}", _classification_text(data, data.current) + ".")
        if ev.review_note:
            out.append(para(ev.review_note, italic=True, continued=True))
        line("Mức đề nghị", f"{level_name(reg, ev.proposed_level)}.")
    else:
        line(f"Nhận xét, đề nghị của {reviewer}", "chưa có.")
    decider = data.decider.name if data.decider else "Cấp có thẩm quyền"
    if ev.status == Evaluation.DECIDED:
        line(f"Mức quyết định ({decider})", f"{level_name(reg, ev.decided_level)}.")
        if ev.decision_note:
            out.append(para(ev.decision_note, italic=True, continued=True))
    else:
        line(f"Mức quyết định ({decider})", "chưa quyết định.")
    return out


# --- the summary across units ----------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    unit: Unit
    depth: int  # below the root, on the period's last day (1: a direct subordinate)
    level_name: str  # the unit's level ("Đại đội")
    evaluation: Evaluation | None
    regulation: Regulation | None  # the evaluation's own version
    # One per group of the summary's columns: the reviewer's points where given, else the unit's.
    group_points: tuple[Decimal | None, ...]
    classification: Classification | None
    vetoes: tuple[str, ...]  # names

    @property
    def status(self) -> str:
        return self.evaluation.status if self.evaluation is not None else ""

    @property
    def status_label(self) -> str:
        if self.evaluation is None:
            return NOT_OPENED
        return STATUS_LABELS.get(self.evaluation.status, self.evaluation.status)

    @property
    def score(self) -> Decimal | None:
        return self.classification.score if self.classification is not None else None

    @property
    def proposed(self) -> str:
        return self.evaluation.proposed_level if self.evaluation is not None else ""

    @property
    def decided(self) -> str:
        return self.evaluation.decided_level if self.evaluation is not None else ""

    @property
    def final(self) -> str:
        """The level that counts now: decided, else proposed, else what the scores give."""
        if self.evaluation is None or self.classification is None:
            return ""
        return self.decided or self.proposed or self.classification.level.code


@dataclass(frozen=True)
class LevelCount:
    code: str  # "" for the units not decided yet
    name: str
    decided: int
    proposed: int  # proposed at this level, not decided yet
    share: Decimal  # decided / all units listed, a fraction (0.25)


@dataclass(frozen=True)
class Ranked:
    rank: int
    row: SummaryRow


@dataclass(frozen=True)
class Summary:
    root: Unit
    period: Period
    regulation: Regulation  # whose groups and levels make the columns
    whole_subtree: bool
    rows: tuple[SummaryRow, ...]

    @property
    def title(self) -> str:
        return f"Tổng hợp kết quả đánh giá CTĐ, CTCT {_period_text(self.period)}"

    def distribution(self) -> list[LevelCount]:
        """Per level: how many units it was decided for and their share of the units listed,
        and how many are proposed at it and wait for the decision; then the units not decided
        yet, so that the shares add up to 100 %."""
        total = len(self.rows)
        out = []
        for level in self.regulation.evaluation.levels:
            decided = sum(1 for r in self.rows if r.decided == level.code)
            proposed = sum(1 for r in self.rows if not r.decided and r.proposed == level.code)
            out.append(
                LevelCount(level.code, level.name, decided, proposed, _share(decided, total))
            )
        undecided = sum(1 for r in self.rows if not r.decided)
        out.append(LevelCount("", "Chưa quyết định", undecided, 0, _share(undecided, total)))
        return out

    def ranking(self) -> list[Ranked]:
        """Units with an evaluation, by the level that counts now (decided, proposed, or by the
        scores), then by score: a unit capped by a veto ranks below the units of a higher level
        whatever its points. Equal level and score share a rank ("1, 2, 2, 4")."""
        levels = self.regulation.evaluation.levels
        codes = {level.code for level in levels}

        def key(row: SummaryRow) -> tuple[int, Decimal]:
            position = rank(levels, row.final) if row.final in codes else len(levels)
            return position, -(row.score or Decimal(0))

        rated = sorted((r for r in self.rows if r.classification is not None), key=key)
        out: list[Ranked] = []
        for index, row in enumerate(rated):
            if out and key(out[-1].row) == key(row):
                out.append(Ranked(out[-1].rank, row))
            else:
                out.append(Ranked(index + 1, row))
        return out


def _share(part: int, total: int) -> Decimal:
    if total == 0:
        return Decimal(0)
    return (Decimal(part) / total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def evaluation_period(period_id: str) -> Period:
    """The period named by ``period_id`` when the regulation in force evaluates periods of its
    kind (six-monthly and yearly by default); EvaluationError, saying why, otherwise."""
    try:
        period = parse_period(period_id)
    except PeriodError as exc:
        raise EvaluationError(str(exc)) from None
    periods = active_regulation().evaluation.periods
    if period.type.value not in periods:
        raise EvaluationError(
            _("Đánh giá theo kỳ %(periods)s: kỳ %(period)s không hợp")
            % {"periods": ", ".join(periods), "period": period.label}
        )
    return period


def evaluation_summary(
    root: Unit, period: Period, *, whole_subtree: bool = False, user: Any = None
) -> Summary:
    """The units under ``root`` as the tree stood on the period's last day — its direct
    subordinates, or with ``whole_subtree`` every unit under it — each with its evaluation of
    the period. With ``user``, units outside their scope (a unit merged away since) are left
    out. A fixed number of queries whatever the size of the subtree."""
    placements = subtree_on(root, period.end)
    root_depth = placements[0].path.count("/") if placements else 0
    chosen = [
        (p.unit, p.path.count("/") - root_depth)
        for p in placements
        if p.unit_id != root.pk and (whole_subtree or p.parent_id == root.pk)
    ]
    if user is not None:
        scope = scope_for(user)
        chosen = [(u, d) for u, d in chosen if scope.allows(u, READ)]
    evaluations = {
        e.unit_id: e
        for e in Evaluation.objects.filter(
            unit_id__in=[u.pk for u, _d in chosen], period_id=period.id
        )
        .select_related("regulation")
        .prefetch_related("scores", "vetoes")
    }
    found = list(evaluations.values())
    # The columns follow the version most of the period's evaluations were opened under (all
    # of them, unless a new version came into force mid-period); none yet: the active one.
    if found:
        versions: dict[int, int] = {}
        for e in found:
            versions[e.regulation_id] = versions.get(e.regulation_id, 0) + 1
        main = max(versions, key=lambda pk: versions[pk])
        regulation = regulation_of(next(e.regulation for e in found if e.regulation_id == main))
    else:
        regulation = active_regulation()
    groups = regulation.evaluation.groups
    rows = []
    for unit, depth in chosen:
        evaluation = evaluations.get(unit.pk)
        try:
            level_name = regulation.level(unit.level).short_name
        except KeyError:
            level_name = unit.level
        if evaluation is None:
            rows.append(
                SummaryRow(unit, depth, level_name, None, None, (None,) * len(groups), None, ())
            )
            continue
        own = regulation_of(evaluation.regulation)
        scores = {s.criterion_code: s for s in evaluation.scores.all()}
        vetoes = [v.veto_code for v in evaluation.vetoes.all()]
        by_group = {
            g.code: _sum(effective_points(scores[c.code]) for c in g.criteria if c.code in scores)
            for g in own.evaluation.groups
        }
        rows.append(
            SummaryRow(
                unit=unit,
                depth=depth,
                level_name=level_name,
                evaluation=evaluation,
                regulation=own,
                group_points=tuple(by_group.get(g.code) for g in groups),
                classification=classify(
                    own.evaluation, [effective_points(s) for s in scores.values()], vetoes
                ),
                vetoes=tuple(_veto_name(own, code) for code in vetoes),
            )
        )
    return Summary(root, period, regulation, whole_subtree, tuple(rows))


def summarylevel_name(summary: Summary, row: SummaryRow, code: str) -> str:
    return level_name(row.regulation or summary.regulation, code) if code else ""


DISTRIBUTION_SHEET = "Phân bố mức xếp loại"
UNITS_SHEET = "Kết quả theo đơn vị"
PERCENT = "0.0%"
POINTS = "0.##"


def summary_spreadsheet(summary: Summary) -> Spreadsheet:
    """«Kết quả theo đơn vị»: a row per unit — unit, its level and depth in the tree (1: a direct
    subordinate, «Cấp dưới thứ»), the status, the points by group and in all, the vetoes, the
    proposed and the decided level; «Phân bố mức xếp loại»: the count and share of each level
    decided."""
    groups = summary.regulation.evaluation.groups
    columns = [
        SheetColumn("STT", 6),
        SheetColumn("Mã đơn vị", 12),
        SheetColumn("Đơn vị", 28, wrap=True),
        SheetColumn("Cấp", 12),
        SheetColumn("Cấp dưới thứ", 7),
        SheetColumn("Trạng thái", 20, wrap=True),
        *(
            SheetColumn(
                f"Nhóm {outline_number(0, i)}: {g.name}",
                18,
                wrap=True,
                number_format=POINTS,
            )
            for i, g in enumerate(groups)
        ),
        SheetColumn("Tổng điểm", 10, number_format=POINTS),
        SheetColumn("Điều kiện khống chế", 30, wrap=True),
        SheetColumn("Mức đề nghị", 24, wrap=True),
        SheetColumn("Mức quyết định", 24, wrap=True),
    ]
    rows: list[tuple[SheetValue, ...]] = []
    for index, row in enumerate(summary.rows, start=1):
        rows.append(
            (
                index,
                row.unit.code,
                row.unit.name,
                row.level_name,
                row.depth,
                row.status_label,
                *row.group_points,
                row.score,
                "; ".join(row.vetoes),
                summarylevel_name(summary, row, row.proposed),
                summarylevel_name(summary, row, row.decided),
            )
        )
    units = Sheet(title=UNITS_SHEET, columns=tuple(columns), rows=tuple(rows))
    distribution = Sheet(
        title=DISTRIBUTION_SHEET,
        columns=(
            SheetColumn("Mức xếp loại", 32, wrap=True),
            SheetColumn("Số đơn vị (đã quyết định)", 16, wrap=True),
            SheetColumn("Tỷ lệ", 10, number_format=PERCENT),
            SheetColumn("Đang đề nghị (chưa quyết định)", 18, wrap=True),
        ),
        rows=(
            *(
                (c.name, c.decided, c.share, c.proposed if c.code else None)
                for c in summary.distribution()
            ),
            ("Tổng số đơn vị", len(summary.rows), Decimal(1) if summary.rows else Decimal(0), None),
        ),
    )
    return Spreadsheet(
        title=f"{summary.title} - {summary.root.name}",
        subject=summary.root.name,
        sheets=(units, distribution),
    )


# --- file names ------------------------------------------------------------------------------


def evaluation_file_names(evaluation: Evaluation) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem): "phieu-danh-gia-6-thang-dau-nam-2024-dai-doi-1" and
    "Phiếu đánh giá 6 tháng đầu năm 2024 - Đại đội 1" (with "(dự thảo)" while self-assessing)."""
    period = _period_text(parse_period(evaluation.period_id))
    unit = evaluation.unit
    readable = f"{TITLE} {period} - {unit.short_name or unit.name}"
    if evaluation.status == Evaluation.DRAFT:
        readable += " (dự thảo)"
    return file_stems(readable, "phieu-danh-gia")


def summary_file_names(summary: Summary) -> tuple[str, str]:
    """ "tong-hop-danh-gia-6-thang-dau-nam-2024-tieu-doan-1" and "Tổng hợp đánh giá 6 tháng đầu
    năm 2024 - Tiểu đoàn 1"."""
    root = summary.root
    readable = f"Tổng hợp đánh giá {_period_text(summary.period)} - {root.short_name or root.name}"
    return file_stems(readable, "tong-hop-danh-gia")
