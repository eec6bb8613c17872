"""A demo organisation: Quân khu 9 with a division and a province command, and named accounts.

Everything is made through the same actions as real data (``create_unit``, ``create_user``), so
the demo also exercises the rules: level order, audit entries, password validation.

The names are realistic but the organisation is illustrative, not an order of battle: numbering,
placement and the commune list are made up from public place names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from khth.accounts.actions import create_user
from khth.demo.plans import build_plans
from khth.lib import clock
from khth.lib.vietnamese import fold
from khth.units.actions import create_unit
from khth.units.models import Membership, Unit

ROOT_CODE = "QK9"
DEFAULT_PASSWORD = "khth-demo-2026"  # noqa: S105 (printed with the demo on purpose)
# The tree starts when the 2025 reform put Ban CHPTKV in place of district commands; the demo
# thus has past periods to consolidate. A clock set earlier (tests) starts it on that day instead.
DEMO_START = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class DemoSummary:
    created: bool  # False: the demo was already there and nothing was changed
    unit_count: int
    accounts: tuple[DemoAccount, ...]


# (username, full name, role, unit code). Prefixes: cu = chính ủy (regiment and above),
# ctv = chính trị viên (battalion, company), tl = trợ lý (at battalion and company, where there
# is no trợ lý, the phó chính trị viên; the logins keep their names), ch = chỉ huy,
# cuv = cấp ủy viên.
ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "Trần Quốc Việt", "admin", "QK9"),
    ("cu.qk9", "Nguyễn Thanh Hải", "political_officer", "QK9"),
    ("tl.qk9", "Lê Thị Thu Trang", "assistant", "QK9"),
    ("cu.f330", "Phạm Văn Đông", "political_officer", "SD330"),
    ("tl.f330", "Huỳnh Minh Tâm", "assistant", "SD330"),
    ("cu.e1", "Võ Thành Nhân", "political_officer", "SD330-E1"),
    ("tl.e1", "Đặng Thị Kim Ngân", "assistant", "SD330-E1"),
    ("ch.e1", "Bùi Văn Cường", "commander", "SD330-E1"),
    ("cuv.e1", "Trương Hữu Phước", "committee_member", "SD330-E1"),
    ("ctv.e1d1", "Ngô Quang Vinh", "political_officer", "SD330-E1-D1"),
    ("tl.e1d1", "Dương Văn Lợi", "deputy_political_officer", "SD330-E1-D1"),
    ("ctv.e1d1c1", "Lý Hoàng Phúc", "political_officer", "SD330-E1-D1-C1"),
    ("tl.e1d1c1", "Châu Văn Tài", "deputy_political_officer", "SD330-E1-D1-C1"),
    ("ch.e1d1c1", "Trịnh Minh Khoa", "commander", "SD330-E1-D1-C1"),
    ("cuv.e1d1c1", "Mai Xuân Thịnh", "committee_member", "SD330-E1-D1-C1"),
    ("ctv.e1d1c2", "Hồ Văn Nghĩa", "political_officer", "SD330-E1-D1-C2"),
    ("tl.e1d1c2", "Tô Thanh Bình", "deputy_political_officer", "SD330-E1-D1-C2"),
    ("cu.st", "Lâm Văn Sang", "political_officer", "CHQS-ST"),
    ("tl.st", "Sơn Thị Ngọc Hân", "assistant", "CHQS-ST"),
    ("ctv.kv1", "Thạch Văn Đức", "political_officer", "CHQS-ST-KV1"),
    ("tl.kv1", "Triệu Thị Mỹ Linh", "assistant", "CHQS-ST-KV1"),
)

# Companies directly under a regiment: (code suffix, name).
REGIMENT_COMPANIES = (
    ("CTS", "Đại đội Trinh sát"),
    ("CCB", "Đại đội Công binh"),
    ("CTT", "Đại đội Thông tin"),
    ("CPK", "Đại đội Súng máy phòng không"),
    ("CVT", "Đại đội Vận tải"),
)
DIVISION_BATTALIONS = (
    ("DPB", "Tiểu đoàn Pháo binh"),
    ("DTT", "Tiểu đoàn Thông tin"),
    ("DCB", "Tiểu đoàn Công binh"),
    ("DPK", "Tiểu đoàn Phòng không"),
)
DIVISION_COMPANIES = (
    ("CTS", "Đại đội Trinh sát"),
    ("CCV", "Đại đội Cảnh vệ"),
    ("CPH", "Đại đội Phòng hóa"),
)
# Ban CHPTKV of the province and the communes (x) and wards (p) each one covers, from the
# former districts they replaced.
DEFENCE_AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Sóc Trăng",
        "Sóc Trăng",
        (
            "p:1",
            "p:2",
            "p:3",
            "p:4",
            "p:5",
            "p:6",
            "p:7",
            "p:8",
            "x:An Hiệp",
            "x:Phú Tâm",
            "x:Thuận Hòa",
            "x:Hồ Đắc Kiện",
        ),
    ),
    (
        "Kế Sách",
        "Kế Sách",
        (
            "x:Kế An",
            "x:An Lạc Tây",
            "x:An Mỹ",
            "x:Ba Trinh",
            "x:Đại Hải",
            "x:Kế Thành",
            "x:Nhơn Mỹ",
            "x:Phong Nẫm",
            "x:Thới An Hội",
            "x:Trinh Phú",
            "x:Xuân Hòa",
        ),
    ),
    (
        "Long Phú",
        "Long Phú",
        (
            "x:Long Đức",
            "x:Song Phụng",
            "x:Châu Khánh",
            "x:Phú Hữu",
            "x:Trường Khánh",
            "x:Tân Thạnh",
            "x:Lịch Hội Thượng",
            "x:Trung Bình",
            "x:Liêu Tú",
            "x:Tài Văn",
            "x:Viên An",
            "x:An Thạnh 1",
        ),
    ),
    (
        "Vĩnh Châu",
        "Vĩnh Châu",
        (
            "p:Vĩnh Phước",
            "p:Khánh Hòa",
            "x:Vĩnh Hiệp",
            "x:Vĩnh Hải",
            "x:Lạc Hòa",
            "x:Hòa Đông",
            "x:Vĩnh Tân",
            "x:Lai Hòa",
            "x:Đại Tâm",
            "x:Tham Đôn",
            "x:Ngọc Đông",
            "x:Gia Hòa 1",
        ),
    ),
    (
        "Ngã Năm",
        "Ngã Năm",
        (
            "x:Mỹ Quới",
            "x:Tân Long",
            "x:Long Bình",
            "x:Vĩnh Quới",
            "x:Mỹ Bình",
            "x:Châu Hưng",
            "x:Lâm Tân",
            "x:Thạnh Tân",
            "x:Tuân Tức",
            "x:Mỹ Hương",
            "x:Mỹ Thuận",
            "x:Hưng Phú",
        ),
    ),
)


def _ascii(name: str) -> str:
    return "".join(fold(name).split()).upper()


class _Tree:
    """Creates units on one start day; the superior Party body defaults to the parent's."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def add(
        self,
        code: str,
        name: str,
        level: str,
        parent: Unit | None,
        *,
        short_name: str,
        party_body: str = "",
        party_abbr: str = "",
        admin_abbr: str = "",
        place: str = "",
        superior_party_body: str | None = None,
    ) -> Unit:
        if superior_party_body is None:
            superior_party_body = parent.party_body if parent is not None else ""
        return create_unit(
            code=code,
            name=name,
            short_name=short_name,
            level=level,
            parent=parent,
            by=None,
            valid_from=self.day,
            party_body=party_body,
            superior_party_body=superior_party_body,
            party_abbr=party_abbr,
            admin_abbr=admin_abbr,
            place=place or (parent.place if parent is not None else ""),
        )

    def company(self, code: str, name: str, parent: Unit, short_name: str, abbr: str) -> Unit:
        return self.add(
            code,
            name,
            "dai-doi",
            parent,
            short_name=short_name,
            party_body=f"Chi bộ {name}",
            party_abbr="CB",
            admin_abbr=abbr,
        )

    def battalion(self, code: str, name: str, parent: Unit, short_name: str, abbr: str) -> Unit:
        return self.add(
            code,
            name,
            "tieu-doan",
            parent,
            short_name=short_name,
            party_body=f"Đảng ủy {name}",
            party_abbr="ĐU",
            admin_abbr=abbr,
        )


