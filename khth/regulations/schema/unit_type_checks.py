"""Whole-file checks of ``unit_types:`` and of the ``unit_types`` each requirement item names."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from khth.regulations.schema.problems import Path, Problem, no_repeats, unique
from khth.regulations.schema.regulation import Regulation


def check_unit_types(reg: Regulation, rank: dict[str, int], out: list[Problem]) -> None:
    unique(reg.unit_types, ("unit_types",), out)
    for i, unit_type in enumerate(reg.unit_types):
        for j, level in enumerate(unit_type.levels):
            if level not in rank:
                out.append(
                    (
                        ("unit_types", i, "levels", j),
                        _("không có cấp '%(code)s' trong levels (%(levels)s)")
                        % {"code": level, "levels": ", ".join(rank)},
                    )
                )
        no_repeats(unit_type.levels, ("unit_types", i, "levels"), out)
    known = {t.code for t in reg.unit_types}
    for i, kind in enumerate(reg.document_kinds):
        _known(kind.unit_types, ("document_kinds", i, "unit_types"), known, out)
    for i, task in enumerate(reg.tasks):
        for j, document in enumerate(task.documents):
            _known(document.unit_types, ("tasks", i, "documents", j, "unit_types"), known, out)
    for i, book in enumerate(reg.record_books):
        _known(book.unit_types, ("record_books", i, "unit_types"), known, out)
    for i, template in enumerate(reg.report_templates):
        _known(template.unit_types, ("report_templates", i, "unit_types"), known, out)


def _known(codes: Sequence[str], path: Path, known: set[str], out: list[Problem]) -> None:
    no_repeats(codes, path, out)
    for j, code in enumerate(codes):
        if code not in known:
            out.append(
                (
                    (*path, j),
                    _("không có loại hình đơn vị '%(code)s' trong unit_types (%(known)s)")
                    % {"code": code, "known": ", ".join(sorted(known)) or _("chưa khai báo")},
                )
            )
