"""The demo year, part by part, in the order each part needs the previous ones: reports and
consolidations, plans, books and registers, evaluations and awards, inspections, reviews,
coordination, directives; then the search index."""

from __future__ import annotations

import datetime as dt

from khth.demo.context import Year
from khth.demo.coordination import build_coordination
from khth.demo.directives import build_directives
from khth.demo.evaluations import build_evaluations
from khth.demo.inspections import build_inspections
from khth.demo.plans import build_plans
from khth.demo.records import build_records
from khth.demo.reports import build_reports
from khth.demo.reviews import build_reviews
from khth.search.index import reindex


def build_year(today: dt.date, start: dt.date) -> Year:
    year = Year.load(today)
    build_reports(year)
    build_plans(year)
    build_records(year, start)
    build_evaluations(year)
    build_inspections(year)
    build_reviews(year)
    build_coordination(year)
    build_directives(year)
    # The index is kept up to date by searching; built here so the first search is instant.
    reindex()
    return year
