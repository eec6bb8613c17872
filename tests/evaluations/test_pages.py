"""Evaluation pages through HTTP: who sees and does what, the self-assessment round trip, the
version check, bad numbers, the review with and without a reason, the decision and the quota."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khth.evaluations.actions import criteria, open_evaluation, rules_of
from khth.evaluations.models import CriterionScore, Evaluation, VetoMark
from khth.lib import clock
from khth.periods import period_of
from tests.evaluations.conftest import HALF, review, self_assess, six_month_report, through

pytestmark = pytest.mark.django_db


def url(evaluation: Evaluation, action: str = "") -> str:
    return f"/evaluations/{evaluation.pk}/" + (f"{action}/" if action else "")


def score(evaluation: Evaluation, code: str) -> CriterionScore:
    return evaluation.scores.get(criterion_code=code)


def self_form(evaluation: Evaluation, **changes: str) -> dict[str, str]:
    """Every criterion at 0.8 × its maximum, written the Vietnamese way, with a note."""
    data = {"base_version": str(evaluation.version), "then": "save", "self_note": ""}
    for criterion in criteria(rules_of(evaluation)):
        points = Decimal(criterion.max_points) * Decimal("0.8")
        data[f"points-{criterion.code}"] = str(points.normalize()).replace(".", ",")
        data[f"note-{criterion.code}"] = "Căn cứ sổ sách đơn vị"
    data.update(changes)
    return data


def review_form(evaluation: Evaluation, **changes: str) -> dict[str, str]:
    """Nothing changed: every review field blank (the unit's score kept)."""
    data = {"base_version": str(evaluation.version), "review_note": ""}
    for criterion in criteria(rules_of(evaluation)):
        data[f"review-{criterion.code}"] = ""
        data[f"reason-{criterion.code}"] = ""
    data.update(changes)
    return data


@pytest.fixture
def opened(world) -> Evaluation:
    """C1's evaluation of the first half of 2024, just opened (nothing in it scored by hand)."""
    return open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c1", 200),
        ("as_c1", 200),
        ("cmd_b1", 200),
        ("po_b1", 200),
        ("cu_r", 200),
        ("po_c2", 404),
        ("nobody", 404),
    ],
)
def test_the_evaluation_page_follows_the_scope(world, opened, username, status):
    assert world.client(username).get(url(opened)).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c1", 200), ("cmd_b1", 200), ("cu_r", 200), ("po_c2", 404), ("nobody", 404)],
)
def test_the_unit_page_follows_the_scope(world, username, status):
    assert world.client(username).get("/evaluations/unit/C1/").status_code == status


def forms_on(body: str, evaluation: Evaluation) -> set[str]:
    return {
        action
        for action in ("save", "submit", "refresh", "review", "return", "decide")
        if f'action="{url(evaluation, action)}"' in body
    }


def test_each_role_gets_its_forms_and_no_more(world, opened):
    own = world.client("po_c1").get(url(opened)).content.decode()
    assert forms_on(own, opened) == {"save", "refresh"}
    for reader in ("cmd_b1", "po_b1", "cu_r"):
        body = world.client(reader).get(url(opened)).content.decode()
        assert forms_on(body, opened) == set(), reader
        assert 'name="points-can-bo"' not in body

    submitted = self_assess(world, "C1", "po_c1")
    assert forms_on(world.client("po_b1").get(url(submitted)).content.decode(), submitted) == {
        "review",
        "return",
    }
    for other in ("po_c1", "cmd_b1", "cu_r"):
        body = world.client(other).get(url(submitted)).content.decode()
        assert forms_on(body, submitted) == set(), other

    reviewed = review(world, submitted, "po_b1")
    assert forms_on(world.client("cu_r").get(url(reviewed)).content.decode(), reviewed) == {
        "decide"
    }
    for other in ("po_c1", "cmd_b1", "po_b1"):
        body = world.client(other).get(url(reviewed)).content.decode()
        assert forms_on(body, reviewed) == set(), other


@pytest.mark.parametrize(
    ("username", "action", "status"),
    [
        ("po_c2", "save", 404),
        ("nobody", "save", 404),
        ("cmd_b1", "save", 403),
        ("po_b1", "save", 403),
        ("cmd_b1", "submit", 403),
        ("po_c1", "review", 403),
        ("cmd_b1", "review", 403),
        ("po_b1", "decide", 403),
        ("po_c1", "decide", 403),
    ],
)
def test_posts_outside_ones_role_are_refused(world, opened, username, action, status):
    response = world.client(username).post(url(opened, action), self_form(opened))
    assert response.status_code == status
    assert Evaluation.objects.get(pk=opened.pk).version == opened.version


