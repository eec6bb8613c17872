"""Every change to the register: Party committee terms, registering outgoing and incoming
documents (each gets the next number of its sequence), attachments. One transaction each,
audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.docsystem.records.models import TypedDocument
from khth.docsystem.register import access
from khth.docsystem.register.models import PartyTerm, RegisterAttachment, RegisteredDocument
from khth.docsystem.register.numbering import NumberingError, incoming_scope, scope_of, take_number
from khth.documents.formats import family_format
from khth.documents.heading import number_line
from khth.inspections.models import Inspection
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.uploads import checked_upload, new_upload_row, storing
from khth.lib.vietnamese import nfc
from khth.plans.models import Plan
from khth.regulations.access import active_regulation
from khth.reports.models import Report
from khth.units.access import scope_for
from khth.units.models import Unit


class RegisterError(ActionRefused):
    """A refused registration; the message says why, in the user's language."""


@dataclass(frozen=True)
class Outgoing:
    kind_code: str
    dated: dt.date
    summary: str
    signer: str = ""
    recipients: str = ""
    copies: int = 1
    file_holder: str = ""
    secrecy: str = ""
    urgency: str = ""
    notes: str = ""
    plan: Plan | None = None
    report: Report | None = None
    typed_document: TypedDocument | None = None
    # An inspection's conclusion, registered by the inspecting unit.
    inspection: Inspection | None = None
    # A document of a room above the register: (kind, pk), e.g. ("review", 12). The room
    # checks the document is the unit's before it calls (the register cannot read it).
    source: tuple[str, int] | None = None


@dataclass(frozen=True)
class Incoming:
    sender: str
    number_text: str
    dated: dt.date
    received_on: dt.date
    summary: str
    kind_code: str = ""
    secrecy: str = ""
    urgency: str = ""
    handled_by: str = ""
    copies: int = 1
    notes: str = ""


_SECRECY = {code for code, _label in RegisteredDocument.SECRECY}
_URGENCY = {code for code, _label in RegisteredDocument.URGENCY}


def _check_marks(user: Any, unit: Unit, secrecy: str, urgency: str) -> None:
    if secrecy not in _SECRECY:
        raise RegisterError(_("Độ mật «%(value)s» không hợp lệ") % {"value": secrecy})
    if urgency not in _URGENCY:
        raise RegisterError(_("Độ khẩn «%(value)s» không hợp lệ") % {"value": urgency})
    if not access.may_mark(user, unit, secrecy):
        raise RegisterError(_("Bạn không được đọc văn bản ở độ mật này nên không vào sổ được"))


def _text(value: str, limit: int, what: str) -> str:
    value = nfc(value.strip())
    if len(value) > limit:
        raise RegisterError(_("%(what)s dài quá %(n)s ký tự") % {"what": what, "n": limit})
    return value


@transaction.atomic
def add_party_term(unit: Unit, *, name: str, starts_on: dt.date, by: Any) -> PartyTerm:
    """A new term of the unit's Party committee: Party documents are numbered from 1 again."""
    if not (access.can_register(by, unit) or scope_for(by).allows(unit, "unit.manage")):
        raise RegisterError(
            _("Bạn không có quyền khai báo nhiệm kỳ của %(unit)s") % {"unit": unit.name}
        )
    if PartyTerm.objects.filter(unit=unit, starts_on=starts_on).exists():
        raise RegisterError(
            _("Đã có nhiệm kỳ bắt đầu ngày %(day)s") % {"day": starts_on.strftime("%d/%m/%Y")}
        )
    term = PartyTerm.objects.create(
        unit=unit,
        name=_text(name, 100, _("Tên nhiệm kỳ")) or str(starts_on.year),
        starts_on=starts_on,
    )
    log_action(
        "register.term.added",
        term,
        by=by,
        unit_path=unit.path,
        after={"name": term.name, "starts_on": starts_on.isoformat()},
    )
    return term


def _refuse_twice(registrations: QuerySet[RegisteredDocument]) -> None:
    existing = registrations.first()
    if existing is not None:
        raise RegisterError(
            _("Văn bản này đã vào sổ: %(number)s") % {"number": existing.number_text}
        )


