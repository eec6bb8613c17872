"""``khth variant list|load|add|remove|requirements``: regulations in force beside the base and
where each applies (issue 13).

It lives with the units because a scope is a place in the unit tree; ``khth regulation`` stays
the command of the regulation files themselves. It runs as the operator (``by=None``), like
``khth regulation load``: whoever may load a regulation may say where it applies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.commands import TranslatedCommand
from khth.regulations.access import RegulationNotLoaded, active_versions
from khth.regulations.loader import RegulationError
from khth.regulations.management.commands.regulation import fail_on_regulation
from khth.units.commands import unit_by_code
from khth.units.models import RegulationScope, Unit
from khth.units.regulation import (
    ScopeError,
    assign_regulation,
    load_variant,
    regulation_for,
    remove_scope,
    requirements_for_unit,
    scopes_in_force,
    version_for,
)


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Các quy định riêng đang áp dụng bên cạnh quy định chung, và phạm vi áp dụng của từng quy "
        "định (đơn vị gốc, loại hình đơn vị)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("list", help=_("các quy định đang áp dụng và phạm vi của chúng"))
        load = sub.add_parser("load", help=_("nạp một tệp quy định riêng và gán phạm vi"))
        load.add_argument("file")
        self._place(load)
        add = sub.add_parser("add", help=_("gán một quy định đang áp dụng cho một phạm vi"))
        add.add_argument("code", help=_("mã quy định"))
        self._place(add)
        remove = sub.add_parser("remove", help=_("gỡ một phạm vi"))
        self._place(remove)
        requirements = sub.add_parser(
            "requirements", help=_("quy định một đơn vị thực hiện và những gì nó phải làm")
        )
        requirements.add_argument("--unit", required=True, help=_("mã đơn vị"))

    @staticmethod
    def _place(parser: CommandParser) -> None:
        parser.add_argument("--scope", help=_("mã đơn vị gốc: đơn vị này và các đơn vị trực thuộc"))
        parser.add_argument("--unit-type", default="", help=_("chỉ các đơn vị loại hình này"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(options)
        except (ScopeError, RegulationNotLoaded) as exc:
            raise CommandError(str(exc)) from None

    def _root(self, options: dict[str, Any]) -> Unit | None:
        return unit_by_code(options["scope"]) if options["scope"] else None

    def _list(self, options: dict[str, Any]) -> None:
        versions = sorted(active_versions().values(), key=lambda v: (not v.is_base, v.code))
        if not versions:
            raise RegulationNotLoaded
        scopes = scopes_in_force()
        for version in versions:
            mark = _("quy định chung") if version.is_base else _("quy định riêng")
            self.stdout.write(f"{version.code} {version.version} — {version.title} ({mark})")
            for scope in (s for s in scopes if s.code == version.code):
                self.stdout.write(f"  - {_describe(scope)}")

    def _load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc}
            ) from None
        try:
            version, _created = load_variant(
                text, path.name, root=self._root(options), unit_type=options["unit_type"], by=None
            )
        except RegulationError as exc:
            self._fail(exc)
        self.stdout.write(
            _("Đã nạp quy định %(code)s phiên bản %(version)s và gán phạm vi")
            % {"code": version.code, "version": version.version}
        )

    def _add(self, options: dict[str, Any]) -> None:
        scope = assign_regulation(
            options["code"], root=self._root(options), unit_type=options["unit_type"], by=None
        )
        self.stdout.write(_("Đã gán: %(scope)s") % {"scope": _describe(scope)})

    def _remove(self, options: dict[str, Any]) -> None:
        root = self._root(options)
        scope = RegulationScope.objects.filter(
            root=root, unit_type=options["unit_type"].strip()
        ).first()
        if scope is None:
            raise CommandError(_("Không có phạm vi quy định nào ở đó"))
        remove_scope(scope, by=None)
        self.stdout.write(_("Đã gỡ: %(scope)s") % {"scope": _describe(scope)})

    def _requirements(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"])
        version = version_for(unit)
        regulation = regulation_for(unit)
        if unit.level not in regulation.level_codes():
            raise CommandError(
                _("Quy định %(code)s không có cấp «%(level)s» của %(unit)s")
                % {"code": version.code, "level": unit.level, "unit": unit.name}
            )
        self.stdout.write(
            _("%(unit)s thực hiện quy định %(code)s phiên bản %(version)s%(variant)s")
            % {
                "unit": unit.name,
                "code": version.code,
                "version": version.version,
                "variant": "" if version.is_base else " " + _("(quy định riêng)"),
            }
        )
        for line in requirements_for_unit(unit, regulation).lines():
            self.stdout.write(line)

    def _fail(self, exc: RegulationError) -> NoReturn:
        fail_on_regulation(self.stderr, exc)


def _describe(scope: RegulationScope) -> str:
    where = (
        _("%(unit)s (%(code)s) và các đơn vị trực thuộc")
        % {"unit": scope.root.name, "code": scope.root.code}
        if scope.root is not None
        else _("mọi nơi")
    )
    if scope.unit_type:
        return _("%(where)s, loại hình %(type)s") % {"where": where, "type": scope.unit_type}
    return where
