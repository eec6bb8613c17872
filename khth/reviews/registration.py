"""A review into the unit's outgoing register: it gets its number ("Số: 03/BC-CT") and prints
it on every export.

Reviews sit above the register (docs/architecture.md), so the register keeps the link as a
(kind, id) pair — ``("review", pk)`` — and never imports this room; the review reads its
registration back through ``khth.docsystem.register.access.registration_of``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.docsystem.register.access import registration_of
from khth.docsystem.register.actions import Outgoing, RegisterError, register_outgoing
from khth.docsystem.register.models import RegisteredDocument
from khth.documents.formats import type_name
from khth.documents.heading import title_summary
from khth.lib import clock
from khth.regulations.access import active_regulation
from khth.reviews.models import Review
from khth.reviews.outline import REVIEW_KIND

SOURCE_KIND = "review"


def review_registration(review: Review) -> RegisteredDocument | None:
    return registration_of(SOURCE_KIND, review.pk)


@transaction.atomic
def register_review(
    review: Review, *, by: Any, dated: dt.date | None = None, signer: str = ""
) -> RegisteredDocument:
    """Register a finished review in its unit's outgoing register (the register checks the
    caller's ``document.register`` and refuses a second registration)."""
    if review.status != Review.FINAL:
        raise RegisterError(_("Chỉ vào sổ được báo cáo sơ kết, tổng kết đã hoàn thành"))
    regulation = active_regulation()
    kind = regulation.document_kind(REVIEW_KIND)
    summary = title_summary(review.title, type_name(regulation, kind.abbreviation))
    return register_outgoing(
        review.unit,
        Outgoing(
            kind_code=kind.code,
            dated=dated or clock.today(),
            summary=summary,
            signer=signer,
            source=(SOURCE_KIND, review.pk),
        ),
        by=by,
    )
