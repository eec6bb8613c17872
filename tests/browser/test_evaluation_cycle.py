"""A company self-assesses with criteria pre-scored from its reports, the battalion reviews and
changes one score with a reason, the regiment decides; the quota then blocks a fourth «Hoàn thành
xuất sắc» among the regiment's companies with a clear message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from khth.accounts.actions import create_user
from khth.evaluations.actions import criteria, decide_evaluation
from khth.evaluations.models import Evaluation
from khth.lib.vietnamese import format_number
from khth.regulations.access import active_regulation
from khth.reports.actions import open_report, submit_report
from khth.units.actions import create_unit
from tests.browser.test_report_cycle import log_out
from tests.browser.test_scope_in_browser import log_in
from tests.conftest import FOUNDED, PASSWORD
from tests.evaluations.conftest import HALF, review, self_assess
from tests.reports.conftest import fill

pytestmark = pytest.mark.browser

REASON = "Chưa kiện toàn chức danh phó chính trị viên"


PRE_SCORED = {"giao-duc-chinh-tri", "chinh-tri-tu-tuong"}


def six_month_report_on_time(world: Any) -> None:
    """C1's report for the half-year, submitted before its deadline: the evidence of two
    criteria (political education 96 %, no serious violation)."""
    moment = timezone.make_aware(dt.datetime.combine(dt.date(2024, 6, 15), dt.time(9)))
    numbers = {"quan-so": 100, "gdct-tham-gia": 96, "vi-pham-nghiem-trong": 0}
    with time_machine.travel(moment, tick=False):
        report = open_report(world.unit("C1"), "bc-6-thang", HALF, by=None)
        submit_report(fill(report, world.users["po_c1"], numbers), by=world.users["po_c1"])


def add_officer(world: Any, code: str) -> None:
    username = f"po_{code.lower()}"
    world.users[username] = create_user(
        username=username,
        full_name=f"Chính trị viên {code}",
        unit=world.unit(code),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )


def companies_decided_by_the_regiment(world: Any) -> Evaluation:
    """Sixteen companies besides C1. Fifteen are reviewed first: three proposed «xuất sắc» and
    decided so (20 % of 15 allows 3), twelve «tốt». The sixteenth is then proposed «xuất sắc»
    too, and returned still to be decided."""
    add_officer(world, "B2")
    codes = ["C2"]
    for i in range(15):
        code = f"C{11 + i}"
        create_unit(
            code=code,
            name=f"Đại đội {11 + i}",
            short_name=f"Đại đội {11 + i}",
            level="dai-doi",
            parent=world.unit("B1" if i % 2 else "B2"),
            by=None,
            valid_from=FOUNDED,
        )
        add_officer(world, code)
        codes.append(code)

    def through_review(code: str, points: int | None) -> Evaluation:
        reviewer = "po_b1" if world.unit(code).parent.code == "B1" else "po_b2"
        return review(world, self_assess(world, code, f"po_{code.lower()}", points), reviewer)

    *others, fourth_code = codes
    reviewed = [through_review(code, 10 if code in others[-3:] else None) for code in others]
    for evaluation in reviewed[-3:]:
        decide_evaluation(evaluation, by=world.users["cu_r"])
    fourth = through_review(fourth_code, 10)
    assert fourth.proposed_level == "xuat-sac"
    return fourth


def test_evaluation_cycle_and_the_quota(page, world):
    six_month_report_on_time(world)
    fourth = companies_decided_by_the_regiment(world)

    # The company opens its evaluation of the half-year and finds two criteria pre-scored.
    log_in(page, "po_c1")
    page.get_by_role("link", name="Đánh giá", exact=True).click()
    page.wait_for_url("**/evaluations/unit/C1/")
    page.get_by_label("Kỳ đánh giá").select_option(HALF)
    page.get_by_role("button", name="Mở bản đánh giá").click()
    page.wait_for_url("**/evaluations/*/")
    evaluation = Evaluation.objects.get(unit__code="C1", period_id=HALF)
    assert page.get_by_test_id("evaluation-status").inner_text() == "Đang tự đánh giá"
    assert page.get_by_test_id("suggested-giao-duc-chinh-tri").inner_text() == "6"
    assert "96,0%" in page.get_by_test_id("evidence-giao-duc-chinh-tri").inner_text()
    assert page.get_by_test_id("suggested-chinh-tri-tu-tuong").inner_text() == "10"
    assert "0" in page.get_by_test_id("evidence-chinh-tri-tu-tuong").inner_text()
    assert page.locator("#points-giao-duc-chinh-tri").input_value() == "6"

    # It keeps those two and scores the rest, 0,8 of each maximum, with its grounds — over the
    # suggestions its empty document system and books gave — and submits.
    for criterion in criteria(active_regulation()):
        field = page.locator(f"#points-{criterion.code}")
        if criterion.code not in PRE_SCORED:
            field.fill(format_number((Decimal(criterion.max_points) * Decimal("0.8")).normalize()))
            page.locator(f"#note-{criterion.code}").fill("Căn cứ sổ sách, biên bản của đơn vị")
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("evaluation-status").inner_text() == "Chờ cấp trên nhận xét"
    self_score = page.get_by_test_id("evaluation-score").inner_text()
    log_out(page)

    # The battalion lowers one score: refused without a reason, accepted with one.
    log_in(page, "po_b1")
    page.goto(f"/evaluations/{evaluation.pk}/")
    page.get_by_label("Điểm cấp trên: Công tác cán bộ").fill("1,5")
    page.get_by_role("button", name="Nhận xét, đề nghị xếp loại").click()
    page.wait_for_load_state()
    error = page.get_by_test_id("review-error").inner_text()
    assert "Công tác cán bộ: đổi điểm của đơn vị phải ghi lý do" in error
    assert page.get_by_label("Điểm cấp trên: Công tác cán bộ").input_value() == "1,5"
    page.get_by_label("Lý do đổi điểm: Công tác cán bộ").fill(REASON)
    page.get_by_role("button", name="Nhận xét, đề nghị xếp loại").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("evaluation-status").inner_text() == "Chờ quyết định"
    assert page.get_by_test_id("evaluation-level").inner_text() == "Hoàn thành tốt nhiệm vụ"
    assert page.get_by_test_id("review-can-bo").inner_text() == "1,5"
    assert page.get_by_test_id("self-can-bo").inner_text() == "2,4"
    assert REASON in page.get_by_test_id("reason-can-bo").inner_text()
    assert page.get_by_test_id("evaluation-score").inner_text() != self_score
    assert page.get_by_role("button", name="Quyết định").count() == 0
    log_out(page)

    # The regiment decides the level proposed.
    log_in(page, "cu_r")
    page.goto(f"/evaluations/{evaluation.pk}/")
    assert page.get_by_role("combobox", name="Mức xếp loại").input_value() == "tot"
    page.get_by_role("button", name="Quyết định").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("evaluation-status").inner_text() == "Đã quyết định"
    assert page.get_by_test_id("evaluation-level").inner_text() == "Hoàn thành tốt nhiệm vụ"

    # A fourth «xuất sắc» among the seventeen companies: over 20 %, refused with the counts.
    page.goto(f"/evaluations/{fourth.pk}/")
    assert page.get_by_role("combobox", name="Mức xếp loại").input_value() == "xuat-sac"
    page.get_by_role("button", name="Quyết định").click()
    page.wait_for_load_state()
    message = page.get_by_test_id("decision-error").inner_text()
    assert "Vượt tỷ lệ" in message
    assert "«Hoàn thành xuất sắc nhiệm vụ» không quá 20%" in message
    assert "17 đơn vị «Hoàn thành tốt nhiệm vụ» trở lên cho phép tối đa 3" in message
    assert "sẽ là 4" in message
    assert page.get_by_test_id("evaluation-status").inner_text() == "Chờ quyết định"
    assert Evaluation.objects.get(pk=fourth.pk).status == Evaluation.REVIEWED

    # The regiment's picture of its companies.
    page.goto(f"/evaluations/unit/R/?period={HALF}&level=dai-doi")
    assert page.get_by_test_id("count-xuat-sac").inner_text() == "4"
    assert page.get_by_test_id("decided-count").inner_text() == "4"
    assert "Đại đội 25" in page.get_by_test_id("waiting-decision").inner_text()
