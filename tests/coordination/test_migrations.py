"""The migration that began counting edits: rows made before it take when they were made as
their last change (an exchange report: when it was generated)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from khth.coordination.actions import generate_exchange
from khth.coordination.models import Agreement, ExchangeReport, JointActivity, Partner

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def test_rows_made_before_take_when_they_were_made(world, agreement):
    generate_exchange(agreement, "2024Q3", by=world.users["po_b1"])
    models = (Partner, Agreement, ExchangeReport)
    for model in models:
        model.objects.update(updated_at=LONG_AGO)
    migration = importlib.import_module(
        "khth.coordination.migrations.0002_edits_counted_by_revision"
    )
    migration.fill_updated_at(apps, None)
    partner, agreement = Partner.objects.get(), Agreement.objects.get()
    report = ExchangeReport.objects.get()
    assert partner.updated_at == partner.created_at != LONG_AGO
    assert agreement.updated_at == agreement.created_at != LONG_AGO
    assert report.updated_at == report.generated_at != LONG_AGO
    assert set(migration.MADE_AT) == {m.__name__ for m in (*models, JointActivity)}
