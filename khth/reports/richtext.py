"""The safe rich-text subset of report narratives: paragraphs, lists, bold/italic, tables.

Everything else (scripts, styles, links, images, event handlers) is removed on the way in, so
stored HTML can be shown and exported as it is.
"""

from __future__ import annotations

import html
import re

import nh3

from khth.lib.vietnamese import nfc

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitize(raw: str) -> str:
    cleaned = nh3.clean(
        nfc(raw or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


def plain_text(fragment: str) -> str:
    """The words of a stored fragment, for completeness checks, search and spreadsheets."""
    text = _TAG.sub(" ", fragment or "")
    return _SPACE.sub(" ", html.unescape(text)).strip()


def is_blank(fragment: str) -> bool:
    return plain_text(fragment) == ""
