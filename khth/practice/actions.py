"""Marking a unit's work as a model of good practice, and taking the mark back. Audited; only a
superior of the unit marks (khth.practice.access.can_mark), and only finished work: a report
sent, a plan in force, a finished typed document."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.docsystem.records.models import TypedDocument
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.vietnamese import fold, nfc
from khth.plans.models import Plan
from khth.practice import access
from khth.practice.models import Exemplar
from khth.reports.models import Report

Work = Report | Plan | TypedDocument


class PracticeError(ActionRefused):
    """A refused mark; the message says why."""


def describe(work: Work) -> tuple[str, str, str, bool]:
    """(kind, code, title, finished) of a report, plan or typed document."""
    if isinstance(work, Report):
        title = _("Báo cáo %(template)s %(period)s") % {
            "template": work.template_code,
            "period": work.period_id or work.period_start.strftime("%d/%m/%Y"),
        }
        finished = work.status in {Report.SUBMITTED, Report.ACCEPTED}
        return Exemplar.REPORT, work.template_code, title, finished
    if isinstance(work, Plan):
        return Exemplar.PLAN, work.kind_code, work.title, work.status in Plan.IN_FORCE
    return Exemplar.DOCUMENT, work.kind_code, work.title, work.status == TypedDocument.FINAL


@transaction.atomic
def mark_exemplar(work: Work, *, by: Any, note: str = "", title: str = "") -> Exemplar:
    unit = work.unit
    if not access.can_mark(by, unit):
        raise PracticeError(
            _("Chỉ cấp trên của %(unit)s chọn điển hình tiên tiến của đơn vị") % {"unit": unit.name}
        )
    kind, code, default_title, finished = describe(work)
    if not finished:
        raise PracticeError(
            _("Chỉ chọn điển hình văn bản đã hoàn thành, đã gửi hoặc đang có hiệu lực")
        )
    if Exemplar.objects.filter(**{kind: work}).exists():
        raise PracticeError(_("Đã được chọn làm điển hình"))
    name = nfc(" ".join(title.split()))[:300] or default_title[:300]
    note = nfc(note.strip())[:2000]
    exemplar = Exemplar.objects.create(
        unit=unit,
        kind=kind,
        code=code,
        title=name,
        note=note,
        search_text=fold(" ".join([name, note, unit.name, unit.short_name or ""])),
        marked_at=clock.now(),
        marked_by=by,
        **{kind: work},
    )
    log_action(
        "practice.exemplar.marked",
        exemplar,
        by=by,
        unit_path=unit.path,
        after={"kind": kind, "code": code, "title": name, "note": note},
    )
    return exemplar


@transaction.atomic
def unmark_exemplar(exemplar: Exemplar, *, by: Any) -> None:
    exemplar = (
        Exemplar.objects.select_for_update(of=("self",)).select_related("unit").get(pk=exemplar.pk)
    )
    if not access.can_mark(by, exemplar.unit):
        raise PracticeError(
            _("Chỉ cấp trên của %(unit)s bỏ chọn điển hình của đơn vị")
            % {"unit": exemplar.unit.name}
        )
    log_action(
        "practice.exemplar.unmarked",
        exemplar,
        by=by,
        unit_path=exemplar.unit.path,
        before={"kind": exemplar.kind, "code": exemplar.code, "title": exemplar.title},
    )
    exemplar.delete()
