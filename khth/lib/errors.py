"""The one kind of error an action raises when a rule refuses it. Each app names its own
(``ReportError``, ``PlanError`` …) as a subclass, so its pages can catch just those, while the API
answers every one the same way: 400 with the message (khth/api/urls.py)."""

from __future__ import annotations


class ActionRefused(Exception):
    """A change the rules refuse; the message says why, in the user's language."""


class ContentRefused(ActionRefused):
    """Entered content that cannot be stored; ``problems`` name each place (field, section,
    column) with what is wrong there."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{place}: {message}" for place, message in problems))
