"""Activity schedules as iCalendar (RFC 5545), written by hand: the format is small, and a
library would add a dependency for what fits in this file.

- Times are written in UTC ("20240708T003000Z"), so no VTIMEZONE is needed and a calendar
  program shows them in its own zone; X-WR-TIMEZONE tells programs that honour it which zone
  the schedule was made in.
- UID is the entry's key, which survives amendments (khth.plans.models): a calendar that
  imported version 1 updates the same events from version 2, told by SEQUENCE.
- TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11); lines are
  folded at 75 octets without splitting a UTF-8 character (§3.1) and end with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from khth.lib import clock
from khth.plans.models import Plan, ScheduleEntry

__all__ = ["Event", "calendar", "escape_text", "event_of", "fold_line"]

PRODID = "-//KHTH//Lich hoat dong//VI"
LINE_OCTETS = 75
CRLF = "\r\n"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    summary: str
    location: str = ""
    description: str = ""
    tentative: bool = False
    sequence: int = 0


def event_of(entry: ScheduleEntry, plan: Plan, *, unit_label: str = "") -> Event:
    """A schedule entry as an event; ``plan`` is the entry's plan (with its unit), passed so a
    list of entries costs no query per entry."""
    draft = plan.status == Plan.DRAFT
    lines = []
    if unit_label:
        lines.append(f"Đơn vị: {unit_label}")
    if entry.lead:
        lines.append(f"Người chủ trì: {entry.lead}")
    if entry.participants:
        lines.append(f"Thành phần: {entry.participants}")
    if entry.notes:
        lines.append(f"Ghi chú: {entry.notes}")
    if draft:
        lines.append("Lịch dự thảo, chưa phê duyệt.")
    return Event(
        uid=f"{entry.key}@khth",
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        summary=f"[Dự thảo] {entry.content}" if draft else entry.content,
        location=entry.place,
        description="\n".join(lines),
        tentative=draft,
        sequence=max(plan.version - 1, 0),
    )


def escape_text(value: str) -> str:
    """A TEXT value: backslash first, then ; and , and every kind of line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """One content line folded into lines of at most 75 octets (the CRLF not counted); each
    continuation starts with a space, which counts toward its 75."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    start = 0
    limit = LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        # Never cut inside a character: step back over UTF-8 continuation bytes (10xxxxxx).
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = LINE_OCTETS - 1
    return (CRLF + " ").join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(event.starts_at)}",
    ]
    if event.ends_at is not None and event.ends_at > event.starts_at:
        lines.append(f"DTEND:{_utc(event.ends_at)}")
    lines.append(f"SEQUENCE:{event.sequence}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append(f"STATUS:{'TENTATIVE' if event.tentative else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, stamp: dt.datetime | None = None) -> str:
    """The VCALENDAR text, CRLF line ends; encode as UTF-8 to send."""
    when = _utc(stamp or clock.now())
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for event in events:
        lines += _event_lines(event, when)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)
