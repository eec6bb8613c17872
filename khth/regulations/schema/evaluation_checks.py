"""Whole-file checks of the evaluation part: counts, sums, thresholds and references."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khth.regulations.schema.evaluation import (
    EVIDENCE_KEYS,
    GROUP_COUNT,
    INDICATOR_EVIDENCE_PREFIX,
    LEVEL_COUNT,
)
from khth.regulations.schema.problems import (
    Path,
    Problem,
    first_use,
    no_repeats,
    unique,
)
from khth.regulations.schema.regulation import Regulation


def check_evaluation(reg: Regulation, indicator_codes: set[str], out: list[Problem]) -> None:
    evaluation = reg.evaluation
    base: Path = ("evaluation",)
    if len(evaluation.groups) != GROUP_COUNT:
        out.append(
            (
                (*base, "groups"),
                _("phải có đúng %(expected)d nhóm tiêu chí (đang có %(found)d)")
                % {"expected": GROUP_COUNT, "found": len(evaluation.groups)},
            )
        )
    unique(evaluation.groups, (*base, "groups"), out)
    seen: dict[str, Path] = {}
    for i, group in enumerate(evaluation.groups):
        for j, criterion in enumerate(group.criteria):
            path: Path = (*base, "groups", i, "criteria", j)
            first_use(criterion.code, path, seen, out)
            _check_evidence(criterion.evidence, (*path, "evidence"), indicator_codes, out)
            evidence = criterion.evidence or ""
            if criterion.full_when is not None and not evidence.startswith(
                INDICATOR_EVIDENCE_PREFIX
            ):
                out.append(
                    (
                        (*path, "full_when"),
                        _("full_when chỉ dùng với bằng chứng là chỉ tiêu (indicator:…)"),
                    )
                )
    total = sum(c.max_points for group in evaluation.groups for c in group.criteria)
    if total != evaluation.total_points:
        out.append(
            (
                (*base, "groups"),
                _("tổng điểm các tiêu chí là %(total)s, phải bằng %(expected)s")
                % {"total": total, "expected": evaluation.total_points},
            )
        )
    _check_evaluation_levels(reg, out)
    levels = {level.code: j for j, level in enumerate(evaluation.levels)}
    unique(evaluation.vetoes, (*base, "vetoes"), out)
    for i, veto in enumerate(evaluation.vetoes):
        path = (*base, "vetoes", i)
        if veto.cap_level not in levels:
            out.append(
                (
                    (*path, "cap_level"),
                    _("không có mức '%(level)s' trong levels") % {"level": veto.cap_level},
                )
            )
        _check_evidence(veto.evidence, (*path, "evidence"), indicator_codes, out)
    quota = evaluation.quota
    if quota is not None:
        for field in ("level", "max_ratio_of"):
            code = getattr(quota, field)
            if code not in levels:
                out.append(
                    (
                        (*base, "quota", field),
                        _("không có mức '%(level)s' trong levels") % {"level": code},
                    )
                )
        if (
            quota.level in levels
            and quota.max_ratio_of in levels
            and levels[quota.level] >= levels[quota.max_ratio_of]
        ):
            out.append(
                (
                    (*base, "quota", "level"),
                    _("mức bị giới hạn phải cao hơn mức dùng để tính tỷ lệ"),
                )
            )
    no_repeats(evaluation.periods, (*base, "periods"), out)


def _check_evaluation_levels(reg: Regulation, out: list[Problem]) -> None:
    evaluation = reg.evaluation
    path: Path = ("evaluation", "levels")
    levels = evaluation.levels
    if len(levels) != LEVEL_COUNT:
        out.append(
            (
                path,
                _("phải có đúng %(expected)d mức phân loại (đang có %(found)d)")
                % {"expected": LEVEL_COUNT, "found": len(levels)},
            )
        )
    unique(levels, path, out)
    for j in range(1, len(levels)):
        if levels[j].min_score >= levels[j - 1].min_score:
            out.append(
                (
                    (*path, j, "min_score"),
                    _(
                        "ngưỡng điểm phải giảm dần từ mức cao xuống mức thấp: %(score)s "
                        "không nhỏ hơn %(previous_score)s của mức '%(previous)s'"
                    )
                    % {
                        "score": f"{levels[j].min_score:g}",
                        "previous_score": f"{levels[j - 1].min_score:g}",
                        "previous": levels[j - 1].code,
                    },
                )
            )
    if levels and levels[-1].min_score != 0:
        out.append(
            (
                (*path, len(levels) - 1, "min_score"),
                _("mức thấp nhất phải có ngưỡng 0 để số điểm nào cũng được xếp loại"),
            )
        )
    if levels and levels[0].min_score > evaluation.total_points:
        out.append(
            (
                (*path, 0, "min_score"),
                _("ngưỡng vượt tổng điểm %(total)s") % {"total": evaluation.total_points},
            )
        )


def _check_evidence(
    evidence: str | None, path: Path, indicator_codes: set[str], out: list[Problem]
) -> None:
    if evidence is None:
        return
    if evidence.startswith(INDICATOR_EVIDENCE_PREFIX):
        code = evidence.removeprefix(INDICATOR_EVIDENCE_PREFIX)
        if code not in indicator_codes:
            out.append(
                (path, _("không có chỉ tiêu '%(code)s' trong các mẫu báo cáo") % {"code": code})
            )
    elif evidence not in EVIDENCE_KEYS:
        keys = ", ".join(EVIDENCE_KEYS)
        out.append(
            (
                path,
                _("nguồn minh chứng '%(evidence)s' không có; dùng %(keys)s hoặc indicator:<mã>")
                % {"evidence": evidence, "keys": keys},
            )
        )
