"""The demo: Quân khu 9 with a division and the city military command of Cần Thơ, named accounts
and a year of their work up to today.

Everything is made through the same actions as real data (units, accounts, reports, plans…), so
the demo also exercises the rules: level order, workflows, audit entries, notifications. The
year is acted at past dates (``khth.demo.clock``) and relative to today, so that every account
has something to do whenever the demo is built.

How demo data is recognised: by its units and accounts. A database whose units all carry demo
codes and whose accounts all carry demo logins holds the demo (or nothing); anything else is
someone's real data, and the demo refuses to touch it (``ForeignData``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext as _

from khth.accounts.actions import NewUser, create_user, create_users
from khth.accounts.models import User
from khth.demo.clock import acting_at, moment
from khth.demo.tree import ROOT_CODE, UNIT_CODES, build_units
from khth.demo.year import build_year
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.periods import period_of
from khth.units.models import Membership, Unit

__all__ = ["DEFAULT_PASSWORD", "ROOT_CODE", "DemoSummary", "ForeignData", "build_demo"]

DEFAULT_PASSWORD = "khth-demo-2026"  # noqa: S105 (printed with the demo on purpose)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str
    unit_name: str
    hint: str  # what to try first, one line


@dataclass(frozen=True)
class DemoSummary:
    created: bool  # False: the demo was already there and nothing was changed
    unit_count: int
    accounts: tuple[DemoAccount, ...]


class ForeignData(ActionRefused):
    """The database holds data that is not the demo's: the demo never mixes into it."""


# (username, full name, role, unit code, what to try first). Prefixes: cu = chính ủy (regiment
# and above), tl = trợ lý (only where there is a political agency: regiment and above),
# ctv = chính trị viên and pctv = phó chính trị viên (battalion, company: the phó chính trị viên
# prepares there), ch = chỉ huy, cuv = cấp ủy viên. Read-only posts sit where their home page
# has something to watch (a commander of a company has no subordinate that reports).
ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("admin", "Trần Quốc Việt", "admin", "QK9",
     "Đơn vị, Người dùng: cây đơn vị trên bản đồ mới và các tài khoản"),
    ("cu.qk9", "Nguyễn Thanh Hải", "political_officer", "QK9",
     "Chờ tiếp nhận: báo cáo tháng của Sư đoàn 330; Tìm kiếm «dang uy»"),
    ("tl.qk9", "Lê Thị Thu Trang", "assistant", "QK9",
     "Báo cáo > Tổng hợp: số liệu tháng của cả quân khu; Tỷ lệ báo cáo"),
    ("cu.f330", "Phạm Văn Đông", "political_officer", "SD330",
     "Kế hoạch: kế hoạch năm phân cấp xuống; Đánh giá: quyết định xếp loại"),
    ("tl.f330", "Huỳnh Minh Tâm", "assistant", "SD330",
     "Chờ tiếp nhận: báo cáo của các trung đoàn; Sơ kết, tổng kết"),
    ("cu.e1", "Võ Thành Nhân", "political_officer", "SD330-E1",
     "Kiểm tra: kết luận, biện pháp khắc phục quá hạn; Khen thưởng"),
    ("tl.e1", "Đặng Thị Kim Ngân", "assistant", "SD330-E1",
     "Chờ tiếp nhận: báo cáo tuần của các tiểu đoàn; Sổ đăng ký văn bản"),
    ("ch.e1", "Bùi Văn Cường", "commander", "SD330-E1",
     "Việc cần làm: đơn vị cấp dưới chưa gửi báo cáo đến hạn"),
    ("cuv.e1", "Trương Hữu Phước", "committee_member", "SD330-E1",
     "Nghị quyết, chỉ thị: theo dõi các đơn vị học tập, thực hiện"),
    ("ctv.e1d1", "Ngô Quang Vinh", "political_officer", "SD330-E1-D1",
     "Chờ tiếp nhận: báo cáo của Đại đội 1, Đại đội 2; Đánh giá 6 tháng"),
    ("pctv.e1d1", "Dương Văn Lợi", "deputy_political_officer", "SD330-E1-D1",
     "Báo cáo đến hạn: báo cáo tuần của tiểu đoàn"),
    ("ch.e1d1", "Trịnh Minh Khoa", "commander", "SD330-E1-D1",
     "Việc cần làm: đại đội chưa gửi báo cáo; Kế hoạch tuần"),
    ("ctv.e1d1c1", "Lý Hoàng Phúc", "political_officer", "SD330-E1-D1-C1",
     "Đánh giá 6 tháng của đại đội: tự đánh giá, gửi lên; Sổ sách"),
    ("pctv.e1d1c1", "Châu Văn Tài", "deputy_political_officer", "SD330-E1-D1-C1",
     "Báo cáo đột xuất đến hạn; biện pháp khắc phục sau kiểm tra"),
    ("ctv.e1d1c2", "Hồ Văn Nghĩa", "political_officer", "SD330-E1-D1-C2",
     "Báo cáo tháng bị trả lại, đã sửa và gửi lại; Lịch hoạt động tuần"),
    ("pctv.e1d1c2", "Tô Thanh Bình", "deputy_political_officer", "SD330-E1-D1-C2",
     "Báo cáo tháng đến hạn; Sổ tổng hợp CTĐ, CTCT"),
    ("cu.ct", "Lâm Văn Sang", "political_officer", "CHQS-CT",
     "Phối hợp: quy chế với các ban của Thành ủy, báo cáo trao đổi"),
    ("tl.ct", "Sơn Thị Ngọc Hân", "assistant", "CHQS-CT",
     "Chờ tiếp nhận: báo cáo của các Ban CHPTKV; Phối hợp"),
    ("cu.kv7", "Thạch Văn Đức", "political_officer", "CHQS-CT-KV7",
     "Chờ tiếp nhận: báo cáo của Ban CHQS các xã, phường"),
    ("tl.kv7", "Triệu Thị Mỹ Linh", "assistant", "CHQS-CT-KV7",
     "Báo cáo đến hạn của Ban CHPTKV 7; Sổ đăng ký văn bản đi, đến"),
)  # fmt: skip

