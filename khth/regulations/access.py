"""The read side: the regulations in force, parsed once per content and process.

``active_regulation()`` is the **base**: the levels and roles of the whole tree come from it, and
a unit that no scope reaches follows it. What one unit must produce and keep comes from the
version the unit follows, ``khth.units.regulation.regulation_for(unit)``; what an existing
report, plan or book holds comes from the version stored on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from khth.lib.errors import ActionRefused
from khth.lib.request_memo import remembered
from khth.regulations.models import RegulationContent, RegulationVersion
from khth.regulations.requirements import LevelRequirements, requirements_for_level
from khth.regulations.schema import Level, Regulation

__all__ = [
    "LevelRequirements",
    "RegulationNotLoaded",
    "active_regulation",
    "active_versions",
    "base_version",
    "level",
    "level_codes",
    "parsed_regulation",
    "regulation_of",
    "regulations_in_force",
    "require_task",
    "requirements_for_level",
    "role_permissions",
]


class RegulationNotLoaded(RuntimeError):
    def __init__(self) -> None:
        super().__init__(_("Chưa nạp quy định: chạy `khth regulation load`"))


# Parsed regulations by the checksum of their content: equal content is the same regulation,
# whichever row holds it (a version loaded again after a rollback or a restore gets a new pk but
# needs no new parse). A handful of versions is all a process ever reads.
_PARSED: dict[str, Regulation] = {}
_KEEP = 16


def parsed_regulation(checksum: str, content: Callable[[], Any]) -> Regulation:
    """The regulation of stored content, validated when it was loaded: only the model is rebuilt
    here (``content`` is called on the first use of a checksum), not the whole-file checks."""
    found = _PARSED.get(checksum)
    if found is None:
        found = Regulation.model_validate(content())
        if len(_PARSED) >= _KEEP:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[checksum] = found
    return found


def stored_content(pk: int) -> Callable[[], Any]:
    return lambda: RegulationContent.objects.values_list("content", flat=True).get(version_id=pk)


def active_regulation() -> Regulation:
    """The base regulation (the default one)."""
    key = remembered("base-regulation", _base_key)
    if key is None:
        raise RegulationNotLoaded
    pk, checksum = key
    return parsed_regulation(checksum, stored_content(pk))


def _base_key() -> tuple[int, str] | None:
    return RegulationVersion.objects.filter(is_base=True).values_list("pk", "checksum").first()


def base_version() -> RegulationVersion:
    """The stored row of the base regulation, without its content (read it through
    ``regulation_of``)."""
    found = RegulationVersion.objects.filter(is_base=True).first()
    if found is None:
        raise RegulationNotLoaded
    return found


def active_versions() -> dict[str, RegulationVersion]:
    """The version in force of every regulation code, without content: one query (once per
    request)."""
    return remembered("active-versions", _active_versions)


def _active_versions() -> dict[str, RegulationVersion]:
    return {v.code: v for v in RegulationVersion.objects.filter(is_active=True)}


def regulations_in_force() -> list[Regulation]:
    """Every regulation in force, the base first."""
    versions = sorted(active_versions().values(), key=lambda v: (not v.is_base, v.code))
    return [regulation_of(v) for v in versions]


def regulation_of(version: RegulationVersion) -> Regulation:
    """The parsed regulation of a stored version (validated when it was loaded)."""
    return parsed_regulation(version.checksum, stored_content(version.pk))


def level_codes() -> tuple[str, ...]:
    """Level codes from the top of the tree down."""
    return active_regulation().level_codes()


def level(code: str) -> Level:
    """Raises KeyError for a level the regulation in force does not have."""
    return active_regulation().level(code)


def role_permissions(role_code: str) -> frozenset[str]:
    """Raises KeyError for a role the regulation in force does not have."""
    return frozenset(active_regulation().role(role_code).permissions)


def require_task(
    regulation: Regulation, code: str, refused: Callable[[str], ActionRefused]
) -> None:
    """A document made for a task (nhiệm vụ) must name one of the regulation's: ``refused`` (the
    app's own error) says it has none."""
    try:
        regulation.task(code)
    except KeyError:
        raise refused(_("Không có nhiệm vụ «%(code)s» trong quy định") % {"code": code}) from None
