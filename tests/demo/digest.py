"""A digest of the demo's key tables, by natural keys (never primary keys, which differ from one
database to the next) and dates: two builds on the same day must give the same digest."""

from __future__ import annotations

import hashlib
import json

from khth.docsystem.records.models import BookEntry
from khth.docsystem.register.models import RegisteredDocument
from khth.evaluations.models import Evaluation
from khth.plans.models import Plan
from khth.reports.models import IndicatorValue, Report
from khth.units.models import Unit


def _day(moment: object) -> str:
    return str(getattr(moment, "date", lambda: moment)()) if moment is not None else ""


def digest() -> str:
    rows: list[object] = []
    rows += list(Unit.objects.order_by("code").values_list("code", "name", "level", "depth"))
    rows += [
        (r.unit.code, r.template_code, r.period_id, r.status, _day(r.first_submitted_at))
        for r in Report.objects.select_related("unit").order_by(
            "unit__code", "template_code", "period_id", "request_id"
        )
    ]
    rows += list(
        IndicatorValue.objects.order_by(
            "report__unit__code", "report__template_code", "report__period_id", "indicator_code"
        ).values_list("report__unit__code", "report__period_id", "indicator_code", "number")
    )
    rows += list(
        Plan.objects.order_by("unit__code", "kind_code", "period_id", "version").values_list(
            "unit__code", "kind_code", "period_id", "status", "title"
        )
    )
    rows += list(
        BookEntry.objects.order_by("unit__code", "book_code", "line", "pk").values_list(
            "unit__code", "book_code", "line", "values"
        )
    )
    rows += list(
        RegisteredDocument.objects.order_by("unit__code", "direction", "number_text").values_list(
            "unit__code", "direction", "number_text", "dated"
        )
    )
    rows += list(
        Evaluation.objects.order_by("unit__code", "period_id").values_list(
            "unit__code", "period_id", "status", "decided_level"
        )
    )
    text = json.dumps(rows, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
