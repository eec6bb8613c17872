"""The figures of a review as the page shows them: tables with a link to each source where it
has one, and the SVG charts. The words are the interface's (gettext); the DOCX and XLSX take
theirs from khth.reviews.documents, in Vietnamese whatever the interface."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from khth.evaluations.charts import level_colour
from khth.inspections.models import Finding
from khth.periods import periods_between
from khth.plans.results import MET, MISSED, PENDING, TARGET_STATES
from khth.regulations.schema import Regulation
from khth.reviews.actions import area_name
from khth.reviews.charts import (
    LATE_COLOUR,
    MISSING_COLOUR,
    ON_TIME_COLOUR,
    Column,
    LinePoint,
    Series,
    line_chart,
    stacked_columns,
)
from khth.reviews.documents import level_columns
from khth.reviews.figures import Bin, Figures
from khth.units.models import Unit

# The monthly template: the one whose matrix a bin's timeliness links to.
MONTHLY_TEMPLATE = "bc-thang"


def optional_link(name: str, *args: Any, query: dict[str, str] | None = None) -> str:
    """A link to another app's page, or "" when it has no such page (yet): the review shows the
    figure without a link rather than failing."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


@dataclass(frozen=True)
class TimelinessRow:
    label: str
    expected: int
    on_time: int
    late: int
    missing: int
    percent: Decimal | None
    link: str


@dataclass(frozen=True)
class TrendView:
    code: str
    name: str
    unit_of_measure: str
    points: tuple[LinePoint, ...]
    svg: SafeString


@dataclass(frozen=True)
class LevelRow:
    label: str
    counts: tuple[int, ...]
    total: int
    link: str


@dataclass(frozen=True)
class Counted:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AwardRow:
    code: str
    name: str
    recipient: str
    count: int


def _months(b: Bin) -> tuple[str, str]:
    """The first and last monthly period ids inside a bin."""
    months = periods_between(b.start, b.end, "monthly")
    return months[0].id, months[-1].id


def timeliness_rows(unit: Unit, figures: Figures) -> list[TimelinessRow]:
    rows = []
    for b, t in zip(figures.bins, figures.timeliness, strict=True):
        first, last = _months(b)
        rows.append(
            TimelinessRow(
                t.label,
                t.expected,
                t.on_time,
                t.late,
                t.missing,
                t.percent(t.on_time),
                optional_link(
                    "report-rates",
                    unit.code,
                    query={"template": MONTHLY_TEMPLATE, "from": first, "to": last},
                ),
            )
        )
    return rows


def timeliness_total(figures: Figures) -> TimelinessRow:
    expected = sum(t.expected for t in figures.timeliness)
    on_time = sum(t.on_time for t in figures.timeliness)
    percent = (Decimal(100) * on_time / expected).quantize(Decimal("0.1")) if expected else None
    return TimelinessRow(
        _("Cộng"),
        expected,
        on_time,
        sum(t.late for t in figures.timeliness),
        sum(t.missing for t in figures.timeliness),
        percent,
        "",
    )


def timeliness_svg(figures: Figures) -> SafeString:
    series = (
        Series("on_time", _("Đúng hạn"), ON_TIME_COLOUR),
        Series("late", _("Chậm"), LATE_COLOUR),
        Series("missing", _("Không gửi"), MISSING_COLOUR),
    )
    columns = [Column(t.label, (t.on_time, t.late, t.missing)) for t in figures.timeliness]
    return stacked_columns(
        columns, series, chart_id="chart-timeliness", title=_("Thực hiện chế độ báo cáo")
    )


def trend_views(figures: Figures, regulation: Regulation) -> list[TrendView]:
    kinds = {i.code: i.type for t in regulation.report_templates for i in t.indicators}
    out = []
    for trend in figures.trends:
        points = tuple(LinePoint(p.label, p.value, p.display, p.link) for p in trend.points)
        title = f"{trend.name} ({trend.unit_of_measure})" if trend.unit_of_measure else trend.name
        svg = line_chart(
            points,
            chart_id=f"chart-trend-{trend.code}",
            title=title,
            percentage=kinds.get(trend.code) == "percentage",
            whole=kinds.get(trend.code) == "integer",
        )
        out.append(TrendView(trend.code, trend.name, trend.unit_of_measure, points, svg))
    return out


