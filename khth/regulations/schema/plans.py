"""Planning: which document kinds are plans and how they behave, and the data behind the
specificity check (the users' complaint: plans "chung chung, thiếu cụ thể")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from khth.regulations.schema.common import Basis, Frequency, Item, Text

# The findings of the specificity check (khth.plans.specificity), one code each.
SPECIFICITY_RULES: tuple[str, ...] = (
    "task_without_lead",
    "task_without_window",
    "task_outside_period",
    "task_without_measure",
    "target_without_number",
    "target_without_deadline",
    "target_weaker_than_assigned",
    "vague_wording",
    "task_only_vague",
    "duplicate_task",
    "assigned_not_covered",
    "entry_incomplete",
)
Severity = Literal["blocking", "warning"]
# Rules added after a regulation version may have been stored: a version that names no severity
# for one of them is read with this one (a new file must name it; the load check says so).
LATER_RULES: dict[str, Severity] = {"task_only_vague": "blocking"}


class PlanSpec(Item):
    """Set on a document kind that is written as a plan in KHTH."""

    # "plan": purpose, targets, tasks, organisation, assurance; "schedule": dated entries only.
    structure: Literal["plan", "schedule"]
    # The span a plan of this kind covers; None: chosen per plan (a task plan, a programme).
    period: Frequency | None = None
    # Who approves: the commissar / political officer, or the Party committee (recorded with
    # the resolution or minutes that decided it).
    approver: Literal["political_officer", "party_committee"] = "political_officer"
    # May assign tasks and targets to subordinate units (annual plans, guidance).
    cascades: bool = False


class Specificity(Item):
    # Words that, alone, say nothing measurable: "tăng cường", "nâng cao"…
    vague_phrases: tuple[Text, ...] = Field(min_length=1)
    # A phrase is specific when the words after it in the same sentence hold a quantity (a digit
    # or one of these words) or a named object (a capitalised name, an abbreviation, a quote).
    number_words: tuple[Text, ...] = ()
    # Words that name nothing by themselves ("các", "và", "công tác"…): a task whose words are
    # only vague phrases and these says nothing concrete and cannot be approved.
    filler_words: tuple[Text, ...] = ()
    # How many words after the phrase are read.
    window: int = Field(default=8, ge=1, le=30)
    severities: dict[str, Severity]
    basis: Basis

    def severity(self, rule: str) -> Severity:
        found = self.severities.get(rule)
        return found if found is not None else LATER_RULES[rule]


class Planning(Item):
    specificity: Specificity
