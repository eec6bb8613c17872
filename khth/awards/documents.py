"""The awards register → plain sheets. Data only: no file format here.

``awards_spreadsheet`` gives two sheets: «Sổ khen thưởng», one row per award (the columns of a
register: decision number and date, title, collective or person, unit, issuer, reason), and
«Tổng hợp», the counts by kind and by title over the span ("10 tập thể, 5 cá nhân"). The page,
the API and ``khth awards export`` all come through here.

In Vietnamese whatever the reader's interface language, like every document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from khth.awards.counts import AwardCounts
from khth.awards.models import Award
from khth.documents.build import DATE, name_stems
from khth.documents.model import Sheet, SheetColumn, SheetValue, Spreadsheet
from khth.lib.vietnamese import short_date
from khth.units.models import Unit

__all__ = ["RECIPIENT_LABELS", "awards_file_names", "awards_spreadsheet"]

RECIPIENT_LABELS = {Award.COLLECTIVE: "Tập thể", Award.INDIVIDUAL: "Cá nhân"}

REGISTER_COLUMNS = (
    SheetColumn("STT", 6),
    SheetColumn("Số quyết định", 16),
    SheetColumn("Ngày quyết định", 14, number_format=DATE),
    SheetColumn("Danh hiệu, hình thức khen thưởng", 34, wrap=True),
    SheetColumn("Đối tượng", 10),
    SheetColumn("Đơn vị", 24, wrap=True),
    SheetColumn("Họ và tên", 22),
    SheetColumn("Cấp bậc, chức vụ", 18, wrap=True),
    SheetColumn("Cấp khen", 28, wrap=True),
    SheetColumn("Lý do, thành tích", 48, wrap=True),
)
COUNT_COLUMNS = (SheetColumn("Nội dung", 44, wrap=True), SheetColumn("Số lượng", 12))


def awards_spreadsheet(
    unit: Unit,
    starts_on: dt.date,
    ends_on: dt.date,
    awards: Iterable[Award],
    counts: AwardCounts,
    titles: Mapping[str, str],
) -> Spreadsheet:
    """``awards`` as the register rows; ``counts`` over the same span; ``titles`` code → name."""
    rows: list[tuple[SheetValue, ...]] = []
    for index, award in enumerate(awards, start=1):
        rows.append(
            (
                index,
                award.decision_number,
                award.decision_date,
                titles.get(award.title_code, award.title_code),
                RECIPIENT_LABELS.get(award.recipient, award.recipient),
                award.unit.name,
                # A body outside the army stands where a person's name does; the unit column
                # then holds the army unit that gave the award.
                award.person_name or award.body_name,
                award.person_rank,
                award.issuer,
                award.reason,
            )
        )
    summary: list[tuple[SheetValue, ...]] = [
        ("Khen thưởng tập thể", counts.collective),
        ("Khen thưởng cá nhân", counts.individual),
        *([("Khen cơ quan, tổ chức ngoài Quân đội", counts.outside)] if counts.outside else []),
        ("Cộng", counts.total),
    ]
    summary += [(titles.get(code, code), n) for code, n in counts.by_title.items()]
    span = f"{short_date(starts_on)} – {short_date(ends_on)}"
    return Spreadsheet(
        title=f"Sổ khen thưởng {unit.name} ({span})",
        subject=unit.name,
        sheets=(
            Sheet("Sổ khen thưởng", REGISTER_COLUMNS, tuple(rows)),
            Sheet("Tổng hợp", COUNT_COLUMNS, tuple(summary)),
        ),
    )


def awards_file_names(unit: Unit, starts_on: dt.date, ends_on: dt.date) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem): "so-khen-thuong-trung-doan-1-2024-01-01-2024-12-31"."""
    readable = (
        f"Sổ khen thưởng {unit.short_name or unit.name} {starts_on:%d-%m-%Y} đến {ends_on:%d-%m-%Y}"
    )
    return name_stems(readable, "so-khen-thuong")
