"""«Vào sổ, lấy số» on a finished review's page: who is offered the form, and the form — the
register's own for an outgoing document, less the kind and the source (khth.reviews.forms). The
page and its POST are in khth.reviews.views.pages; the action in khth.reviews.registration."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from khth.docsystem.register import access as register_access
from khth.docsystem.register.models import RegisteredDocument
from khth.lib import clock
from khth.reviews.forms import ReviewRegistrationForm
from khth.reviews.models import Review
from khth.reviews.registration import review_summary


def may_register(user: Any, review: Review, registered: RegisteredDocument | None) -> bool:
    """The form is offered for a finished review not registered yet, to the unit's register."""
    return (
        review.status == Review.FINAL
        and registered is None
        and register_access.can_register(user, review.unit)
    )


def registration_form(
    request: HttpRequest, review: Review, data: Any = None
) -> ReviewRegistrationForm:
    # The secrecy levels the user may mark, as the register's own form offers them.
    secrecy = [
        (code, _(label))
        for code, label in RegisteredDocument.SECRECY
        if register_access.may_mark(request.user, review.unit, code)
    ]
    return ReviewRegistrationForm(
        data,
        secrecy=secrecy,
        urgency=[(code, _(label)) for code, label in RegisteredDocument.URGENCY],
        initial={
            "dated": clock.today(),
            "copies": 1,
            "summary": review_summary(review),
            "signer": getattr(request.user, "full_name", ""),
        },
        auto_id="reg_%s",
    )