def target_counts(figures: Figures) -> list[Counted]:
    return [
        Counted(state, _(TARGET_STATES[state]), figures.targets.get(state, 0))
        for state in (MET, MISSED, PENDING)
    ]


def _level_periods(regulation: Regulation, start: dt.date, end: dt.date) -> dict[str, str]:
    """Label → id of the evaluation periods inside the span (no query)."""
    found = {}
    for frequency in regulation.evaluation.periods:
        for period in periods_between(start, end, frequency):
            found[period.label] = period.id
    return found


def level_rows(unit: Unit, regulation: Regulation, figures: Figures) -> list[LevelRow]:
    ids = _level_periods(regulation, figures.start, figures.end)
    names = level_columns(regulation, figures)
    rows = []
    for label, counted in figures.levels:
        counts = tuple(counted.get(code, 0) for code, _name in names)
        period = ids.get(label, "")
        link = (
            optional_link("evaluation-unit", unit.code, query={"period": period}) if period else ""
        )
        rows.append(LevelRow(label, counts, sum(counts), link))
    return rows


def levels_svg(regulation: Regulation, figures: Figures) -> SafeString:
    names = level_columns(regulation, figures)
    last = len(regulation.evaluation.levels) - 1
    series = [
        Series(code, name, level_colour(i, i == last)) for i, (code, name) in enumerate(names)
    ]
    columns = [
        Column(label, tuple(counted.get(code, 0) for code, _name in names))
        for label, counted in figures.levels
    ]
    return stacked_columns(
        columns, series, chart_id="chart-levels", title=_("Xếp loại các đơn vị thuộc quyền")
    )


def finding_counts(figures: Figures) -> list[Counted]:
    return [Counted(k, _(name), figures.findings.get(k, 0)) for k, name in Finding.KINDS]


def remedy_counts(figures: Figures) -> list[Counted]:
    labels = (
        ("closed", _("Đã khắc phục")),
        ("open", _("Đang khắc phục, trong hạn")),
        ("overdue", _("Quá hạn chưa khắc phục")),
    )
    return [Counted(k, label, figures.remedies.get(k, 0)) for k, label in labels]


def award_rows(regulation: Regulation, figures: Figures) -> list[AwardRow]:
    titles = {t.code: t for t in regulation.followup.awards.titles}
    recipients = {"collective": _("Tập thể"), "individual": _("Cá nhân")}
    rows = []
    for code, n in figures.awards.items():
        if code in recipients:
            continue
        title = titles.get(code)
        rows.append(
            AwardRow(
                code,
                title.name if title else code,
                recipients[title.recipient] if title else "",
                n,
            )
        )
    return rows


def figures_context(unit: Unit, regulation: Regulation, figures: Figures) -> dict[str, Any]:
    """What templates/reviews/_figures.html shows."""
    return {
        "figures": figures,
        "timeliness": timeliness_rows(unit, figures),
        "timeliness_total": timeliness_total(figures),
        "timeliness_svg": timeliness_svg(figures),
        "rates_link": optional_link("report-rates", unit.code),
        "trends": trend_views(figures, regulation),
        "bin_labels": [b.label for b in figures.bins],
        "targets": target_counts(figures),
        "level_names": level_columns(regulation, figures),
        "levels": level_rows(unit, regulation, figures),
        "levels_svg": levels_svg(regulation, figures) if figures.levels else None,
        "findings": finding_counts(figures),
        "remedies": remedy_counts(figures),
        "recurring": [(area_name(regulation, code), n) for code, n in figures.recurring],
        "inspections_link": optional_link("inspection-unit", unit.code),
        "remedies_link": optional_link("inspection-remedies", unit.code, query={"state": "all"}),
        "recurring_link": optional_link(
            "inspection-recurring",
            unit.code,
            query={"start": figures.start.isoformat(), "end": figures.end.isoformat()},
        ),
        "awards_collective": figures.awards.get("collective", 0),
        "awards_individual": figures.awards.get("individual", 0),
        "award_rows": award_rows(regulation, figures),
        "awards_link": optional_link(
            "award-register",
            unit.code,
            query={"starts_on": figures.start.isoformat(), "ends_on": figures.end.isoformat()},
        ),
    }