def _regiment(tree: _Tree, division: Unit, number: int) -> None:
    code = f"{division.code}-E{number}"
    regiment = tree.add(
        code,
        f"Trung đoàn {number}",
        "trung-doan",
        division,
        short_name=f"e{number}/f330",
        party_body=f"Đảng ủy Trung đoàn {number}",
        party_abbr="ĐU",
        admin_abbr="CT",  # documents of the regiment's Ban Chính trị
    )
    # Companies are numbered through the regiment (d1: c1–c4, d2: c5–c8, d3: c9–c11), as units
    # are; the third battalion is one company short, which trees in real life often are.
    company = 0
    for battalion_number, companies in ((1, 4), (2, 4), (3, 3)):
        battalion = tree.battalion(
            f"{code}-D{battalion_number}",
            f"Tiểu đoàn {battalion_number}",
            regiment,
            f"d{battalion_number}/e{number}",
            f"TĐ{battalion_number}",
        )
        for _ in range(companies):
            company += 1
            unit = tree.company(
                f"{battalion.code}-C{company}",
                f"Đại đội {company}",
                battalion,
                f"c{company}/e{number}",
                f"ĐĐ{company}",
            )
            if number == 1 and company == 1:
                _platoons(tree, unit)
    for suffix, name in REGIMENT_COMPANIES:
        tree.company(f"{code}-{suffix}", name, regiment, f"{name} e{number}", suffix[1:])


