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


class Level(Item):
    code: Code
    name: Text
    short_name: Text
    # None where the political officer does the work himself (battalion, company).
    political_agency: Text | None = None
    planning_by: Literal["assistant", "political_officer"]
    political_officer_title: Text | None = None
    party_organisation: Text | None = None
    description: str = ""
    basis: Basis


class Role(Item):
    code: Code
    name: Text
    permissions: tuple[Code, ...]
    basis: Basis


class DocumentKind(Item):
    code: Code
    name: Text
    # The type part of the number line: "15-BC/ĐU" (Party), "15/BC-CT" (administrative).
    abbreviation: Annotated[str, StringConstraints(pattern=r"^\S{1,10}$")]
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
    basis: Basis


class TaskDocument(Item):
    kind: Code
    levels: tuple[Code, ...]


class Task(Item):
    code: Code
    name: Text
    description: str = ""
    documents: tuple[TaskDocument, ...] = Field(min_length=1)
    basis: Basis


class RecordBook(Item):
    code: Code
    name: Text
    levels: tuple[Code, ...]
    update_frequency: UpdateFrequency
    columns: tuple[Column, ...] = Field(min_length=1)
    # Some books were replaced by typed documents (seed 001): a record may be kept as a document
    # of this kind instead of a handwritten entry.
    typed_document_kind: Code | None = None
    # Kept as KHTH's document register instead of entries (sổ đăng ký văn bản đi, đến): its
    # freshness is the register's.
    kept_in_register: Literal["outgoing", "incoming"] | None = None
    basis: Basis
