"""Working days: weekends, public holidays and official make-up days, loaded from YAML data."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

DEFAULT_HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays_vn.yaml"
# A Tết break is at most ten days or so; a longer range is far more likely a typo in a month.
_MAX_RANGE_DAYS = 31
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class HolidayFileError(ValueError):
    """A holiday file that cannot be read or does not follow the expected shape."""


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. Outside ``years`` only the weekend is known."""

    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    years: frozenset[int] = frozenset()
    # Years whose data is our estimate rather than the Government's decision.
    default_years: frozenset[int] = field(default=frozenset())

    def __post_init__(self) -> None:
        if not self.weekend <= set(range(7)):
            raise ValueError(
                _("Ngày nghỉ hằng tuần phải là số 0 (thứ Hai) đến 6: %(weekend)s")
                % {"weekend": self.weekend}
            )
        # A week with no working day would make add_working_days search forever.
        if len(self.weekend) == 7:
            raise ValueError(_("Tuần phải có ít nhất một ngày làm việc"))

    def is_working_day(self, d: date) -> bool:
        if d in self.extra_working_days:
            return True
        return d.weekday() not in self.weekend and d not in self.holidays

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after d; for n == 0, d itself or the next working day."""
        if n < 0:
            raise ValueError(_("Số ngày làm việc không được âm: %(n)s") % {"n": n})
        if n == 0:
            while not self.is_working_day(d):
                d += timedelta(days=1)
            return d
        while n > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b, so that add_working_days(a, n) == b gives n back.

        Negative when b is before a.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for d in _days(a + timedelta(days=1), b) if self.is_working_day(d))


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


@cache
def default_calendar() -> WorkCalendar:
    return load_calendar(DEFAULT_HOLIDAYS_FILE)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which PyYAML would otherwise silently overwrite."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            # An unhashable key is left for SafeLoader to report in its own words.
            if not isinstance(key, Hashable):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, _("khóa %(key)r bị lặp") % {"key": key}, key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_date_text(self, node: yaml.ScalarNode) -> str:
        return self.construct_scalar(node)


# PyYAML turns 2024-02-30 into a bare ValueError with no line or entry; keep dates as text and
# check them where the entry is known.
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_date_text)


def load_calendar(path: str | Path) -> WorkCalendar:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HolidayFileError(
            _("%(path)s: không đọc được tệp ngày nghỉ: %(reason)s") % {"path": path, "reason": exc}
        ) from exc
    return _Parser(path).calendar(raw)


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> HolidayFileError:
        return HolidayFileError(f"{self.path}: {where}: {problem}")

    def calendar(self, raw: object) -> WorkCalendar:
        top = self.mapping(raw, _("tệp"), required={"years"}, optional={"weekend"})
        weekend = top.get("weekend", [5, 6])
        if not isinstance(weekend, list) or not all(
            type(x) is int and 0 <= x <= 6 for x in weekend
        ):
            raise self.fail("weekend", _("phải là danh sách số từ 0 (thứ Hai) đến 6 (Chủ nhật)"))
        years = self.mapping(top["years"], "years")
        holidays: set[date] = set()
        working: set[date] = set()
        defaults: set[int] = set()
        for year, entry in years.items():
            if type(year) is not int:
                raise self.fail(f"years: {year!r}", _("năm phải là số, ví dụ 2024"))
            where = _("năm %(year)d") % {"year": year}
            body = self.mapping(
                entry, where, required={"basis", "holidays"}, optional={"note", "working_days"}
            )
            if body["basis"] not in ("official", "default"):
                raise self.fail(where, _("basis phải là 'official' hoặc 'default'"))
            if body["basis"] == "default":
                defaults.add(year)
            for i, item in enumerate(self.items(body["holidays"], f"{where}, holidays")):
                holidays.update(self.holiday(item, year, f"{where}, holidays[{i}] {item!r}"))
            for i, item in enumerate(self.items(body.get("working_days", []), where)):
                here = f"{where}, working_days[{i}] {item!r}"
                day = self.working_day(item, year, here, frozenset(weekend))
                if day in holidays:
                    raise self.fail(here, _("ngày làm bù trùng với một ngày nghỉ"))
                working.add(day)
        return WorkCalendar(
            frozenset(holidays),
            frozenset(working),
            frozenset(weekend),
            frozenset(years),
            frozenset(defaults),
        )

    def mapping(
        self,
        raw: object,
        where: str,
        required: frozenset[str] | set[str] = frozenset(),
        optional: frozenset[str] | set[str] | None = None,
    ) -> Mapping[Any, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, _("phải là một bảng khóa: giá trị"))
        if missing := sorted(required - raw.keys()):
            raise self.fail(where, _("thiếu %(keys)s") % {"keys": ", ".join(missing)})
        if optional is not None and (unknown := sorted(map(str, raw.keys() - required - optional))):
            raise self.fail(where, _("khóa lạ: %(keys)s") % {"keys": ", ".join(unknown)})
        return raw

    def items(self, raw: object, where: str) -> list[object]:
        if not isinstance(raw, list):
            raise self.fail(where, _("phải là một danh sách"))
        return raw

    def date_value(self, raw: object, year: int, where: str) -> date:
        try:
            if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
                raise ValueError
            day = date.fromisoformat(raw)
        except ValueError:
            raise self.fail(
                where, _("ngày không hợp lệ %(value)r (dạng YYYY-MM-DD)") % {"value": raw}
            ) from None
        if day.year != year:
            raise self.fail(
                where, _("ngày %(date)s không thuộc năm %(year)d") % {"date": raw, "year": year}
            )
        return day

    def named(self, item: object, where: str, keys: set[str]) -> Mapping[str, Any]:
        body = self.mapping(item, where, required=keys | {"name"}, optional=set())
        if not isinstance(body["name"], str) or not body["name"].strip():
            raise self.fail(where, _("name phải là một tên không rỗng"))
        return body

    def holiday(self, item: object, year: int, where: str) -> set[date]:
        if isinstance(item, dict) and "date" in item:
            body = self.named(item, where, {"date"})
            return {self.date_value(body["date"], year, where)}
        body = self.named(item, where, {"from", "to"})
        first = self.date_value(body["from"], year, where)
        last = self.date_value(body["to"], year, where)
        if not 0 < (last - first).days <= _MAX_RANGE_DAYS:
            raise self.fail(
                where,
                _("'to' phải sau 'from' và cách không quá %(days)d ngày")
                % {"days": _MAX_RANGE_DAYS},
            )
        return set(_days(first, last))

    def working_day(self, item: object, year: int, where: str, weekend: frozenset[int]) -> date:
        body = self.named(item, where, {"date"})
        day = self.date_value(body["date"], year, where)
        if day.weekday() not in weekend:
            raise self.fail(where, _("ngày làm bù phải rơi vào ngày nghỉ hằng tuần"))
        return day
