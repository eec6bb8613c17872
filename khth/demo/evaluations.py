"""The demo's evaluations of the last half-year, bottom-up through the evaluations' actions:
each unit of the division self-assesses (the evidence gathered from its reports, plans and
books), its direct superior reviews, the competent level decides — companies before their
battalion, battalions before their regiment. One veto applied (a serious violation of
discipline caps a company at «Hoàn thành nhiệm vụ»); the quota of «xuất sắc» is respected (the
decision falls back to «tốt» where it would be exceeded). Then the demo company's evaluation
of the current half-year is left as a draft to submit, and awards are registered and proposed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from khth.awards.actions import AwardIn, draft_proposals, register_award
from khth.demo.context import Year
from khth.evaluations.access import decider_id
from khth.evaluations.actions import (
    Entry,
    EvaluationError,
    criteria,
    decide_evaluation,
    open_evaluation,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.models import Evaluation
from khth.periods import Period, period_of
from khth.regulations.access import active_regulation

# Bottom-up: every unit after its subordinates (the division's tree, without its root).
ORDER = (
    "SD330-E1-D1-C1", "SD330-E1-D1-C2", "SD330-E1-D1-C3", "SD330-E1-D2-C5", "SD330-E1-CTS",
    "SD330-E2-D4-C1", "SD330-E1-D1", "SD330-E1-D2", "SD330-E2-D4", "SD330-E1", "SD330-E2",
    "SD330",
)  # fmt: skip
STRONG = {"SD330-E1-D1-C1": Decimal("0.95"), "SD330-E1-D1": Decimal("0.93")}
VETOED = "SD330-E1-D2-C5"
VETO = "vi-pham-ky-luat-nghiem-trong"
NOTES = (
    "Theo báo cáo tháng và sổ tổng hợp của đơn vị",
    "Căn cứ kết quả kiểm tra nhận thức và sinh hoạt chi bộ",
    "Căn cứ nghị quyết, kế hoạch và kết quả thực hiện",
)


def _entries(year: Year, evaluation: Evaluation, share: Decimal) -> dict[str, Entry]:
    rng = year.rng("evaluation", evaluation.unit.code, evaluation.period_id)
    entries = {}
    for criterion in criteria(rules_of(evaluation)):
        wobble = Decimal(rng.randint(-6, 4)) / 100
        points = (Decimal(criterion.max_points) * min(Decimal(1), share + wobble)).quantize(
            Decimal("0.5")
        )
        entries[criterion.code] = Entry(points=points, note=rng.choice(NOTES))
    return entries


def _evaluate(year: Year, code: str, period: Period, day: dt.date) -> None:
    unit = year.unit(code)
    officer = year.officer[code]
    preparer = year.preparer[code]
    superior = year.superior_officer(unit)
    decider_pk = decider_id(unit, active_regulation())
    assert superior is not None and decider_pk is not None  # noqa: S101 (the root is not evaluated)
    decider = year.officer[year.by_pk(decider_pk).code]
    share = STRONG.get(code, Decimal("0.84"))
    evaluation = year.at(day, 8, lambda: open_evaluation(unit, period.id, by=preparer, today=day))
    entries = _entries(year, evaluation, share)
    evaluation = year.at(day, 10, lambda: save_self_assessment(
        evaluation, entries, by=preparer, base_version=evaluation.version,
        note="Đơn vị tự đánh giá theo các tiêu chí, căn cứ số liệu báo cáo và sổ sách.",
    ))  # fmt: skip
    evaluation = year.at(
        day + dt.timedelta(days=1), 9, lambda: submit_evaluation(evaluation, by=officer)
    )
    vetoes = (
        {VETO: "Trong kỳ đơn vị để xảy ra 1 vụ vi phạm kỷ luật nghiêm trọng (đánh nhau)."}
        if code == VETOED
        else {}
    )
    evaluation = year.at(day + dt.timedelta(days=2), 10, lambda: review_evaluation(
        evaluation, {}, by=superior, base_version=evaluation.version,
        note="Nhất trí với kết quả tự đánh giá của đơn vị.", vetoes=vetoes,
    ))  # fmt: skip
    try:
        year.at(day + dt.timedelta(days=3), 15, lambda: decide_evaluation(evaluation, by=decider))
    except EvaluationError:
        # The quota of «xuất sắc» among the units decided together is full: one level lower.
        year.at(day + dt.timedelta(days=3), 15, lambda: decide_evaluation(
            evaluation, by=decider, level="tot",
            note="Đã đủ tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» trong các đơn vị cùng xét.",
        ))  # fmt: skip


def _awards(year: Year, decided_on: dt.date) -> None:
    regiment = year.unit("SD330-E1")
    officer = year.officer["SD330-E1"]
    company = year.unit("SD330-E1-D1-C1")
    data = AwardIn(
        title_code="don-vi-tien-tien", decision_number="215/QĐ-TĐ1",
        decision_date=decided_on, reason="Hoàn thành xuất sắc nhiệm vụ 6 tháng đầu năm",
    )  # fmt: skip
    year.at(decided_on, 14, lambda: register_award(company, data, by=officer))
    person = AwardIn(
        title_code="chien-si-tien-tien", decision_number="216/QĐ-TĐ1", decision_date=decided_on,
        reason="Có thành tích trong huấn luyện và giúp dân phòng, chống lũ",
        person_name="Nguyễn Văn Hùng", person_rank="Trung sĩ",
    )  # fmt: skip
    year.at(decided_on, 14, lambda: register_award(company, person, by=officer))
    year.at(
        decided_on + dt.timedelta(days=1),
        9,
        lambda: draft_proposals(regiment, decided_on, by=officer),
    )


def build_evaluations(year: Year) -> None:
    current = period_of(year.today, "sixmonthly")
    last = current.previous()
    # A week after the half-year ends, or early enough that the last step (the awards, 44 days
    # on) is behind today when the half-year ended only recently.
    day = min(last.end + dt.timedelta(days=6), year.today - dt.timedelta(days=50))
    for step, code in enumerate(ORDER):
        level_gap = 5 * year.unit(code).depth
        _evaluate(year, code, last, day + dt.timedelta(days=30 - level_gap + step % 2))
    _awards(year, day + dt.timedelta(days=40))
    # The company's evaluation of this half-year, opened and self-assessed, ready to submit.
    company = year.unit("SD330-E1-D1-C1")
    preparer = year.preparer[company.code]
    opened = year.today - dt.timedelta(days=2)
    evaluation = year.at(
        opened, 9, lambda: open_evaluation(company, current.id, by=preparer, today=opened)
    )
    entries = _entries(year, evaluation, Decimal("0.9"))
    year.at(
        opened,
        11,
        lambda: save_self_assessment(
            evaluation, entries, by=preparer, base_version=evaluation.version
        ),
    )
