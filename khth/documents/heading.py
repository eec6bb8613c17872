"""The parts every official document of a unit shares: the header (superior body, issuing body,
number line, motto, place and date), the recipients and the signature block, in the family's
format (Party or administrative, Decree 30/2020). The unit is anything with a unit's names, so the
engine reads no model.

``letterhead(...)`` gathers them for one document; its ``document(...)`` puts the app's summary
and body between them, so every app assembles an official document the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from khth.documents.formats import family_format, type_name
from khth.documents.model import Block, Document, Header, Signature
from khth.lib.vietnamese import fold, nfc, official_date
from khth.regulations.schema import Regulation
from khth.regulations.schema.formats import Family, FamilyFormat, Numbering
from khth.regulations.schema.structure import Level


class IssuingUnit(Protocol):
    """What a header and a signature read of a unit (khth.units.models.Unit has it all)."""

    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def place(self) -> str: ...
    @property
    def party_body(self) -> str: ...
    @property
    def superior_party_body(self) -> str: ...
    @property
    def party_abbr(self) -> str: ...
    @property
    def admin_abbr(self) -> str: ...
    @property
    def parent(self) -> IssuingUnit | None: ...


@dataclass(frozen=True)
class IssuedBy:
    header: Header
    superior: str  # the superior body, for the recipients
    issuer: str  # the issuing body, for the signature
    signature: Signature | None = None  # the issuer's signature block (``issuing``)
    file_line: str | None = None  # the recipients' file-copy line for this issuer
    also_to: tuple[str, ...] = ()  # the other chain's superior, when sent along both


@dataclass(frozen=True)
class Issuing:
    """Who issues a document, in one place, so that the header, the ký hiệu and the signature
    agree: the superior line, the issuer line, the issuer part of the ký hiệu ("CT", "ĐU"),
    the signature block (who signs, with TM., KT., TL., TUQ. as the formats' data say) and the
    recipients' file-copy line."""

    superior: str  # the header's superior line
    issuer: str
    issuer_abbr: str
    signature: Signature
    file_line: str | None  # None: the family's own last line
    addressee: str  # the superior body the document is sent to (first "Nơi nhận" line)
    also_to: tuple[str, ...] = ()  # the other chain's superior body (``BOTH``)


# Where a document goes when the unit's superior Party body is not its parent's Party body (a
# provincial military Party committee: the Tỉnh ủy, and the military region's Party committee).
PARTY_CHAIN = "party"
COMMAND_CHAIN = "command"
BOTH_CHAINS = "both"
CHAINS = (PARTY_CHAIN, COMMAND_CHAIN, BOTH_CHAINS)


def chain_asked(value: str | None) -> str | None:
    """The chain an export was asked to follow (``?send_to=``), None when not one of them."""
    return value if value in CHAINS else None


@dataclass(frozen=True)
class Superiors:
    """The superior line of the header and the bodies a document is sent to ("Nơi nhận")."""

    line: str
    addressees: tuple[str, ...]


def two_chains(regulation: Regulation, unit: IssuingUnit) -> bool:
    """Whether the unit answers to a Party body other than its parent's: then its documents can
    go up either chain, or both. The same answer whatever the document's family."""
    parent = unit.parent
    if parent is None or not unit.superior_party_body.strip():
        return False
    party_format = family_format(regulation, "party")
    parents = parent.party_body or party_body_of(regulation, parent, party_format)
    return fold(unit.superior_party_body) != fold(parents)


def superiors(
    regulation: Regulation,
    unit: IssuingUnit,
    family: str,
    fmt: FamilyFormat,
    send_to: str | None = None,
) -> Superiors:
    """The header's superior line and the addressees of a document ``unit`` issues in
    ``family``, sent along ``send_to`` (``PARTY_CHAIN``, ``COMMAND_CHAIN``, ``BOTH_CHAINS``;
    None: the family's own chain — the Party one for Party documents, the command one for the
    others). The choice matters only where the unit has two chains (``two_chains``).

    A Party header names the Đảng bộ the document goes to (the Party chain's when sent to
    both: the organisation the committee belongs to directly). An administrative header always
    names the command superior — Decree 30/2020 prints the issuer's governing body there, and
    a Tỉnh ủy does not govern a provincial military command — so only its "Nơi nhận" follow."""
    parent = unit.parent
    recorded = unit.superior_party_body
    command_party = (parent.party_body or party_body_of(regulation, parent, fmt)) if parent else ""
    if family == "party":
        # Sent to the superior committee itself ("Đảng ủy Tiểu đoàn 1"), not to its Đảng bộ.
        party = Superiors(
            recorded or _superior_party(regulation, parent, fmt), (recorded or command_party,)
        )
        command = Superiors(_superior_party(regulation, parent, fmt), (command_party,))
    else:
        command_name = parent.name if parent else ""
        party = Superiors(command_name, (recorded,))
        command = Superiors(command_name, (command_name,))
    if not two_chains(regulation, unit):
        return party if family == "party" else command
    chosen = send_to or (PARTY_CHAIN if family == "party" else COMMAND_CHAIN)
    if chosen == COMMAND_CHAIN:
        return command
    if chosen == BOTH_CHAINS:
        own = party if family == "party" else command
        return Superiors(own.line, (*party.addressees, *command.addressees))
    return party


def _level(regulation: Regulation, unit: IssuingUnit) -> Level | None:
    try:
        return regulation.level(unit.level)
    except KeyError:
        return None


def issuing(
    regulation: Regulation,
    unit: IssuingUnit,
    family: str,
    fmt: FamilyFormat,
    *,
    signer_role: str | None = None,
    send_to: str | None = None,
) -> Issuing:
    """The issuer of a document ``unit`` issues in ``family``, and how ``signer_role`` (None:
    the head) signs it; its superior line and addressees along ``send_to`` (``superiors``).

    Party family: the unit's Party committee under the superior Đảng bộ (guidance 36-HD/VPTW:
    "ĐẢNG BỘ SƯ ĐOÀN 330" over "ĐẢNG ỦY TRUNG ĐOÀN 1"), "T/M ĐẢNG ỦY / BÍ THƯ".
    Administrative family: the unit under its parent, signed by its political officer
    ("CHÍNH ỦY", "CHÍNH TRỊ VIÊN") — unless the unit's ký hiệu is its political agency's
    ("CT"): then the agency issues under the unit and its head signs ("PHÒNG CHÍNH TRỊ",
    "CHỦ NHIỆM"), so the number never names one issuer while the header prints another."""
    level = _level(regulation, unit)
    data = fmt.signature
    officer_title = officer_title_of(regulation, unit)
    chain = superiors(regulation, unit, family, fmt, send_to)
    superior = chain.line
    addressee, *also_to = chain.addressees
    if family == "party":
        issuer = unit.party_body or party_body_of(regulation, unit, fmt)
        issuer_abbr = unit.party_abbr
        title = data.title
        agency_head = ""
        issued_as = None
    else:
        agency = level.political_agency if level is not None else None
        agency_abbr = level.political_agency_abbr if level is not None else None
        agency_head = (level.political_agency_head if level is not None else None) or ""
        if agency and agency_abbr and unit.admin_abbr == agency_abbr:
            # The agency issues under its unit; the document still goes to the unit's superior.
            superior, issuer, issuer_abbr = unit.name, agency, agency_abbr
            title = agency_head or officer_title
            issued_as = "agency"
        else:
            issuer, issuer_abbr = unit.name, unit.admin_abbr
            title = data.title
            issued_as = "unit"
    organ = _organ(issuer, data.organs) or issuer
    values = {
        "organ": organ,
        "unit": unit.name,
        "officer_title": officer_title,
        "agency_head": agency_head,
    }
    authority = data.authority.format(**values).strip()
    title = title.format(**values)
    for signer in data.signers:
        if signer.role == signer_role and signer.when in (None, issued_as):
            authority = signer.authority.format(**values).strip()
            title = signer.title.format(**values)
            break
    file_line = None
    if level is not None and not level.has_office and fmt.recipients.without_office:
        file_line = fmt.recipients.without_office
    return Issuing(
        superior=nfc(superior),
        issuer=nfc(issuer),
        issuer_abbr=issuer_abbr,
        signature=Signature(authority=authority, title=title),
        file_line=file_line,
        addressee=nfc(addressee),
        also_to=tuple(nfc(a) for a in also_to if a),
    )


def _superior_party(regulation: Regulation, parent: IssuingUnit | None, fmt: FamilyFormat) -> str:
    """The superior line of a Party header: the superior Party organisation as a Đảng bộ
    (guidance 36-HD/VPTW), "Đảng ủy Sư đoàn 330" → "Đảng bộ Sư đoàn 330"."""
    if parent is None:
        return ""
    body = parent.party_body or party_body_of(regulation, parent, fmt)
    organ = _organ(body, fmt.signature.organs)
    if organ:
        return f"Đảng bộ {body[len(organ) :].strip()}".strip()
    return body


def issued_by(
    regulation: Regulation,
    unit: IssuingUnit,
    family: str,
    fmt: FamilyFormat,
    abbreviation: str,
    day: dt.date,
    *,
    signer_role: str | None = None,
    send_to: str | None = None,
) -> IssuedBy:
    """The header of a document ``unit`` issues in ``family`` (``issuing``)."""
    who = issuing(regulation, unit, family, fmt, signer_role=signer_role, send_to=send_to)
    header = Header(
        superior=who.superior,
        issuer=who.issuer,
        number=number_line(fmt.numbering, None, abbreviation, who.issuer_abbr),
        motto=fmt.motto,
        place_date=official_date(day, unit.place or ""),
    )
    return IssuedBy(header, who.addressee, who.issuer, who.signature, who.file_line, who.also_to)


def number_line(
    numbering: Numbering, number: int | None, abbreviation: str, issuer_abbr: str
) -> str:
    """The number line — "Số: 05/BC-CT", "Số 15-BC/ĐU" — with blanks for the number until
    the document is registered (and for an issuer abbreviation the unit has not recorded)."""
    if number is None:
        shown = numbering.blank
    else:
        shown = str(number).zfill(numbering.pad) if numbering.pad else str(number)
    pattern = numbering.pattern
    if not abbreviation:
        # A type the formats give no abbreviation (lịch hoạt động): like an official letter,
        # the number and the issuer's abbreviation only ("Số: 05/CT"), never an invented one.
        pattern = re.sub(r"[-/]?\{type\}[-/]?", "/", pattern)
    return pattern.format(
        number=shown, type=abbreviation, issuer=issuer_abbr or numbering.blank.strip() or "…"
    )


def officer_title_of(regulation: Regulation, unit: IssuingUnit) -> str:
    try:
        title = regulation.level(unit.level).political_officer_title
    except KeyError:
        title = None
    return title or "Thủ trưởng đơn vị"


def party_body_of(regulation: Regulation, unit: IssuingUnit, fmt: FamilyFormat) -> str:
    """A Party body the unit has not recorded: the level's organisation + the unit's name
    ("Chi bộ Đại đội 2"), taking the organ word the signature data knows."""
    try:
        organisation = regulation.level(unit.level).party_organisation or ""
    except KeyError:
        organisation = ""
    organ = _organ(organisation, fmt.signature.organs) or organisation
    return f"{organ} {unit.name}".strip()


def _organ(body: str, organs: Sequence[str]) -> str:
    """The organ word a Party body starts with: "Chi bộ Đại đội 1" → "Chi bộ"."""
    key = fold(body)
    for organ in sorted(organs, key=len, reverse=True):
        if key == fold(organ) or key.startswith(fold(organ) + " "):
            return organ
    return ""


def recipients_of(
    fmt: FamilyFormat,
    superior: str,
    unit_name: str,
    also: Sequence[str] = (),
    *,
    file_line: str | None = None,
) -> tuple[str, ...]:
    """The family's "Nơi nhận" lines (the superior's left out when there is none), with a line
    for each of ``also`` (units a plan assigns to, units inspected) before the file copy line,
    in the punctuation of the first line; ``file_line`` replaces the file copy line (an issuer
    without a Văn phòng)."""
    source = list(fmt.recipients.lines)
    if file_line:
        source[-1] = file_line
    lines = [
        line.format(superior=superior, unit=unit_name)
        for line in source
        if superior or "{superior}" not in line
    ]
    if not also:
        return tuple(lines)
    ending = lines[0][-1] if lines and lines[0][-1:] in {";", ","} else ";"
    extra = [f"- {name}{ending}" for name in also if f"- {name}{ending}" not in lines]
    return (*lines[:-1], *extra, *lines[-1:])


def signature_block(
    fmt: FamilyFormat, issuer: str, unit: IssuingUnit, officer_title: str
) -> Signature:
    data = fmt.signature
    organ = _organ(issuer, data.organs) or issuer
    authority = data.authority.format(organ=organ, unit=unit.name).strip()
    title = data.title.format(officer_title=officer_title, unit=unit.name)
    return Signature(authority=authority, title=title)


def title_summary(title: str, kind_name: str) -> str:
    """A title as the summary under the type name: white space tidied, the type name the line
    above already says left out, the first letter a capital ("Kế hoạch công tác năm 2024" of
    type "Kế hoạch" → "Công tác năm 2024")."""
    text = " ".join(title.split())
    if fold(text).startswith(fold(kind_name) + " "):
        text = text[len(kind_name) + 1 :]
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Letterhead:
    """What an official document takes from the regulation and its issuing unit: the family's
    format, the header, the type name ("Báo cáo") and, from them, the recipients and the
    signature. The app adds the summary and the body (``document``)."""

    regulation: Regulation
    unit: IssuingUnit
    family: Family
    format: FamilyFormat
    issued: IssuedBy
    title: str  # the type name of the abbreviation

    @property
    def header(self) -> Header:
        return self.issued.header

    def recipients(
        self, also: Sequence[str] = (), *, superior: str | None = None
    ) -> tuple[str, ...]:
        """``recipients_of`` for the issuing unit, under its superior body (both chains' when
        sent along both) unless told another addressee (a partner outside the chain)."""
        addressee = self.issued.superior if superior is None else superior
        if superior is None and self.issued.also_to:
            also = (*self.issued.also_to, *also)
        return recipients_of(
            self.format, addressee, self.unit.name, also, file_line=self.issued.file_line
        )

    def signature(self, name: str = "") -> Signature:
        """The issuing body's signature block (``issuing``: the head, or the signer the
        letterhead was made for), with ``name`` when the signer is known."""
        block = self.issued.signature or signature_block(
            self.format, self.issued.issuer, self.unit, officer_title_of(self.regulation, self.unit)
        )
        return replace(block, name=name) if name else block

    def document(
        self,
        summary: str,
        blocks: Iterable[Block],
        *,
        draft: bool,
        file_stem: str,
        recipients: tuple[str, ...] | None = None,
        signature: Signature | None = None,
        title: str | None = None,
        subject: str | None = None,
    ) -> Document:
        """The document with the unit's recipients and signature unless given; its title the
        type name, its subject "type name + summary" unless given."""
        title = self.title if title is None else title
        return Document(
            family=self.family,
            format=self.format,
            header=self.header,
            title=title,
            summary=summary,
            blocks=tuple(blocks),
            recipients=self.recipients() if recipients is None else recipients,
            signature=self.signature() if signature is None else signature,
            file_stem=file_stem,
            subject=f"{title} {summary}" if subject is None else subject,
            draft=draft,
        )


def letterhead(
    regulation: Regulation,
    unit: IssuingUnit,
    family: Family,
    abbreviation: str,
    day: dt.date,
    *,
    number: str | None = None,
    signer_role: str | None = None,
    send_to: str | None = None,
) -> Letterhead:
    """The letterhead of a document ``unit`` issues in ``family`` on ``day``: the number line
    with blanks for the number (``number``: the one the register gave, or "" for a document
    without a number line), signed by the head or by ``signer_role`` (a deputy: "KT."), sent
    along ``send_to`` where the unit has a Party chain beside its command chain
    (``superiors``)."""
    fmt = family_format(regulation, family)
    issued = issued_by(
        regulation,
        unit,
        family,
        fmt,
        abbreviation,
        day,
        signer_role=signer_role,
        send_to=send_to,
    )
    if number is not None:
        issued = replace(issued, header=replace(issued.header, number=number))
    return Letterhead(regulation, unit, family, fmt, issued, type_name(regulation, abbreviation))
