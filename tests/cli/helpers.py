"""Running a command as the console script would, with its output captured."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError


@dataclass
class Run:
    out: str
    err: str
    error: str | None  # the CommandError message, None when the command succeeded

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def errors(self) -> str:
        """What a person at the terminal sees when the command fails: stderr, then the error."""
        return self.err + (self.error or "")


def run(*args: str, **options: Any) -> Run:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return Run(out.getvalue(), err.getvalue(), str(exc))
    return Run(out.getvalue(), err.getvalue(), None)
