"""The demo year's reports: every unit's latest periodic reports due (``DUE_PERIODS``), made,
submitted and reviewed through the reports' actions at the dates a unit would have done it;
superiors after their subordinates, so that each superior's report starts from theirs and
every consolidation has figures from all subordinates.

What the year leaves to see and to do today:
- mostly on time, some late with a reason, one returned with a comment and resubmitted, one
  still returned, one submitted with a required item missing and its written justification;
- the latest report due of every unit waits for its superior's review (the review queues);
- one company (and the regiment's reconnaissance company) has not sent its latest monthly
  report (the "not reported" lists of commanders and reviewers);
- reports whose deadline is still ahead are left to be made (the "due" lists);
- one ad hoc request of the regiment, answered by some addressees, due in two days for others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from khth.demo.context import Year
from khth.demo.figures import Figures, as_entries, text_figures
from khth.demo.texts import ACCEPT_COMMENTS, LATE_REASONS, RETURN_COMMENTS, SECTIONS, section_text
from khth.periods import Period, period_of
from khth.regulations.access import active_regulation
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.actions import (
    Content,
    accept_report,
    create_request,
    open_report,
    open_request_report,
    return_report,
    save_report,
    submit_report,
)
from khth.reports.models import Justification, Report
from khth.reports.rates import DEFAULT_SPAN
from khth.reports.template import entered_indicators, outline
from khth.reports.timeliness import deadline_for
from khth.synthesis.actions import SynthesisError, insert_draft
from khth.units.models import Unit

# Special cases of the monthly reports, as (unit, months before the latest period due).
RETURNED_THEN_RESUBMITTED = ("SD330-E1-D1-C2", 2)
JUSTIFIED_MISSING = ("SD330-E1-D1-C2", 3)
STILL_RETURNED = ("SD330-E2-D4-C1", 0)
NOT_SENT = {"SD330-E1-D1-C3", "SD330-E1-CTS"}
# The section every superior's latest monthly report drafts from its subordinates' texts
# (khth.synthesis) before its preparer edits the draft, and what the preparer adds.
SYNTHESISED = "giao-duc-chinh-tri"
OWN_VIEW = (
    "Nhìn chung, công tác giáo dục chính trị được duy trì nền nếp; cơ quan chính trị tiếp tục "
    "kiểm tra việc học bù của các đơn vị có quân số làm nhiệm vụ."
)
LATE_SHARE = 0.12
QUOTED = {
    "nhan-thuc-so-kiem-tra",
    "nhan-thuc-kha-gioi",
    "tin-bai",
    "cuoc-kiem-tra",
    "dan-van-ngay-cong",
    "hdqn-sinh-hoat",
    "nhan-thuc-diem",
}


# How many past periods of each frequency the demo makes (the latest ones due): the monthly
# reports of as many months as the rates page shows by default (fewer left its first months
# "not sent, overdue" for every unit), the last quarter's, half-year's and year's reports, the
# last week's. Each report costs its unit some eighty queries of the actions (every section and
# figure is stored on its own), and the demo must build in seconds, not minutes; the earlier
# months of the year show through the quarterly, half-year and annual reports.
DUE_PERIODS = {"weekly": 1, "monthly": DEFAULT_SPAN, "quarterly": 1, "sixmonthly": 1, "yearly": 1}


def _periods(template: ReportTemplate, today: dt.date) -> list[Period]:
    """The periods of ``template`` in the demo year, oldest first, up to today's."""
    assert template.frequency is not None  # noqa: S101 (periodic templates only)
    periods = [period_of(today, template.frequency)]
    for _step in range(DUE_PERIODS[template.frequency] + 1):
        periods.insert(0, periods[0].previous())
    return periods


