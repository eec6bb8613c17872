"""The demo organisation's units, on today's map, made through ``create_units``.

Small but complete: every level from the military region down to the company is there once or
twice, so that each consolidation has several subordinates and the year's work stays fast to
build. Real designations only where they are public (Quân khu 9, Sư đoàn 330); the regiments,
battalions and defence areas are plainly invented. Since 1-7-2025 the province of Sóc Trăng is
part of the city of Cần Thơ, district military commands are replaced by the Ban Chỉ huy phòng
thủ khu vực (Ban CHPTKV), and communes and wards carry their reorganised names; the selection
of wards below is illustrative.

There are no platoons: a platoon has a Party group, not a Party organisation, and no account
of its own, so a company's evaluation would wait for decisions nobody in the demo can take.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from khth.units.actions import NewUnit, create_units
from khth.units.models import Unit

ROOT_CODE = "QK9"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    level: str
    parent: str  # code; "" for the root
    short_name: str
    party_body: str
    party_abbr: str
    admin_abbr: str
    place: str
    # None: the parent's Party body (the usual chain); set where the Party chain differs.
    superior_party_body: str | None = None
    unit_type: str = ""  # the regulation's unit types (Bộ CHQS tỉnh, Ban CHPTKV); "" for the rest


def _company(code: str, name: str, parent: str, short: str, abbr: str, place: str) -> DemoUnit:
    return DemoUnit(code, name, "dai-doi", parent, short, f"Chi bộ {name}", "CB", abbr, place)


def _battalion(code: str, name: str, parent: str, short: str, abbr: str, place: str) -> DemoUnit:
    return DemoUnit(code, name, "tieu-doan", parent, short, f"Đảng ủy {name}", "ĐU", abbr, place)


def _ward(code: str, word: str, name: str, parent: str) -> DemoUnit:
    # A commune's military Party cell belongs to the commune's Party committee, not to the
    # defence area's (domain.md §3: the two chains differ here).
    return DemoUnit(
        code,
        f"Ban Chỉ huy Quân sự {word} {name}",
        "tieu-doan",
        parent,
        f"Ban CHQS {word} {name}",
        f"Chi bộ Quân sự {word} {name}",
        "CB",
        "BCHQS",
        "Cần Thơ",
        superior_party_body=f"Đảng ủy {word} {name}",
    )


UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(
        ROOT_CODE, "Quân khu 9", "quan-khu", "", "QK9", "Đảng ủy Quân khu 9", "ĐU", "CT",
        "Cần Thơ", superior_party_body="Quân ủy Trung ương",
    ),
    DemoUnit(
        "SD330", "Sư đoàn bộ binh 330", "su-doan", ROOT_CODE, "f330", "Đảng ủy Sư đoàn 330",
        "ĐU", "CT", "An Giang",
    ),
    DemoUnit(
        "SD330-E1", "Trung đoàn 1", "trung-doan", "SD330", "e1/f330", "Đảng ủy Trung đoàn 1",
        "ĐU", "CT", "An Giang",
    ),
    _battalion("SD330-E1-D1", "Tiểu đoàn 1", "SD330-E1", "d1/e1", "TĐ1", "An Giang"),
    _company("SD330-E1-D1-C1", "Đại đội 1", "SD330-E1-D1", "c1/e1", "ĐĐ1", "An Giang"),
    _company("SD330-E1-D1-C2", "Đại đội 2", "SD330-E1-D1", "c2/e1", "ĐĐ2", "An Giang"),
    _company("SD330-E1-D1-C3", "Đại đội 3", "SD330-E1-D1", "c3/e1", "ĐĐ3", "An Giang"),
    _battalion("SD330-E1-D2", "Tiểu đoàn 2", "SD330-E1", "d2/e1", "TĐ2", "An Giang"),
    _company("SD330-E1-D2-C5", "Đại đội 5", "SD330-E1-D2", "c5/e1", "ĐĐ5", "An Giang"),
    _company("SD330-E1-CTS", "Đại đội Trinh sát", "SD330-E1", "cTS/e1", "TS", "An Giang"),
    DemoUnit(
        "SD330-E2", "Trung đoàn 2", "trung-doan", "SD330", "e2/f330", "Đảng ủy Trung đoàn 2",
        "ĐU", "CT", "Kiên Giang",
    ),
    _battalion("SD330-E2-D4", "Tiểu đoàn 4", "SD330-E2", "d4/e2", "TĐ4", "Kiên Giang"),
    _company("SD330-E2-D4-C1", "Đại đội 1", "SD330-E2-D4", "c1/e2", "ĐĐ1", "Kiên Giang"),
    DemoUnit(
        "CHQS-CT", "Bộ Chỉ huy Quân sự thành phố Cần Thơ", "su-doan", ROOT_CODE,
        "Bộ CHQS thành phố Cần Thơ", "Đảng ủy Quân sự thành phố Cần Thơ", "ĐU", "CT", "Cần Thơ",
        # The city's military Party organisation sits under the city's Party committee.
        superior_party_body="Thành ủy Cần Thơ", unit_type="bo-chqs-tinh",
    ),
    DemoUnit(
        "CHQS-CT-KV1", "Ban Chỉ huy Phòng thủ khu vực 1 – Ninh Kiều", "trung-doan", "CHQS-CT",
        "Ban CHPTKV 1 – Ninh Kiều", "Đảng ủy Ban CHPTKV 1 – Ninh Kiều", "ĐU", "PTKV1", "Cần Thơ",
        unit_type="ban-chi-huy-phong-thu-khu-vuc",
    ),
    _ward("CHQS-CT-KV1-PNINHKIEU", "phường", "Ninh Kiều", "CHQS-CT-KV1"),
    DemoUnit(
        "CHQS-CT-KV7", "Ban Chỉ huy Phòng thủ khu vực 7 – Sóc Trăng", "trung-doan", "CHQS-CT",
        "Ban CHPTKV 7 – Sóc Trăng", "Đảng ủy Ban CHPTKV 7 – Sóc Trăng", "ĐU", "PTKV7", "Cần Thơ",
        unit_type="ban-chi-huy-phong-thu-khu-vuc",
    ),
    _ward("CHQS-CT-KV7-PPHULOI", "phường", "Phú Lợi", "CHQS-CT-KV7"),
    _ward("CHQS-CT-KV7-PSOCTRANG", "phường", "Sóc Trăng", "CHQS-CT-KV7"),
)  # fmt: skip

UNIT_CODES = frozenset(u.code for u in UNITS)


def build_units(day: dt.date) -> dict[str, Unit]:
    """Every demo unit, valid from ``day``, in one call of the import's action."""
    by_code = {u.code: u for u in UNITS}
    new = []
    for unit in UNITS:
        superior = unit.superior_party_body
        if superior is None:
            superior = by_code[unit.parent].party_body if unit.parent else ""
        details = {
            "party_body": unit.party_body,
            "superior_party_body": superior,
            "party_abbr": unit.party_abbr,
            "admin_abbr": unit.admin_abbr,
            "place": unit.place,
        }
        if unit.unit_type:
            details["unit_type"] = unit.unit_type
        new.append(NewUnit(unit.code, unit.name, unit.short_name, unit.level, unit.parent, details))
    created = create_units(new, parents={}, by=None, on=day)
    return {u.code: u for u in created}