@transaction.atomic
def register_outgoing(unit: Unit, data: Outgoing, *, by: Any) -> RegisteredDocument:
    """Register a document the unit issues and give it its number."""
    if not access.can_register(by, unit):
        raise RegisterError(
            _("Bạn không có quyền vào sổ văn bản của %(unit)s") % {"unit": unit.name}
        )
    regulation = active_regulation()
    try:
        kind = regulation.document_kind(data.kind_code)
    except KeyError:
        raise RegisterError(
            _("Không có loại văn bản «%(code)s» trong quy định") % {"code": data.kind_code}
        ) from None
    _check_marks(by, unit, data.secrecy, data.urgency)
    summary = _text(data.summary, 500, _("Trích yếu"))
    if not summary:
        raise RegisterError(_("Phải ghi trích yếu nội dung văn bản"))
    if data.copies < 1:
        raise RegisterError(_("Số bản phải từ 1 trở lên"))
    for source in (data.plan, data.report, data.typed_document):
        if source is None:
            continue
        if source.unit_id != unit.pk:
            raise RegisterError(_("Chỉ vào sổ được văn bản của chính đơn vị"))
        existing = source.registrations.filter(direction=RegisteredDocument.OUTGOING).first()
        if existing is not None:
            raise RegisterError(
                _("Văn bản này đã vào sổ: %(number)s") % {"number": existing.number_text}
            )
    if data.inspection is not None:
        if data.inspection.by_unit_id != unit.pk:
            raise RegisterError(_("Chỉ vào sổ được văn bản của chính đơn vị"))
        _refuse_twice(data.inspection.registrations.filter(direction=RegisteredDocument.OUTGOING))
    if data.source is not None:
        _refuse_twice(
            RegisteredDocument.objects.filter(
                direction=RegisteredDocument.OUTGOING,
                source_kind=data.source[0],
                source_id=data.source[1],
            )
        )
    fmt = family_format(regulation, kind.family)
    try:
        scope = scope_of(unit, kind.family, fmt.numbering, kind.abbreviation, data.dated)
    except NumberingError as exc:
        raise RegisterError(str(exc)) from None
    number = take_number(unit, scope)
    issuer_abbr = unit.party_abbr if kind.family == "party" else unit.admin_abbr
    document = RegisteredDocument.objects.create(
        unit=unit,
        direction=RegisteredDocument.OUTGOING,
        kind_code=kind.code,
        family=kind.family,
        scope=scope,
        number=number,
        number_text=number_line(fmt.numbering, number, kind.abbreviation, issuer_abbr),
        dated=data.dated,
        summary=summary,
        signer=_text(data.signer, 200, _("Người ký")),
        recipients=_text(data.recipients, 5000, _("Nơi nhận")),
        copies=data.copies,
        file_holder=_text(data.file_holder, 200, _("Nơi lưu")),
        secrecy=data.secrecy,
        urgency=data.urgency,
        notes=_text(data.notes, 5000, _("Ghi chú")),
        plan=data.plan,
        report=data.report,
        typed_document=data.typed_document,
        inspection=data.inspection,
        source_kind=data.source[0] if data.source is not None else "",
        source_id=data.source[1] if data.source is not None else None,
        created_at=clock.now(),
        created_by=by,
    )
    if data.typed_document is not None and data.typed_document.status != TypedDocument.FINAL:
        data.typed_document.status = TypedDocument.FINAL
        data.typed_document.save(update_fields=["status"])
    log_action(
        "register.document.registered",
        document,
        by=by,
        unit_path=unit.path,
        after={"number": document.number_text, "kind": kind.code, "secrecy": data.secrecy},
    )
    return document


@transaction.atomic
def register_incoming(unit: Unit, data: Incoming, *, by: Any) -> RegisteredDocument:
    """Register a document received from outside; it takes the unit's incoming number."""
    if not access.can_register(by, unit):
        raise RegisterError(
            _("Bạn không có quyền vào sổ văn bản của %(unit)s") % {"unit": unit.name}
        )
    _check_marks(by, unit, data.secrecy, data.urgency)
    summary = _text(data.summary, 500, _("Trích yếu"))
    sender = _text(data.sender, 300, _("Nơi gửi"))
    if not summary or not sender:
        raise RegisterError(_("Phải ghi nơi gửi và trích yếu nội dung văn bản"))
    if data.received_on < data.dated:
        raise RegisterError(_("Ngày đến trước ngày của văn bản"))
    if data.kind_code:
        try:
            active_regulation().document_kind(data.kind_code)
        except KeyError:
            raise RegisterError(
                _("Không có loại văn bản «%(code)s» trong quy định") % {"code": data.kind_code}
            ) from None
    scope = incoming_scope(data.received_on)
    document = RegisteredDocument.objects.create(
        unit=unit,
        direction=RegisteredDocument.INCOMING,
        kind_code=data.kind_code,
        scope=scope,
        number=take_number(unit, scope),
        number_text=_text(data.number_text, 100, _("Số, ký hiệu")),
        dated=data.dated,
        received_on=data.received_on,
        summary=summary,
        sender=sender,
        secrecy=data.secrecy,
        urgency=data.urgency,
        handled_by=_text(data.handled_by, 200, _("Người xử lý")),
        copies=max(1, data.copies),
        notes=_text(data.notes, 5000, _("Ghi chú")),
        created_at=clock.now(),
        created_by=by,
    )
    log_action(
        "register.document.received",
        document,
        by=by,
        unit_path=unit.path,
        after={"number": document.number, "sender": sender, "secrecy": data.secrecy},
    )
    return document


@transaction.atomic
def add_attachment(
    document: RegisteredDocument, upload: File[bytes], *, by: Any
) -> RegisterAttachment:
    if not access.can_register(by, document.unit):
        raise RegisterError(
            _("Bạn không có quyền vào sổ văn bản của %(unit)s") % {"unit": document.unit.name}
        )
    checked = checked_upload(upload, RegisterError)
    attachment = new_upload_row(RegisterAttachment, checked, by=by, document=document)
    with storing(attachment, upload):
        attachment.save()
        log_action(
            "register.attachment.added",
            document,
            by=by,
            unit_path=document.unit.path,
            after={"name": checked.name, "size": checked.size},
        )
    return attachment