def _platoons(tree: _Tree, company: Unit) -> None:
    # One company shows the lowest level; a platoon has a Party group, not a Party organisation
    # that issues documents, so its Party fields stay empty.
    for number in (1, 2, 3):
        tree.add(
            f"{company.code}-B{number}",
            f"Trung đội {number}",
            "trung-doi",
            company,
            short_name=f"b{number}/{company.short_name}",
            superior_party_body="",
        )


def _division(tree: _Tree, region: Unit) -> None:
    division = tree.add(
        "SD330",
        "Sư đoàn bộ binh 330",
        "su-doan",
        region,
        short_name="f330",
        party_body="Đảng ủy Sư đoàn 330",
        party_abbr="ĐU",
        admin_abbr="CT",  # Phòng Chính trị
        place="Kiên Giang",
    )
    for number in (1, 2, 3):
        _regiment(tree, division, number)
    for suffix, name in DIVISION_BATTALIONS:
        battalion = tree.battalion(f"SD330-{suffix}", name, division, f"{name} f330", suffix)
        for number in (1, 2, 3):
            tree.company(
                f"{battalion.code}-C{number}",
                f"Đại đội {number}",
                battalion,
                f"c{number}/{suffix.lower()}",
                f"ĐĐ{number}",
            )
    for suffix, name in DIVISION_COMPANIES:
        tree.company(f"SD330-{suffix}", name, division, f"{name} f330", suffix[1:])


