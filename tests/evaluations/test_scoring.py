"""Scores to levels at every threshold boundary, vetoes that cap, the quota."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khth.evaluations.scoring import check_quota, classify
from khth.regulations.loader import default_regulation_path, parse_regulation


@pytest.fixture(scope="module")
def rules():
    text = default_regulation_path().read_text(encoding="utf-8")
    return parse_regulation(text, "default.yaml").evaluation


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("100", "xuat-sac"),
        ("90", "xuat-sac"),
        ("89.5", "tot"),
        ("89.99", "tot"),
        ("70", "tot"),
        ("69.5", "hoan-thanh"),
        ("50", "hoan-thanh"),
        ("49.99", "khong-hoan-thanh"),
        ("0", "khong-hoan-thanh"),
    ],
)
def test_thresholds(rules, score, level):
    result = classify(rules, [Decimal(score)], [])
    assert (result.level.code, result.by_score.code, result.capped_by) == (level, level, ())


def test_points_add_up_and_missing_ones_count_nothing(rules):
    assert classify(rules, [Decimal(40), None, Decimal("30.5")], []).score == Decimal("70.5")


def test_a_veto_caps_the_level_whatever_the_score(rules):
    result = classify(rules, [Decimal(96)], ["vi-pham-ky-luat-nghiem-trong"])
    assert (result.by_score.code, result.level.code) == ("xuat-sac", "hoan-thanh")
    assert result.capped_by == ("vi-pham-ky-luat-nghiem-trong",)


def test_a_veto_does_not_raise_a_low_level(rules):
    result = classify(rules, [Decimal(40)], ["dao-ngu"])  # caps at "tốt": no effect at 40
    assert (result.level.code, result.capped_by) == ("khong-hoan-thanh", ())


def test_the_strictest_veto_wins(rules):
    result = classify(rules, [Decimal(95)], ["dao-ngu", "bao-cao-khong-trung-thuc"])
    assert result.level.code == "khong-hoan-thanh"
    assert set(result.capped_by) == {"dao-ngu", "bao-cao-khong-trung-thuc"}


def group(**levels: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for code, n in levels.items():
        for _ in range(n):
            out[len(out)] = code.replace("_", "-")
    return out


@pytest.mark.parametrize(
    ("others", "allowed", "maximum"),
    [
        # 20 % of those rated "tốt" or above, this one included, rounded down.
        (group(xuat_sac=2, tot=12), True, 3),  # 3 of 15
        (group(xuat_sac=3, tot=16), True, 4),  # 4 of 20
        (group(xuat_sac=3, tot=12), False, 3),  # 4 of 16: max 3
        (group(tot=3), False, 0),  # 1 of 4: max 0
        (group(tot=4, hoan_thanh=10), True, 1),  # 1 of 5; "hoàn thành" is not in the base
    ],
)
def test_quota(rules, others, allowed, maximum):
    check = check_quota(rules, "xuat-sac", others)
    assert check is not None
    assert (check.allowed, check.maximum) == (allowed, maximum)


def test_the_quota_does_not_concern_other_levels(rules):
    assert check_quota(rules, "tot", group(xuat_sac=9)) is None
