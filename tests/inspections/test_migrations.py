"""The migration that began counting edits: inspections planned before it take when they were
planned as their last change."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from khth.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_inspections_planned_before_take_when_they_were_planned(planned):
    Inspection.objects.update(updated_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    migration = importlib.import_module(
        "khth.inspections.migrations.0002_inspection_edits_counted_by_revision"
    )
    migration.fill_updated_at(apps, None)
    planned.refresh_from_db()
    assert planned.updated_at == planned.created_at
