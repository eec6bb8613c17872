"""``khth search reindex``: build the search index again from every plan, report, registered and
typed document and current book entry, and print how many of each it holds.

Searching keeps the index up to date by itself; this is for after an upgrade, a restore, or a
doubt (it also re-creates SQLite's full-text triggers if a migration dropped them).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.commands import TranslatedCommand
from khth.search.index import reindex
from khth.search.models import KINDS


class Command(TranslatedCommand):
    help_text = gettext_lazy("Chỉ mục tìm kiếm: dựng lại từ đầu.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{reindex}")
        sub.add_parser("reindex", help=_("dựng lại chỉ mục tìm kiếm và in số mục theo loại"))

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = reindex()
        labels = dict(KINDS)
        for kind, count in counts.items():
            self.stdout.write(f"{_(labels[kind])}: {count}")
        self.stdout.write(
            _("Tổng cộng %(n)s mục, trong %(s).1f giây")
            % {"n": sum(counts.values()), "s": time.monotonic() - started}
        )
