"""What the ``khth`` management commands share: help translated when the command runs, the file
named on the command line, the one object a command works on, and stopping with the problems of
a refused file on standard error. Every refusal is a CommandError with a Vietnamese sentence,
and so is a database that is busy or not yet migrated (``khth.lib.dberrors``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import DatabaseError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from khth.lib.dberrors import explain
from khth.lib.single_run import single_run

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=Model)


class TranslatedCommand(BaseCommand):
    """A command whose ``help_text``, a lazy translation, becomes its ``help`` when it is made.

    Not ``help`` itself: argparse needs a real string, which a lazy translation is not.
    """

    help_text: StrOrPromise = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = str(self.help_text)

    def execute(self, *args: Any, **options: Any) -> str | None:
        # A database that another writer holds, or that was never migrated, is the operator's
        # to hear about in one sentence, not a traceback.
        try:
            return super().execute(*args, **options)
        except DatabaseError as exc:
            message = explain(exc)
            if message is None:
                raise
            raise CommandError(message) from None


def run_once(command: BaseCommand, job: str, work: Callable[[], None]) -> bool:
    """Run a scheduled job's ``work`` unless another process is running ``job`` now (every app
    server may start it: khth.lib.single_run); says so on standard output when it skips."""
    with single_run(job) as held:
        if not held:
            command.stdout.write(
                _("«%(job)s» đang chạy ở một tiến trình khác: lần này bỏ qua.") % {"job": job}
            )
            return False
        work()
    return True


def add_out_argument(parser: CommandParser) -> None:
    """``--out FILE`` of an export, written by ``khth.documents.output``: standard output when
    left out."""
    parser.add_argument("--out", help=_("tệp ghi ra; bỏ trống: đầu ra chuẩn"))


def read_file(path: Path) -> bytes:
    """The bytes of the file named on the command line."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None


def first_or_fail(queryset: QuerySet[M], message: str) -> M:
    """The first object of ``queryset``; ``message`` (what was asked for is not there) when it
    is empty."""
    found = queryset.first()
    if found is None:
        raise CommandError(message)
    return found


def fail_with_problems(stderr: OutputWrapper, problems: Iterable[object], summary: str) -> NoReturn:
    """Stop a command whose file was refused: each problem on its own line of standard error
    (where a script can read them all), then ``summary`` as the error."""
    for problem in problems:
        stderr.write(str(problem))
    raise CommandError(summary) from None
