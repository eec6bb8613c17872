"""The read side: the active regulation, parsed once per version."""

from __future__ import annotations

from typing import Any

import pytest

from khth.regulations.access import (
    RegulationNotLoaded,
    active_regulation,
    level,
    level_codes,
    role_permissions,
)
from khth.regulations.actions import activate_version, load_regulation
from tests.regulations.helpers import new_version, to_yaml

pytestmark = pytest.mark.django_db


def test_nothing_loaded() -> None:
    with pytest.raises(RegulationNotLoaded) as info:
        active_regulation()
    assert str(info.value) == "Chưa nạp quy định: chạy `khth regulation load`"


def test_parsed_once_per_version(default_text: str, django_assert_num_queries: Any) -> None:
    load_regulation(default_text, "default.yaml", by=None)
    first = active_regulation()
    # One small query to learn which version is active; no content, no validation.
    with django_assert_num_queries(1):
        assert active_regulation() is first


def test_follows_the_active_version(default_text: str, default_data: dict[str, Any]) -> None:
    old, _ = load_regulation(default_text, "default.yaml", by=None)
    assert active_regulation().regulation.version == "2017.1-khth.5"
    load_regulation(to_yaml(new_version(default_data, "2017.1-khth.5")), "b.yaml", by=None)
    assert active_regulation().regulation.version == "2017.1-khth.5"
    activate_version(old, by=None)
    assert active_regulation().regulation.version == "2017.1-khth.5"


def test_helpers(default_text: str) -> None:
    load_regulation(default_text, "default.yaml", by=None)
    assert level_codes()[0] == "tong-cuc"
    assert level_codes()[-1] == "trung-doi"
    assert level("su-doan").political_agency == "Phòng Chính trị"
    assert role_permissions("commander") == frozenset(
        {
            "unit.view",
            "audit.view",
            "document.read_mat",
            "document.read_toi_mat",
            "document.read_tuyet_mat",
        }
    )
    assert "report.submit" in role_permissions("political_officer")
    assert "report.submit" not in role_permissions("assistant")
    with pytest.raises(KeyError):
        level("lu-doan")
