"""Charts as SVG built on the server: no JavaScript, nothing loaded from outside.

Every piece of text goes through ``format_html``, so a unit or level name can never break the
markup. Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and described in words
by its ``<desc>`` (what a screen reader says); every bar and point has a ``<title>`` of its own
(the tooltip) and its figures are written on the chart, not only drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khth.lib.vietnamese import format_number

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "font-family:sans-serif;font-size:13px"
# Top level first; the lowest level is always red, whatever the number of levels.
LEVEL_COLOURS = ("#2e7d32", "#1565c0", "#b7791f", "#6d4c41", "#5d4037")
LOWEST_COLOUR = "#c62828"
INK = "#1f2328"
MUTED = "#6b7280"
GRID = "#d0d7de"


def level_colour(rank: int, lowest: bool) -> str:
    if lowest:
        return LOWEST_COLOUR
    return LEVEL_COLOURS[min(rank, len(LEVEL_COLOURS) - 1)]


def _join(parts: Sequence[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((p,) for p in parts))


def _number(value: Decimal | int | float) -> str:
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return format_number(number.quantize(Decimal(1)))
    return format_number(number.normalize())


def _px(value: float) -> str:
    """Coordinates with one decimal at most, the SVG way ("12.5")."""
    return f"{value:.1f}".removesuffix(".0")


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> SafeString:
    return format_html(
        '<svg xmlns="{}" class="chart" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="{}" height="{}" style="max-width:100%;height:auto;{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        SVG_NS,
        chart_id,
        chart_id,
        chart_id,
        width,
        height,
        width,
        height,
        FONT,
        chart_id,
        title,
        chart_id,
        desc,
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, extra: str = ""
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}"{}>{}</text>',
        _px(x),
        _px(y),
        anchor,
        fill,
        format_html(' font-weight="{}"', extra) if extra else "",
        text,
    )


# --- distribution of levels ------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str  # the level code, kept on the bar as data-level
    label: str
    count: int
    rank: int
    lowest: bool


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str) -> SafeString:
    """Horizontal bars, one per level, top level first: the name, the bar, the count."""
    label_width, bar_width, row, top = 220, 170, 30, 10
    width = label_width + bar_width + 40
    height = top * 2 + row * max(len(bars), 1)
    most = max((b.count for b in bars), default=0)
    total = sum(b.count for b in bars)
    desc = "; ".join(
        ngettext("%(level)s: %(count)s đơn vị", "%(level)s: %(count)s đơn vị", b.count)
        % {"level": b.label, "count": b.count}
        for b in bars
    )
    desc = (
        ngettext("%(total)s đơn vị được xếp loại. ", "%(total)s đơn vị được xếp loại. ", total)
        % {"total": total}
        + desc
    )
    parts = [_open(chart_id, width, height, title, desc)]
    for i, bar in enumerate(bars):
        y = top + i * row
        length = bar_width * bar.count / most if most else 0
        parts.append(
            format_html(
                '<g class="bar" data-level="{}"><title>{}</title>{}'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>{}</g>',
                bar.key,
                ngettext("%(level)s: %(count)s đơn vị", "%(level)s: %(count)s đơn vị", bar.count)
                % {"level": bar.label, "count": bar.count},
                _text(label_width - 8, y + row / 2 + 4, bar.label, anchor="end"),
                label_width,
                _px(y + 4),
                _px(max(length, 1 if bar.count else 0)),
                row - 8,
                level_colour(bar.rank, bar.lowest),
                _text(label_width + length + 6, y + row / 2 + 4, str(bar.count), extra="bold"),
            )
        )
    parts.append(SafeString("</svg>"))
    return _join(parts)


# --- a unit's score and level over periods ---------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A level's score range, drawn behind the line: from ``low`` up to the next level."""

    name: str
    low: float
    rank: int
    lowest: bool


