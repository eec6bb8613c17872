"""Follow-up of remedies: the owner closes with evidence, the inspector reopens a closure it
does not accept, and overdue remedies are reminded to both sides."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.inspections import access
from khth.inspections.actions.common import (
    MAX_TEXT,
    InspectionError,
    detail_link,
    label,
    require_manager,
    text_field,
)
from khth.inspections.followup import REMIND_EVERY_DAYS, open_past_deadline
from khth.inspections.models import Remedy, RemedyEvidence
from khth.lib import clock
from khth.lib.uploads import Upload, checked_upload, discard_file, new_upload_row, storing
from khth.notifications.actions import in_system_language, notify
from khth.units.models import Unit


def _locked_remedy(remedy: Remedy) -> Remedy:
    return (
        Remedy.objects.select_for_update(of=("self",))
        .select_related("owner", "finding", "finding__unit", "finding__inspection__by_unit")
        .get(pk=remedy.pk)
    )


@transaction.atomic
def close_remedy(
    remedy: Remedy, *, evidence: str, by: Any, upload: File[bytes] | None = None
) -> Remedy:
    """The owner unit reports the remedy done: what was done (required) and, optionally, a file
    that shows it. The inspecting unit's people are told."""
    remedy = _locked_remedy(remedy)
    if not access.can_respond(by, remedy):
        raise InspectionError(
            _("Chỉ cán bộ của %(unit)s có quyền mới báo cáo được kết quả khắc phục")
            % {"unit": remedy.owner.name}
        )
    if remedy.status != Remedy.OPEN:
        raise InspectionError(_("Việc khắc phục này đã được báo cáo hoàn thành"))
    text = text_field(evidence, MAX_TEXT, _("kết quả khắc phục (minh chứng)"))
    # A refused file is refused before any change.
    checked = checked_upload(upload, InspectionError) if upload is not None else None
    before = {"status": remedy.status}
    remedy.status = Remedy.CLOSED
    remedy.evidence = text
    remedy.closed_at = clock.now()
    remedy.closed_by = by
    remedy.save(update_fields=["status", "evidence", "closed_at", "closed_by"])
    inspection = remedy.finding.inspection
    stored: RemedyEvidence | None = None
    try:
        if upload is not None and checked is not None:
            stored = _store_evidence(remedy, upload, checked, by)
        log_action(
            "inspections.remedy.closed",
            remedy,
            by=by,
            unit_path=remedy.owner.path,
            before=before,
            after={
                "status": remedy.status,
                "evidence": text,
                "file": stored.original_name if stored else None,
            },
        )
        notify(
            access.managers_of(inspection.by_unit),
            in_system_language(
                gettext_noop("%(unit)s báo cáo đã khắc phục: %(action)s"),
                {"unit": label(remedy.owner), "action": remedy.action[:200]},
            ),
            link=detail_link(inspection, f"remedy-{remedy.pk}"),
            exclude=by,
        )
    except Exception:
        # The file reached the disk before the rows: do not leave it behind on failure.
        discard_file(stored)
        raise
    return remedy


def _store_evidence(
    remedy: Remedy, upload: File[bytes], checked: Upload, by: Any
) -> RemedyEvidence:
    stored = new_upload_row(RemedyEvidence, checked, by=by, remedy=remedy)
    with storing(stored, upload):
        stored.save()
    return stored


@transaction.atomic
def reopen_remedy(remedy: Remedy, *, note: str, by: Any) -> Remedy:
    """The inspecting unit does not accept a closure: the remedy is open again, with why."""
    remedy = _locked_remedy(remedy)
    inspection = remedy.finding.inspection
    require_manager(inspection, by)
    if remedy.status != Remedy.CLOSED:
        raise InspectionError(_("Việc khắc phục này chưa được báo cáo hoàn thành"))
    text = text_field(note, 2000, _("lý do chưa chấp nhận kết quả khắc phục"))
    remedy.status = Remedy.OPEN
    remedy.reopen_note = text
    remedy.reopened_at = clock.now()
    remedy.reopened_by = by
    remedy.closed_at = None
    remedy.closed_by = None
    remedy.reminded_on = None
    remedy.save(
        update_fields=[
            "status",
            "reopen_note",
            "reopened_at",
            "reopened_by",
            "closed_at",
            "closed_by",
            "reminded_on",
        ]
    )
    log_action(
        "inspections.remedy.reopened",
        remedy,
        by=by,
        unit_path=inspection.by_unit.path,
        before={"status": Remedy.CLOSED, "evidence": remedy.evidence},
        after={"status": remedy.status},
        note=text,
    )
    notify(
        access.responders_of(remedy.owner),
        in_system_language(
            gettext_noop("%(inspector)s chưa chấp nhận kết quả khắc phục: %(note)s"),
            {"inspector": label(inspection.by_unit), "note": text[:200]},
        ),
        link=detail_link(inspection, f"remedy-{remedy.pk}"),
        exclude=by,
    )
    return remedy


# --- reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminded:
    remedies: int
    notifications: int


@transaction.atomic
def remind_overdue(today: dt.date) -> Reminded:
    """Tell both sides of each remedy overdue on ``today``: the owner unit's people and the
    inspecting unit's. One notification per person and unit, with the count; a remedy is told
    about again only ``REMIND_EVERY_DAYS`` days later, so running this twice (or daily) does not
    repeat it."""
    due_again = today - dt.timedelta(days=REMIND_EVERY_DAYS)
    remedies = list(
        Remedy.objects.select_for_update(of=("self",))
        .filter(open_past_deadline(today))
        .exclude(reminded_on__gt=due_again)
        .select_related("owner", "finding__inspection__by_unit")
        .order_by("owner__path", "deadline", "pk")
    )
    owned: dict[int, list[Remedy]] = defaultdict(list)
    assigned: dict[int, list[Remedy]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for remedy in remedies:
        inspector = remedy.finding.inspection.by_unit
        owned[remedy.owner_id].append(remedy)
        assigned[inspector.pk].append(remedy)
        units[remedy.owner_id] = remedy.owner
        units[inspector.pk] = inspector
    sent = _tell_overdue(
        owned,
        units,
        access.responders_of,
        gettext_noop("%(unit)s có %(n)s việc khắc phục sau kiểm tra đã quá hạn"),
    )
    sent += _tell_overdue(
        assigned,
        units,
        access.managers_of,
        gettext_noop("%(n)s việc khắc phục %(unit)s giao sau kiểm tra đã quá hạn"),
    )
    for remedy in remedies:
        remedy.reminded_on = today
        remedy.save(update_fields=["reminded_on"])
        log_action(
            "inspections.remedy.reminded",
            remedy,
            by=None,
            unit_path=remedy.owner.path,
            after={"on": today.isoformat(), "deadline": remedy.deadline.isoformat()},
        )
    return Reminded(remedies=len(remedies), notifications=sent)


def _tell_overdue(
    remedies: dict[int, list[Remedy]],
    units: dict[int, Unit],
    people: Callable[[Unit], QuerySet[Any]],
    message: str,
) -> int:
    """One notification per unit of ``remedies`` (by unit id) to its ``people``: ``message``
    with the unit and the count, linking to the unit's overdue remedies."""
    sent = 0
    for unit_id, rows in remedies.items():
        unit = units[unit_id]
        sent += notify(
            people(unit),
            in_system_language(message, {"unit": label(unit), "n": len(rows)}),
            link=reverse("inspection-remedies", args=[unit.code]) + "?state=overdue",
        )
    return sent
