"""Building blocks shared by every part of the regulation file."""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, StringConstraints

# Where an item comes from. "fact": a public official text fixes it; "seed": the published
# articles on the regulations state it; "default": KHTH's own choice, which a deployment may edit.
Basis = Literal["fact", "seed", "default"]

Code = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

# The same words as khth.periods.PeriodType, so a template's frequency is a period type.
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "sixmonthly", "yearly"]
# When a document kind is issued: on a period, once per Party committee term, or on demand.
Occasion = Literal[Frequency, "term", "per_task", "thematic", "ad_hoc"]
UpdateFrequency = Literal[Frequency, "per_event"]

ColumnType = Literal["text", "integer", "decimal", "date", "boolean", "choice"]
Comparison = Literal["<=", "<", ">=", ">", "==", "!="]


class Coded(Protocol):
    """Anything listed in the file under a code."""

    @property
    def code(self) -> str: ...


class Item(BaseModel):
    # Frozen: a parsed regulation is shared by every request in the process (access.py caches it).
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Item):
    """One heading of a document outline. Numbering (I, II, 1, 2…) comes from its position."""

    code: Code
    title: Text
    required: bool = True
    guidance: str = ""
    children: tuple[Section, ...] = ()


class Column(Item):
    """A typed column of a record book or of a table inside a document."""

    code: Code
    name: Text
    type: ColumnType
    required: bool = False
    choices: tuple[Text, ...] | None = None
