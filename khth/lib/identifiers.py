"""The one rule for the names that go into addresses: unit codes (``/units/<code>/``) and
usernames (``/people/<username>/``).

Letters without accents, digits, dot, hyphen and underscore, starting with a letter or a digit:
nothing a URL must escape, no ``/`` that would split a path, no ``..`` that a browser folds away,
no space or ``<``. The model fields carry it, so the forms, the API and every import check the
same rule with the same message.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_identifier = RegexValidator(
    r"\A[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    message=_(
        "chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới, bắt đầu bằng chữ hoặc số"
    ),
    code="invalid",
)
