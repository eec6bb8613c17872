"""A Border Guard variant of the regulation for the tests (seed 002: the regulation "trong
BĐBP"), derived from the default file rather than copied, so it follows every edit of it.

What differs from the default, each so a test can tell the two apart:
- the monthly report is due 3 working days after the cut-off at company level (default 2);
- its indicator ``tin-bai`` counts in "bài" (default "tin, bài"): not combinable by code alone;
- it has an indicator of its own, ``tuan-tra-bien-gioi``, that the default does not know;
- a border post (``don-bien-phong``) keeps one more book, ``so-theo-doi-bien-gioi``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml

from khth.regulations.actions import load_regulation
from khth.regulations.loader import default_regulation_path
from khth.regulations.models import RegulationVersion
from tests.regulations.helpers import to_yaml

BDBP = "ctd-ctct-bdbp"
BORDER_BOOK = "so-theo-doi-bien-gioi"
BORDER_INDICATOR = "tuan-tra-bien-gioi"
POST = "don-bien-phong"


@lru_cache(maxsize=1)
def _default_json() -> str:
    text = default_regulation_path().read_text(encoding="utf-8")
    # The C SafeLoader when PyYAML has it: ten times faster on the default file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader
    return json.dumps(data, default=str, ensure_ascii=False)


def default_data() -> dict[str, Any]:
    return json.loads(_default_json())  # type: ignore[no-any-return]


def bdbp_data(version: str = "2024.1") -> dict[str, Any]:
    data = default_data()
    data["regulation"]["code"] = BDBP
    data["regulation"]["version"] = version
    data["regulation"]["title"] = "Quy định công tác kế hoạch – tổng hợp về CTĐ, CTCT trong BĐBP"
    monthly = next(t for t in data["report_templates"] if t["code"] == "bc-thang")
    monthly["deadlines"]["dai-doi"] = 3
    monthly["deadlines"]["tieu-doan"] = 4
    for indicator in monthly["indicators"]:
        if indicator["code"] == "tin-bai":
            indicator["unit"] = "bài"
    monthly["indicators"].append(
        {
            "code": BORDER_INDICATOR,
            "name": "Số lượt tuần tra biên giới",
            "type": "integer",
            "unit": "lượt",
            "section": "tinh-hinh",
            "aggregation": "sum",
            "basis": "default",
        }
    )
    data["record_books"].append(
        {
            "code": BORDER_BOOK,
            "name": "Sổ theo dõi công tác biên giới",
            "levels": ["tieu-doan"],
            "update_frequency": "monthly",
            "columns": [{"code": "noi-dung", "name": "Nội dung", "type": "text"}],
            "unit_types": [POST],
            "basis": "default",
        }
    )
    return data


def load_bdbp(version: str = "2024.1") -> RegulationVersion:
    loaded, _created = load_regulation(to_yaml(bdbp_data(version)), f"bdbp-{version}.yaml", by=None)
    return loaded
