"""The figures each demo unit reports for a period: its own people plus, for a superior, what its
subordinates reported, so that a consolidation adds up the way real ones do. Seeded by unit and
period: the same every run."""

from __future__ import annotations

from decimal import Decimal

from khth.demo.context import Year
from khth.units.models import Unit

# People of the unit itself (its command and agencies), by level; a ward's Ban CHQS is small.
OWN = {"quan-khu": 160, "su-doan": 75, "trung-doan": 38, "tieu-doan": 14, "dai-doi": 96}
WARD_OWN = 24
# Where the year shows a target not met: one serious violation, one month of poor attendance.
SERIOUS = ("SD330-E1-D2-C5", 3)  # (unit, months before today's period)
POOR_ATTENDANCE = ("SD330-E1-D1-C3", 2)
BOOLEANS = ("hoan-thanh-nhiem-vu", "vmtd-mau-muc")


class Figures:
    def __init__(self, year: Year) -> None:
        self.year = year
        self.children: dict[int, list[Unit]] = {}
        for unit in year.units.values():
            if unit.parent_id is not None:
                self.children.setdefault(unit.parent_id, []).append(unit)
        self._cache: dict[tuple[str, str], dict[str, Decimal]] = {}

    def own(self, unit: Unit, key: str, months_back: int) -> dict[str, Decimal]:
        rng = self.year.rng("figures", unit.code, key)
        base = WARD_OWN if unit.code.count("-") == 3 and unit.code.startswith("CHQS") else None
        qs = (base or OWN[unit.level]) + rng.randint(-3, 3)
        absent = rng.randint(0, 3)
        if (unit.code, months_back) == POOR_ATTENDANCE:
            absent = qs // 8
        tested = qs - absent - rng.randint(0, 2)
        members = qs // 4 + rng.randint(0, 3)
        candidates = rng.randint(2, 6)
        return {
            "quan-so": Decimal(qs),
            "gdct-tham-gia": Decimal(qs - absent),
            "nhan-thuc-so-kiem-tra": Decimal(tested),
            "nhan-thuc-kha-gioi": Decimal(tested - rng.randint(2, max(3, tested // 6))),
            "nhan-thuc-diem": Decimal(rng.randint(72, 89)) / 10,
            "tin-bai": Decimal(rng.randint(2, 9)),
            "vi-pham-nghiem-trong": Decimal(int((unit.code, months_back) == SERIOUS)),
            "vi-pham-thong-thuong": Decimal(rng.choice((0, 0, 0, 1, 1, 2))),
            "dao-ngu": Decimal(0),
            "dang-vien": Decimal(members),
            "quan-chung-uu-tu": Decimal(candidates),
            "ket-nap": Decimal(rng.choice((0, 0, 1, 1, 2))),
            "chuyen-chinh-thuc": Decimal(rng.choice((0, 0, 1))),
            "can-bo-dieu-dong": Decimal(rng.choice((0, 0, 0, 1))),
            "cuoc-kiem-tra": Decimal(rng.randint(1, 2)),
            "dang-vien-ky-luat": Decimal(0),
            "lo-bi-mat": Decimal(0),
            "dan-van-ngay-cong": Decimal(rng.randint(8, 60)),
            "chinh-sach-luot": Decimal(rng.randint(1, 4)),
            "chinh-sach-kinh-phi": Decimal(rng.randint(25, 80)) / 10,
            "hdqn-sinh-hoat": Decimal(rng.randint(1, 2)),
            "khen-tap-the": Decimal(rng.choice((0, 0, 1))),
            "khen-ca-nhan": Decimal(rng.randint(0, 5)),
            "dv-hoan-thanh-tot": Decimal(1),
            "tcd-danh-gia": Decimal(1),
            "tcd-tsvm": Decimal(1),
        }

    def of(self, unit: Unit, key: str, months_back: int = 99) -> dict[str, Decimal]:
        """What ``unit`` reports for the period ``key``: its own figures and its subtree's."""
        cached = self._cache.get((unit.code, key))
        if cached is not None:
            return cached
        total = self.own(unit, key, months_back)
        parts = [self.of(child, key, months_back) for child in self.children.get(unit.pk, [])]
        for part in parts:
            for code, value in part.items():
                if code == "nhan-thuc-diem":
                    continue
                total[code] += value
        if parts:
            scores = [total["nhan-thuc-diem"], *(p["nhan-thuc-diem"] for p in parts)]
            total["nhan-thuc-diem"] = (sum(scores, Decimal(0)) / len(scores)).quantize(
                Decimal("0.1")
            )
        self._cache[(unit.code, key)] = total
        return total


def as_entries(values: dict[str, Decimal], wanted: set[str]) -> dict[str, str | None]:
    """The typed form of ``values`` for the indicators a template asks (booleans: «có»)."""
    # Typed as people type them: a decimal comma (a dot would read as thousands).
    entries: dict[str, str | None] = {
        c: str(v).replace(".", ",") for c, v in values.items() if c in wanted
    }
    for code in BOOLEANS:
        if code in wanted:
            entries[code] = "có"
    return entries


def text_figures(unit: Unit, label: str, values: dict[str, Decimal]) -> dict[str, object]:
    qs = int(values["quan-so"])
    gdct = int(values["gdct-tham-gia"])
    return {
        "unit": unit.name,
        "period": label,
        "qs": qs,
        "gdct": gdct,
        "tyle": f"{100 * gdct / qs:.1f}".replace(".", ","),
        "dv": int(values["dang-vien"]),
        "qcut": int(values["quan-chung-uu-tu"]),
        "kn": int(values["ket-nap"]),
        "vpt": int(values["vi-pham-thong-thuong"]),
        "tin": int(values["tin-bai"]),
        "kt": int(values["cuoc-kiem-tra"]),
        "dvnc": int(values["dan-van-ngay-cong"]),
        "hd": int(values["hdqn-sinh-hoat"]),
        "diem": str(values["nhan-thuc-diem"]).replace(".", ","),
    }