@dataclass(frozen=True)
class Point:
    label: str  # the period as printed ("6 tháng đầu năm 2024")
    score: Decimal
    level: str
    rank: int
    lowest: bool


def _label_lines(label: str) -> tuple[str, str]:
    """ "6 tháng đầu năm 2024" → ("6 tháng đầu năm", "2024"), to print on two lines."""
    head, _sep, tail = label.rpartition(" ")
    return (head, tail) if head else (label, "")


def trend_chart(
    points: Sequence[Point],
    bands: Sequence[Band],
    *,
    total: float,
    chart_id: str,
    title: str,
) -> SafeString:
    """Score per period as a line over the level bands; each point carries its score and, in
    its colour and tooltip, its level."""
    left, right, top, bottom = 44, 230, 16, 48
    # Room at both ends for the first and last period's label, written centred on its point.
    step, pad = 130, 65
    plot_width = max(step * max(len(points) - 1, 1), 220) + 2 * pad
    plot_height = 200
    width = left + plot_width + right
    height = top + plot_height + bottom
    total = total or 100

    def y_of(score: float) -> float:
        return top + plot_height * (1 - min(max(score, 0), total) / total)

    def x_of(i: int) -> float:
        if len(points) == 1:
            return left + plot_width / 2
        return left + pad + step * i

    desc = "; ".join(
        _("%(period)s: %(score)s điểm, %(level)s")
        % {"period": p.label, "score": _number(p.score), "level": p.level}
        for p in points
    )
    parts = [_open(chart_id, width, height, title, desc or _("Chưa có kỳ nào được đánh giá"))]
    # The level bands, each from its threshold up to the threshold of the level above.
    ordered = sorted(bands, key=lambda b: b.low)
    for i, band in enumerate(ordered):
        high = ordered[i + 1].low if i + 1 < len(ordered) else total
        y_high, y_low = y_of(high), y_of(band.low)
        parts.append(
            format_html(
                '<g class="band"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.08"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>{}</g>',
                _("%(level)s: từ %(low)s điểm") % {"level": band.name, "low": _number(band.low)},
                left,
                _px(y_high),
                plot_width,
                _px(max(y_low - y_high, 0)),
                level_colour(band.rank, band.lowest),
                left,
                _px(y_low),
                left + plot_width,
                _px(y_low),
                GRID,
                _text(
                    left + plot_width + 8,
                    (y_high + y_low) / 2 + 4,
                    band.name,
                    fill=level_colour(band.rank, band.lowest),
                ),
            )
        )
    # The axis: 0 and the total, with the thresholds between.
    for value in sorted({0.0, float(total), *(b.low for b in bands)}):
        parts.append(_text(left - 6, y_of(value) + 4, _number(value), anchor="end", fill=MUTED))
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            left,
            top,
            left,
            top + plot_height,
            MUTED,
        )
    )
    if len(points) > 1:
        coordinates = " ".join(
            f"{_px(x_of(i))},{_px(y_of(float(p.score)))}" for i, p in enumerate(points)
        )
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                coordinates,
                INK,
            )
        )
    for i, point in enumerate(points):
        x, y = x_of(i), y_of(float(point.score))
        first, second = _label_lines(point.label)
        parts.append(
            format_html(
                '<g class="point"><title>{}</title>'
                '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="#fff" stroke-width="1.5"/>'
                "{}{}{}</g>",
                _("%(period)s: %(score)s điểm, %(level)s")
                % {"period": point.label, "score": _number(point.score), "level": point.level},
                _px(x),
                _px(y),
                level_colour(point.rank, point.lowest),
                _text(x, y - 9, _number(point.score), anchor="middle", extra="bold"),
                _text(x, top + plot_height + 18, first, anchor="middle", fill=MUTED),
                _text(x, top + plot_height + 34, second, anchor="middle", fill=MUTED),
            )
        )
    parts.append(SafeString("</svg>"))
    return _join(parts)
