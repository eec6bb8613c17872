"""Values for many reports at once, for the import (khth/reports/imports.py).

``save_values`` does for thousands of reports what ``open_report`` and then ``save_report(report,
Content(values=…), base_version=report.version)`` (khth/reports/actions.py) do for one — the same
rules and messages, the same row locks, the same rows and audit entries — in a few statements per
``BATCH`` reports: the reports it writes to are read and locked once, new ones inserted together,
their values read once and written with bulk inserts and updates. Through the single path a
report took 45–65 ms (a query or two per value), 15–20 minutes for 20,000 of them; here about
4 ms (docs/performance.md, "Imports").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from khth.audit.actions import audit_entry, log_actions
from khth.lib import clock
from khth.lib.bulk import BATCH, batched, update_rows
from khth.regulations.models import RegulationVersion
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.actions import (
    ContentError,
    ReportError,
    check_editable,
    check_opening,
    checked_values,
    new_report,
    opened_entry,
    prefill_from_subordinates,
    write_values,
)
from khth.reports.models import Report
from khth.reports.template import template_of
from khth.reports.values import Value
from khth.units.models import Unit, UnitPlacement, on_date_q
from khth.units.regulation import Resolver

Key = tuple[int, str, str]  # unit, template, period: one report of a regular period


@dataclass(frozen=True)
class ValuesFor:
    """Typed values for a unit's report of a template and period, as an edit carries them."""

    unit: Unit
    template_code: str
    period_id: str
    values: dict[str, str | None]

    @property
    def key(self) -> Key:
        return (self.unit.pk, self.template_code, self.period_id)


class ItemRefused(ReportError):
    """The rules refused the item at ``index`` (``error`` says why); nothing was saved."""

    def __init__(self, index: int, error: ReportError) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


@dataclass
class _Plan:
    report: Report  # unsaved when the save opens it
    template: ReportTemplate
    values: dict[str, Value]


@transaction.atomic
def save_values(items: Sequence[ValuesFor], *, by: Any) -> list[Report]:
    """Open each item's report if need be and store its values, all or nothing; the reports, in
    the order of ``items`` (one item per report). Raises ``ItemRefused`` for the first item, in
    order, that ``open_report`` or ``save_report`` would refuse."""
    try:
        with transaction.atomic():
            return _save(items, by)
    except IntegrityError:
        # Someone opened one of the reports since they were read: read everything again and
        # use their report, as open_report does.
        return _save(items, by)


def _save(items: Sequence[ValuesFor], by: Any) -> list[Report]:
    existing = _locked(items)
    resolver = Resolver.load() if len(existing) < len(items) else None
    plans = []
    for index, item in enumerate(items):
        try:
            plans.append(_plan(item, existing.get(item.key), resolver, by))
        except ReportError as exc:
            raise ItemRefused(index, exc) from None
    opened = [plan for plan in plans if plan.report.pk is None]
    Report.objects.bulk_create([plan.report for plan in opened], batch_size=BATCH)
    _prefill(opened)
    changed = write_values([(plan.report, plan.values) for plan in plans])
    now = clock.now()
    saved = [plan.report for plan in plans if changed[plan.report.pk]]
    for report in saved:
        report.version += 1
        report.updated_at = now
        report.updated_by = by
    update_rows(saved, ["version", "updated_at", "updated_by"])
    entries = [
        audit_entry("reports.report.opened", plan.report, by=by, **opened_entry(plan.report))
        for plan in opened
    ]
    entries.extend(
        audit_entry(
            "reports.report.updated",
            report,
            by=by,
            after={
                "changed": [f"value:{code}" for code in changed[report.pk]],
                "version": report.version,
            },
            unit_path=report.unit.path,
        )
        for report in saved
    )
    log_actions(entries)
    return [plan.report for plan in plans]


def _locked(items: Sequence[ValuesFor]) -> dict[Key, Report]:
    """The items' reports that exist, locked as ``save_report`` locks one (a query per
    ``BATCH`` units of each template and period)."""
    units: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in items:
        units[(item.template_code, item.period_id)].add(item.unit.pk)
    found: dict[Key, Report] = {}
    for (template_code, period_id), unit_ids in units.items():
        for chunk in batched(sorted(unit_ids)):
            # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
            for report in (
                Report.objects.select_for_update(of=("self",))
                .select_related("unit")
                .filter(
                    unit_id__in=chunk,
                    template_code=template_code,
                    period_id=period_id,
                    request__isnull=True,
                )
                .order_by("pk")
            ):
                found[(report.unit_id, template_code, period_id)] = report
    with_regulations(found.values())
    return found


def with_regulations(reports: Iterable[Report]) -> None:
    """Give each report its regulation version, read once per version (a handful) rather than
    joined to each of thousands of reports."""
    reports = list(reports)
    ids = {report.regulation_id for report in reports}
    versions = {version.pk: version for version in RegulationVersion.objects.filter(pk__in=ids)}
    for report in reports:
        report.regulation = versions[report.regulation_id]


def _plan(item: ValuesFor, report: Report | None, resolver: Resolver | None, by: Any) -> _Plan:
    """What saving ``item`` writes, checked as open_report and save_report check it."""
    if report is None:
        assert resolver is not None  # noqa: S101 (loaded whenever a report is missing)
        version = resolver.version(item.unit)
        tmpl, period = check_opening(item.unit, item.template_code, item.period_id, version)
        report = new_report(
            item.unit, version, tmpl.code, period.id, period.start, period.end, None, by
        )
    else:
        check_editable(report)
    tmpl = template_of(report.regulation, report.template_code)
    values, problems = checked_values(tmpl, item.values)
    if problems:
        raise ContentError(problems)
    return _Plan(report, tmpl, values)


def _prefill(opened: Sequence[_Plan]) -> None:
    """New reports of units with subordinates start from their texts, as open_report's do;
    the units without any (most of an army: its companies) cost one query per ``BATCH``."""
    by_day: dict[dt.date, list[_Plan]] = defaultdict(list)
    for plan in opened:
        by_day[plan.report.period_end].append(plan)
    for day, plans in by_day.items():
        parents: set[int] = set()
        for chunk in batched(sorted({plan.report.unit_id for plan in plans})):
            parents.update(
                UnitPlacement.objects.filter(on_date_q(day), parent_id__in=chunk).values_list(
                    "parent_id", flat=True
                )
            )
        for plan in plans:
            if plan.report.unit_id in parents:
                prefill_from_subordinates(plan.report, plan.template)
