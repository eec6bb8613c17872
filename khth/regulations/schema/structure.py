"""Who works at which level, and what they must issue and keep: levels, roles, document kinds,
per-task document sets and record books."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from khth.regulations.schema.common import (
    Basis,
    Code,
    Column,
    Item,
    Occasion,
    Section,
    Text,
    UpdateFrequency,
)
from khth.regulations.schema.plans import PlanSpec

Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$", max_length=40)]


class Source(Item):
    title: Text
    reference: Text
    basis: Basis


class Meta(Item):
    code: Code
    # A string, never a number: "2017.1" read as a float would lose its trailing zeros.
    version: Version
    title: Text
    effective_from: dt.date
    sources: tuple[Source, ...] = ()


class AbolishedTitle(Item):
    """A book title the level no longer keeps."""

    code: Code
    name: Text
    # The book (or document kind) that took over its content, if any: "tích hợp nội dung đăng
    # ký" merged some titles into one book with sections; others became typed documents.
    replaced_by: Code | None = None
    basis: Basis


class Abolished(Item):
    """The book titles the 2017 reform cut at a level (seed 001: 8 at battalion, 7 at company).
    The count is what the articles state; the names may be a reading of ours, each with its own
    basis. A level may not keep a book this list abolishes."""

    count: int = Field(ge=1)
    basis: Basis
    reference: str = ""
    titles: tuple[AbolishedTitle, ...] = ()


class Level(Item):
    code: Code
    name: Text
    short_name: Text
    # None where the political officer does the work himself (battalion, company).
    political_agency: Text | None = None
    planning_by: Literal["assistant", "political_officer"]
    political_officer_title: Text | None = None
    # The political agency as an issuer (issue 13): the issuer part of its ký hiệu ("CT") and
    # its head's title, who signs its documents ("Chủ nhiệm"). A unit whose administrative
    # abbreviation is the agency's issues through the agency (khth.documents.heading.issuing).
    political_agency_abbr: str | None = None
    political_agency_head: Text | None = None
    party_organisation: Text | None = None
    # Whether the issuer at this level has a Văn phòng to keep the file copy ("- Lưu Văn
    # phòng"); otherwise the family's ``recipients.without_office`` line.
    has_office: bool = False
    description: str = ""
    abolished: Abolished | None = None
    basis: Basis


class UnitType(Item):
    """A kind of unit that the regulation asks for other things than its level alone says
    ("sát với … từng loại hình đơn vị", seed 001): a Border Guard post, a provincial military
    command. A unit of no type is a general unit of its level."""

    code: Code
    name: Text
    # The levels a unit of this type can be at; empty: any level.
    levels: tuple[Code, ...] = ()
    basis: Basis

    def occurs_at(self, level: str) -> bool:
        return not self.levels or level in self.levels


def for_unit_type(types: tuple[str, ...], unit_type: str) -> bool:
    """Whether an item listing ``types`` (its ``unit_types:``) applies to a unit of
    ``unit_type``: an item without types applies to every unit, one with types only to those."""
    return not types or unit_type in types


class Role(Item):
    code: Code
    name: Text
    permissions: tuple[Code, ...]
    # The levels the role exists at (no trợ lý at battalion or company); empty: every level.
    # A membership at a unit of another level is refused (khth.accounts.actions).
    levels: tuple[Code, ...] = ()
    basis: Basis

    def exists_at(self, level: str) -> bool:
        return not self.levels or level in self.levels


class DocumentKind(Item):
    code: Code
    name: Text
    # The type part of the number line: "15-BC/ĐU" (Party), "15/BC-CT" (administrative).
    # Empty where neither Decree 30/2020 nor the Party guidance gives the type an abbreviation
    # (lịch hoạt động): the number line then has no type part, and ``type_name`` names the type.
    abbreviation: Annotated[str, StringConstraints(pattern=r"^\S{0,10}$")]
    type_name: Text | None = None
    family: Literal["party", "administrative"]
    issuer: Text | None = None
    issuing_levels: tuple[Code, ...]
    occasions: tuple[Occasion, ...]
    required: bool
    outline: tuple[Section, ...] = ()
    # For kinds that are a table, such as the weekly activity schedule.
    columns: tuple[Column, ...] = ()
    # Set when KHTH writes documents of this kind as plans (khth.plans).
    plan: PlanSpec | None = None
    # Only units of these types issue it (``unit_types:``); empty: every unit of the levels.
    unit_types: tuple[Code, ...] = ()
    basis: Basis


class TaskDocument(Item):
    kind: Code
    levels: tuple[Code, ...]
    unit_types: tuple[Code, ...] = ()


class Task(Item):
    code: Code
    name: Text
    description: str = ""
    documents: tuple[TaskDocument, ...] = Field(min_length=1)
    basis: Basis


class BookSection(Item):
    """A part of a book that integrates what used to be several books (seed 001: "tích hợp nội
    dung đăng ký"): a run of the book's columns under one heading."""

    code: Code
    name: Text
    columns: tuple[Code, ...] = Field(min_length=1)


class RecordBook(Item):
    code: Code
    name: Text
    levels: tuple[Code, ...]
    update_frequency: UpdateFrequency
    columns: tuple[Column, ...] = Field(min_length=1)
    # Optional. When present, the sections split ``columns`` in their order, every column in
    # exactly one section (checked with the whole file), so a page can head each run of columns.
    sections: tuple[BookSection, ...] = ()
    # Some books were replaced by typed documents (seed 001): a record may be kept as a document
    # of this kind instead of a handwritten entry.
    typed_document_kind: Code | None = None
    # Kept as KHTH's document register instead of entries (sổ đăng ký văn bản đi, đến): its
    # freshness is the register's.
    kept_in_register: Literal["outgoing", "incoming"] | None = None
    unit_types: tuple[Code, ...] = ()
    basis: Basis

    def column_groups(self) -> tuple[tuple[BookSection | None, tuple[Column, ...]], ...]:
        """The columns by section, in order; one group without a section for a plain book."""
        if not self.sections:
            return ((None, self.columns),)
        by_code = {c.code: c for c in self.columns}
        return tuple(
            (section, tuple(by_code[code] for code in section.columns if code in by_code))
            for section in self.sections
        )
