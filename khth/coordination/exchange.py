"""What an exchange report holds: for each agreed indicator, its value and where it came from.

An indicator with ``source: "indicator:<code>"`` is taken from the consolidation of the owning
unit's subtree for the exchange period, in the first report template of the agreement's
frequency that has that indicator (``bc-quy`` for a quarterly agreement): the figures the unit
reported up its own chain, no other. Without such a template — the indicator is reported on
another schedule — and for an indicator without a source, the officer enters the value.

Only the agreed indicators are ever read or stored: the report cannot carry anything else of the
unit's data, which is the whole of what the partner sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse

from khth.lib.vietnamese import format_number
from khth.periods import Period
from khth.regulations.schema import Regulation
from khth.regulations.schema.followup import CoordinationIndicator
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.consolidation import ConsolidationError, consolidate
from khth.reports.consolidation.present import plain
from khth.reports.rollup import Count, Result
from khth.units.models import Unit

REPORT = "report"
ENTERED = "entered"
# Counted from the agreement's list of Party members handed over to the locality.
TRANSFERS = "transfers"
SOURCE_PREFIX = "indicator:"
SENDS = frozenset({"send", "both"})
RECEIVES = frozenset({"receive", "both"})


def indicators_of(regulation: Regulation) -> dict[str, CoordinationIndicator]:
    return {i.code: i for i in regulation.followup.coordination.indicators}


def sent_codes(regulation: Regulation, codes: list[str]) -> list[str]:
    """The agreed indicators the unit sends (``direction`` send or both), in the agreement's
    order; codes no longer in the regulation are left out."""
    known = indicators_of(regulation)
    return [c for c in codes if c in known and known[c].direction in SENDS]


def received_codes(regulation: Regulation, codes: list[str]) -> list[str]:
    """The agreed indicators each partner sends the unit (``direction`` receive or both)."""
    known = indicators_of(regulation)
    return [c for c in codes if c in known and known[c].direction in RECEIVES]


def source_template(
    regulation: Regulation, frequency: str, indicator: CoordinationIndicator
) -> tuple[ReportTemplate, str] | None:
    """(template, report indicator code) the value is taken from, or None when it is entered."""
    if not indicator.source or not indicator.source.startswith(SOURCE_PREFIX):
        return None
    code = indicator.source.removeprefix(SOURCE_PREFIX)
    for template in regulation.report_templates:
        if template.kind != "periodic" or template.frequency != frequency:
            continue
        if any(i.code == code for i in template.indicators):
            return template, code
    return None


def canonical(value: Decimal) -> str:
    """A number as stored: "12", "3.5" (exact, whatever the database)."""
    return format(plain(value), "f")


def display(value: str | None) -> str:
    """A stored value the Vietnamese way: "1.234", "3,5"; blank for none."""
    if value is None or value == "":
        return ""
    try:
        return format_number(plain(Decimal(value)))
    except (InvalidOperation, ValueError):
        return value


def as_number(value: str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _stored(value: Result) -> str | None:
    """A consolidated figure as stored. Texts given by several units are joined without the
    units' names: a partner learns nothing of the subtree's make-up."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        return canonical(value)
    if isinstance(value, Count):
        return f"{value.hits}/{value.total}"
    if isinstance(value, str):
        return value
    return "; ".join(text for _unit, text in value)


def entry(
    indicator: CoordinationIndicator,
    position: int,
    value: str | None,
    source: str,
    template: str = "",
    link: str = "",
) -> dict[str, Any]:
    return {
        "position": position,
        "name": indicator.name,
        "unit": indicator.unit,
        "value": value,
        "source": source,
        "template": template,
        "link": link,
    }


def ordered(values: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The stored values in the agreement's order. Stored order is not kept by every database
    (PostgreSQL's jsonb sorts keys), so each value carries its ``position``."""
    return sorted(values.items(), key=lambda pair: (pair[1].get("position", 0), pair[0]))


def compute(
    regulation: Regulation,
    unit: Unit,
    frequency: str,
    period: Period,
    codes: list[str],
    previous: dict[str, Any] | None = None,
    today: dt.date | None = None,
    tallies: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The values the unit sends of ``codes`` for ``period`` (indicators flowing partner → unit
    are not in it): counted from the agreement's lists where ``tallies`` has the indicator's
    ``tally`` (the transfer list holds rows), else from the consolidations of ``unit`` where the
    regulation names a source, else entered (kept from ``previous`` when there is one). One
    consolidation per template used."""
    known = indicators_of(regulation)
    previous = previous or {}
    tallies = tallies or {}
    cache: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for position, code in enumerate(sent_codes(regulation, codes)):
        indicator = known[code]
        if indicator.tally is not None and indicator.tally in tallies:
            count = tallies[indicator.tally]
            values[code] = entry(indicator, position, str(count), TRANSFERS)
            continue
        found = source_template(regulation, frequency, indicator)
        if found is None:
            kept = previous.get(code) or {}
            entered = kept.get("value") if kept.get("source") == ENTERED else None
            values[code] = entry(indicator, position, entered, ENTERED)
            continue
        template, report_code = found
        if template.code not in cache:
            try:
                cache[template.code] = consolidate(
                    unit, template.code, period_id=period.id, today=today
                )
            except ConsolidationError:
                cache[template.code] = None
        consolidation = cache[template.code]
        figure = consolidation.indicators.get(report_code) if consolidation else None
        link = reverse("consolidation", args=[unit.code, template.code, period.id])
        values[code] = entry(
            indicator,
            position,
            _stored(figure.value) if figure is not None else None,
            REPORT,
            template.code,
            link,
        )
    return values