class _Reports:
    def __init__(self, year: Year) -> None:
        self.year = year
        self.figures = Figures(year)
        self.regulation = active_regulation()
        self.parents = {u.parent_id for u in year.units.values() if u.parent_id is not None}

    def content(self, unit: Unit, template: ReportTemplate, period: Period, back: int) -> Content:
        values = self.figures.of(unit, f"{template.frequency}:{period.id}", back)
        # Required figures only (and the few the texts quote): each typed figure is a few
        # queries of the action, and a year of reports must build in seconds.
        wanted = {i.code for i in entered_indicators(template) if i.required or i.code in QUOTED}
        rng = self.year.rng("text", unit.code, template.code, period.id)
        figures = text_figures(unit, period.label, values)
        sections = {
            row.code: section_text(row.code, rng, figures)
            for row in outline(template)
            if row.is_leaf and row.required
        }
        return Content(sections=sections, values=as_entries(values, wanted))

    def run(self) -> None:
        today = self.year.today
        for template in self.regulation.report_templates:
            if template.kind != "periodic" or template.frequency is None:
                continue
            if template.code == "bc-cd-phat-trien-dang":
                continue  # thematic: the year shows the periodic ones
            units = self.year.by_depth(list(template.reporting_levels))
            periods = _periods(template, today)
            for unit in units:
                due = [p for p in periods if deadline_for(template, unit.level, p) < today]
                due = due[-DUE_PERIODS[template.frequency] :]
                latest = due[-1] if due else None
                for back, period in enumerate(reversed(due)):
                    self.one(unit, template, period, back=back, latest=period == latest)

    def synthesised(self, report: Report, content: Content, by: object) -> Content:
        """The draft of ``SYNTHESISED`` from the subordinates' texts, put in the report, then
        rewritten by its preparer: the synthesis page and «Nguồn tổng hợp» have something to
        show, and the text the report carries is the unit's own."""
        try:
            insert_draft(report, SYNTHESISED, scope="children", by=by)
        except SynthesisError:
            return content  # no subordinate reports this template (a ward's command)
        # The preparer rewrites the draft in the unit's own words (its usual paragraph and a
        # judgement of its own): a superior above reads prose, not a draft of a draft.
        sections = dict(content.sections or {})
        sections[SYNTHESISED] = f"{sections.get(SYNTHESISED, '')}<p>{OWN_VIEW}</p>"
        return replace(content, sections=sections)

    def one(
        self, unit: Unit, template: ReportTemplate, period: Period, *, back: int, latest: bool
    ) -> None:
        year = self.year
        monthly = template.frequency == "monthly"
        if monthly and latest and unit.code in NOT_SENT:
            return
        deadline = deadline_for(template, unit.level, period)
        officer = year.officer[unit.code]
        preparer = year.preparer[unit.code]
        superior = year.superior_officer(unit)
        rng = year.rng("flow", unit.code, template.code, period.id)
        late = rng.random() < LATE_SHARE and not latest
        start = deadline - dt.timedelta(days=rng.randint(2, 4))
        report = year.at(start, 8, lambda: open_report(unit, template.code, period.id, by=preparer))
        content = self.content(unit, template, period, back)
        if monthly and latest and unit.pk in self.parents:
            content = year.at(start, 8, lambda: self.synthesised(report, content, preparer), 30)
            report = Report.objects.get(pk=report.pk)
        if monthly and (unit.code, back) == JUSTIFIED_MISSING:
            sections = dict(content.sections or {})
            sections.pop("kiem-tra-giam-sat", None)
            content = Content(
                sections=sections,
                values=content.values,
                justifications={
                    (Justification.SECTION, "kiem-tra-giam-sat"): (
                        "Trong tháng chi bộ không tiến hành kiểm tra, giám sát: toàn bộ đảng viên "
                        "tham gia diễn tập khu vực phòng thủ theo kế hoạch của cấp trên."
                    )
                },
            )
        report = year.at(
            start, 9, lambda: save_report(report, content, by=preparer, base_version=report.version)
        )
        sent = (
            deadline + dt.timedelta(days=rng.randint(1, 3))
            if late
            else deadline - dt.timedelta(days=rng.randint(0, 1))
        )
        reason = rng.choice(LATE_REASONS) if late else None
        report = year.at(sent, 15, lambda: submit_report(report, by=officer, late_reason=reason))
        if superior is None:
            return  # the region's reports go up to the General Department, not in the demo
        if monthly and (unit.code, back) == RETURNED_THEN_RESUBMITTED:
            comment = rng.choice(RETURN_COMMENTS)
            returned = year.at(
                sent + dt.timedelta(days=1),
                10,
                lambda: return_report(report, by=superior, comment=comment),
            )
            attended = (content.values or {}).get("gdct-tham-gia") or 0
            fixed = Content(values={"gdct-tham-gia": str(int(attended) - 1)})
            again = year.at(
                sent + dt.timedelta(days=2),
                8,
                lambda: save_report(returned, fixed, by=preparer, base_version=returned.version),
            )
            report = year.at(
                sent + dt.timedelta(days=2), 9, lambda: submit_report(again, by=officer)
            )
            sent += dt.timedelta(days=2)
        if latest and template.frequency in {"monthly", "weekly"}:
            if monthly and (unit.code, 0) == STILL_RETURNED:
                comment = RETURN_COMMENTS[1]
                year.at(
                    sent + dt.timedelta(days=1),
                    10,
                    lambda: return_report(report, by=superior, comment=comment),
                )
            return  # waits in the superior's review queue
        remark = rng.choice(ACCEPT_COMMENTS)
        year.at(
            sent + dt.timedelta(days=1),
            16,
            lambda: accept_report(report, by=superior, comment=remark),
        )


