"""Small helpers shared by the regulation tests."""

from __future__ import annotations

from typing import Any

import yaml


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def new_version(data: dict[str, Any], version: str) -> dict[str, Any]:
    data["regulation"]["version"] = version
    return data
