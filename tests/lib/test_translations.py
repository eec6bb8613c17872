"""The English catalogue: complete, compiled, and in use when a user picks English.

Vietnamese is the source language (docs/architecture.md, "Language"): the message ids are
Vietnamese and khth/locale/en holds the translation. These tests fail when someone adds a string
and forgets makemessages, translating, or compilemessages. They need no gettext tools: the
strings are found with Django's template lexer and Python's ``ast``, as makemessages would.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2] / "khth"
PO_PATH = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# The names makemessages gives xgettext, with the position of the context argument if any.
GETTEXT_CALLS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": None,
    "ngettext_lazy": None,
    "pgettext": 0,
    "pgettext_lazy": 0,
    "npgettext": 0,
    "npgettext_lazy": 0,
}
# printf-style conversions: "%(name)s", "%d", "%.1f"; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
# What templatize() writes for a translatable template string: gettext(u'…'), _("…"), …
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(?P<name>_|n?p?gettext)\(\s*(?P<args>{_LITERAL}(?:\s*,\s*{_LITERAL})*)"
)

Key = tuple[str | None, str]  # (context, msgid)


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PO_PATH)) if not e.obsolete]


def _placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def _constant(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _python_msgids(path: Path) -> set[Key]:
    found: set[Key] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        context_at = GETTEXT_CALLS[name]
        msgid_at = 0 if context_at is None else context_at + 1
        args = node.args
        if len(args) <= msgid_at:
            continue
        msgid = _constant(args[msgid_at])
        context = None if context_at is None else _constant(args[context_at])
        if msgid is None or (context_at is not None and context is None):
            continue  # a variable: not something makemessages can see either
        found.add((context, msgid))
    return found


def _template_msgids(path: Path) -> set[Key]:
    found: set[Key] = set()
    for call in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), str(path))):
        args = ast.literal_eval(f"({call['args']},)")
        if call["name"] in ("pgettext", "npgettext"):
            found.add((args[0], args[1]))
        else:
            found.add((None, args[0]))
    return found


def _source_msgids() -> dict[Key, Path]:
    found: dict[Key, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for key in _python_msgids(path):
            found.setdefault(key, path)
    for path in sorted(PACKAGE.rglob("templates/**/*")):
        if path.suffix in (".html", ".txt"):
            for key in _template_msgids(path):
                found.setdefault(key, path)
    return found


def test_every_entry_is_translated_and_keeps_its_placeholders() -> None:
    po = polib.pofile(str(PO_PATH))
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    problems = []
    for entry in _entries():
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
            sources = [entry.msgid, entry.msgid_plural]
        else:
            forms = [entry.msgstr]
            sources = [entry.msgid]
        for source, form in zip(sources, forms, strict=True):
            if not form:
                problems.append(f"not translated: {source!r}")
            elif _placeholders(source) != _placeholders(form):
                problems.append(f"placeholders differ: {source!r} → {form!r}")
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file() -> None:
    """A forgotten ``compilemessages`` fails here: Django reads only the .mo file."""

    def translations(entries: Any) -> dict[Key, object]:
        return {
            (e.msgctxt, e.msgid): (
                tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            )
            for e in entries
            if e.msgid and not e.obsolete
        }

    assert translations(polib.mofile(str(MO_PATH))) == translations(_entries())


def test_catalogue_has_every_string_of_the_code_and_templates() -> None:
    known = {(e.msgctxt, e.msgid) for e in _entries()}
    source = _source_msgids()
    assert len(source) > 100  # the scan itself works
    missing = [
        f"{path.relative_to(PACKAGE.parent)}: {msgid!r}"
        + (f" (context {context!r})" if context else "")
        for (context, msgid), path in source.items()
        if (context, msgid) not in known
    ]
    assert not missing, (
        "Strings missing from khth/locale/en/LC_MESSAGES/django.po; run makemessages, "
        "translate, compilemessages (docs/architecture.md, Translations):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{% load i18n %}{% translate 'Đơn vị' %}", {(None, "Đơn vị")}),
        ('{% load i18n %}{% translate "Mã" context "cột" %}', {("cột", "Mã")}),
        (
            "{% load i18n %}{% blocktranslate count n=k %}{{ n }} đơn vị"
            "{% plural %}{{ n }} đơn vị{% endblocktranslate %}",
            {(None, "%(n)s đơn vị")},
        ),
        ("{{ _('Lưu') }}", {(None, "Lưu")}),
    ],
)
def test_template_scan(tmp_path: Path, text: str, expected: set[Key]) -> None:
    template = tmp_path / "t.html"
    template.write_text(text, encoding="utf-8")
    assert _template_msgids(template) == expected


def test_python_scan(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "_('một') + gettext_lazy('hai') + ngettext('%(n)d ba', '%(n)d ba', n)\n"
        "pgettext('ngữ cảnh', 'bốn') + translation.gettext('năm') + _(variable)\n",
        encoding="utf-8",
    )
    assert _python_msgids(module) == {
        (None, "một"),
        (None, "hai"),
        (None, "%(n)d ba"),
        ("ngữ cảnh", "bốn"),
        (None, "năm"),
    }


def test_english_when_chosen_vietnamese_otherwise(world: Any) -> None:
    client = world.client("cu_r")
    page = client.get("/units/").content.decode()
    assert "Đăng xuất" in page
    assert 'lang="vi"' in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/units/").content.decode()
    assert "Units" in page
    assert "Log out" in page
    assert "Đăng xuất" not in page
    assert 'lang="en"' in page

    # The request's language ends with the request: what runs next in this thread (here, a
    # command) speaks Vietnamese again.
    assert translation.get_language() == settings.LANGUAGE_CODE
    with pytest.raises(CommandError, match="Không có đơn vị mã KHONG-CO"):
        call_command("users", "list", "--unit", "KHONG-CO")


def test_error_messages_follow_the_language(world: Any) -> None:
    client = world.client("admin_d")
    form = {"parent_code": "C1", "on": ""}
    page = client.post("/units/R/move/", form).content.decode()
    assert "nằm trong chính đơn vị được chuyển" in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post("/units/R/move/", form).content.decode()
    assert "the new superior unit lies inside the unit being moved" in page
