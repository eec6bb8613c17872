"""What an uploaded attachment may be: a type from a short list, at most 10 MB. Stored under a
name of ours (a random token), never the uploader's, so no path tricks and no clashes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from khth.lib.vietnamese import nfc

TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
MAX_BYTES = 10 * 1024 * 1024


class UploadRefused(ValueError):
    """The file is refused; the message names it and says why."""


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    size: int


def check_upload(upload: Any) -> Upload:
    name = nfc((upload.name or "tep").strip())
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in TYPES:
        raise UploadRefused(
            _("Tệp «%(name)s»: chỉ nhận %(types)s")
            % {"name": name, "types": ", ".join(sorted(TYPES))}
        )
    if upload.size is None or upload.size > MAX_BYTES:
        raise UploadRefused(
            _("Tệp «%(name)s» lớn hơn %(size)s MB")
            % {"name": name, "size": MAX_BYTES // (1024 * 1024)}
        )
    return Upload(name[:255], TYPES[suffix], upload.size)
