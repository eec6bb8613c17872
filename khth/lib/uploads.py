"""What an uploaded attachment may be: a type from a short list, at most 10 MB. Stored under a
name of ours (a random token), never the uploader's, so no path tricks and no clashes.

The steps every app's "add a file" and "remove a file" action share are here too: check, make
the row (khth.lib.models.StoredUpload), store the file without leaving it behind on failure,
delete it only once the removal is committed."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.models import StoredUpload
from khth.lib.vietnamese import nfc

U = TypeVar("U", bound=StoredUpload)

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


def checked_upload(upload: Any, refused: Callable[[str], ActionRefused]) -> Upload:
    """``check_upload`` for an action: a refused file raises the app's own error (``refused``,
    e.g. ``ReportError``) with the same message, so its pages and the API answer as for any
    other refusal."""
    try:
        return check_upload(upload)
    except UploadRefused as exc:
        raise refused(str(exc)) from None


def new_upload_row(model: type[U], checked: Upload, *, by: Any, **owner: Any) -> U:
    """An unsaved ``model`` row for a checked file, under a fresh random token; ``owner`` names
    the row it belongs to (``report=report``)."""
    return model(
        **owner,
        token=secrets.token_hex(16),
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )


@contextmanager
def storing(row: StoredUpload, upload: File[bytes]) -> Iterator[None]:
    """Write the file under the row's token, then run the block that saves the row (and audits
    it). The file reaches the disk before the row: if the block fails, it is deleted again."""
    row.file.save(row.token, upload, save=False)
    try:
        yield
    except Exception:
        discard_file(row)
        raise


def discard_file(row: StoredUpload | None) -> None:
    """Delete the stored file of a row that will not be kept (nothing when there is none)."""
    if row is not None and row.file.name:
        row.file.storage.delete(row.file.name)


def delete_upload(row: StoredUpload) -> None:
    """Delete the row now and its file once the transaction commits: a rollback keeps both."""
    storage, path = row.file.storage, row.file.name
    row.delete()
    if path:
        transaction.on_commit(lambda: storage.delete(path))
