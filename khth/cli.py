"""The ``khth`` console script: Django's management commands under one name.

``khth units import FILE`` runs the ``units`` command of ``khth.units``; every Django command
(``khth migrate``, ``khth check``) is there too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khth.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from khth.lib.envvars import ConfigError

    try:
        # Reading a setting imports khth.settings, which reads the environment: a bad value
        # is a sentence naming the variable, not a traceback above it.
        settings.INSTALLED_APPS  # noqa: B018 (read for its effect)
    except ConfigError as exc:
        sys.stderr.write(f"khth: {exc}\n")
        sys.exit(2)
    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["khth", *args])


if __name__ == "__main__":
    main()
