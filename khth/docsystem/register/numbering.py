"""Numbers of documents by the rules of their family (regulation data, document_formats):

- Party family: "Số 15-NQ/ĐU", one sequence per document type, from 1 again each Party committee
  term (restart: term, per_type: true);
- administrative family: "Số: 05/BC-CT", one sequence for all types, from 01 again each calendar
  year, zero-padded under 10 (restart: year, per_type: false, pad: 2);
- incoming documents: the receiving unit's own sequence per calendar year.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from khth.docsystem.register.models import Counter, PartyTerm
from khth.regulations.schema.formats import Numbering
from khth.units.models import Unit


class NumberingError(ValueError):
    pass


def current_term(unit: Unit, day: dt.date) -> PartyTerm | None:
    return PartyTerm.objects.filter(unit=unit, starts_on__lte=day).order_by("-starts_on").first()


def scope_of(unit: Unit, family: str, numbering: Numbering, abbreviation: str, day: dt.date) -> str:
    """The sequence a new outgoing document takes its number from."""
    kind = abbreviation if numbering.per_type else "*"
    if numbering.restart == "term":
        term = current_term(unit, day)
        if term is None:
            raise NumberingError(
                _(
                    "Chưa khai báo nhiệm kỳ cấp ủy của %(unit)s: văn bản của Đảng đánh số theo "
                    "nhiệm kỳ (khai báo ở trang đơn vị)"
                )
                % {"unit": unit.name}
            )
        return f"{family}:{kind}:term:{term.starts_on.isoformat()}"
    return f"{family}:{kind}:year:{day.year}"


def incoming_scope(day: dt.date) -> str:
    return f"in:year:{day.year}"


def take_number(unit: Unit, scope: str) -> int:
    """The next number of ``unit``'s sequence ``scope``. Call inside the registration's
    transaction: the counter row stays locked until it commits, so a concurrent registration
    waits and takes the next one."""
    counter, _created = Counter.objects.get_or_create(unit=unit, scope=scope)
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