# The political officer of every other unit: each unit's own work (a report, a plan, a decision)
# is done by its own people, as the rules require. Not printed one by one.
OTHER_OFFICERS: tuple[tuple[str, str, str], ...] = (
    ("ctv.e1d1c3", "Đoàn Văn Hậu", "SD330-E1-D1-C3"),
    ("ctv.e1d2", "Phan Thanh Liêm", "SD330-E1-D2"),
    ("ctv.e1d2c5", "Kiều Văn Toàn", "SD330-E1-D2-C5"),
    ("ctv.e1cts", "Vũ Đức Thắng", "SD330-E1-CTS"),
    ("cu.e2", "Hà Văn Khải", "SD330-E2"),
    ("ctv.e2d4", "Lưu Quốc Bảo", "SD330-E2-D4"),
    ("ctv.e2d4c1", "Nguyễn Văn Tuấn", "SD330-E2-D4-C1"),
    ("cu.kv1", "Kim Văn Rô", "CHQS-CT-KV1"),
    ("ct.ninhkieu", "Phạm Thị Diễm", "CHQS-CT-KV1-PNINHKIEU"),
    ("ct.phuloi", "Sơn Văn Sóc", "CHQS-CT-KV7-PPHULOI"),
    ("ct.soctrang", "Lý Văn Hên", "CHQS-CT-KV7-PSOCTRANG"),
)

USERNAMES = frozenset(a[0] for a in ACCOUNTS) | frozenset(o[0] for o in OTHER_OFFICERS)


def demo_start(today: dt.date) -> dt.date:
    """The day the demo tree starts: before the first cut-off window of the year shown (the
    monthly period twelve months back begins its window on the 15th of the month before)."""
    first = period_of(today, "monthly")
    for _month in range(13):
        first = first.previous()
    return first.start


def holds_demo_only() -> bool:
    """True when every unit and account in the database is the demo's (or there are none)."""
    foreign_units = Unit.objects.exclude(code__in=UNIT_CODES).exists()
    foreign_users = User.objects.exclude(username__in=USERNAMES).exists()
    return not foreign_units and not foreign_users


def _refuse_foreign() -> None:
    if not holds_demo_only():
        raise ForeignData(
            _(
                "Cơ sở dữ liệu này đã có dữ liệu không phải của demo (đơn vị hoặc tài khoản "
                "khác). Không tạo demo để không trộn dữ liệu demo vào dữ liệu thật: hãy dùng một "
                "thư mục dữ liệu khác (KHTH_DATA_DIR) hoặc một cơ sở dữ liệu trống."
            )
        )


def _build_accounts(password: str, units: dict[str, Unit]) -> None:
    first, *others = ACCOUNTS
    # The first account goes through the password validators; the others share its hash (one
    # Argon2 hash instead of twenty: the password is the same and printed anyway).
    user = create_user(
        username=first[0], full_name=first[1], unit=units[first[3]], role=first[2],
        password=password, by=None,
    )  # fmt: skip
    hashed = user.password or make_password(password)
    create_users(
        [NewUser(name, full, units[code], role, hashed) for name, full, role, code, _h in others]
        + [
            NewUser(name, full, units[code], "political_officer", hashed)
            for name, full, code in OTHER_OFFICERS
        ],
        by=None,
    )


def _summary(*, created: bool) -> DemoSummary:
    root = Unit.objects.get(code=ROOT_CODE)
    memberships = {
        (m.user.username, m.role, m.unit.code): m
        for m in Membership.objects.filter(
            user__username__in=USERNAMES, ended_on__isnull=True
        ).select_related("user", "unit")
    }
    accounts = []
    for username, _name, role, code, hint in ACCOUNTS:
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
                hint=hint,
            )
        )
    return DemoSummary(
        created=created,
        unit_count=Unit.objects.subtree_of(root).count(),
        accounts=tuple(accounts),
    )


def reset_demo() -> None:
    """Empty a database that holds only the demo, so that it can be built again. Refused on any
    other data: a reset must never wipe real work."""
    _refuse_foreign()
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # PostgreSQL refuses to TRUNCATE a table with foreign-key checks still deferred in
        # the open transaction: they run now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def build_demo(*, password: str) -> DemoSummary:
    """Build the demo organisation, its accounts (all with ``password``) and its year of work.

    Idempotent: when the demo is there nothing is changed (not even passwords). Refused
    (``ForeignData``) on a database holding anything else. One transaction, so a failure (say,
    a password the validators refuse) leaves no half-built demo behind that the next run would
    then take for a finished one.
    """
    _refuse_foreign()
    if Unit.objects.filter(code=ROOT_CODE).exists():
        return _summary(created=False)
    today = clock.today()
    start = demo_start(today)
    with transaction.atomic():
        # The tree and the accounts are made "on" the day the tree starts: the memberships,
        # which carry the permissions, must hold on every date the year acts at.
        with acting_at(moment(start, 7)):
            units = build_units(start)
            _build_accounts(password, units)
        build_year(today, start)
    return _summary(created=True)
