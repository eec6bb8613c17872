"""An inspection's conclusion → the neutral document model: «Thông báo kết luận kiểm tra».

The document kind is ``tb-ket-luan-kiem-tra`` of the regulation (administrative family, "TB"):
the inspecting unit's header with the number line left blank until the notice is registered,
place and date (the day of the conclusion, or today for a draft marked «DỰ THẢO»), the type
name and the summary "Kết luận kiểm tra …", then

- an opening paragraph: when, who inspected whom, on what (areas, documents), the team;
- I. the general conclusion the inspector wrote (rich text);
- II. each inspected unit in tree order: a) strengths, b) weaknesses, c) violations, each with
  its area, and d) the remedies as a table (what, owner unit, deadline);
- III. how it is to be carried out (remedies reported to the inspecting unit by their deadlines);

recipients: the family's lines with every inspected unit before the file copy line; signature of
the inspecting unit's political officer. Like every official document it is in Vietnamese
whatever the reader's interface language. The web page, the API and the CLI all come through
``conclusion_document``, so the notice is the same however it was asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from khth.documents.build import (
    DRAFT_MARK,
    cell,
    document_day,
    draft_mark,
    file_stems,
    heading,
    para,
    table,
)
from khth.documents.formats import find_kind
from khth.documents.heading import letterhead
from khth.documents.model import Block, Document, Paragraph, Run, Table
from khth.documents.richtext import html_to_blocks
from khth.inspections.models import Finding, Inspection, Remedy
from khth.lib.vietnamese import fold, military_date, short_date
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.regulations.schema.formats import Family
from khth.units.models import Unit

__all__ = ["CONCLUSION_KIND", "DRAFT_MARK", "conclusion_document", "conclusion_file_names"]

CONCLUSION_KIND = "tb-ket-luan-kiem-tra"
# The kind's shape when an edited regulation no longer has it: still an administrative notice.
FALLBACK_FAMILY: Family = "administrative"
FALLBACK_ABBREVIATION = "TB"

KIND_HEADINGS = (
    (Finding.STRENGTH, "Ưu điểm"),
    (Finding.WEAKNESS, "Hạn chế, khuyết điểm"),
    (Finding.VIOLATION, "Vi phạm"),
)
ACTIVITY = {Inspection.INSPECTION: "kiểm tra", Inspection.SURVEY: "khảo sát, nắm tình hình"}


@dataclass(frozen=True)
class _Data:
    inspection: Inspection
    units: tuple[Unit, ...]
    findings: tuple[Finding, ...]
    remedies: tuple[Remedy, ...]
    areas: dict[str, str]
    document_kinds: dict[str, str]


def _read(inspection: Inspection) -> tuple[_Data, Regulation]:
    reg = active_regulation()
    data = _Data(
        inspection=inspection,
        units=tuple(inspection.units.order_by("path")),
        findings=tuple(inspection.findings.select_related("unit").order_by("unit__path", "pk")),
        remedies=tuple(
            Remedy.objects.filter(finding__inspection=inspection)
            .select_related("owner", "finding")
            .order_by("deadline", "pk")
        ),
        areas={a.code: a.name for a in reg.followup.inspection_areas},
        document_kinds={k.code: k.name for k in reg.document_kinds},
    )
    return data, reg


def _kind(reg: Regulation) -> tuple[Family, str]:
    kind = find_kind(reg, CONCLUSION_KIND)
    if kind is None:
        return FALLBACK_FAMILY, FALLBACK_ABBREVIATION
    return kind.family, kind.abbreviation


def conclusion_document(inspection: Inspection, *, on: dt.date | None = None) -> Document:
    """The notice of the conclusion, dated ``on`` (default: the day of the conclusion, or today
    while it is a draft)."""
    data, reg = _read(inspection)
    family, abbreviation = _kind(reg)
    draft = inspection.status != Inspection.CONCLUDED
    # The register (khth.docsystem, above inspections) links to the inspection: read through
    # the reverse relation. Once registered the notice prints its number and date.
    registration = inspection.registrations.order_by("pk").first()
    if registration is not None:
        day = on or registration.dated
    else:
        day = on or document_day(inspection.concluded_at, final=not draft)
    letter = letterhead(
        reg,
        inspection.by_unit,
        family,
        abbreviation,
        day,
        number=registration.number_text if registration is not None else None,
    )
    blocks: list[Block] = [draft_mark()] if draft else []
    blocks += _body(data)
    return letter.document(
        conclusion_summary(inspection),
        blocks,
        draft=draft,
        file_stem=conclusion_file_names(inspection)[0],
        recipients=letter.recipients([u.name for u in data.units]),
    )


def conclusion_summary(inspection: Inspection) -> str:
    """ "Kết luận kiểm tra công tác Đảng … tại Trung đoàn 1": the title, with «kiểm tra» (or
    «khảo sát») said once."""
    text = " ".join(inspection.title.split())
    activity = ACTIVITY.get(inspection.kind, "kiểm tra")
    folded = fold(text)
    if folded.startswith(("kiem tra", "khao sat")):
        return f"Kết luận {text[:1].lower()}{text[1:]}"
    return f"Kết luận {activity} {text}"


def _names(units: Iterable[Unit]) -> str:
    return ", ".join(u.name for u in units)


def _opening(data: _Data) -> list[Block]:
    inspection = data.inspection
    activity = ACTIVITY.get(inspection.kind, "kiểm tra")
    areas = "; ".join(data.areas.get(code, code) for code in inspection.areas)
    start, end = military_date(inspection.starts_on), military_date(inspection.ends_on)
    span = f"ngày {start}" if start == end else f"từ ngày {start} đến ngày {end}"
    out: list[Block] = [
        para(
            f"Thực hiện kế hoạch {activity}, {span}, {inspection.by_unit.name} đã tiến hành "
            f"{activity} {_names(data.units)} về các nội dung: {areas}."
        )
    ]
    if inspection.document_kinds:
        kinds = "; ".join(data.document_kinds.get(c, c) for c in inspection.document_kinds)
        out.append(para(f"Văn kiện, sổ sách được {activity}: {kinds}."))
    if inspection.team.strip():
        out.append(para(f"Thành phần đoàn: {inspection.team.strip()}."))
    out.append(para(f"{inspection.by_unit.name} thông báo kết luận {activity} như sau:"))
    return out


def _findings(findings: Sequence[Finding], kind: str, areas: dict[str, str]) -> list[Block]:
    rows = [f for f in findings if f.kind == kind]
    if not rows:
        return [para("Không có.", italic=True)]
    return [
        Paragraph(
            (Run(f"{areas.get(f.area, f.area)}: ", italic=True), Run(" ".join(f.text.split()))),
            marker="-",
        )
        for f in rows
    ]


def remedies_table(remedies: Sequence[Remedy]) -> Table:
    rows = [
        (
            cell(str(index), align="center"),
            cell(remedy.action),
            cell(remedy.owner.name),
            cell(short_date(remedy.deadline), align="center"),
        )
        for index, remedy in enumerate(remedies, start=1)
    ]
    titles = ("TT", "Nội dung khắc phục", "Đơn vị thực hiện", "Thời hạn")
    return table(titles, rows, (1.2, 8.0, 3.6, 2.6))


def _body(data: _Data) -> list[Block]:
    inspection = data.inspection
    activity = ACTIVITY.get(inspection.kind, "kiểm tra")
    out = _opening(data)
    out.append(heading("I", "Kết luận chung", 0))
    general = html_to_blocks(inspection.conclusion)
    out += general or [para("(Chưa viết kết luận chung.)", italic=True)]
    out.append(heading("II", f"Kết quả {activity} ở từng đơn vị", 0))
    for number, unit in enumerate(data.units, start=1):
        out.append(heading(str(number), unit.name, 1))
        own = [f for f in data.findings if f.unit_id == unit.pk]
        for letter, (kind, name) in zip("abc", KIND_HEADINGS, strict=True):
            out.append(heading(letter, name, 2))
            out += _findings(own, kind, data.areas)
        out.append(heading("d", "Yêu cầu khắc phục", 2))
        ids = {f.pk for f in own}
        remedies = [r for r in data.remedies if r.finding_id in ids]
        if remedies:
            out.append(remedies_table(remedies))
        else:
            out.append(para("Không có.", italic=True))
    out.append(heading("III", "Tổ chức thực hiện", 0))
    out.append(
        para(
            "Các đơn vị được "
            f"{activity} tổ chức khắc phục hạn chế, khuyết điểm, vi phạm theo các yêu cầu trên; "
            f"báo cáo kết quả khắc phục kèm minh chứng về {inspection.by_unit.name} trước thời "
            "hạn đã nêu."
        )
    )
    return out


def conclusion_file_names(inspection: Inspection) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem) for downloads: "thong-bao-ket-luan-kiem-tra-…" and
    "Thông báo kết luận kiểm tra … (dự thảo)"."""
    summary = conclusion_summary(inspection)
    readable = f"Thông báo {summary[:1].lower()}{summary[1:]}"
    if inspection.status != Inspection.CONCLUDED:
        readable += " (dự thảo)"
    return file_stems(readable, "thong-bao-ket-luan")