def _request(year: Year) -> None:
    """The regiment's ad hoc request on the floods, answered by some, due in two days."""
    regiment = year.unit("SD330-E1")
    officer = year.officer[regiment.code]
    today = year.today
    addressees = [
        year.unit(c)
        for c in ("SD330-E1-D1", "SD330-E1-D2", "SD330-E1-D1-C1", "SD330-E1-D1-C2", "SD330-E1-CTS")
    ]
    request = year.at(
        today - dt.timedelta(days=3), 8,
        lambda: create_request(
            from_unit=regiment, template_code="bc-dot-xuat",
            title="Báo cáo tình hình tư tưởng bộ đội và kết quả giúp dân khắc phục mưa lũ",
            content="<p>Các đơn vị báo cáo tình hình tư tưởng bộ đội có gia đình bị ảnh hưởng "
            "mưa lũ và kết quả giúp nhân dân địa bàn đóng quân.</p>",
            period_start=today - dt.timedelta(days=10), period_end=today - dt.timedelta(days=3),
            deadline=today + dt.timedelta(days=2), addressees=addressees, by=officer,
        ),
    )  # fmt: skip
    template = active_regulation().report_template("bc-dot-xuat")
    for unit in addressees:
        if unit.code in {"SD330-E1-D1-C1", "SD330-E1-CTS"}:
            continue  # still to answer: the company's "due" list shows it
        rng = year.rng("request", unit.code)
        figures = {"qs": 90 + rng.randint(0, 20), "dvnc": rng.randint(20, 80)}
        sections = {
            row.code: "<p>"
            + (SECTIONS.get(row.code, ("Mưa lớn kéo dài, nước dâng cao.",))[0]).format(**figures)
            + "</p>"
            for row in outline(template)
            if row.is_leaf and row.required
        }
        preparer, officer_u = year.preparer[unit.code], year.officer[unit.code]
        report = year.at(
            today - dt.timedelta(days=2), 9, lambda: open_request_report(request, unit, by=preparer)
        )
        report = year.at(
            today - dt.timedelta(days=2),
            10,
            lambda: save_report(
                report, Content(sections=sections), by=preparer, base_version=report.version
            ),
        )
        year.at(today - dt.timedelta(days=1), 14, lambda: submit_report(report, by=officer_u))


def build_reports(year: Year) -> None:
    _Reports(year).run()
    _request(year)
    year.made["reports"] = Report.objects.count()
