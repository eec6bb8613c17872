"""Model pieces several apps share: no table and no migration of their own. Each app's model
still names what it is attached to, where its files go and what its constraints are called."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.db import models

from khth.lib import clock
from khth.lib.vietnamese import sort_key


class StoredUpload(models.Model):
    """A file someone uploaded (khth.lib.uploads checked it). It is stored under ``token``, a name
    of ours, never the uploader's; ``original_name`` is what the uploader called it.

    A subclass declares the row it belongs to and ``file`` with its own ``upload_to`` (the folder
    of its app): ``file`` here only says that every stored upload has one.
    """

    token = models.CharField(max_length=40, unique=True)
    file = models.FileField()
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


def span_ordered(name: str) -> models.CheckConstraint:
    """The database's own guard on a row with a span: ``ends_on`` is never before ``starts_on``."""
    return models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name=name)


class SortedByName(models.Model):
    """A row listed by name: ``sort_name`` holds khth.lib.vietnamese.sort_key of the name, so
    that lists ``order_by("sort_name")`` in Vietnamese order on SQLite and PostgreSQL alike (the
    databases' own collations differ, and neither knows Vietnamese).

    ``save`` keeps the key in step, adding it to ``update_fields`` when the name is among them;
    writers that bypass ``save`` (bulk_create, bulk_update) call ``refresh_sort_name`` first.
    """

    sort_name = models.TextField(db_index=True, editable=False)

    SORTED_BY: ClassVar[str] = "name"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_sort_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.SORTED_BY in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def sort_name_of(self, name: str) -> str:
        return sort_key(name)

    def refresh_sort_name(self) -> None:
        self.sort_name = self.sort_name_of(getattr(self, self.SORTED_BY))


class Revised(Protocol):
    """A row edited under optimistic concurrency (a plan, a typed document, a review): every
    saved edit counts one more ``revision``, and an edit based on an older one is refused."""

    revision: int
    updated_at: dt.datetime
    updated_by: Any


def count_revision(row: Revised, by: Any) -> None:
    """One more saved revision of ``row``, made now by ``by``; the caller saves it."""
    row.revision += 1
    row.updated_at = clock.now()
    row.updated_by = by
