"""Checks that need the whole file: unique codes, references between its parts, orders and sums.

Field types are pydantic's job; what is here runs on a model that already parsed. Every problem is
a (path, message) pair whose path names the offending key, so the loader can print
``default.yaml: report_templates[2].deadlines.dai-doi: …`` the same way as a pydantic error.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.translation import gettext as _

from khth.lib.vietnamese import nfc
from khth.regulations.permissions import KNOWN_PERMISSIONS, ROLE_CODES
from khth.regulations.schema.common import Column, Section
from khth.regulations.schema.evaluation_checks import check_evaluation
from khth.regulations.schema.plans import SPECIFICITY_RULES
from khth.regulations.schema.problems import (
    Path,
    Problem,
    first_use,
    format_path,
    no_repeats,
    unique,
)
from khth.regulations.schema.regulation import Regulation
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.regulations.schema.structure import RecordBook
from khth.regulations.schema.unit_type_checks import check_unit_types

# Which aggregations make sense for which indicator type. Percentages only as "ratio": the
# regulation's figures are recomputed from numerator and denominator, never averaged.
ALLOWED_AGGREGATIONS: dict[str, tuple[str, ...]] = {
    "integer": ("sum", "min", "max", "last", "count_condition", "none"),
    "decimal": ("sum", "weighted_average", "min", "max", "last", "count_condition", "none"),
    "percentage": ("ratio",),
    "boolean": ("count_true", "last", "none"),
    "text": ("none", "last"),
}
_NUMERIC = ("integer", "decimal", "percentage")
_COUNTS = ("integer", "decimal")


def validate_references(reg: Regulation) -> list[Problem]:
    out: list[Problem] = []
    rank = _check_levels(reg, out)
    _check_roles(reg, rank, out)
    _check_document_kinds(reg, rank, out)
    _check_tasks(reg, rank, out)
    _check_record_books(reg, rank, out)
    _check_abolished(reg, out)
    check_unit_types(reg, rank, out)
    unique(reg.report_templates, ("report_templates",), out)
    for i, template in enumerate(reg.report_templates):
        _check_template(reg, template, ("report_templates", i), rank, out)
    indicator_codes = _check_indicators_agree(reg, out)
    check_evaluation(reg, indicator_codes, out)
    _check_planning(reg, out)
    _check_followup(reg, indicator_codes, out)
    return out


def _check_followup(reg: Regulation, indicator_codes: set[str], out: list[Problem]) -> None:
    base: Path = ("followup",)
    unique(reg.followup.inspection_areas, (*base, "inspection_areas"), out)
    titles = reg.followup.awards.titles
    unique(titles, (*base, "awards", "titles"), out)
    levels = {level.code for level in reg.evaluation.levels}
    known = {t.code for t in titles}
    for i, rule in enumerate(reg.followup.awards.proposals):
        path: Path = (*base, "awards", "proposals", i)
        if rule.title not in known:
            out.append(
                (
                    (*path, "title"),
                    _("không có danh hiệu '%(code)s' trong titles") % {"code": rule.title},
                )
            )
        if rule.level not in levels:
            out.append(
                (
                    (*path, "level"),
                    _("không có mức '%(level)s' trong evaluation.levels") % {"level": rule.level},
                )
            )
        if rule.period not in reg.evaluation.periods:
            out.append(
                (
                    (*path, "period"),
                    _("kỳ '%(period)s' không có trong evaluation.periods")
                    % {"period": rule.period},
                )
            )
    kinds = {k.code for k in reg.document_kinds}
    if reg.followup.coordination.document_kind not in kinds:
        out.append(
            (
                (*base, "coordination", "document_kind"),
                _("không có loại văn bản '%(code)s' trong document_kinds")
                % {"code": reg.followup.coordination.document_kind},
            )
        )
    unique(reg.followup.coordination.indicators, (*base, "coordination", "indicators"), out)
    for i, indicator in enumerate(reg.followup.coordination.indicators):
        source = indicator.source
        if source is None:
            continue
        path = (*base, "coordination", "indicators", i, "source")
        if (
            not source.startswith("indicator:")
            or source.removeprefix("indicator:") not in indicator_codes
        ):
            out.append(
                (
                    path,
                    _("nguồn phải là 'indicator:<mã chỉ tiêu báo cáo>': '%(source)s'")
                    % {"source": source},
                )
            )


def _check_planning(reg: Regulation, out: list[Problem]) -> None:
    severities = reg.planning.specificity.severities
    path: Path = ("planning", "specificity", "severities")
    for rule in severities:
        if rule not in SPECIFICITY_RULES:
            out.append(
                (
                    (*path, rule),
                    _("không có quy tắc '%(rule)s' (%(rules)s)")
                    % {"rule": rule, "rules": ", ".join(SPECIFICITY_RULES)},
                )
            )
    for rule in SPECIFICITY_RULES:
        if rule not in severities:
            out.append((path, _("thiếu mức độ của quy tắc '%(rule)s'") % {"rule": rule}))
    # Compared as the check compares them (NFC, lower case): a repeat is a slip in the file.
    specificity = reg.planning.specificity
    for name, words in (
        ("vague_phrases", specificity.vague_phrases),
        ("filler_words", specificity.filler_words),
    ):
        no_repeats([nfc(w).lower() for w in words], ("planning", "specificity", name), out)
    for i, kind in enumerate(reg.document_kinds):
        if kind.plan is None:
            continue
        if kind.plan.structure == "schedule" and kind.plan.cascades:
            out.append(
                (
                    ("document_kinds", i, "plan", "cascades"),
                    _("lịch hoạt động không giao nhiệm vụ cho cấp dưới"),
                )
            )


def _check_indicators_agree(reg: Regulation, out: list[Problem]) -> set[str]:
    """One indicator code means one thing in every template.

    Evaluation evidence names an indicator by code alone, and a yearly figure is compared with
    the monthly ones under the same code.
    """
    first: dict[str, tuple[Path, Indicator]] = {}
    for i, template in enumerate(reg.report_templates):
        for k, indicator in enumerate(template.indicators):
            path: Path = ("report_templates", i, "indicators", k)
            if indicator.code not in first:
                first[indicator.code] = (path, indicator)
                continue
            where, earlier = first[indicator.code]
            if (indicator.type, indicator.aggregation) != (earlier.type, earlier.aggregation):
                out.append(
                    (
                        (*path, "type"),
                        _(
                            "chỉ tiêu '%(code)s' đã khai báo ở %(where)s với kiểu "
                            "'%(type)s', tổng hợp '%(aggregation)s': cùng mã phải cùng "
                            "kiểu và cách tổng hợp"
                        )
                        % {
                            "code": indicator.code,
                            "where": format_path(where),
                            "type": earlier.type,
                            "aggregation": earlier.aggregation,
                        },
                    )
                )
    return set(first)


def _level_list(codes: Sequence[str], path: Path, rank: dict[str, int], out: list[Problem]) -> None:
    if not codes:
        out.append((path, _("danh sách cấp không được rỗng")))
        return
    seen: set[str] = set()
    previous: str | None = None
    for j, code in enumerate(codes):
        if code not in rank:
            out.append(
                (
                    (*path, j),
                    _("không có cấp '%(code)s' trong levels (%(levels)s)")
                    % {"code": code, "levels": ", ".join(rank)},
                )
            )
            continue
        if code in seen:
            out.append(((*path, j), _("cấp '%(code)s' bị lặp") % {"code": code}))
            continue
        if previous is not None and rank[code] < rank[previous]:
            out.append(
                (
                    (*path, j),
                    _(
                        "các cấp phải xếp từ trên xuống như trong levels: "
                        "'%(code)s' phải đứng trước '%(previous)s'"
                    )
                    % {"code": code, "previous": previous},
                )
            )
        seen.add(code)
        previous = code


def _check_levels(reg: Regulation, out: list[Problem]) -> dict[str, int]:
    if not reg.levels:
        out.append((("levels",), _("phải có ít nhất một cấp")))
    # Position in the file is the rank: 0 is the top of the tree.
    return unique(reg.levels, ("levels",), out)


def _check_roles(reg: Regulation, rank: dict[str, int], out: list[Problem]) -> None:
    unique(reg.roles, ("roles",), out)
    present = {role.code for role in reg.roles}
    for i, role in enumerate(reg.roles):
        if role.levels:  # empty: the role exists at every level
            _level_list(role.levels, ("roles", i, "levels"), rank, out)
        if role.code not in ROLE_CODES:
            out.append(
                (
                    ("roles", i, "code"),
                    _("vai trò '%(code)s' không có trong hệ thống (%(roles)s)")
                    % {"code": role.code, "roles": ", ".join(ROLE_CODES)},
                )
            )
        seen: set[str] = set()
        for j, permission in enumerate(role.permissions):
            path: Path = ("roles", i, "permissions", j)
            if permission not in KNOWN_PERMISSIONS:
                known = ", ".join(KNOWN_PERMISSIONS)
                out.append(
                    (
                        path,
                        _("quyền '%(permission)s' không có trong hệ thống (%(known)s)")
                        % {"permission": permission, "known": known},
                    )
                )
            elif permission in seen:
                out.append((path, _("quyền '%(permission)s' bị lặp") % {"permission": permission}))
            seen.add(permission)
    for code in ROLE_CODES:
        if code not in present:
            out.append((("roles",), _("thiếu vai trò '%(code)s'") % {"code": code}))
    formats = reg.document_formats
    for family in ("party", "administrative") if formats is not None else ():
        fmt = getattr(formats, family)
        for i, signer in enumerate(fmt.signature.signers):
            if signer.role not in present:
                out.append(
                    (
                        ("document_formats", family, "signature", "signers", i, "role"),
                        _("không có vai trò '%(code)s' trong roles") % {"code": signer.role},
                    )
                )


def _check_sections(sections: Sequence[Section], path: Path, out: list[Problem]) -> set[str]:
    """Section codes are unique across the whole tree: indicators name a section by code alone."""
    first: dict[str, Path] = {}

    def walk(items: Sequence[Section], at: Path) -> None:
        for i, section in enumerate(items):
            here = (*at, i)
            message = _("mã mục '%(code)s' bị trùng (đã dùng ở %(where)s)")
            first_use(section.code, here, first, out, message)
            walk(section.children, (*here, "children"))

    walk(sections, path)
    return set(first)


def _check_columns(columns: Sequence[Column], path: Path, out: list[Problem]) -> None:
    unique(columns, path, out)
    for i, column in enumerate(columns):
        if column.type == "choice" and not column.choices:
            out.append(((*path, i, "choices"), _("cột kiểu choice phải có danh sách choices")))
        if column.type != "choice" and column.choices is not None:
            out.append(((*path, i, "choices"), _("chỉ cột kiểu choice mới có choices")))
        # Two equal choices could not be told apart in a record.
        no_repeats(column.choices or (), (*path, i, "choices"), out)


def _check_document_kinds(reg: Regulation, rank: dict[str, int], out: list[Problem]) -> None:
    unique(reg.document_kinds, ("document_kinds",), out)
    for i, kind in enumerate(reg.document_kinds):
        path: Path = ("document_kinds", i)
        _level_list(kind.issuing_levels, (*path, "issuing_levels"), rank, out)
        if not kind.occasions:
            out.append(((*path, "occasions"), _("phải có ít nhất một dịp ban hành")))
        no_repeats(kind.occasions, (*path, "occasions"), out)
        _check_sections(kind.outline, (*path, "outline"), out)
        _check_columns(kind.columns, (*path, "columns"), out)


def _kind_issued_at(
    reg: Regulation, kind_code: str, levels: Sequence[str], path: Path, out: list[Problem]
) -> None:
    """Every level in ``levels`` must be one where the document kind is issued."""
    issuing = reg.document_kind(kind_code).issuing_levels
    for j, level in enumerate(levels):
        if level not in issuing:
            out.append(
                (
                    (*path, j),
                    _(
                        "loại văn kiện '%(kind)s' không ban hành ở cấp '%(level)s' "
                        "(issuing_levels: %(levels)s)"
                    )
                    % {"kind": kind_code, "level": level, "levels": ", ".join(issuing)},
                )
            )


def _check_tasks(reg: Regulation, rank: dict[str, int], out: list[Problem]) -> None:
    kinds = {kind.code for kind in reg.document_kinds}
    unique(reg.tasks, ("tasks",), out)
    for i, task in enumerate(reg.tasks):
        seen: set[str] = set()
        for j, document in enumerate(task.documents):
            path: Path = ("tasks", i, "documents", j)
            _level_list(document.levels, (*path, "levels"), rank, out)
            if document.kind not in kinds:
                out.append(
                    (
                        (*path, "kind"),
                        _("không có loại văn kiện '%(kind)s'") % {"kind": document.kind},
                    )
                )
                continue
            if document.kind in seen:
                out.append(
                    (
                        (*path, "kind"),
                        _("loại văn kiện '%(kind)s' bị lặp") % {"kind": document.kind},
                    )
                )
            seen.add(document.kind)
            _kind_issued_at(reg, document.kind, document.levels, (*path, "levels"), out)


def _check_record_books(reg: Regulation, rank: dict[str, int], out: list[Problem]) -> None:
    kinds = {kind.code for kind in reg.document_kinds}
    unique(reg.record_books, ("record_books",), out)
    for i, book in enumerate(reg.record_books):
        path: Path = ("record_books", i)
        _level_list(book.levels, (*path, "levels"), rank, out)
        _check_columns(book.columns, (*path, "columns"), out)
        _check_book_sections(book, path, out)
        typed = book.typed_document_kind
        if typed is None:
            continue
        if typed not in kinds:
            out.append(
                (
                    (*path, "typed_document_kind"),
                    _("không có loại văn kiện '%(kind)s'") % {"kind": typed},
                )
            )
        else:
            _kind_issued_at(reg, typed, book.levels, (*path, "levels"), out)


def _check_book_sections(book: RecordBook, path: Path, out: list[Problem]) -> None:
    """Sections split the columns in their order: each column in exactly one section, so a page
    heads each run of columns once."""
    if not book.sections:
        return
    unique(book.sections, (*path, "sections"), out)
    known = [c.code for c in book.columns]
    listed: list[str] = []
    for i, section in enumerate(book.sections):
        for j, code in enumerate(section.columns):
            if code not in known:
                out.append(
                    (
                        (*path, "sections", i, "columns", j),
                        _("sổ không có cột '%(code)s'") % {"code": code},
                    )
                )
            elif code in listed:
                out.append(
                    (
                        (*path, "sections", i, "columns", j),
                        _("cột '%(code)s' đã thuộc một mục khác") % {"code": code},
                    )
                )
            else:
                listed.append(code)
    missing = [code for code in known if code not in listed]
    if missing:
        out.append(
            (
                (*path, "sections"),
                _("các cột chưa thuộc mục nào: %(codes)s") % {"codes": ", ".join(missing)},
            )
        )
    elif listed != known:
        out.append(
            (
                (*path, "sections"),
                _("các mục phải chia các cột theo đúng thứ tự trong columns"),
            )
        )


def _check_abolished(reg: Regulation, out: list[Problem]) -> None:
    """A level may not both keep and abolish a title (by code, or by name whatever its case)."""
    for i, level in enumerate(reg.levels):
        abolished = level.abolished
        if abolished is None:
            continue
        path: Path = ("levels", i, "abolished")
        unique(abolished.titles, (*path, "titles"), out)
        if len(abolished.titles) > abolished.count:
            out.append(
                (
                    (*path, "titles"),
                    _("có %(titles)d tên sổ nhưng count chỉ là %(count)d")
                    % {"titles": len(abolished.titles), "count": abolished.count},
                )
            )
        kept = [b for b in reg.record_books if level.code in b.levels]
        issued = {k.code for k in reg.document_kinds if level.code in k.issuing_levels}
        for j, title in enumerate(abolished.titles):
            at: Path = (*path, "titles", j)
            name = _folded(title.name)
            for book in kept:
                if book.code == title.code or _folded(book.name) == name:
                    out.append(
                        (
                            at,
                            _(
                                "cấp '%(level)s' vừa giữ vừa bỏ sổ '%(book)s' "
                                "(record_books: %(code)s)"
                            )
                            % {"level": level.code, "book": title.name, "code": book.code},
                        )
                    )
            replaced = title.replaced_by
            if (
                replaced is not None
                and replaced not in issued
                and not any(b.code == replaced for b in kept)
            ):
                out.append(
                    (
                        (*at, "replaced_by"),
                        _(
                            "'%(code)s' không phải sổ cấp '%(level)s' giữ "
                            "hay loại văn kiện cấp này ban hành"
                        )
                        % {"code": replaced, "level": level.code},
                    )
                )


def _folded(name: str) -> str:
    return " ".join(nfc(name).casefold().split())


def _check_template(
    reg: Regulation, template: ReportTemplate, path: Path, rank: dict[str, int], out: list[Problem]
) -> None:
    _check_regime(reg, template, path, out)
    _level_list(template.reporting_levels, (*path, "reporting_levels"), rank, out)
    _check_deadlines(template, path, rank, out)
    sections = _check_sections(template.sections, (*path, "sections"), out)
    indicators = {ind.code: ind for ind in template.indicators}
    unique(template.indicators, (*path, "indicators"), out)
    for k, indicator in enumerate(template.indicators):
        _check_indicator(indicator, indicators, sections, (*path, "indicators", k), out)
    unique(template.rules, (*path, "rules"), out)
    for k, rule in enumerate(template.rules):
        expression_path: Path = (*path, "rules", k, "expression")
        _numeric_ref(rule.expression.left, indicators, (*expression_path, "left"), out)
        if isinstance(rule.expression.right, str):
            _numeric_ref(rule.expression.right, indicators, (*expression_path, "right"), out)


def _check_regime(
    reg: Regulation, template: ReportTemplate, path: Path, out: list[Problem]
) -> None:
    """Frequency, cut-off and document kind fit the kind of report."""
    if template.kind == "periodic" and template.frequency is None:
        out.append(((*path, "frequency"), _("báo cáo định kỳ phải có frequency")))
    if template.kind == "ad_hoc" and template.frequency is not None:
        out.append(((*path, "frequency"), _("báo cáo đột xuất không có frequency (để null)")))
    if template.frequency is not None and template.cutoff is None:
        out.append(((*path, "cutoff"), _("báo cáo theo kỳ phải có cutoff")))
    if template.frequency is None and template.cutoff is not None:
        out.append(((*path, "cutoff"), _("báo cáo không theo kỳ thì không có cutoff (để null)")))
    if (
        template.cutoff is not None
        and template.cutoff.kind == "shifted"
        and template.frequency in ("daily", "weekly")
    ):
        out.append(
            ((*path, "cutoff", "kind"), _("kỳ ngày, tuần không có cửa sổ dịch: dùng 'nominal'"))
        )
    if template.document_kind is None:
        return
    if template.document_kind not in {kind.code for kind in reg.document_kinds}:
        out.append(
            (
                (*path, "document_kind"),
                _("không có loại văn kiện '%(kind)s'") % {"kind": template.document_kind},
            )
        )
        return
    kind = reg.document_kind(template.document_kind)
    occasion = template.frequency if template.kind == "periodic" else template.kind
    if occasion is not None and occasion not in kind.occasions:
        out.append(
            (
                (*path, "document_kind"),
                _("loại văn kiện '%(kind)s' không có dịp '%(occasion)s' (occasions: %(occasions)s)")
                % {"kind": kind.code, "occasion": occasion, "occasions": ", ".join(kind.occasions)},
            )
        )
    _kind_issued_at(reg, kind.code, template.reporting_levels, (*path, "reporting_levels"), out)


def _check_deadlines(
    template: ReportTemplate, path: Path, rank: dict[str, int], out: list[Problem]
) -> None:
    deadlines_path: Path = (*path, "deadlines")
    for level in template.reporting_levels:
        if level in rank and level not in template.deadlines:
            out.append((deadlines_path, _("thiếu hạn nộp cho cấp '%(level)s'") % {"level": level}))
    for level, days in template.deadlines.items():
        if level not in template.reporting_levels:
            out.append(
                (
                    (*deadlines_path, level),
                    _("cấp '%(level)s' không có trong reporting_levels") % {"level": level},
                )
            )
        elif days < 1:
            out.append(
                (
                    (*deadlines_path, level),
                    _(
                        "hạn nộp phải ít nhất 1 ngày làm việc sau khi chốt số liệu "
                        "(đang là %(days)d)"
                    )
                    % {"days": days},
                )
            )
    # A superior consolidates its subordinates' reports, so it cannot be due before them.
    ordered = [lv for lv in template.reporting_levels if lv in template.deadlines and lv in rank]
    for upper, lower in itertools.pairwise(ordered):
        if template.deadlines[upper] < template.deadlines[lower]:
            out.append(
                (
                    (*deadlines_path, upper),
                    _(
                        "cấp '%(upper)s' tổng hợp báo cáo của cấp '%(lower)s' nên không thể có "
                        "hạn sớm hơn (%(upper_days)d < %(lower_days)d ngày)"
                    )
                    % {
                        "upper": upper,
                        "lower": lower,
                        "upper_days": template.deadlines[upper],
                        "lower_days": template.deadlines[lower],
                    },
                )
            )


def _check_indicator(
    indicator: Indicator,
    indicators: dict[str, Indicator],
    sections: set[str],
    path: Path,
    out: list[Problem],
) -> None:
    if indicator.section not in sections:
        out.append(
            (
                (*path, "section"),
                _("không có mục '%(section)s' trong sections") % {"section": indicator.section},
            )
        )
    allowed = ALLOWED_AGGREGATIONS[indicator.type]
    if indicator.aggregation not in allowed:
        out.append(
            (
                (*path, "aggregation"),
                _(
                    "chỉ tiêu kiểu '%(type)s' không tổng hợp bằng "
                    "'%(aggregation)s' (dùng: %(allowed)s)"
                )
                % {
                    "type": indicator.type,
                    "aggregation": indicator.aggregation,
                    "allowed": ", ".join(allowed),
                },
            )
        )
    for field in ("numerator", "denominator"):
        ref = getattr(indicator, field)
        if indicator.type != "percentage":
            if ref is not None:
                out.append(((*path, field), _("chỉ chỉ tiêu kiểu percentage mới có tử số, mẫu số")))
        elif ref is None:
            out.append(
                (
                    (*path, field),
                    _("chỉ tiêu tỷ lệ phải có numerator và denominator (tử số, mẫu số)"),
                )
            )
        else:
            _typed_ref(ref, indicators, ("integer",), (*path, field), out)
    weight = indicator.weight_indicator
    if indicator.aggregation == "weighted_average" and weight is None:
        out.append(((*path, "weight_indicator"), _("weighted_average phải có weight_indicator")))
    elif indicator.aggregation != "weighted_average" and weight is not None:
        out.append(((*path, "weight_indicator"), _("chỉ dùng với aggregation weighted_average")))
    elif weight is not None:
        _typed_ref(weight, indicators, _COUNTS, (*path, "weight_indicator"), out)
    condition = indicator.condition
    if indicator.aggregation == "count_condition" and condition is None:
        out.append(((*path, "condition"), _("count_condition phải có condition")))
    elif indicator.aggregation != "count_condition" and condition is not None:
        out.append(((*path, "condition"), _("chỉ dùng với aggregation count_condition")))
    elif condition is not None and condition.of is not None:
        _typed_ref(condition.of, indicators, _NUMERIC, (*path, "condition", "of"), out)
    if indicator.type in ("boolean", "text") and (
        indicator.min is not None or indicator.max is not None
    ):
        out.append(
            (
                (*path, "min"),
                _("chỉ tiêu kiểu '%(type)s' không có min, max") % {"type": indicator.type},
            )
        )
    elif indicator.min is not None and indicator.max is not None and indicator.min > indicator.max:
        out.append(
            (
                (*path, "min"),
                _("min (%(min)s) lớn hơn max (%(max)s)")
                % {"min": f"{indicator.min:g}", "max": f"{indicator.max:g}"},
            )
        )


def _typed_ref(
    ref: str,
    indicators: dict[str, Indicator],
    types: tuple[str, ...],
    path: Path,
    out: list[Problem],
) -> None:
    if ref not in indicators:
        out.append((path, _("không có chỉ tiêu '%(code)s' trong mẫu báo cáo này") % {"code": ref}))
    elif indicators[ref].type not in types:
        either = " " + _("hoặc") + " "
        out.append(
            (
                path,
                _("chỉ tiêu '%(code)s' có kiểu '%(type)s', cần kiểu %(types)s")
                % {
                    "code": ref,
                    "type": indicators[ref].type,
                    "types": either.join(types),
                },
            )
        )


def _numeric_ref(
    ref: str, indicators: dict[str, Indicator], path: Path, out: list[Problem]
) -> None:
    _typed_ref(ref, indicators, _NUMERIC, path, out)
