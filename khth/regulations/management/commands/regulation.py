"""``khth regulation load|validate|show|versions|activate``: the regulation file from the shell.

Actions run as the system (by=None): whoever has shell access to the server is the operator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.lib.commands import TranslatedCommand, fail_with_problems
from khth.regulations.access import RegulationNotLoaded, active_regulation
from khth.regulations.actions import activate_version, load_regulation
from khth.regulations.burden import (
    burden_by_level,
    heavier_than_above,
    table_lines,
    warning_lines,
)
from khth.regulations.loader import RegulationError, default_regulation_path, parse_regulation
from khth.regulations.models import RegulationVersion
from khth.regulations.requirements import requirements_for_level
from khth.regulations.schema import Regulation


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Nạp, kiểm tra và xem quy định (dữ liệu cấp, văn kiện, sổ sách, mẫu báo cáo, tiêu chí)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help=_("nạp và kích hoạt một tệp quy định"))
        load.add_argument("file", nargs="?", help=_("tệp YAML; bỏ trống: quy định mặc định"))
        load.add_argument("--no-activate", action="store_true", help=_("chỉ nạp, không kích hoạt"))
        load.add_argument(
            "--base",
            action="store_true",
            help=_(
                "làm quy định chung (mặc định: cùng mã với quy định chung thì thay nó, mã khác "
                "là quy định riêng, gán phạm vi bằng `khth variant`)"
            ),
        )
        validate = sub.add_parser("validate", help=_("chỉ kiểm tra một tệp, không ghi gì"))
        validate.add_argument("file")
        show = sub.add_parser("show", help=_("tóm tắt quy định đang áp dụng"))
        show.add_argument("--level", help=_("mã cấp: những gì đơn vị cấp này phải làm"))
        burden = sub.add_parser(
            "burden", help=_("khối lượng giấy tờ mỗi cấp phải làm trong một năm")
        )
        burden.add_argument("--level", help=_("mã cấp: chỉ cấp này"))
        burden.add_argument("--file", help=_("tệp YAML; bỏ trống: quy định đang áp dụng"))
        sub.add_parser("versions", help=_("các phiên bản đã nạp"))
        activate = sub.add_parser("activate", help=_("áp dụng lại một phiên bản đã nạp"))
        activate.add_argument("version")
        activate.add_argument("--code", help=_("mã quy định, khi có nhiều quy định cùng phiên bản"))

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['subcommand']}")
        handler(options)

    def _load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"]) if options["file"] else default_regulation_path()
        text = _read(path)
        try:
            version, created = load_regulation(
                text,
                path.name,
                by=None,
                activate=not options["no_activate"],
                base=options["base"],
            )
        except RegulationError as exc:
            self._fail(exc)
        names = {"code": version.code, "version": version.version}
        if created:
            self.stdout.write(_("Đã nạp quy định %(code)s phiên bản %(version)s") % names)
        else:
            self.stdout.write(
                _("Quy định %(code)s phiên bản %(version)s đã có, không thay đổi") % names
            )

    def _validate(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            regulation = parse_regulation(_read(path), path.name)
        except RegulationError as exc:
            self._fail(exc)
        meta = regulation.regulation
        self.stdout.write(
            _("Hợp lệ: quy định %(code)s phiên bản %(version)s")
            % {"code": meta.code, "version": meta.version}
        )
        self._print(_counts(regulation))
        # A warning, not an error: a unit may knowingly load a heavier base (seed 001 asks for
        # the opposite, so it should be a decision, not an accident).
        for line in warning_lines(regulation, heavier_than_above(burden_by_level(regulation))):
            self.stdout.write(self.style.WARNING(line))

    def _burden(self, options: dict[str, Any]) -> None:
        if options["file"]:
            path = Path(options["file"])
            try:
                regulation = parse_regulation(_read(path), path.name)
            except RegulationError as exc:
                self._fail(exc)
        else:
            try:
                regulation = active_regulation()
            except RegulationNotLoaded as exc:
                raise CommandError(str(exc)) from None
        burdens = burden_by_level(regulation)
        code = options["level"]
        if code is not None:
            if code not in regulation.level_codes():
                valid = ", ".join(regulation.level_codes())
                raise CommandError(
                    _("Không có cấp «%(code)s». Các cấp: %(levels)s")
                    % {"code": code, "levels": valid}
                )
            shown = [b for b in burdens if b.level == code]
        else:
            shown = burdens
        meta = regulation.regulation
        self.stdout.write(
            _("Khối lượng một năm theo quy định %(code)s phiên bản %(version)s")
            % {"code": meta.code, "version": meta.version}
        )
        self._print(table_lines(regulation, shown))
        heavier = [h for h in heavier_than_above(burdens) if code in (None, h.level)]
        for line in warning_lines(regulation, heavier):
            self.stdout.write(self.style.WARNING(line))

    def _show(self, options: dict[str, Any]) -> None:
        try:
            regulation = active_regulation()
        except RegulationNotLoaded as exc:
            raise CommandError(str(exc)) from None
        code = options["level"]
        if code is None:
            meta = regulation.regulation
            self.stdout.write(
                _("Quy định %(code)s phiên bản %(version)s")
                % {"code": meta.code, "version": meta.version}
            )
            self.stdout.write(meta.title)
            self.stdout.write(
                _("Hiệu lực từ %(date)s") % {"date": f"{meta.effective_from:%d-%m-%Y}"}
            )
            self._print(_counts(regulation))
            return
        if code not in regulation.level_codes():
            valid = ", ".join(regulation.level_codes())
            raise CommandError(
                _("Không có cấp «%(code)s». Các cấp: %(levels)s") % {"code": code, "levels": valid}
            )
        self._print(requirements_for_level(regulation, code).lines())

    def _versions(self, options: dict[str, Any]) -> None:
        versions = RegulationVersion.objects.order_by("loaded_at", "id")
        if not versions:
            self.stdout.write(_("Chưa nạp phiên bản nào"))
        for v in versions:
            mark = "*" if v.is_active else " "
            self.stdout.write(
                f"{mark} {v.code} {v.version}\t{localtime(v.loaded_at):%Y-%m-%d %H:%M}"
                f"\t{v.source_name}"
                f"\t{v.checksum[:12]}"
            )

    def _activate(self, options: dict[str, Any]) -> None:
        versions = RegulationVersion.objects.filter(version=options["version"])
        if options["code"]:
            versions = versions.filter(code=options["code"])
        found = list(versions[:2])
        if not found:
            raise CommandError(
                _("Không có phiên bản «%(version)s»") % {"version": options["version"]}
            )
        if len(found) > 1:
            raise CommandError(
                _("Có nhiều hơn một phiên bản «%(version)s»") % {"version": options["version"]}
            )
        version = activate_version(found[0], by=None)
        self.stdout.write(
            _("Đang áp dụng quy định %(code)s phiên bản %(version)s")
            % {"code": version.code, "version": version.version}
        )

    def _print(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(line)

    def _fail(self, exc: RegulationError) -> NoReturn:
        fail_on_regulation(self.stderr, exc)


def fail_on_regulation(stderr: Any, exc: RegulationError) -> NoReturn:
    """Every problem of a regulation file on standard error, then the command fails with their
    count (``khth regulation`` and ``khth variant`` load files alike)."""
    count = len(exc.problems)
    fail_with_problems(
        stderr,
        exc.problems,
        ngettext(
            "Quy định không hợp lệ: %(count)d lỗi",
            "Quy định không hợp lệ: %(count)d lỗi",
            count,
        )
        % {"count": count},
    )


def _read(path: Path) -> str:
    try:
        # utf-8-sig: files saved by Windows editors start with a byte-order mark.
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(
            _("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None
    except UnicodeDecodeError:
        raise CommandError(_("Tệp %(path)s không phải văn bản UTF-8") % {"path": path}) from None


def _counts(regulation: Regulation) -> list[str]:
    criteria = sum(len(group.criteria) for group in regulation.evaluation.groups)
    indicators = sum(len(t.indicators) for t in regulation.report_templates)
    groups = len(regulation.evaluation.groups)
    return [
        _("Cấp: %(count)d") % {"count": len(regulation.levels)},
        _("Loại văn kiện: %(count)d") % {"count": len(regulation.document_kinds)},
        _("Nhiệm vụ: %(count)d") % {"count": len(regulation.tasks)},
        _("Sổ sách: %(count)d") % {"count": len(regulation.record_books)},
        ngettext(
            "Mẫu báo cáo: %(count)d (%(indicators)d chỉ tiêu)",
            "Mẫu báo cáo: %(count)d (%(indicators)d chỉ tiêu)",
            indicators,
        )
        % {"count": len(regulation.report_templates), "indicators": indicators},
        ngettext(
            "Tiêu chí đánh giá: %(count)d trong %(groups)d nhóm",
            "Tiêu chí đánh giá: %(count)d trong %(groups)d nhóm",
            groups,
        )
        % {"count": criteria, "groups": groups},
    ]
