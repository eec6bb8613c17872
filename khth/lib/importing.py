"""What every file import shares: a problem named by line and column, and reading UTF-8 text
with each undecodable line reported (old files often come from TCVN3/VNI tools)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("dòng %(line)d, cột %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("dòng %(line)d: %(message)s") % {"line": self.line, "message": self.message}


def decode_utf8(data: bytes, max_bytes: int) -> tuple[str, list[Problem]]:
    """The text of ``data`` (a UTF-8 BOM is accepted), or the problems that prevent reading it."""
    if len(data) > max_bytes:
        return "", [
            Problem(0, "", _("tệp lớn hơn %(size)d MB") % {"size": max_bytes // (1024 * 1024)})
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    number,
                    "",
                    _(
                        "byte thứ %(position)d không phải mã UTF-8 "
                        "(tệp cũ mã TCVN3/VNI? hãy lưu lại dưới dạng CSV UTF-8)"
                    )
                    % {"position": exc.start + 1},
                )
            )
    return "", problems


class ImportRejected(ValueError):
    """A file refused whole; ``problems`` name each line and column. Nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
