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


def review_summary(review: Review) -> str:
    """The trích yếu the register gets unless told another: the title under "Báo cáo"."""
    regulation = active_regulation()
    kind = regulation.document_kind(REVIEW_KIND)
    return title_summary(review.title, type_name(regulation, kind.abbreviation))


@transaction.atomic
def register_review(
    review: Review,
    *,
    by: Any,
    dated: dt.date | None = None,
    signer: str = "",
    summary: str = "",
    recipients: str = "",
    copies: int = 1,
    file_holder: str = "",
    secrecy: str = "",
    urgency: str = "",
    notes: str = "",
) -> RegisteredDocument:
    """Register a finished review in its unit's outgoing register, with the columns of the
    register's own form (the kind is the final review's, the source the review). The register
    checks the caller's ``document.register`` at the unit, the secrecy the caller may mark, and
    refuses a second registration."""
    # Locked, so that two clicks cannot both pass the status check.
    review = Review.objects.select_for_update(of=("self",)).select_related("unit").get(pk=review.pk)
    if review.status != Review.FINAL:
        raise RegisterError(_("Chỉ vào sổ được báo cáo sơ kết, tổng kết đã hoàn thành"))
    return register_outgoing(
        review.unit,
        Outgoing(
            kind_code=active_regulation().document_kind(REVIEW_KIND).code,
            dated=dated or clock.today(),
            summary=summary.strip() or review_summary(review),
            signer=signer,
            recipients=recipients,
            copies=copies,
            file_holder=file_holder,
            secrecy=secrecy,
            urgency=urgency,
            notes=notes,
            source=(SOURCE_KIND, review.pk),
        ),
        by=by,
    )
