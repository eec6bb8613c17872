"""``khth bench tree``, ``rollup`` and ``import``: how the unit-tree queries, the consolidation
and the imports scale, on a synthetic tree.

Figures only, no pass/fail: they are for comparing backends and changes by eye (docs/performance.md
records them). The synthetic data is built inside a transaction that is rolled back (unless
``--keep``), so the bench can run against a real database without leaving anything behind.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import statistics
import time
from collections import deque
from collections.abc import Callable, Sized
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.accounts.actions import create_user, generate_password
from khth.demo.measure import NotEmpty, bench_demo
from khth.documents.render import render
from khth.lib import clock
from khth.lib.commands import TranslatedCommand
from khth.periods import Period, period_of
from khth.regulations.access import active_regulation, level_codes
from khth.regulations.models import RegulationVersion
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.consolidation import Consolidation, consolidate
from khth.reports.documents import consolidation_document, consolidation_table
from khth.reports.documents.figures import figures_of
from khth.reports.models import IndicatorValue, Report
from khth.reports.template import entered_indicators
from khth.reports.weights import ONE, weights_of
from khth.units.access import forget_scope, visible_units
from khth.units.actions import create_unit, tree_on
from khth.units.models import Unit, UnitPlacement

RUNS = 5
ROLLUP_RUNS = 5
ROLLUP_TEMPLATE = "bc-thang"
ROLLUP_VALUES = 40
ROLLUP_LEVELS = 6


def fanout_for(count: int, depth: int) -> int:
    """The smallest even branching that fits ``count`` units in ``depth`` levels."""
    fanout = 1
    while sum(fanout**i for i in range(depth)) < count:
        fanout += 1
    return fanout


def build_tree(count: int, *, prefix: str, day: dt.date) -> list[Unit]:
    """``count`` units, breadth first, one regulation level per tree level, via ``create_unit``.

    Through the action, not bulk inserts: its per-unit cost (checks, placement row, audit entry)
    is part of what an import of this size costs, and 5,000 units take seconds, not minutes.
    """
    levels = level_codes()
    fanout = fanout_for(count, len(levels))
    root = create_unit(
        code=f"{prefix}-0",
        name="Đơn vị thử 0",
        short_name="ĐV0",
        level=levels[0],
        parent=None,
        by=None,
        valid_from=day,
    )
    units = [root]
    parents = deque([root])
    while len(units) < count:
        parent = parents.popleft()
        for _slot in range(min(fanout, count - len(units))):
            number = len(units)
            child = create_unit(
                code=f"{prefix}-{number}",
                name=f"Đơn vị thử {number}",
                short_name=f"ĐV{number}",
                level=levels[parent.depth + 1],
                parent=parent,
                by=None,
                valid_from=day,
            )
            units.append(child)
            parents.append(child)
    return units


def _size(data: bytes) -> str:
    return f"{len(data) / 1024:.0f} KB"


def median_ms(query: Callable[[], int], runs: int = RUNS) -> tuple[int, float]:
    """Rows of the last run and the median wall time of ``runs`` runs, in milliseconds."""
    timings = []
    rows = 0
    for _run in range(runs):
        started = time.perf_counter()
        rows = query()
        timings.append((time.perf_counter() - started) * 1000)
    return rows, statistics.median(timings)


def _length(rows: Sized) -> int:
    return len(rows)


class Command(TranslatedCommand):
    help_text = gettext_lazy("Đo thời gian các truy vấn cây đơn vị trên một cây tổng hợp.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=_("LỆNH"))
        tree = actions.add_parser("tree", help=_("đo các truy vấn cây đơn vị"))
        tree.add_argument(
            "--units", type=int, default=5000, help=_("số đơn vị của cây thử (mặc định 5000)")
        )
        tree.add_argument(
            "--keep",
            action="store_true",
            help=_("giữ lại cây thử trong cơ sở dữ liệu (mặc định: hủy khi đo xong)"),
        )
        # The rollup's tree with its reports: consolidation against the floor, or the exports.
        for name, help_text in (
            ("rollup", _("đo thời gian tổng hợp báo cáo của cả cây so với một lượt SQL")),
            ("export", _("đo thời gian xuất DOCX, XLSX bản tổng hợp ở đỉnh một cây tổng hợp")),
        ):
            built = actions.add_parser(name, help=help_text)
            built.add_argument(
                "--units",
                type=int,
                default=20000,
                help=_("số đơn vị của cây thử (mặc định 20000)"),
            )
            built.add_argument(
                "--keep",
                action="store_true",
                help=_(
                    "giữ lại cây và báo cáo thử trong cơ sở dữ liệu (mặc định: hủy khi đo xong)"
                ),
            )

        imports = actions.add_parser(
            "import", help=_("đo thời gian nhập cây đơn vị và số liệu chỉ tiêu từ tệp")
        )
        imports.add_argument(
            "--units", type=int, default=20000, help=_("số đơn vị của cây thử (mặc định 20000)")
        )
        imports.add_argument(
            "--reports",
            type=int,
            default=2000,
            help=_("số báo cáo được nhập số liệu (mặc định 2000)"),
        )

        actions.add_parser(
            "demo",
            help=_("đo thời gian tạo năm demo (hủy khi đo xong) và đếm các đối tượng đã tạo"),
        )

        actions.add_parser(
            "synthesis",
            help=_(
                "đo thời gian gộp, tổng hợp phần lời báo cáo của các đơn vị trên văn bản tạo sẵn"
            ),
        )

        load = actions.add_parser(
            "load",
            help=_("nhiều người cùng đọc trang trên một máy chủ KHTH đang chạy (locust)"),
        )
        load.add_argument(
            "--host", required=True, help=_("địa chỉ máy chủ, ví dụ http://127.0.0.1:8000")
        )
        load.add_argument("--users", type=int, default=50, help=_("số người (mặc định 50)"))
        load.add_argument(
            "--seconds", type=int, default=60, help=_("thời gian đo, giây (mặc định 60)")
        )
        load.add_argument(
            "--spawn-rate",
            type=float,
            default=10,
            help=_("số người vào thêm mỗi giây (mặc định 10)"),
        )
        load.add_argument(
            "--with-logins",
            action="store_true",
            help=_("tính cả lúc mọi người đăng nhập (mặc định: chỉ khi đã vào đủ)"),
        )
        load.add_argument(
            "--no-think",
            action="store_true",
            help=_("không nghỉ giữa hai trang: đo thông lượng bão hòa"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "demo":
            try:
                lines = bench_demo()
            except NotEmpty as exc:
                raise CommandError(str(exc)) from None
            for line in lines:
                self.stdout.write(line)
            return
        if options["action"] == "load":
            self._load(options)
            return
        if options["action"] == "synthesis":
            from khth.demo.bench_synthesis import bench_synthesis

            for line in bench_synthesis():
                self.stdout.write(line)
            return
        count = options["units"]
        if options["action"] == "import":
            self._import(count, options["reports"])
            return
        if options["action"] in {"rollup", "export"}:
            if count < ROLLUP_LEVELS:
                raise CommandError(_("--units phải từ %(n)s trở lên") % {"n": ROLLUP_LEVELS})
            with transaction.atomic():
                RollupBench(self.stdout.write, keep=options["keep"]).run(
                    count, exports_only=options["action"] == "export"
                )
                if not options["keep"]:
                    transaction.set_rollback(True)
            return
        if count < 2:
            raise CommandError(_("--units phải từ 2 trở lên"))
        with transaction.atomic():
            self._bench(count)
            if not options["keep"]:
                transaction.set_rollback(True)

    def _import(self, units: int, reports: int) -> None:
        from khth.demo.bench_import import ImportBench

        if units < ROLLUP_LEVELS:
            raise CommandError(_("--units phải từ %(n)s trở lên") % {"n": ROLLUP_LEVELS})
        if reports < 0:
            raise CommandError(_("--reports phải từ %(n)s trở lên") % {"n": 0})
        # Everything the imports write is rolled back: the bench leaves nothing behind.
        with transaction.atomic():
            ImportBench(self.stdout.write).run(units, reports)
            transaction.set_rollback(True)

    def _load(self, options: dict[str, Any]) -> None:
        from khth.demo.load import LoadError, run_load

        if not 1 <= options["users"] <= 5000 or not 1 <= options["seconds"] <= 3600:
            raise CommandError(_("--users phải từ 1 đến 5000, --seconds từ 1 đến 3600"))
        try:
            lines = run_load(
                options["host"],
                users=options["users"],
                seconds=options["seconds"],
                think=not options["no_think"],
                spawn_rate=options["spawn_rate"],
                with_logins=options["with_logins"],
            )
        except LoadError as error:
            raise CommandError(str(error)) from None
        think = "no think time" if options["no_think"] else "think time 1-3 s"
        start = "logins included" if options["with_logins"] else "steady state, after the logins"
        self.stdout.write(
            f"load: {options['users']} users, {options['seconds']} s, {think}, {start}, "
            f"{options['host']}"
        )
        for line in lines:
            self.stdout.write(
                f"{line.name}: {line.requests} requests, {line.failures} failures, "
                f"{line.per_second:.1f}/s, p50 {line.p50:.0f} ms, p95 {line.p95:.0f} ms, "
                f"p99 {line.p99:.0f} ms"
            )

    def _line(self, name: str, rows: int, ms: float) -> None:
        self.stdout.write(f"{name}: {rows} rows, {ms:.1f} ms (median of {RUNS})")

    def _bench(self, count: int) -> None:
        day = clock.today()
        # A fresh prefix, so that --keep can be run twice and codes are never reused.
        prefix = f"BENCH-{secrets.token_hex(3).upper()}"
        started = time.perf_counter()
        units = build_tree(count, prefix=prefix, day=day)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"build: {len(units)} units via create_unit, {seconds:.1f} s "
            f"({seconds * 1000 / len(units):.2f} ms/unit)"
        )
        root, leaf = units[0], units[-1]
        mid = next((u for u in units if u.depth == 2), units[len(units) // 2])
        levels = level_codes()
        regiment_level = "trung-doan" if "trung-doan" in levels else levels[len(levels) // 2]
        regiment = next((u for u in units if u.level == regiment_level), mid)
        user = create_user(
            username=f"bench.{prefix.lower()}",
            full_name="Người dùng đo thử",
            unit=regiment,
            role="political_officer",
            password=generate_password(),
            by=None,
            check_password=False,  # random and never used to log in
        )

        def visible() -> int:
            forget_scope(user)  # every request computes the scope once: time that too
            return visible_units(user).count()

        figures: list[tuple[str, Callable[[], int]]] = [
            ("subtree of root (count)", lambda: Unit.objects.subtree_of(root).count()),
            ("subtree of a mid unit", lambda: _length(list(Unit.objects.subtree_of(mid)))),
            ("ancestors of a leaf", lambda: _length(list(Unit.objects.ancestors_of(leaf)))),
            (f"tree_on({day.isoformat()})", lambda: _length(tree_on(day))),
            ("visible units for a user at a regiment", visible),
        ]
        for name, query in figures:
            rows, ms = median_ms(query)
            self._line(name, rows, ms)


# --- khth bench rollup ------------------------------------------------------------------------


def level_sizes(count: int, levels: int = ROLLUP_LEVELS) -> list[int]:
    """Units per level for ``count`` units: one root, 3–5 units under it when the tree is big
    enough, then a steady fan-out, every level at least as wide as the one above (so that every
    leaf is at the bottom level)."""
    first = 4 if count >= 30 else 1
    rest = count - 1 - first

    def total(q: float) -> float:
        return sum(first * q**i for i in range(1, levels - 1))

    low, high = 1.0, float(count)
    for _step in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if total(mid) < rest else (low, mid)
    sizes = [1, first]
    for i in range(1, levels - 2):
        sizes.append(max(sizes[-1], round(first * low**i)))
    sizes.append(count - sum(sizes))
    if sizes[-1] < sizes[-2]:  # small trees: a plain chain of levels, the rest at the bottom
        sizes = [1] * (levels - 1) + [count - levels + 1]
    return sizes


def widened(template: ReportTemplate, size: int) -> tuple[ReportTemplate, int]:
    """The template with extra copies of its entered indicators (same type and rule, new codes)
    up to ``size`` entered indicators; also how many the template had."""
    entered = entered_indicators(template)
    extra: list[Indicator] = []
    for index in range(max(0, size - len(entered))):
        source = entered[index % len(entered)]
        extra.append(source.model_copy(update={"code": f"{source.code}-x{index // len(entered)}"}))
    return template.model_copy(update={"indicators": (*template.indicators, *extra)}), len(entered)


def value_for(indicator: Indicator, rng: Any) -> tuple[Decimal | None, bool | None, str]:
    if indicator.type == "boolean":
        return None, rng.random() < 0.9, ""
    if indicator.type == "text":
        return None, None, "Ổn định"
    if indicator.type == "decimal":
        return Decimal(rng.randint(0, 1000)) / 100, None, ""
    return Decimal(rng.randint(0, 120)), None, ""


class RollupBench:
    def __init__(self, write: Callable[[str], Any], *, keep: bool) -> None:
        self.write = write
        self.keep = keep

    def run(self, count: int, *, exports_only: bool = False) -> None:
        """Build the tree, then time consolidation against the floor and the paths after it
        (``exports_only``: the paths alone, for ``khth bench export``)."""
        regulation = active_regulation()
        version = RegulationVersion.objects.get(is_base=True)
        base = regulation.report_template(ROLLUP_TEMPLATE)
        template, own = widened(base, ROLLUP_VALUES)
        today = clock.today()
        period = period_of(today.replace(day=1) - dt.timedelta(days=1), "monthly")
        started = time.perf_counter()
        root, reports = self.build(count, template, version, period)
        self.write(
            f"build: {count} units, {reports} reports × {ROLLUP_VALUES} values, "
            f"{time.perf_counter() - started:.1f} s"
        )
        if own < ROLLUP_VALUES:
            self.write(
                f"indicators: {ROLLUP_TEMPLATE} has {own} entered indicators; "
                f"{ROLLUP_VALUES - own} more are copies of them under new codes "
                "(same type and aggregation rule)"
            )
        self.write(f"database: {connection.vendor}, N = {count}, period {period.id}")
        if exports_only:
            self._paths(root, template, period)
            return

        def full() -> int:
            return self._consolidate(root, template, period).counts.expected

        def floor() -> int:
            return len(self._floor(root, period))

        # Alternately, so that a busy moment of the machine weighs on both sides alike (all of
        # one then all of the other made small-N ratios swing from 1.3 to 9); each side once
        # untimed first, so that neither pays alone for the caches the build left cold (the
        # first run at 20,000 units on SQLite took 1.2–1.4 times the next).
        full(), floor()
        timings: dict[str, list[float]] = {"full": [], "floor": []}
        expected = groups = 0
        for _run in range(ROLLUP_RUNS):
            for name, work in (("full", full), ("floor", floor)):
                started = time.perf_counter()
                rows = work()
                timings[name].append((time.perf_counter() - started) * 1000)
                expected, groups = (rows, groups) if name == "full" else (expected, rows)
        full_ms, floor_ms = (statistics.median(timings[k]) for k in ("full", "floor"))
        self._check(root, template, period)
        self.write(
            f"consolidate(root): {full_ms:.1f} ms (median of {ROLLUP_RUNS}, alternating with "
            f"the floor; {expected} units expected)"
        )
        self.write(
            f"floor (one SQL SUM … GROUP BY indicator_code): {floor_ms:.1f} ms "
            f"(median of {ROLLUP_RUNS}; {groups} indicators)"
        )
        self.write(f"ratio: {full_ms / floor_ms:.2f} (goal ≤ 1.5)")
        self._paths(root, template, period)

    def _consolidate(self, root: Unit, template: ReportTemplate, period: Period) -> Consolidation:
        return consolidate(
            root, ROLLUP_TEMPLATE, period_id=period.id, template=template,
            today=period.end + dt.timedelta(days=60),
        )  # fmt: skip

    def _paths(self, root: Unit, template: ReportTemplate, period: Period) -> None:
        """What a person at the top waits for beyond ``consolidate``: the figures per direct
        subordinate, one figure's drilldown, and the two exports (one run each: seconds)."""
        result = self._consolidate(root, template, period)
        code = next(i.code for i in template.indicators if i.aggregation == "sum")
        steps: list[tuple[str, Callable[[], str]]] = [
            (
                "columns per direct subordinate",
                lambda: f"{len(figures_of(result).columns)} columns",
            ),
            (f"drilldown of {code}", lambda: f"{len(result.drilldown(code))} rows"),
            ("export DOCX", lambda: _size(render(consolidation_document(result))[0])),
            ("export XLSX", lambda: _size(render(consolidation_table(result))[0])),
        ]
        for name, step in steps:
            started = time.perf_counter()
            what = step()
            self.write(f"{name}: {(time.perf_counter() - started) * 1000:.0f} ms ({what})")

    def build(
        self, count: int, template: ReportTemplate, version: RegulationVersion, period: Period
    ) -> tuple[Unit, int]:
        levels = level_codes()
        bottom = levels.index("dai-doi") + 1 if "dai-doi" in levels else ROLLUP_LEVELS
        tree_levels = levels[max(0, bottom - ROLLUP_LEVELS) : bottom]
        sizes = level_sizes(count, len(tree_levels))
        self.write(
            "levels: " + " / ".join(f"{lv} {n}" for lv, n in zip(tree_levels, sizes, strict=True))
        )
        prefix = f"RB-{secrets.token_hex(3).upper()}"
        # Keys are handed out here rather than by the database, so that each path, which holds
        # the unit's own key, is known before the insert: one bulk insert instead of 2 per unit.
        next_id = (Unit.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        units: list[Unit] = []
        above: list[Unit] = []
        for depth, (level, size) in enumerate(zip(tree_levels, sizes, strict=True)):
            row = []
            for index in range(size):
                parent = above[index * len(above) // size] if above else None
                unit_id = next_id + len(units) + index
                row.append(
                    Unit(
                        id=unit_id, code=f"{prefix}-{unit_id}", name=f"Đơn vị thử {unit_id}",
                        short_name=f"ĐV{unit_id}", level=level, parent=parent,
                        path=f"{parent.path if parent else '/'}{unit_id}/", depth=depth,
                        valid_from=period.start,
                    )
                )  # fmt: skip
            units.extend(row)
            above = row
        for unit in units:
            unit.refresh_sort_name()  # bulk_create bypasses Unit.save
        Unit.objects.bulk_create(units, batch_size=2000)
        UnitPlacement.objects.bulk_create(
            [
                UnitPlacement(unit=u, parent=u.parent, path=u.path, valid_from=period.start)
                for u in units
            ],
            batch_size=2000,
        )
        rng = random.Random(count)  # noqa: S311 — synthetic figures, not secrets
        now = clock.now()
        next_report = (Report.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        reporting = [u for u in units if u.level in template.reporting_levels]
        reports = []
        for index, unit in enumerate(reporting):
            submitted = now - dt.timedelta(minutes=rng.randint(0, 10_000))
            reports.append(
                Report(
                    id=next_report + index, unit=unit, unit_path=unit.path, regulation=version,
                    template_code=ROLLUP_TEMPLATE, period_id=period.id,
                    period_start=period.start, period_end=period.end, status=Report.SUBMITTED,
                    created_at=now, updated_at=now, submitted_at=submitted,
                    first_submitted_at=submitted,
                )
            )  # fmt: skip
        Report.objects.bulk_create(reports, batch_size=2000)
        entered = entered_indicators(template)
        batch: list[IndicatorValue] = []
        weights = weights_of(template)
        for report in reports:
            rows = {
                indicator.code: IndicatorValue(
                    report_id=report.pk, indicator_code=indicator.code,
                    **dict(zip(("number", "flag", "text"), value_for(indicator, rng), strict=True)),
                )
                for indicator in entered
            }  # fmt: skip
            # As khth.reports.weights stores them: each weighted value carries its weight.
            for code, weight in weights.items():
                weighed = rows.get(code)
                if weighed is not None and weighed.number is not None:
                    weighed.weight = ONE if weight is None else rows[weight].number
            batch.extend(rows.values())
            if len(batch) >= 20_000:
                IndicatorValue.objects.bulk_create(batch, batch_size=5000)
                batch = []
        IndicatorValue.objects.bulk_create(batch, batch_size=5000)
        if self.keep:
            # Explicit keys leave PostgreSQL's sequences behind; the next insert would collide.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Unit, Report]):
                    cursor.execute(sql)
        with connection.cursor() as cursor:
            # Fresh statistics, as a database in service has; without them PostgreSQL plans the
            # join for the empty tables it last saw.
            cursor.execute("ANALYZE")
        return units[0], len(reports)

    def _floor(self, root: Unit, period: Period) -> list[tuple[str, Any]]:
        values = connection.ops.quote_name(IndicatorValue._meta.db_table)
        reports = connection.ops.quote_name(Report._meta.db_table)
        units = connection.ops.quote_name(Unit._meta.db_table)
        sql = (
            f"SELECT v.indicator_code, SUM(v.number) FROM {values} v "  # noqa: S608 — table names from the models
            f"JOIN {reports} r ON r.id = v.report_id JOIN {units} u ON u.id = r.unit_id "
            "WHERE u.path LIKE %s AND r.template_code = %s AND r.period_id = %s "
            "GROUP BY v.indicator_code"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [root.path + "%", ROLLUP_TEMPLATE, period.id])
            return list(cursor.fetchall())

    def _check(self, root: Unit, template: ReportTemplate, period: Period) -> None:
        """The consolidation's sums must be the floor's: a fast wrong answer is no answer."""
        result = consolidate(root, ROLLUP_TEMPLATE, period_id=period.id, template=template)
        floor = {code: total for code, total in self._floor(root, period)}
        wrong = [
            i.code
            for i in template.indicators
            if i.aggregation == "sum"
            and i.code in floor
            and Decimal(str(floor[i.code])).quantize(Decimal("0.01"))
            != Decimal(str(result.indicators[i.code].value)).quantize(Decimal("0.01"))
        ]
        if wrong:
            raise CommandError(f"consolidated sums differ from the floor: {', '.join(wrong)}")
        sums = sum(1 for i in template.indicators if i.aggregation == "sum")
        self.write(f"check: the {sums} sums agree with the floor")
