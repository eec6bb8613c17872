"""The ``khth`` console script: Django's management commands under one name.

``khth units import FILE`` runs the ``units`` command of ``khth.units``; every Django command
(``khth migrate``, ``khth check``) is there too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khth.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["khth", *args])


if __name__ == "__main__":
    main()
