"""Reading generated files back the way a user's software would."""

from __future__ import annotations

import csv
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
    out = _converted(source, profile, "txt:Text (encoded):UTF8", "converted")
    return (out / (source.stem + ".txt")).read_text(encoding="utf-8-sig")


def libreoffice_sheets(source: Path, profile: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as LibreOffice shows it (its number formats applied), by the
    sheet's name as LibreOffice writes it into a file name ("/" and ":" become "-")."""
    # The CSV filter's options: comma, double quote, UTF-8, from line 1, …, cells as shown,
    # every sheet to its own file (-1).
    options = "44,34,76,1,,0,false,true,true,false,false,-1"
    out = _converted(source, profile, f"csv:Text - txt - csv (StarCalc):{options}", "sheets")
    prefix = source.stem + "-"
    return {
        path.stem.removeprefix(prefix): list(
            csv.reader(path.read_text(encoding="utf-8").splitlines())
        )
        for path in out.glob("*.csv")
    }


def _converted(source: Path, profile: Path, target: str, folder: str) -> Path:
    """The folder beside ``source`` where LibreOffice wrote it converted to ``target``."""
    assert LIBREOFFICE is not None
    out = source.parent / folder
    subprocess.run(  # noqa: S603 — fixed arguments, our own temporary files
        [
            LIBREOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out
