"""Loading and activating versions: idempotent, refusing silent changes, audited, all-or-nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from khth.audit import actions as audit_actions
from khth.audit.models import AuditEntry
from khth.regulations.actions import activate_version, load_regulation
from khth.regulations.loader import RegulationError
from khth.regulations.models import RegulationContent, RegulationVersion
from tests.regulations.helpers import new_version, to_yaml

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_load_creates_and_activates(default_text: str) -> None:
    version, created = load_regulation(default_text, "default.yaml", by=None)
    assert created
    assert version.is_active
    assert (version.code, version.version, version.source_name) == (
        "ctd-ctct",
        "2017.1-khth.5",
        "default.yaml",
    )
    content = RegulationContent.objects.get(version=version).content
    assert content["levels"][0]["code"] == "tong-cuc"
    assert content["regulation"]["effective_from"] == "2017-08-01"
    assert len(version.checksum) == 64
    assert _actions() == ["regulations.version.loaded", "regulations.version.activated"]
    loaded = AuditEntry.objects.get(action="regulations.version.loaded")
    assert loaded.actor is None
    assert loaded.after is not None and loaded.after["version"] == "2017.1-khth.5"


def test_load_is_idempotent(default_text: str) -> None:
    first, _ = load_regulation(default_text, "default.yaml", by=None)
    again, created = load_regulation(default_text, "default.yaml", by=None)
    assert not created
    assert again.pk == first.pk
    assert RegulationVersion.objects.count() == 1
    assert len(_actions()) == 2


def test_comments_and_layout_do_not_change_the_checksum(default_text: str) -> None:
    first, _ = load_regulation(default_text, "default.yaml", by=None)
    reformatted = "# sửa chú thích\n" + default_text.replace("\nlevels:", "\n\nlevels:")
    again, created = load_regulation(reformatted, "default.yaml", by=None)
    assert not created
    assert again.pk == first.pk


def test_changed_content_under_the_same_version_is_refused(
    default_text: str, default_data: dict[str, Any]
) -> None:
    load_regulation(default_text, "default.yaml", by=None)
    default_data["levels"][5]["name"] = "Đại đội"
    with pytest.raises(RegulationError) as info:
        load_regulation(to_yaml(default_data), "sua.yaml", by=None)
    assert info.value.problems == [
        "sua.yaml: regulation.version: phiên bản 2017.1-khth.5 của quy định ctd-ctct đã được "
        "nạp với nội dung khác; hãy đặt phiên bản mới cho tệp"
    ]
    assert RegulationVersion.objects.count() == 1


def test_a_new_version_replaces_the_active_one(
    default_text: str, default_data: dict[str, Any], django_user_model: Any
) -> None:
    operator = django_user_model.objects.create_user("qt", "mat-khau-dai-du", full_name="Quản Trị")
    old, _ = load_regulation(default_text, "default.yaml", by=None)
    new, created = load_regulation(
        to_yaml(new_version(default_data, "2017.1-khth.6")), "ban-2.yaml", by=operator
    )
    assert created
    old.refresh_from_db()
    assert (old.is_active, new.is_active) == (False, True)
    assert new.loaded_by == operator
    activated = AuditEntry.objects.filter(action="regulations.version.activated").latest("id")
    assert activated.actor == operator
    assert activated.object_id == str(new.pk)
    assert activated.before == {
        "is_active": False,
        "is_base": False,
        "active": "ctd-ctct 2017.1-khth.5",
    }
    # The same code as the base: the new version is the base in its turn.
    assert activated.after == {
        "is_active": True,
        "is_base": True,
        "active": "ctd-ctct 2017.1-khth.6",
    }
    assert (old.is_base, new.is_base) == (False, True)


def test_load_without_activation(default_text: str, default_data: dict[str, Any]) -> None:
    old, _ = load_regulation(default_text, "default.yaml", by=None)
    new, _ = load_regulation(
        to_yaml(new_version(default_data, "2017.1-khth.6")), "b.yaml", by=None, activate=False
    )
    old.refresh_from_db()
    assert (old.is_active, new.is_active) == (True, False)


def test_activate_an_older_version_again(default_text: str, default_data: dict[str, Any]) -> None:
    old, _ = load_regulation(default_text, "default.yaml", by=None)
    load_regulation(to_yaml(new_version(default_data, "2017.1-khth.6")), "b.yaml", by=None)
    count = AuditEntry.objects.count()
    activate_version(old, by=None)
    assert RegulationVersion.objects.get(is_active=True).pk == old.pk
    assert AuditEntry.objects.count() == count + 1
    # Activating what is already active changes nothing and logs nothing.
    activate_version(old, by=None)
    assert AuditEntry.objects.count() == count + 1


def test_failure_leaves_nothing_half_saved(
    default_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = audit_actions.log_action

    def failing(action: str, *args: Any, **kwargs: Any) -> Any:
        if action == "regulations.version.activated":
            raise RuntimeError("ổ đĩa đầy")
        return real(action, *args, **kwargs)

    monkeypatch.setattr("khth.regulations.actions.log_action", failing)
    with pytest.raises(RuntimeError):
        load_regulation(default_text, "default.yaml", by=None)
    assert RegulationVersion.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_invalid_file_writes_nothing(default_data: dict[str, Any]) -> None:
    default_data["levels"][0]["code"] = "Tổng cục"
    with pytest.raises(RegulationError):
        load_regulation(to_yaml(default_data), "x.yaml", by=None)
    assert RegulationVersion.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_database_allows_one_active_version_only(
    default_text: str, default_data: dict[str, Any]
) -> None:
    load_regulation(default_text, "default.yaml", by=None)
    other, _ = load_regulation(
        to_yaml(new_version(default_data, "2")), "b.yaml", by=None, activate=False
    )
    other.is_active = True
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save(update_fields=["is_active"])
