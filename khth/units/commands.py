"""What the ``khth`` commands of every app need from units: the unit named by ``--unit CODE``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khth.lib.commands import first_or_fail
from khth.units.models import Unit


def unit_by_code(code: str, *related: str) -> Unit:
    """The unit whose code is ``code``, with the ``related`` rows it is read with (its parent for
    a letterhead); a CommandError naming the code when there is none. Runs as the operator: no
    scope, whoever has the shell has the server."""
    units = Unit.objects.filter(code=code)
    if related:  # select_related() with no names would follow every foreign key
        units = units.select_related(*related)
    return first_or_fail(units, _("Không có đơn vị mã «%(code)s»") % {"code": code})
