"""Official document formats as data: page, margins, fonts, sizes, header marks, number line,
recipients and signature, for each family of documents.

- party: documents of Party committees and chi bộ (Regulation 399-QĐ/TW, format guidance
  36-HD/VPTW): "Số 15-BC/ĐU";
- administrative: documents of commanders and political agencies (Decree 30/2020/NĐ-CP):
  "Số: 15/BC-CT".

They are data because they change (the Party rules were replaced in 2026) and every deployment
may need to follow its own instructions; khth.documents reads them, never hard-codes them.
Lengths are millimetres (margins), centimetres (indents) and points (font sizes, spacing).
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import Field, field_validator

from khth.regulations.schema.common import Basis, Code, Item, Text

Family = Literal["party", "administrative"]
FAMILIES: tuple[Family, ...] = ("party", "administrative")

FontSize = Annotated[float, Field(ge=6, le=40)]
Millimetres = Annotated[float, Field(ge=0, le=80)]
# A rule's length as a share of the text above it (Decree 30: "from 1/3 to 1/2").
Share = Annotated[float, Field(gt=0, le=1)]


def _placeholders(pattern: str, allowed: set[str], required: set[str]) -> str:
    """Check the ``{name}`` placeholders of a pattern: only known names, every required one."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    except ValueError:
        raise ValueError(_("mẫu có dấu { } không đóng mở đúng")) from None
    unknown = names - allowed
    if unknown:
        raise ValueError(
            _("mẫu dùng chỗ trống không có: %(unknown)s (chỉ có: %(allowed)s)")
            % {
                "unknown": ", ".join("{" + n + "}" for n in sorted(unknown)),
                "allowed": ", ".join("{" + n + "}" for n in sorted(allowed)),
            }
        )
    missing = required - names
    if missing:
        raise ValueError(
            _("mẫu thiếu chỗ trống %(missing)s")
            % {"missing": ", ".join("{" + n + "}" for n in sorted(missing))}
        )
    return pattern


class TextStyle(Item):
    size: FontSize
    bold: bool = False
    italic: bool = False
    underline: bool = False
    # Printed in capitals whatever the stored text ("Đại đội 1" → "ĐẠI ĐỘI 1").
    upper: bool = False
    basis: Basis


class MottoLine(TextStyle):
    """One line of the national motto or the Party name at the top right."""

    text: Text


class Mark(Item):
    """What stands under a header element: a drawn rule, or text such as "*" or "-----"."""

    kind: Literal["rule", "text"]
    text: str = ""
    length: Share = 1.0
    basis: Basis


class Margins(Item):
    top: Millimetres
    bottom: Millimetres
    left: Millimetres
    right: Millimetres
    basis: Basis


class Numbering(Item):
    # Placeholders: {number}, {type} (the kind's abbreviation, "BC") and {issuer} ("ĐU", "CT").
    pattern: str
    # What stands for {number} before the document is registered: blanks to fill by hand.
    blank: str = "      "
    # Numbers below 10 take a leading zero to this width (Decree 30: "05"); 0 for none.
    pad: int = Field(default=0, ge=0, le=4)
    # When numbering starts again at 1: each calendar year, or each Party committee term.
    restart: Literal["year", "term"]
    # One sequence per document type ("NQ", "BC" each from 1), or one for all types.
    per_type: bool = False
    basis: Basis

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return _placeholders(value, {"number", "type", "issuer"}, {"number", "type"})