# --- opening ---------------------------------------------------------------------------------


def test_the_unit_opens_the_evaluation_of_a_period(world):
    body = world.client("po_c1").get("/evaluations/unit/C1/").content.decode()
    # The latest ended six-month period is chosen by default.
    latest = period_of(clock.today(), "sixmonthly").previous()
    assert f'<option value="{latest.id}" selected>' in body
    response = world.client("po_c1").post("/evaluations/unit/C1/open/", {"period_id": HALF})
    evaluation = Evaluation.objects.get(unit__code="C1", period_id="2024S1")
    assert response.status_code == 302 and response["Location"] == url(evaluation)
    assert 'data-testid="open-evaluation"' not in (
        world.client("cmd_b1").get("/evaluations/unit/C1/").content.decode()
    )
    assert (
        world.client("cmd_b1")
        .post("/evaluations/unit/C1/open/", {"period_id": "2024S2"})
        .status_code
        == 403
    )
    # A period not offered: a message, not an error page.
    response = world.client("po_c1").post("/evaluations/unit/C1/open/", {"period_id": "x"})
    assert response.status_code == 302


def test_the_navigation_leads_to_the_users_unit(world):
    response = world.client("po_b1").get("/evaluations/")
    assert response.status_code == 302 and response["Location"] == "/evaluations/unit/B1/"
    assert world.client("nobody").get("/evaluations/").status_code == 302
    body = world.client("po_c1").get("/evaluations/unit/C1/").content.decode()
    # The menu links straight to the user's unit page.
    assert 'href="/evaluations/unit/C1/">Đánh giá</a>' in body


# --- the self-assessment ---------------------------------------------------------------------


def test_self_assessment_round_trip_in_vietnamese_numbers(world, opened):
    client = world.client("as_c1")
    data = self_form(opened, **{"points-can-bo": "2,5", "note-can-bo": "Đủ chức danh"})
    response = client.post(url(opened, "save"), data)
    assert response.status_code == 302
    saved = score(opened, "can-bo")
    assert (saved.self_points, saved.self_note) == (Decimal("2.5"), "Đủ chức danh")
    body = client.get(url(opened)).content.decode()
    assert 'name="points-can-bo" value="2,5"' in body
    assert "Đủ chức danh" in body
    assert 'data-testid="evaluation-score">80,1<' in body  # 2,4 of the 80 points became 2,5

    # Save and submit in one go.
    opened.refresh_from_db()
    response = client.post(url(opened, "save"), self_form(opened, then="submit"))
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.status == Evaluation.SUBMITTED
    body = client.get(url(opened)).content.decode()
    assert 'data-testid="evaluation-status">Chờ cấp trên nhận xét' in body
    assert 'data-testid="evaluation-level">Hoàn thành tốt nhiệm vụ' in body


