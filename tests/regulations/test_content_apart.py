"""A version's content lives apart from its row (regulations.0003, models.RegulationContent):
the migration carries the stored content over and back."""

from __future__ import annotations

from typing import Any

import pytest

from khth.regulations.models import RegulationContent
from tests.migrating import latest, migrated

BEFORE = [("regulations", "0002_version_per_code_and_base")]
AFTER = [("regulations", "0003_content_apart")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_content_and_back(regulation: Any) -> None:
    stored = RegulationContent.objects.get(version__is_base=True).content
    try:
        old = migrated(BEFORE)
        versions = old.get_model("regulations", "RegulationVersion")
        assert versions.objects.get(is_base=True).content == stored
        new = migrated(AFTER)
        contents = new.get_model("regulations", "RegulationContent")
        assert contents.objects.get(version__is_base=True).content == stored
    finally:
        latest()