class Recipients(Item):
    label: Text = "Nơi nhận:"
    # One line each; placeholders {superior} (the superior's name) and {unit} (the issuer's).
    lines: tuple[Text, ...] = Field(min_length=1)
    # The file-copy line (the last of ``lines``) for an issuer without a Văn phòng
    # (``levels[].has_office``): "- Lưu Văn phòng" only where there is one.
    without_office: Text | None = None
    basis: Basis

    @field_validator("lines")
    @classmethod
    def _lines(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for line in value:
            _placeholders(line, {"superior", "unit"}, set())
        return value


SIGNER_PLACEHOLDERS = {"organ", "unit", "officer_title", "agency_head"}


class Signer(Item):
    """How someone other than the head signs for the issuer (issue 13): a deputy "KT.", the
    head of the political agency for the commissar "TL.", an authorised one "TUQ.", a Party
    committee's deputy secretary "T/M". Placeholders: {organ}, {unit}, {officer_title} (the
    level's political officer), {agency_head} (the head of its political agency)."""

    role: Code
    # Administrative documents: whether the rule is for a document the unit issues (the
    # commissar's: "KT. CHÍNH ỦY") or its political agency issues ("KT. CHỦ NHIỆM"); None: both.
    when: Literal["unit", "agency"] | None = None
    authority: str = ""
    title: Text
    basis: Basis

    @field_validator("authority", "title")
    @classmethod
    def _patterns(cls, value: str) -> str:
        return _placeholders(value, SIGNER_PLACEHOLDERS, set())


class Signature(Item):
    # The line above the title, e.g. "T/M {organ}" → "T/M CHI BỘ"; empty when the head signs
    # in their own name. Placeholders: {organ} (the Party organ: "Chi bộ", "Đảng ủy"), {unit}.
    authority: str = ""
    # Placeholders: {officer_title} (the level's political officer: "Chính trị viên").
    title: Text
    # Prefixes the family allows (Decree 30: TM., KT., TL., Q., TUQ.), offered when signing on
    # someone's behalf.
    prefixes: tuple[Text, ...] = ()
    # Party organs, longest first, matched against the start of the unit's Party body.
    organs: tuple[Text, ...] = ()
    # Empty lines left for the hand signature (and the seal) above the signer's name.
    space_lines: int = Field(default=4, ge=0, le=12)
    # Who else signs, and how (by role code); a role not listed signs as the head.
    signers: tuple[Signer, ...] = ()
    basis: Basis

    @field_validator("authority")
    @classmethod
    def _authority(cls, value: str) -> str:
        return _placeholders(value, {"organ", "unit"}, set())

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _placeholders(value, {"officer_title", "unit"}, set())


class PageNumbers(Item):
    position: Literal["top_center", "bottom_center", "bottom_right", "none"]
    # Decree 30: not on the first page.
    on_first_page: bool = False
    size: FontSize = 13
    basis: Basis


class FamilyFormat(Item):
    name: Text
    page: Literal["A4"] = "A4"
    margins: Margins
    font: Text
    # Multiples of a single line, and points after each paragraph.
    line_spacing: float = Field(ge=1, le=2)
    paragraph_spacing: float = Field(ge=0, le=24)
    first_line_indent_cm: float = Field(ge=0, le=3)
    # Width of the left header column (issuing body, number) as a share of the text width.
    header_left: float = Field(ge=0.25, le=0.75)
    motto: tuple[MottoLine, ...] = Field(min_length=1)
    motto_mark: Mark
    superior: TextStyle
    issuer: TextStyle
    issuer_mark: Mark
    number: TextStyle
    numbering: Numbering
    place_date: TextStyle
    title: TextStyle
    summary: TextStyle
    summary_mark: Mark
    # Headings by depth of the outline: I., 1., a).
    headings: tuple[TextStyle, ...] = Field(min_length=1)
    body: TextStyle
    table: TextStyle
    recipients_label: TextStyle
    recipients_list: TextStyle
    recipients: Recipients
    signature_authority: TextStyle
    signature_title: TextStyle
    signature_name: TextStyle
    signature: Signature
    page_numbers: PageNumbers


class Summaries(Item):
    """The line under the document type name ("BÁO CÁO"): what the document is about.

    Placeholders: {period} ("tháng 7/2024"), {template} (the template's name without its type
    name: "chuyên đề công tác …"), {request} (an ad hoc request's title).
    """

    periodic: Text
    thematic: Text
    ad_hoc: Text
    templates: dict[Code, Text] = {}
    basis: Basis

    @field_validator("periodic", "thematic", "ad_hoc")
    @classmethod
    def _summary(cls, value: str) -> str:
        return _placeholders(value, {"period", "template", "request"}, set())

    @field_validator("templates")
    @classmethod
    def _per_template(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value.values():
            _placeholders(text, {"period", "template", "request"}, set())
        return value


class DocumentFormats(Item):
    party: FamilyFormat
    administrative: FamilyFormat
    # Type names by the abbreviation used in document kinds: BC → Báo cáo (Decree 30, Appendix III).
    type_names: dict[str, Text]
    summaries: Summaries
    # Indicator tables of a consolidation show one column per direct subordinate up to this
    # many; beyond it the breakdown goes into one "by unit" column so the page stays readable.
    breakdown_columns: int = Field(default=4, ge=0, le=12)

    def family(self, family: Family) -> FamilyFormat:
        return self.party if family == "party" else self.administrative
