"""Loading and activating regulation versions. The CLI, the UI and the tests all go through here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.lib import clock, request_memo
from khth.regulations.access import regulation_of
from khth.regulations.loader import RegulationError, parse_regulation
from khth.regulations.models import RegulationContent, RegulationVersion
from khth.regulations.schema import Regulation


def content_of(regulation: Regulation) -> dict[str, Any]:
    return regulation.model_dump(mode="json")


def checksum_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_regulation(
    text: str, source: str, *, by: Any, activate: bool = True, base: bool = False
) -> tuple[RegulationVersion, bool]:
    """Validate and store a regulation file; returns the version and whether it is new.

    Loading the same content again is a no-op, so the command can run on every deployment. The
    same version with other content is refused: reports name the version they were made under,
    and it must keep meaning one thing. Activating replaces only the active version of the
    file's own code (``activate_version``).
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
                if base and not existing.is_base:
                    activate_version(existing, by=by, base=True)
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
            checksum=checksum,
            source_name=source[:255],
            loaded_at=clock.now(),
            loaded_by=by if getattr(by, "pk", None) is not None else None,
            is_active=False,
        )
        RegulationContent.objects.create(version=version, content=content)
        log_action("regulations.version.loaded", version, by=by, after=version.summary())
        if activate:
            activate_version(version, by=by, base=base, regulation=regulation, source=source)
    return version, True


def activate_version(
    version: RegulationVersion,
    *,
    by: Any,
    base: bool = False,
    regulation: Regulation | None = None,
    source: str = "",
) -> RegulationVersion:
    """Put ``version`` in force for its code: it replaces the active version of the same code
    only. It is the base when ``base`` is asked, when its code is the base's, or when there is
    no base yet (the first file loaded). A version that is not the base must name the same
    levels as the base (levels and roles are one for the army); a new base must still have
    every level the variants in force name. Activating the active version changes nothing."""
    with transaction.atomic():
        locked = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        active = list(RegulationVersion.objects.select_for_update().filter(is_active=True))
        current_base = next((v for v in active if v.is_base), None)
        previous = next((v for v in active if v.code == locked.code), None)
        becomes_base = (
            base or current_base is None or current_base.code == locked.code or locked.is_base
        )
        if locked.is_active and locked.is_base == becomes_base:
            version.is_active, version.is_base = locked.is_active, locked.is_base
            return version
        parsed = regulation or regulation_of(locked)
        where = source or locked.source_name
        if becomes_base or current_base is None:
            others = [v for v in active if v.code != locked.code]
            problems = [
                line
                for other in others
                for line in level_differences(regulation_of(other), parsed, where)
            ]
        else:
            problems = level_differences(parsed, regulation_of(current_base), where)
        if problems:
            raise RegulationError(problems)
        # Deactivate first: the constraints are checked row by row, not at commit.
        replaced = [v for v in (previous, current_base if becomes_base else None) if v]
        for old in {v.pk: v for v in replaced if v.pk != locked.pk}.values():
            old.is_active = old.is_active and old.code != locked.code
            old.is_base = False
            old.save(update_fields=["is_active", "is_base"])
        before = {
            "is_active": locked.is_active,
            "is_base": locked.is_base,
            "active": str(previous) if previous else None,
        }
        locked.is_active = True
        locked.is_base = becomes_base
        locked.save(update_fields=["is_active", "is_base"])
        log_action(
            "regulations.version.activated",
            locked,
            by=by,
            before=before,
            after={"is_active": True, "is_base": becomes_base, "active": str(locked)},
        )
    version.is_active, version.is_base = True, becomes_base
    request_memo.forget()
    return version


def level_differences(variant: Regulation, base: Regulation, source: str) -> list[str]:
    """Why ``variant`` cannot stand beside ``base``: the levels it names that the base does not.
    Units, accounts and roles are one tree for the army, so a variant may use fewer levels
    (a Border Guard post has no division above it in the file) but never other ones."""
    missing = [code for code in variant.level_codes() if code not in base.level_codes()]
    if not missing:
        return []
    meta = variant.regulation
    return [
        _(
            "%(source)s: levels: quy định %(code)s phiên bản %(version)s có cấp %(levels)s mà "
            "quy định chung %(base)s không có; các cấp phải trùng mã với quy định chung "
            "(%(known)s)"
        )
        % {
            "source": source,
            "code": meta.code,
            "version": meta.version,
            "levels": ", ".join(missing),
            "base": base.regulation.code,
            "known": ", ".join(base.level_codes()),
        }
    ]
