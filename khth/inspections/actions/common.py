"""What the inspection actions share: the error they raise, the regulation's lists, text
checks, the lock on an inspection and the two conditions most actions start with."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khth.inspections import access
from khth.inspections.models import Inspection
from khth.lib.errors import ActionRefused
from khth.lib.vietnamese import nfc
from khth.regulations.access import active_regulation
from khth.units.models import Unit

MAX_TEXT = 5000


class InspectionError(ActionRefused):
    """A refused inspection action; the message says why, in the user's language."""


class ConflictError(InspectionError):
    """An edit of the plan or the conclusion made on a revision older than ``current``'s:
    nothing was stored. ``current`` is the inspection as the other person left it."""

    def __init__(self, current: Inspection) -> None:
        self.current = current
        who = current.updated_by.full_name if current.updated_by else _("người khác")
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            _(
                "Cuộc kiểm tra đã được %(who)s lưu lúc %(when)s (lần lưu %(revision)s) sau khi "
                "bạn mở. Thay đổi của bạn chưa được lưu."
            )
            % {"who": who, "when": when, "revision": current.revision}
        )


def require_revision(inspection: Inspection, base_revision: int) -> None:
    """Refuse an edit made on an older revision of the locked ``inspection``."""
    if inspection.revision != base_revision:
        raise ConflictError(inspection)


def area_names() -> dict[str, str]:
    """The regulation's inspection areas, code → name, in the regulation's order."""
    return {a.code: a.name for a in active_regulation().followup.inspection_areas}


def document_kind_names() -> dict[str, str]:
    return {k.code: k.name for k in active_regulation().document_kinds}


def text_field(value: str, limit: int, name: str, *, required: bool = True) -> str:
    """``value`` in NFC, trimmed; refused (naming the field) when empty, too long or with a NUL
    (which PostgreSQL cannot store)."""
    text = nfc(value or "").strip()
    if required and not text:
        raise InspectionError(_("Chưa ghi %(field)s") % {"field": name})
    if len(text) > limit:
        raise InspectionError(_("%(field)s dài quá %(n)s ký tự") % {"field": name, "n": limit})
    if "\x00" in text:
        raise InspectionError(_("%(field)s có ký tự không hợp lệ") % {"field": name})
    return text


def label(unit: Unit) -> str:
    return unit.short_name or unit.name


def detail_link(inspection: Inspection, anchor: str = "") -> str:
    link = reverse("inspection-detail", args=[inspection.pk])
    return f"{link}#{anchor}" if anchor else link


def locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("by_unit", "updated_by")
        .get(pk=inspection.pk)
    )


def require_manager(inspection: Inspection, by: Any) -> None:
    if not access.can_manage(by, inspection):
        raise InspectionError(
            _("Chỉ cán bộ của %(unit)s có quyền kiểm tra mới ghi được việc này")
            % {"unit": inspection.by_unit.name}
        )


def require_planned(inspection: Inspection) -> None:
    if inspection.status != Inspection.PLANNED:
        raise InspectionError(
            _("Cuộc kiểm tra đã kết luận: muốn sửa, hãy mở lại kết luận (ghi lý do)")
        )
