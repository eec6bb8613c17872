"""The charts of a review, as SVG built on the server: stacked columns (reporting timeliness per
year or month, evaluation levels per period) and a line per indicator over the bins.

khth.evaluations.charts draws one unit's score over the level bands and one period's
distribution; neither fits several periods of counts or a figure of any scale, so these two
are drawn here, with its conventions and helpers: every text goes through ``format_html``, each
chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` saying the figures in
words, every column and point has a tooltip, and the figures are written on the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from khth.evaluations.charts import (
    GRID,
    INK,
    MUTED,
    _join,
    _label_lines,
    _number,
    _open,
    _px,
    _text,
)

# Timeliness: on time, late, missing.
ON_TIME_COLOUR = "#2e7d32"
LATE_COLOUR = "#b7791f"
MISSING_COLOUR = "#c62828"
LINE_COLOUR = "#1565c0"
LEGEND_LINE = 20


@dataclass(frozen=True)
class Series:
    key: str  # kept on each segment as data-series
    name: str
    colour: str


@dataclass(frozen=True)
class Column:
    label: str  # the year or month ("Năm 2024", "Tháng 7/2024")
    counts: tuple[int, ...]  # one per series, same order


def _legend(series: Sequence[Series], x0: float, y0: float, width: float) -> list[SafeString]:
    """Legend entries left to right, wrapping to a new line where the width is used up."""
    parts = []
    x, y = x0, y0
    for item in series:
        size = 28 + 8 * len(item.name)
        if x > x0 and x + size > width:
            x, y = x0, y + LEGEND_LINE
        parts.append(
            format_html(
                '<g class="legend"><rect x="{}" y="{}" width="12" height="12" fill="{}"/>{}</g>',
                _px(x),
                _px(y - 10),
                item.colour,
                _text(x + 16, y, item.name),
            )
        )
        x += size
    return parts


def _legend_lines(series: Sequence[Series], x0: float, width: float) -> int:
    lines, x = 1, x0
    for item in series:
        size = 28 + 8 * len(item.name)
        if x > x0 and x + size > width:
            lines, x = lines + 1, x0
        x += size
    return lines


def stacked_columns(
    columns: Sequence[Column], series: Sequence[Series], *, chart_id: str, title: str
) -> SafeString:
    """One column per period, stacked by series from the bottom; each segment's count written
    in it when there is room, the total above the column."""
    left, top, bottom = 44, 14, 44
    step = 74 if len(columns) <= 6 else 58
    bar = step - 22
    plot_height = 180
    width = max(left + step * max(len(columns), 1) + 20, 460)
    # The legend, then room for the totals written above the tallest column.
    legend = LEGEND_LINE * _legend_lines(series, left, width) + 18
    height = top + legend + plot_height + bottom
    most = max((sum(c.counts) for c in columns), default=0)
    base = top + legend + plot_height

    def words(column: Column) -> str:
        shown = ", ".join(
            f"{s.name}: {n}" for s, n in zip(series, column.counts, strict=False) if n
        )
        return f"{column.label}: {shown or _('không có')}"

    desc = "; ".join(words(c) for c in columns) or _("Không có số liệu")
    parts = [_open(chart_id, width, height, title, desc)]
    parts += _legend(series, left, top + 10, width)
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            left,
            base,
            width - 10,
            base,
            MUTED,
        )
    )
    parts.append(_text(left - 6, base + 4, "0", anchor="end", fill=MUTED))
    if most:
        parts.append(_text(left - 6, top + legend + 4, str(most), anchor="end", fill=MUTED))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>',
                left,
                top + legend,
                width - 10,
                top + legend,
                GRID,
            )
        )
    for i, column in enumerate(columns):
        x = left + 11 + step * i
        y = float(base)
        segments = []
        for item, count in zip(series, column.counts, strict=False):
            if not count:
                continue
            size = plot_height * count / most
            y -= size
            label = (
                _text(x + bar / 2, y + size / 2 + 4, str(count), anchor="middle", fill="#fff")
                if size >= 15
                else SafeString("")
            )
            segments.append(
                format_html(
                    '<g class="segment" data-series="{}"><title>{}</title>'
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>{}</g>',
                    item.key,
                    f"{column.label} — {item.name}: {count}",
                    _px(x),
                    _px(y),
                    bar,
                    _px(size),
                    item.colour,
                    label,
                )
            )
        first, second = _label_lines(column.label)
        total = sum(column.counts)
        parts.append(
            format_html(
                '<g class="column"><title>{}</title>{}{}{}{}</g>',
                words(column),
                _join(segments),
                _text(x + bar / 2, y - 5, str(total), anchor="middle", extra="bold")
                if total
                else SafeString(""),
                _text(x + bar / 2, base + 16, first, anchor="middle", fill=MUTED),
                _text(x + bar / 2, base + 31, second, anchor="middle", fill=MUTED),
            )
        )
    parts.append(SafeString("</svg>"))
    return _join(parts)


@dataclass(frozen=True)
class LinePoint:
    label: str
    value: Decimal | None  # None: no figure for the period (a gap in the line)
    display: str  # the figure as printed ("95,8%", "1.234")
    link: str = ""  # where the figure comes from (its consolidation)


def _scale_top(most: float, whole: bool = False) -> float:
    """A round top for the axis: 1, 2, 2.5 or 5 times a power of ten, at or above ``most``; not
    2.5 for a count (its half, the middle line, would not be whole)."""
    if most <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= most:
        power *= 10
    while power > most:
        power /= 10
    for factor in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        if power * factor >= most:
            return power * factor
    return power * 10


def line_chart(
    points: Sequence[LinePoint],
    *,
    chart_id: str,
    title: str,
    percentage: bool = False,
    whole: bool = False,
) -> SafeString:
    """An indicator's figure per period as a line from zero; a period without a figure leaves a
    gap. Each point links to the figure's source. ``whole``: a count, whose axis never shows a
    half."""
    left, right, top, bottom = 54, 24, 22, 44
    step = 74 if len(points) <= 6 else 58
    plot_width = max(step * max(len(points) - 1, 1), 200)
    plot_height = 170
    width = left + plot_width + right + 40
    height = top + plot_height + bottom
    values = [float(p.value) for p in points if p.value is not None]
    peak = 100.0 if percentage else _scale_top(max(values, default=0), whole)
    if percentage and values and max(values) > 100:
        peak = _scale_top(max(values))
    if whole:
        peak = max(peak, 2.0)
    low = min(0.0, min(values, default=0))

    def y_of(value: float) -> float:
        span = peak - low or 1
        return top + plot_height * (1 - (value - low) / span)

    def x_of(i: int) -> float:
        if len(points) == 1:
            return left + 20 + plot_width / 2
        return left + 20 + step * i

    none = _("không có số liệu")
    shown = [f"{p.label}: {p.display or none}" for p in points]
    desc = "; ".join(shown) or _("Không có số liệu")
    parts = [_open(chart_id, width, height, title, desc)]
    for value in sorted({low, peak / 2, peak}):
        y = y_of(value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"{}/>',
                left,
                _px(y),
                left + plot_width + 40,
                _px(y),
                GRID if value != low else MUTED,
                SafeString(' stroke-dasharray="4 3"') if value != low else SafeString(""),
            )
        )
        text = _number(value) + ("%" if percentage else "")
        parts.append(_text(left - 6, y + 4, text, anchor="end", fill=MUTED))
    # The line, broken where a period has no figure.
    run: list[str] = []
    runs: list[list[str]] = []
    for i, point in enumerate(points):
        if point.value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{_px(x_of(i))},{_px(y_of(float(point.value)))}")
    if run:
        runs.append(run)
    for coordinates in runs:
        if len(coordinates) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    " ".join(coordinates),
                    LINE_COLOUR,
                )
            )
    for i, point in enumerate(points):
        x = x_of(i)
        first, second = _label_lines(point.label)
        labels = format_html(
            "{}{}",
            _text(x, top + plot_height + 16, first, anchor="middle", fill=MUTED),
            _text(x, top + plot_height + 31, second, anchor="middle", fill=MUTED),
        )
        if point.value is None:
            parts.append(
                format_html(
                    '<g class="point empty"><title>{}</title>{}{}</g>',
                    point.label + ": " + _("không có số liệu"),
                    _text(x, y_of(low) - 6, "–", anchor="middle", fill=MUTED),
                    labels,
                )
            )
            continue
        y = y_of(float(point.value))
        dot = format_html(
            '<circle cx="{}" cy="{}" r="4.5" fill="{}" stroke="#fff" stroke-width="1.5"/>{}',
            _px(x),
            _px(y),
            LINE_COLOUR,
            _text(x, y - 9, point.display, anchor="middle", fill=INK, extra="bold"),
        )
        if point.link:
            dot = format_html('<a href="{}">{}</a>', point.link, dot)
        parts.append(
            format_html(
                '<g class="point"><title>{}</title>{}{}</g>',
                f"{point.label}: {point.display}",
                dot,
                labels,
            )
        )
    parts.append(SafeString("</svg>"))
    return _join(parts)
