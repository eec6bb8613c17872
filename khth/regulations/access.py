"""The read side: the regulation in force, parsed once per version and process."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from khth.lib.errors import ActionRefused
from khth.regulations.models import RegulationVersion
from khth.regulations.requirements import LevelRequirements, requirements_for_level
from khth.regulations.schema import Level, Regulation

__all__ = [
    "LevelRequirements",
    "RegulationNotLoaded",
    "active_regulation",
    "level",
    "level_codes",
    "require_task",
    "requirements_for_level",
    "role_permissions",
]


class RegulationNotLoaded(RuntimeError):
    def __init__(self) -> None:
        super().__init__(_("Chưa nạp quy định: chạy `khth regulation load`"))


# ((pk, checksum), parsed). Keyed by checksum as well as pk so that a row rewritten in place (a
# restored backup) is parsed again; activating another version changes the pk.
_cache: tuple[tuple[int, str], Regulation] | None = None


def active_regulation() -> Regulation:
    global _cache
    key = RegulationVersion.objects.filter(is_active=True).values_list("pk", "checksum").first()
    if key is None:
        raise RegulationNotLoaded
    cached = _cache
    if cached is not None and cached[0] == key:
        return cached[1]
    content = RegulationVersion.objects.values_list("content", flat=True).get(pk=key[0])
    # Validated when it was loaded: only the model is rebuilt here, not the whole-file checks.
    regulation = Regulation.model_validate(content)
    _cache = (key, regulation)
    return regulation


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
