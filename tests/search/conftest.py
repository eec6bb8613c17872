"""Search fixtures on the named world (tests/conftest.py): a small corpus made through the
actions, each item at its own moment so that "newer" is well defined.

    C1  plan "Kế hoạch lãnh đạo của Đảng ủy tháng 7"  (title and body hits)
        report (monthly, July 2024): one section mentioning Đảng ủy three times
        registered document, TỐI MẬT: "Nghị quyết mật về nhân sự Đảng ủy"
        registered document, MẬT: "Thông báo mật về hòa giải"
        typed document "Nghị quyết tháng 7 của Chi bộ": written "Đảng uỷ" (old-style accent)
        book entry: "Sinh hoạt Đảng ủy …" in the general book
    C2  typed document "Biên bản họp Đảng ủy Đại đội 2"
    B1  plan "Kế hoạch của Đảng ủy Tiểu đoàn 1"
    C3  book entry mentioning Đảng ủy
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from khth.accounts.actions import create_user
from khth.docsystem.records.actions import add_entry, create_typed_document
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from khth.docsystem.register.models import RegisteredDocument
from khth.plans.actions import create_plan, save_plan
from khth.plans.content import PlanContent, TaskIn
from khth.plans.models import Plan
from khth.reports.actions import Content, open_report, save_report, template
from khth.reports.models import Report
from khth.reports.template import outline
from khth.search.query import Results, search
from tests.conftest import PASSWORD

# After today: the world's memberships start today, and scopes are computed for the clock's day.
START = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(days=1)
BOOK = "so-tong-hop-ctd"


@contextmanager
def at(minute: int) -> Iterator[None]:
    """Actions inside run at START + ``minute`` minutes, the clock standing still."""
    with time_machine.travel(START + dt.timedelta(minutes=minute), tick=False):
        yield


def titles(results: Results) -> list[str]:
    return [hit.title for hit in results.hits]


def found(world: Any, username: str, query: str, **options: Any) -> list[str]:
    return titles(search(world.users[username], query, **options))


def make_plan(world: Any, code: str, username: str, title: str, body: str, period: str) -> Plan:
    by = world.users[username]
    plan = create_plan(world.unit(code), "kh-ctd-thang", period_id=period, title=title, by=by)
    content = PlanContent(
        sections={"muc-dich-yeu-cau": body},
        tasks=[
            TaskIn(
                title="Tổ chức sinh hoạt chính trị",
                measures="Học tập nghị quyết, thảo luận theo tổ",
                lead_person="Chính trị viên",
                starts_on=dt.date(2024, 7, 1),
                ends_on=dt.date(2024, 7, 31),
            )
        ],
    )
    return save_plan(plan, content, by=by, base_revision=plan.revision)


def make_report(world: Any, code: str, username: str, html: str) -> Report:
    by = world.users[username]
    report = open_report(world.unit(code), "bc-thang", "202407", by=by)
    leaf = next(row.code for row in outline(template(report)) if row.is_leaf)
    return save_report(report, Content(sections={leaf: html}), by=by, base_version=report.version)


def make_document(
    world: Any, code: str, username: str, summary: str, secrecy: str = "", **more: Any
) -> RegisteredDocument:
    by = world.users[username]
    unit = world.unit(code)
    if not unit.party_terms.exists():
        add_party_term(unit, name="Nhiệm kỳ 2020 – 2025", starts_on=dt.date(2020, 10, 1), by=by)
    data = Outgoing(
        kind_code="nq-thang",
        dated=dt.date(2024, 7, 5),
        summary=summary,
        secrecy=secrecy,
        signer="Phạm Văn Một",
        **more,
    )
    return register_outgoing(unit, data, by=by)


def make_typed(world: Any, code: str, username: str, title: str, body: str) -> TypedDocument:
    return create_typed_document(
        world.unit(code),
        "nq-thang",
        dated=dt.date(2024, 7, 5),
        title=title,
        body=body,
        period_id="202407",
        by=world.users[username],
    )


def make_entry(world: Any, code: str, username: str, content: str) -> BookEntry:
    values = {"ngay": "08/07/2024", "mat-cong-tac": "Xây dựng Đảng", "noi-dung": content}
    return add_entry(world.unit(code), BOOK, values, by=world.users[username])


@dataclass
class Corpus:
    plan: Plan
    report: Report
    secret: RegisteredDocument
    confidential: RegisteredDocument
    typed: TypedDocument
    entry: BookEntry
    sibling_typed: TypedDocument
    battalion_plan: Plan
    other_entry: BookEntry


PLAN_TITLE = "Kế hoạch lãnh đạo của Đảng ủy tháng 7"
REPORT_TITLE = "Báo cáo CTĐ, CTCT tháng — Tháng 7/2024"
SECRET_TITLE = "Nghị quyết mật về nhân sự Đảng ủy"
CONFIDENTIAL_TITLE = "Thông báo mật về hòa giải trong đơn vị"
TYPED_TITLE = "Nghị quyết tháng 7 của Chi bộ"
ENTRY_TITLE = "Sổ tổng hợp CTĐ, CTCT — dòng 1"
SIBLING_TITLE = "Biên bản họp Đảng ủy Đại đội 2"
BATTALION_TITLE = "Kế hoạch của Đảng ủy Tiểu đoàn 1"


@pytest.fixture
def corpus(world: Any) -> Corpus:
    with at(1):
        plan = make_plan(
            world,
            "C1",
            "po_c1",
            PLAN_TITLE,
            "<p>Nâng cao sức chiến đấu của tổ chức đảng; <b>hòa giải</b> mâu thuẫn.</p>",
            "202407",
        )
    with at(2):
        report = make_report(
            world,
            "C1",
            "po_c1",
            "<p>Đảng ủy cấp trên chỉ đạo; Đảng ủy kiểm tra; chi ủy thực hiện nghị quyết của "
            "Đảng ủy.</p>",
        )
    with at(3):
        secret = make_document(world, "C1", "po_c1", SECRET_TITLE, secrecy="toi_mat")
    with at(4):
        confidential = make_document(
            world, "C1", "po_c1", CONFIDENTIAL_TITLE, secrecy="mat", notes="Hòa giải, đoàn kết"
        )
    with at(5):
        typed = make_typed(
            world,
            "C1",
            "po_c1",
            TYPED_TITLE,
            "<p>Chi bộ thống nhất đề nghị Đảng uỷ cấp trên <i>xem xét</i> kết nạp 2 quần chúng "
            "ưu tú &lt;A&gt; &amp; B.</p>",
        )
    with at(6):
        entry = make_entry(world, "C1", "po_c1", "Sinh hoạt Đảng ủy mở rộng, đánh giá tháng 7")
    with at(7):
        sibling = make_typed(world, "C2", "po_c2", SIBLING_TITLE, "<p>Đảng ủy họp thường kỳ.</p>")
    with at(8):
        battalion = make_plan(
            world, "B1", "po_b1", BATTALION_TITLE, "<p>Đảng ủy lãnh đạo toàn diện.</p>", "202407"
        )
    world.users["po_c3"] = create_user(
        username="po_c3",
        full_name="Ngô Văn Ba",
        unit=world.unit("C3"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    with at(9):
        other = make_entry(world, "C3", "po_c3", "Đảng ủy Tiểu đoàn 2 kiểm tra sổ sách")
    return Corpus(
        plan=plan,
        report=report,
        secret=secret,
        confidential=confidential,
        typed=typed,
        entry=entry,
        sibling_typed=sibling,
        battalion_plan=battalion,
        other_entry=other,
    )