def test_a_stale_version_is_refused_and_the_typed_input_kept(world, opened):
    first = self_form(opened)
    assert world.client("as_c1").post(url(opened, "save"), first).status_code == 302
    stale = self_form(opened, **{"points-can-bo": "1,5", "note-can-bo": "Ghi chú của tôi"})
    response = world.client("po_c1").post(url(opened, "save"), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="save-error"' in body
    assert "người khác sửa" in body
    assert 'value="1,5"' in body and "Ghi chú của tôi" in body
    assert score(opened, "can-bo").self_points == Decimal("2.4")


@pytest.mark.parametrize("typed", ["tám", "8.5", "2,5,5", "1,234"])
def test_a_bad_number_is_named_with_its_criterion_and_nothing_saved(world, opened, typed):
    data = self_form(opened, **{"points-can-bo": typed})
    response = world.client("po_c1").post(url(opened, "save"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="save-error"' in body
    assert 'data-testid="problem-can-bo"' in body
    assert "Công tác cán bộ: " in body
    assert f'value="{typed}"' in body  # shown again as typed
    assert Evaluation.objects.get(pk=opened.pk).version == opened.version
    assert score(opened, "can-bo").self_points is None


def test_points_out_of_bounds_are_named_next_to_the_criterion(world, opened):
    data = self_form(opened, **{"points-can-bo": "4"})
    response = world.client("po_c1").post(url(opened, "save"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Công tác cán bộ: điểm phải từ 0 đến 3" in body
    assert 'data-testid="problem-can-bo">điểm phải từ 0 đến 3' in body


def test_submitting_unscored_criteria_names_them(world, opened):
    response = world.client("po_c1").post(url(opened, "submit"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="submit-error"' in body
    assert "Công tác cán bộ: chưa chấm điểm" in body
    assert Evaluation.objects.get(pk=opened.pk).status == Evaluation.DRAFT


def test_the_order_rule_names_the_pending_subordinates(world):
    battalion = open_evaluation(world.unit("B1"), HALF, by=world.users["po_b1"])
    client = world.client("po_b1")
    body = client.get(url(battalion)).content.decode()
    assert 'data-testid="pending-subordinates"' in body
    response = client.post(url(battalion, "save"), self_form(battalion, then="submit"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="submit-error"' in body
    assert "Cấp dưới đánh giá trước, cấp trên sau" in body
    assert "Đại đội 1, Đại đội 2" in body
    # The scores were saved all the same; only the submission waits.
    assert Evaluation.objects.get(pk=battalion.pk).version == battalion.version + 1


def test_refreshing_the_evidence(world, opened):
    response = world.client("po_c1").post(url(opened, "refresh"))
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=opened.pk).version == opened.version + 1


# --- the review ------------------------------------------------------------------------------


def test_a_changed_score_needs_a_reason_and_both_scores_stay_visible(world):
    submitted = self_assess(world, "C1", "po_c1")
    client = world.client("po_b1")
    without = review_form(submitted, **{"review-can-bo": "1"})
    response = client.post(url(submitted, "review"), without)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="review-error"' in body
    assert "Công tác cán bộ: đổi điểm của đơn vị phải ghi lý do" in body
    assert 'data-testid="problem-can-bo"' in body
    assert 'name="review-can-bo" value="1"' in body
    assert Evaluation.objects.get(pk=submitted.pk).status == Evaluation.SUBMITTED

    reason = "Chưa kiện toàn chức danh phó chính trị viên"
    data = review_form(
        submitted,
        **{"review-can-bo": "1", "reason-can-bo": reason, "review_note": "Đề nghị tốt"},
    )
    assert client.post(url(submitted, "review"), data).status_code == 302
    kept = score(submitted, "can-bo")
    assert (kept.self_points, kept.review_points, kept.review_reason) == (
        Decimal("2.40"),
        Decimal(1),
        reason,
    )
    body = world.client("po_c1").get(url(submitted)).content.decode()
    assert 'data-testid="self-can-bo">2,4' in body
    assert 'data-testid="review-can-bo">1' in body
    assert reason in body
    assert 'data-testid="evaluation-status">Chờ quyết định' in body


def test_a_review_without_changes_keeps_the_units_scores(world):
    submitted = self_assess(world, "C1", "po_c1")
    # The form shows the unit's figures; posting them unchanged changes nothing.
    body = world.client("po_b1").get(url(submitted)).content.decode()
    assert 'name="review-can-bo" value="2,4"' in body
    data = review_form(submitted, **{"review-can-bo": "2,4"})
    assert world.client("po_b1").post(url(submitted, "review"), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Evaluation.REVIEWED and submitted.proposed_level == "tot"
    assert score(submitted, "can-bo").review_points is None


def test_a_manual_veto_needs_a_reason_and_caps_the_level(world):
    submitted = self_assess(world, "C1", "po_c1")
    client = world.client("po_b1")
    ticked = review_form(submitted, **{"veto-bao-cao-khong-trung-thuc": "1"})
    response = client.post(url(submitted, "review"), ticked)
    assert response.status_code == 400
    assert "phải ghi lý do" in response.content.decode()
    ticked["veto-reason-bao-cao-khong-trung-thuc"] = "Báo cáo quân số sai"
    assert client.post(url(submitted, "review"), ticked).status_code == 302
    mark = VetoMark.objects.get(evaluation=submitted)
    assert (mark.source, mark.note) == (VetoMark.MANUAL, "Báo cáo quân số sai")
    body = client.get(url(submitted)).content.decode()
    assert 'data-testid="evaluation-level">Không hoàn thành nhiệm vụ' in body
    assert 'data-testid="capped-by"' in body and "Báo cáo quân số sai" in body


def test_an_automatic_veto_is_shown_with_its_evidence(world):
    six_month_report(world, "C1", "po_c1", **{"vi-pham-nghiem-trong": 1})
    evaluation = self_assess(world, "C1", "po_c1")
    body = world.client("po_b1").get(url(evaluation)).content.decode()
    veto = body[body.index('data-veto="vi-pham-ky-luat-nghiem-trong"') :]
    veto = veto[: veto.index("</li>")]
    assert "phát hiện từ số liệu" in veto and ": 1" in veto
    assert 'data-testid="capped-by"' in body
    assert 'data-testid="evaluation-level">Hoàn thành nhiệm vụ<' in body
    # Already applying, it is not offered to the reviewer a second time.
    assert 'name="veto-vi-pham-ky-luat-nghiem-trong"' not in body
    assert 'name="veto-bao-cao-khong-trung-thuc"' in body


def test_returning_needs_a_comment(world):
    submitted = self_assess(world, "C1", "po_c1")
    client = world.client("po_b1")
    response = client.post(url(submitted, "return"), {"comment": " "})
    assert response.status_code == 400
    assert 'data-testid="return-error"' in response.content.decode()
    response = client.post(url(submitted, "return"), {"comment": "Bổ sung căn cứ"})
    assert response.status_code == 302
    body = world.client("po_c1").get(url(submitted)).content.decode()
    assert 'data-testid="evaluation-status">Đang tự đánh giá' in body
    assert "Bổ sung căn cứ" in body


# --- the decision ----------------------------------------------------------------------------


def test_the_regiment_decides_with_the_proposed_level_by_default(world):
    reviewed = review(world, self_assess(world, "C1", "po_c1"), "po_b1")
    client = world.client("cu_r")
    body = client.get(url(reviewed)).content.decode()
    assert '<option value="tot" selected>' in body
    assert '<option value="xuat-sac"' not in body  # not above what the scores give
    response = client.post(url(reviewed, "decide"), {"level": "hoan-thanh", "note": ""})
    assert response.status_code == 400
    assert "Quyết định khác mức đề nghị phải ghi lý do" in response.content.decode()
    assert client.post(url(reviewed, "decide"), {"level": "tot", "note": ""}).status_code == 302
    body = client.get(url(reviewed)).content.decode()
    assert 'data-testid="evaluation-status">Đã quyết định' in body
    assert 'data-testid="evaluation-level">Hoàn thành tốt nhiệm vụ' in body
    assert forms_on(body, reviewed) == set()


def test_the_quota_refusal_is_shown_clearly(world):
    reviewed = review(world, self_assess(world, "C1", "po_c1", points=10), "po_b1")
    assert reviewed.proposed_level == "xuat-sac"
    client = world.client("cu_r")
    response = client.post(url(reviewed, "decide"), {"level": "xuat-sac", "note": ""})
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('data-testid="decision-error"')
    box = body[start : body.index("</div>", start)]
    assert "Vượt tỷ lệ" in box and "20%" in box
    assert Evaluation.objects.get(pk=reviewed.pk).status == Evaluation.REVIEWED
    response = client.post(url(reviewed, "decide"), {"level": "tot", "note": "Tỷ lệ xuất sắc"})
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=reviewed.pk).decided_level == "tot"


# --- history ---------------------------------------------------------------------------------


def test_the_page_shows_the_history_and_the_audit(world):
    decided = through(world, "C1")
    body = world.client("po_c1").get(url(decided)).content.decode()
    assert 'data-testid="unit-history"' in body
    assert "<svg" in body and "6 tháng đầu năm 2024: 80 điểm, Hoàn thành tốt nhiệm vụ" in body
    assert "evaluations.evaluation.decided" in body
    assert f'href="/evaluations/{decided.pk}/export.docx"' in body
    # The summary across the battalion's companies, for those who may read the battalion.
    summary = f'href="/evaluations/unit/B1/{HALF}/summary.xlsx"'
    assert summary not in body
    assert summary in world.client("po_b1").get(url(decided)).content.decode()
    body = world.client("po_c1").get("/evaluations/unit/C1/").content.decode()
    assert f'data-evaluation="{decided.pk}"' in body
    assert 'data-testid="trend-sixmonthly"' in body
