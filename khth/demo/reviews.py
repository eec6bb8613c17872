"""The demo's reviews, through the reviews' actions: the regiment's six-month review of the last
half-year (its figures computed from the reports, its conference and key tasks recorded,
finished) and the division's annual review of last year, finished; the regiment's award is
linked to its review."""

from __future__ import annotations

import datetime as dt

from khth.demo.context import Year
from khth.periods import period_of
from khth.reviews.actions import (
    create_review,
    finish_review,
    record_conference,
    save_review,
    set_key_tasks,
)
from khth.reviews.models import Review

KEY_TASKS = [
    "Nâng cao chất lượng giáo dục chính trị, phấn đấu quân số tham gia đạt trên 98%",
    "Giữ nghiêm kỷ luật, không để xảy ra vi phạm kỷ luật nghiêm trọng",
    "Xây dựng tổ chức đảng trong sạch vững mạnh, kết nạp đảng viên đúng chỉ tiêu",
]
OWN_WORDS = (
    "<p>Được sự lãnh đạo, chỉ đạo của cấp trên, {unit} đã hoàn thành tốt các chỉ tiêu chủ yếu; "
    "tư tưởng bộ đội ổn định, kỷ luật được giữ nghiêm.</p>"
)
SOLUTIONS = [
    "Phân công cán bộ bám nắm tư tưởng đến từng tổ, tiểu đội",
    "Gắn kết quả học tập chính trị với bình xét thi đua hằng tháng",
]


def _review(
    year: Year, code: str, title: str, starts: dt.date, ends: dt.date, day: dt.date
) -> Review:
    unit = year.unit(code)
    preparer, officer = year.preparer[code], year.officer[code]
    review = year.at(day, 8, lambda: create_review(
        unit, title=title, starts_on=starts, ends_on=ends, by=preparer, today=day
    ))  # fmt: skip
    # The draft is written from the figures; the officer adds the unit's own assessment.
    sections = dict(review.sections)
    first = next(iter(sections), "")
    if first:
        sections[first] = OWN_WORDS.format(unit=unit.name) + sections[first]
    review = year.at(day, 10, lambda: save_review(
        review, by=preparer, base_revision=review.revision, sections=sections
    ))  # fmt: skip
    held = day + dt.timedelta(days=5)
    review = year.at(held, 16, lambda: record_conference(
        review, by=preparer, base_revision=review.revision, held_on=held,
        place="Hội trường " + unit.name, presided_by=officer.full_name,
        attendance="Cấp ủy, chỉ huy các đơn vị trực thuộc; 45 đại biểu",
        record="Hội nghị thống nhất đánh giá kết quả và nhiệm vụ trọng tâm kỳ tới.",
    ))  # fmt: skip
    review = year.at(held, 17, lambda: set_key_tasks(
        review, by=preparer, base_revision=review.revision, tasks=KEY_TASKS, solutions=SOLUTIONS
    ))  # fmt: skip
    return year.at(held + dt.timedelta(days=1), 9, lambda: finish_review(review, by=officer))


def build_reviews(year: Year) -> None:
    half = period_of(year.today, "sixmonthly").previous()
    day = min(half.end + dt.timedelta(days=12), year.today - dt.timedelta(days=10))
    _review(year, "SD330-E1", f"Sơ kết công tác Đảng, công tác chính trị {half.label.lower()}",
            half.start, half.end, day)  # fmt: skip
    last_year = period_of(year.today, "yearly").previous()
    start = min(year.units.values(), key=lambda u: u.depth).valid_from
    opened = max(dt.date(last_year.end.year + 1, 1, 10), start + dt.timedelta(days=5))
    opened = min(opened, year.today - dt.timedelta(days=8))
    _review(year, "SD330", f"Tổng kết công tác Đảng, công tác chính trị năm {last_year.start.year}",
            last_year.start, last_year.end, opened)  # fmt: skip
