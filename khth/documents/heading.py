"""The parts every official document of a unit shares: the header (superior body, issuing body,
number line, motto, place and date), the recipients and the signature block, in the family's
format (Party or administrative, Decree 30/2020). The unit is anything with a unit's names, so the
engine reads no model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from khth.documents.model import Header, Signature
from khth.lib.vietnamese import fold, nfc, official_date
from khth.regulations.schema import Regulation
from khth.regulations.schema.formats import FamilyFormat, Numbering


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
    return numbering.pattern.format(
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


def recipients_of(fmt: FamilyFormat, superior: str, unit_name: str) -> tuple[str, ...]:
    lines = []
    for line in fmt.recipients.lines:
        if "{superior}" in line and not superior:
            continue
        lines.append(line.format(superior=superior, unit=unit_name))
    return tuple(lines)


def signature_block(
    fmt: FamilyFormat, issuer: str, unit: IssuingUnit, officer_title: str
) -> Signature:
    data = fmt.signature
    organ = _organ(issuer, data.organs) or issuer
    authority = data.authority.format(organ=organ, unit=unit.name).strip()
    title = data.title.format(officer_title=officer_title, unit=unit.name)
    return Signature(authority=authority, title=title)
