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


def issued_by(
    regulation: Regulation,
    unit: IssuingUnit,
    family: str,
    fmt: FamilyFormat,
    abbreviation: str,
    day: dt.date,
) -> IssuedBy:
    """The header of a document ``unit`` issues in ``family``: the Party committee and its
    superior committee for the Party family, the unit and its parent for the administrative."""
    parent = unit.parent
    if family == "party":
        superior = unit.superior_party_body or (parent.party_body if parent else "")
        issuer = unit.party_body or party_body_of(regulation, unit, fmt)
        issuer_abbr = unit.party_abbr
    else:
        superior = parent.name if parent else ""
        issuer = unit.name
        issuer_abbr = unit.admin_abbr
    header = Header(
        superior=nfc(superior),
        issuer=nfc(issuer),
        number=number_line(fmt.numbering, None, abbreviation, issuer_abbr),
        motto=fmt.motto,
        place_date=official_date(day, unit.place or ""),
    )
    return IssuedBy(header, superior, issuer)


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
    fmt: FamilyFormat, superior: str, unit_name: str, also: Sequence[str] = ()
) -> tuple[str, ...]:
    """The family's "Nơi nhận" lines (the superior's left out when there is none), with a line
    for each of ``also`` (units a plan assigns to, units inspected) before the file copy line,
    in the punctuation of the first line."""
    lines = [
        line.format(superior=superior, unit=unit_name)
        for line in fmt.recipients.lines
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
        """``recipients_of`` for the issuing unit, under its superior body unless told another
        addressee (a partner outside the chain)."""
        addressee = self.issued.superior if superior is None else superior
        return recipients_of(self.format, addressee, self.unit.name, also)

    def signature(self, name: str = "") -> Signature:
        """The issuing body's signature block, signed by the political officer (``name`` when
        the signer is known)."""
        block = signature_block(
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
) -> Letterhead:
    """The letterhead of a document ``unit`` issues in ``family`` on ``day``: the number line
    with blanks for the number (``number``: the one the register gave, or "" for a document
    without a number line)."""
    fmt = family_format(regulation, family)
    issued = issued_by(regulation, unit, family, fmt, abbreviation, day)
    if number is not None:
        issued = replace(issued, header=replace(issued.header, number=number))
    return Letterhead(regulation, unit, family, fmt, issued, type_name(regulation, abbreviation))
