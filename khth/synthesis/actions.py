"""Putting a synthesis into a report: the draft of a section, and what it drew on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.reports import access
from khth.reports.actions import check_editable, put_draft_text, template
from khth.reports.models import Report
from khth.reports.template import OutlineRow, outline, regulation_of
from khth.synthesis.engine import lexicon_for
from khth.synthesis.models import SectionSynthesis
from khth.synthesis.present import SynthesisView, kept_groups, report_link, synthesis_view
from khth.synthesis.scopes import ScopeError, scope_asked, scope_label
from khth.synthesis.sources import gather, section_sources


class SynthesisError(ActionRefused, ValueError):
    """A synthesis the rules refuse to put in a report; the message says why, in Vietnamese."""


def leaf_section(report: Report, code: str) -> OutlineRow:
    """The section ``code`` of the report's template, where text is written; raises
    SynthesisError naming the code when there is no such section."""
    row = next((r for r in outline(template(report)) if r.code == code), None)
    if row is None or not row.is_leaf:
        raise SynthesisError(_("Không có mục «%(code)s» trong mẫu báo cáo") % {"code": code})
    return row


def section_synthesis(report: Report, row: OutlineRow, scope: str) -> SynthesisView:
    """The synthesis of the subordinates' texts for one section of ``report``. Read only."""
    gathered = gather(report, scope, [row.code])
    return synthesis_view(
        section_sources(gathered, row.code, required=row.required),
        lexicon_for(regulation_of(report.regulation)),
        link=report_link(row.code),
    )


def insert_draft(report: Report, section_code: str, *, scope: str, by: Any) -> SectionSynthesis:
    """Write the draft of ``section_code``, synthesised from the subordinates' texts within
    ``scope``, into the report as text not yet edited (it counts as written once someone edits
    it), and keep the groups it drew on. Refused on a report that is not editable, for someone
    who does not prepare it, when there is nothing to synthesise, and when the unit has already
    written its own text there (the draft never overwrites it)."""
    if not access.can(by, report, access.PREPARE):
        raise PermissionDenied(access.PREPARE)
    check_editable(report)
    try:
        scope = scope_asked(scope)
    except ScopeError as exc:
        raise SynthesisError(str(exc)) from None
    row = leaf_section(report, section_code)
    # The engine runs before the transaction: its seconds at the top of a large subtree must
    # not hold the report's lock (SQLite locks the whole database).
    view = section_synthesis(report, row, scope)
    if not view.draft:
        raise SynthesisError(
            _("Chưa có nội dung nào của cấp dưới cho mục %(section)s để tổng hợp")
            % {"section": f"«{row.full_number}. {row.title}»"}
        )
    return _insert(report, row, scope, view, by)


@transaction.atomic
def _insert(
    report: Report, row: OutlineRow, scope: str, view: SynthesisView, by: Any
) -> SectionSynthesis:
    report = put_draft_text(report, row.code, view.draft_html, by=by)
    kept, _created = SectionSynthesis.objects.update_or_create(
        report=report,
        section_code=row.code,
        defaults={
            "scope": scope,
            "groups": kept_groups(view.groups),
            "expected": view.expected,
            "written": view.written,
            "created_by": by if getattr(by, "pk", None) else None,
            "created_at": clock.now(),
        },
    )
    log_action(
        "reports.report.synthesis_drafted",
        report,
        by=by,
        after={"changed": [f"section:{row.code}"], "version": report.version},
        unit_path=report.unit.path,
        note=_drafted_note(row, scope, view),
    )
    return kept


def _drafted_note(row: OutlineRow, scope: str, view: SynthesisView) -> str:
    """What the draft was made from, for the report's history: in the system's language, as
    stored records are, whatever the language of whoever inserted it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Mục %(section)s: bản nháp tổng hợp từ nội dung của %(written)s/%(expected)s đơn vị "
            "(%(scope)s), %(groups)s nhóm ý"
        ) % {
            "section": f"{row.full_number}. {row.title}",
            "written": view.written,
            "expected": view.expected,
            "scope": scope_label(scope).lower(),
            "groups": len(view.groups),
        }
