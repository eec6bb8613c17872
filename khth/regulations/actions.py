"""Loading and activating regulation versions. The CLI, the UI and the tests all go through here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.lib import clock
from khth.regulations.loader import RegulationError, parse_regulation
from khth.regulations.models import RegulationVersion
from khth.regulations.schema import Regulation


def content_of(regulation: Regulation) -> dict[str, Any]:
    return regulation.model_dump(mode="json")


def checksum_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_regulation(
    text: str, source: str, *, by: Any, activate: bool = True
) -> tuple[RegulationVersion, bool]:
    """Validate and store a regulation file; returns the version and whether it is new.

    Loading the same content again is a no-op, so the command can run on every deployment. The
    same version with other content is refused: reports name the version they were made under,
    and it must keep meaning one thing.
    """
    regulation = parse_regulation(text, source)
    meta = regulation.regulation
    content = content_of(regulation)
    checksum = checksum_of(content)
    with transaction.atomic():
        existing = (
            RegulationVersion.objects.select_for_update()
            .filter(code=meta.code, version=meta.version)
            .first()
        )
        if existing is not None:
            if existing.checksum == checksum:
                return existing, False
            raise RegulationError(
                [
                    _(
                        "%(source)s: regulation.version: phiên bản %(version)s của quy định "
                        "%(code)s đã được nạp với nội dung khác; hãy đặt phiên bản mới cho tệp"
                    )
                    % {"source": source, "version": meta.version, "code": meta.code}
                ]
            )
        version = RegulationVersion.objects.create(
            code=meta.code,
            version=meta.version,
            title=meta.title,
            effective_from=meta.effective_from,
            content=content,
            checksum=checksum,
            source_name=source[:255],
            loaded_at=clock.now(),
            loaded_by=by if getattr(by, "pk", None) is not None else None,
            is_active=False,
        )
        log_action("regulations.version.loaded", version, by=by, after=version.summary())
        if activate:
            activate_version(version, by=by)
    return version, True


def activate_version(version: RegulationVersion, *, by: Any) -> RegulationVersion:
    """Make ``version`` the one in force. Activating the active version changes nothing."""
    with transaction.atomic():
        locked = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_active:
            previous = RegulationVersion.objects.select_for_update().filter(is_active=True).first()
            # Deactivate first: the one-active constraint is checked row by row, not at commit.
            if previous is not None:
                previous.is_active = False
                previous.save(update_fields=["is_active"])
            locked.is_active = True
            locked.save(update_fields=["is_active"])
            log_action(
                "regulations.version.activated",
                locked,
                by=by,
                before={"is_active": False, "active": str(previous) if previous else None},
                after={"is_active": True, "active": str(locked)},
            )
    version.is_active = True
    return version