def _province(tree: _Tree, region: Unit) -> None:
    province = tree.add(
        "CHQS-ST",
        "Bộ Chỉ huy Quân sự tỉnh Sóc Trăng",
        "su-doan",
        region,
        short_name="Bộ CHQS tỉnh Sóc Trăng",
        party_body="Đảng ủy Quân sự tỉnh Sóc Trăng",
        # The provincial military Party organisation sits under the provincial Party committee,
        # not under the military region's (domain.md §3: the two chains differ here).
        superior_party_body="Tỉnh ủy Sóc Trăng",
        party_abbr="ĐU",
        admin_abbr="CT",  # Phòng Chính trị
        place="Sóc Trăng",
    )
    for number, (area, place, communes) in enumerate(DEFENCE_AREAS, start=1):
        short = f"Ban CHPTKV {number} – {area}"
        defence_area = tree.add(
            f"CHQS-ST-KV{number}",
            f"Ban Chỉ huy Phòng thủ khu vực {number} – {area}",
            "trung-doan",
            province,
            short_name=short,
            party_body=f"Đảng ủy {short}",
            party_abbr="ĐU",
            admin_abbr=f"PTKV{number}",
            place=place,
        )
        for entry in communes:
            kind, commune = entry.split(":", 1)
            word = "phường" if kind == "p" else "xã"
            tree.add(
                f"{defence_area.code}-{kind.upper()}{_ascii(commune)}",
                f"Ban Chỉ huy Quân sự {word} {commune}",
                "tieu-doan",
                defence_area,
                short_name=f"Ban CHQS {word} {commune}",
                party_body=f"Chi bộ Quân sự {word} {commune}",
                # A commune's military Party cell belongs to the commune's Party committee.
                superior_party_body=f"Đảng ủy {word} {commune}",
                party_abbr="CB",
                admin_abbr="BCHQS",
            )
    battalion = tree.battalion(
        "CHQS-ST-D1", "Tiểu đoàn Bộ binh 1", province, "d1 Bộ CHQS Sóc Trăng", "TĐ1"
    )
    for number in (1, 2, 3, 4):
        tree.company(
            f"CHQS-ST-D1-C{number}", f"Đại đội {number}", battalion, f"c{number}/d1", f"ĐĐ{number}"
        )
    tree.company("CHQS-ST-CTS", "Đại đội Trinh sát", province, "Đại đội Trinh sát tỉnh", "TS")
    tree.company("CHQS-ST-CTT", "Đại đội Thông tin", province, "Đại đội Thông tin tỉnh", "TT")


def _build_units(day: dt.date) -> None:
    tree = _Tree(day)
    region = tree.add(
        ROOT_CODE,
        "Quân khu 9",
        "quan-khu",
        None,
        short_name="QK9",
        party_body="Đảng ủy Quân khu 9",
        superior_party_body="Quân ủy Trung ương",
        party_abbr="ĐU",
        admin_abbr="CT",  # Cục Chính trị
        place="Cần Thơ",
    )
    _province(tree, region)
    _division(tree, region)


def _build_accounts(password: str) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in={a[3] for a in ACCOUNTS})}
    for username, full_name, role, code in ACCOUNTS:
        create_user(
            username=username,
            full_name=full_name,
            unit=units[code],
            role=role,
            password=password,
            by=None,
        )


def _summary(*, created: bool) -> DemoSummary:
    root = Unit.objects.get(code=ROOT_CODE)
    memberships = {
        (m.user.username, m.role, m.unit.code): m
        for m in Membership.objects.filter(
            user__username__in=[a[0] for a in ACCOUNTS], ended_on__isnull=True
        ).select_related("user", "unit")
    }
    accounts = []
    for username, _, role, code in ACCOUNTS:
        membership = memberships.get((username, role, code))
        if membership is None:  # removed or changed after the demo was built
            continue
        accounts.append(
            DemoAccount(
                username=username,
                full_name=membership.user.full_name,
                role=role,
                unit_code=code,
                unit_name=membership.unit.name,
            )
        )
    return DemoSummary(
        created=created,
        unit_count=Unit.objects.subtree_of(root).count(),
        accounts=tuple(accounts),
    )


def build_demo(*, password: str) -> DemoSummary:
    """Build the demo organisation and its accounts, all with ``password``.

    Idempotent: when the root unit exists nothing is changed (not even passwords). One transaction,
    so a failure (say, a password the validators refuse) leaves no half-built demo behind that
    the next run would then take for a finished one.
    """
    if Unit.objects.filter(code=ROOT_CODE).exists():
        return _summary(created=False)
    with transaction.atomic():
        _build_units(min(DEMO_START, clock.today()))
        _build_accounts(password)
        build_plans()
    return _summary(created=True)
