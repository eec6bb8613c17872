#!/usr/bin/env python3
"""Django's manage.py; the `khth` console script is the same entry point."""

from khth.cli import main

if __name__ == "__main__":
    main()
