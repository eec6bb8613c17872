"""Reading generated files back the way a user's software would."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def mm(length: Length | None) -> int:
    """A length of the file in whole millimetres (python-docx stores EMUs)."""
    assert length is not None
    return round(float(length.mm))


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, tables included (cell by cell), in document order."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(items: list[Paragraph | Table]) -> None:
        for item in items:
            if isinstance(item, Paragraph):
                lines.append(item.text)
            else:
                for row in item.rows:
                    for cell in row.cells:
                        walk(list(cell.iter_inner_content()))

    walk(list(document.iter_inner_content()))
    return "\n".join(lines)


def libreoffice_text(source: Path, profile: Path) -> str:
    """The file converted to UTF-8 text by LibreOffice, with a private profile so parallel runs
    (and a desktop LibreOffice) do not lock each other out."""
    assert LIBREOFFICE is not None
    out = source.parent / "converted"
    subprocess.run(  # noqa: S603 — fixed arguments, our own temporary files
        [
            LIBREOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / (source.stem + ".txt")).read_text(encoding="utf-8-sig")
