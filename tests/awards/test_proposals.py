"""Proposals drafted from decided evaluations: the last N consecutive periods of the rule's type,
ending at the latest decided one, all at the rule's level or above; never the same grounds
twice; a human confirms (the award goes into the register) or rejects with a note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from khth.audit.models import AuditEntry
from khth.awards.actions import AwardError, confirm_proposal, draft_proposals, reject_proposal
from khth.awards.counts import counts
from khth.awards.models import Award, Proposal
from khth.evaluations.actions import (
    Entry,
    criteria,
    decide_evaluation,
    open_evaluation,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.models import Evaluation
from khth.notifications.models import Notification
from tests.awards.conftest import EXCELLENT, GIAY_KHEN, GOOD, QUYET_THANG, TODAY, decided

pytestmark = pytest.mark.django_db


def proposed(
    root: str = "D", by: Any = None, today: dt.date = TODAY, *, world: Any
) -> set[tuple[str, str, tuple[str, ...]]]:
    return {
        (p.unit.code, p.title_code, tuple(p.periods))
        for p in draft_proposals(world.unit(root), today, by=by)
    }


def test_two_consecutive_excellent_years_propose_both_titles(world):
    decided(world, "C1", "2023", EXCELLENT)
    decided(world, "C1", "2024", EXCELLENT)
    assert proposed(world=world) == {
        ("C1", QUYET_THANG, ("2023", "2024")),
        ("C1", GIAY_KHEN, ("2024",)),
    }
    proposal = Proposal.objects.get(title_code=QUYET_THANG)
    assert proposal.status == Proposal.PROPOSED
    assert "Năm 2023" in proposal.basis and "Năm 2024" in proposal.basis
    assert "Đơn vị Quyết thắng" in proposal.basis


def test_a_gap_breaks_the_run(world):
    decided(world, "C1", "2022", EXCELLENT)
    decided(world, "C1", "2024", EXCELLENT)  # no 2023 evaluation
    assert proposed(world=world) == {("C1", GIAY_KHEN, ("2024",))}


def test_a_lower_level_breaks_the_run(world):
    decided(world, "C1", "2023", EXCELLENT)
    decided(world, "C1", "2024", GOOD)  # the latest is only "tốt": nothing
    decided(world, "C2", "2023", GOOD)
    decided(world, "C2", "2024", EXCELLENT)  # one excellent year: giấy khen only
    assert proposed(world=world) == {("C2", GIAY_KHEN, ("2024",))}


def test_an_older_run_does_not_count_once_broken(world):
    decided(world, "C1", "2021", EXCELLENT)
    decided(world, "C1", "2022", EXCELLENT)
    decided(world, "C1", "2023", GOOD)
    assert proposed(world=world) == set()


def test_other_period_types_and_undecided_evaluations_do_not_count(world):
    decided(world, "C1", "2024S1", EXCELLENT)
    decided(world, "C1", "2024S2", EXCELLENT)
    decided(world, "C2", "2024", EXCELLENT, status=Evaluation.REVIEWED)
    assert proposed(world=world) == set()


def test_an_evaluation_of_a_period_not_ended_does_not_count(world):
    decided(world, "C1", "2024", EXCELLENT)
    assert proposed(world=world, today=TODAY.replace(year=2024)) == set()


def test_the_level_or_above_meets_a_rule(world, edited_regulation):
    def rule_at_good(data):
        data["followup"]["awards"]["proposals"] = [
            {
                "title": GIAY_KHEN,
                "level": GOOD,
                "periods": 2,
                "period": "yearly",
                "basis": "default",
            }
        ]

    edited_regulation(rule_at_good, "tot-2-nam")
    decided(world, "C1", "2023", EXCELLENT)
    decided(world, "C1", "2024", GOOD)
    decided(world, "C2", "2023", "hoan-thanh")
    decided(world, "C2", "2024", EXCELLENT)
    assert proposed(world=world) == {("C1", GIAY_KHEN, ("2023", "2024"))}


def test_drafting_is_idempotent(world):
    decided(world, "C1", "2023", EXCELLENT)
    decided(world, "C1", "2024", EXCELLENT)
    decided(world, "B2", "2024", EXCELLENT)
    first = proposed(world=world)
    assert len(first) == 3
    assert proposed(world=world) == set()
    assert proposed(root="R", world=world) == set()
    assert Proposal.objects.count() == 3
    # A new year makes new grounds.
    decided(world, "C1", "2025", EXCELLENT)
    assert proposed(world=world, today=TODAY.replace(year=2026)) == {
        ("C1", QUYET_THANG, ("2024", "2025")),
        ("C1", GIAY_KHEN, ("2025",)),
    }


def test_only_the_subtree_of_the_root(world):
    decided(world, "C1", "2024", EXCELLENT)
    decided(world, "C3", "2024", EXCELLENT)
    assert proposed(root="B2", world=world) == {("C3", GIAY_KHEN, ("2024",))}


def test_the_managers_at_the_root_are_told(world):
    decided(world, "C1", "2024", EXCELLENT)
    draft_proposals(world.unit("R"), TODAY, by=None)
    note = Notification.objects.get(user=world.users["cu_r"])
    assert "1 đề xuất khen thưởng mới" in note.message
    assert note.link == "/awards/R/proposals/"


def test_confirming_registers_the_award(world):
    decided(world, "C1", "2024", EXCELLENT)
    draft_proposals(world.unit("R"), TODAY, by=world.users["cu_r"])
    proposal = Proposal.objects.get()
    award = confirm_proposal(
        proposal,
        decision_number="15/QĐ-TrĐ",
        decision_date=TODAY,
        by=world.users["cu_r"],
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.CONFIRMED
    assert proposal.award == award
    assert proposal.decided_by == world.users["cu_r"]
    assert (award.unit.code, award.title_code, award.recipient) == ("C1", GIAY_KHEN, "collective")
    assert award.issuer == "Thủ trưởng cấp trung đoàn trở lên"  # the title's, by default
    assert award.reason == proposal.basis
    assert counts(world.unit("R"), TODAY, TODAY).collective == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"awards.proposal.drafted", "awards.proposal.confirmed", "awards.award.registered"} <= (
        actions
    )
    with pytest.raises(AwardError):
        confirm_proposal(
            proposal, decision_number="16", decision_date=TODAY, by=world.users["cu_r"]
        )


def test_rejecting_keeps_it_out(world):
    decided(world, "C1", "2024", EXCELLENT)
    draft_proposals(world.unit("R"), TODAY)
    proposal = Proposal.objects.get()
    with pytest.raises(AwardError, match="lý do"):
        reject_proposal(proposal, note="  ", by=world.users["cu_r"])
    reject_proposal(proposal, note="Đã khen ở đợt khác", by=world.users["cu_r"])
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == (Proposal.REJECTED, "Đã khen ở đợt khác")
    assert draft_proposals(world.unit("R"), TODAY) == []
    assert not Award.objects.exists()
    assert counts(world.unit("D"), TODAY.replace(year=2000), TODAY).total == 0


def test_only_award_managers_over_the_unit_decide(world):
    decided(world, "C1", "2024", EXCELLENT)
    with pytest.raises(PermissionDenied):
        draft_proposals(world.unit("R"), TODAY, by=world.users["po_c2"])
    with pytest.raises(PermissionDenied):
        draft_proposals(world.unit("B1"), TODAY, by=world.users["cmd_b1"])  # reads only
    draft_proposals(world.unit("B1"), TODAY, by=world.users["po_b1"])
    proposal = Proposal.objects.get()
    for user in ("po_c2", "cmd_b1", "admin_d", "nobody"):
        with pytest.raises(PermissionDenied):
            confirm_proposal(
                proposal, decision_number="1", decision_date=TODAY, by=world.users[user]
            )
        with pytest.raises(PermissionDenied):
            reject_proposal(proposal, note="Không", by=world.users[user])
    assert Proposal.objects.get().status == Proposal.PROPOSED


def test_through_the_evaluation_workflow(world, edited_regulation):
    """A year evaluated from self-assessment to decision feeds the proposals."""

    def rule_at_good(data):
        data["followup"]["awards"]["proposals"] = [
            {
                "title": GIAY_KHEN,
                "level": GOOD,
                "periods": 1,
                "period": "yearly",
                "basis": "default",
            }
        ]

    edited_regulation(rule_at_good, "tot-1-nam")
    evaluation = open_evaluation(world.unit("C1"), "2024", by=world.users["po_c1"])
    entries = {
        c.code: Entry(Decimal(c.max_points) * Decimal("0.8"), "Căn cứ báo cáo năm")
        for c in criteria(rules_of(evaluation))
    }
    save_self_assessment(
        evaluation, entries, by=world.users["po_c1"], base_version=evaluation.version
    )
    evaluation = submit_evaluation(evaluation, by=world.users["po_c1"])
    evaluation = review_evaluation(
        evaluation, {}, by=world.users["po_b1"], base_version=evaluation.version
    )
    evaluation = decide_evaluation(evaluation, by=world.users["cu_r"])
    assert evaluation.decided_level == GOOD
    assert proposed(root="R", world=world) == {("C1", GIAY_KHEN, ("2024",))}
