"""A plan's content as stored: reading it in the shape the editor and the API send, writing
it back with every reference checked, and the specificity check of either."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from khth.lib.numbers import decimal_column, storable
from khth.plans.cascade import Assigned, assigned_items, mark_taken
from khth.plans.content import PlanContent
from khth.plans.models import Milestone, Plan, ScheduleEntry, Target, Task
from khth.plans.specificity import Result, Span, check
from khth.regulations.schema import DocumentKind, Regulation
from khth.reports.completeness import out_of_bounds
from khth.reports.richtext import sanitize
from khth.reports.template import regulation_of
from khth.units.models import Unit

TARGET_VALUE = decimal_column(Target, "value")

# --- reading ---------------------------------------------------------------------------------


def regulation(plan: Plan) -> Regulation:
    return regulation_of(plan.regulation)


def kind_of(plan: Plan) -> DocumentKind:
    return regulation(plan).document_kind(plan.kind_code)


def is_schedule(plan: Plan) -> bool:
    spec = kind_of(plan).plan
    return spec is not None and spec.structure == "schedule"


def span(plan: Plan) -> Span:
    return Span(plan.starts_on, plan.ends_on)


def content_of(plan: Plan) -> PlanContent:
    """Everything stored, in the shape the editor and the API send."""
    targets = plan.targets.prefetch_related("assignees")
    tasks = plan.tasks.select_related("lead_unit").prefetch_related(
        "assignees", "participant_units"
    )
    return PlanContent.model_validate(
        {
            "title": plan.title,
            "sections": dict(plan.sections),
            "targets": [
                {
                    "key": t.key,
                    "text": t.text,
                    "template": t.template_code,
                    "indicator": t.indicator_code,
                    "comparison": t.comparison,
                    "value": t.value,
                    "due_on": t.due_on,
                    "assigned_key": t.assigned_key,
                    "weaker_reason": t.weaker_reason,
                    "assignees": _codes(t.assignees),
                }
                for t in targets
            ],
            "tasks": [
                {
                    "key": k.key,
                    "title": k.title,
                    "measures": k.measures,
                    "lead_unit": k.lead_unit.code if k.lead_unit else "",
                    "lead_person": k.lead_person,
                    "participant_units": _codes(k.participant_units),
                    "participants": k.participants,
                    "starts_on": k.starts_on,
                    "ends_on": k.ends_on,
                    "is_key": k.is_key,
                    "assigned_key": k.assigned_key,
                    "assignees": _codes(k.assignees),
                }
                for k in tasks
            ],
            "milestones": [
                {
                    "key": m.key,
                    "due_on": m.due_on,
                    "content": m.content,
                    "template": m.template_code,
                }
                for m in plan.milestones.all()
            ],
            "entries": [
                {
                    "key": e.key,
                    "starts_at": e.starts_at,
                    "ends_at": e.ends_at,
                    "content": e.content,
                    "lead": e.lead,
                    "participants": e.participants,
                    "place": e.place,
                    "notes": e.notes,
                }
                for e in plan.entries.all()
            ],
        }
    )


def merged(plan: Plan, content: PlanContent) -> PlanContent:
    """The stored content with the given parts replaced (what a save would store)."""
    stored = content_of(plan)
    given = content.model_dump(exclude_none=True)
    return stored.model_copy(update={k: getattr(content, k) for k in given})


def assigned_to(plan: Plan) -> list[Assigned]:
    """What superiors assign to the plan's unit for the plan's days, each marked when another
    plan of the unit in force already carries it for them (khth.plans.cascade)."""
    if is_schedule(plan):
        return []
    items = assigned_items(plan.unit, plan.starts_on, plan.ends_on)
    return mark_taken(plan.unit, items, plan.starts_on, plan.ends_on, plan.series)


def check_plan(plan: Plan, content: PlanContent | None = None) -> Result:
    """The specificity check of the stored plan, or of ``content`` as it would be saved."""
    full = merged(plan, content) if content is not None else content_of(plan)
    return check(
        full,
        span(plan),
        regulation(plan).planning.specificity,
        assigned_to(plan),
        schedule=is_schedule(plan),
    )


class Writer:
    """Replaces the given parts of a plan, checking every reference, naming every problem."""

    def __init__(self, plan: Plan, problems: list[tuple[str, str]]) -> None:
        self.plan = plan
        self.problems = problems
        self.reg = regulation(plan)
        self.kind = self.reg.document_kind(plan.kind_code)
        self.sections: dict[str, str] = {}
        self._subtree: dict[str, Unit] | None = None
        self._seen: dict[str, set[uuid.UUID]] = {}

    def write(self, content: PlanContent) -> None:
        if content.sections is not None:
            codes = {s.code for s in self.kind.outline}
            for code, html in content.sections.items():
                if code not in codes:
                    self.problems.append((code, _("không có mục này trong dàn ý kế hoạch")))
                else:
                    self.sections[code] = sanitize(html)
        if content.targets is not None:
            self._targets(content)
        if content.tasks is not None:
            self._tasks(content)
        if content.milestones is not None:
            self._milestones(content)
        if content.entries is not None:
            self._entries(content)

    def key(self, given: uuid.UUID | None, place: str, part: str) -> uuid.UUID:
        """The item's key; a key sent twice in one list is refused (it names one item)."""
        seen = self._seen.setdefault(part, set())
        if given is None:
            return _new_key()
        if given in seen:
            self.problems.append((place, _("mục bị lặp (cùng khóa với một mục phía trên)")))
            return _new_key()
        seen.add(given)
        return given

    def units(self) -> dict[str, Unit]:
        if self._subtree is None:
            self._subtree = {u.code: u for u in Unit.objects.subtree_of(self.plan.unit)}
        return self._subtree

    def unit(self, code: str, place: str, *, below: bool) -> Unit | None:
        found = self.units().get(code)
        if found is None or (below and found.pk == self.plan.unit_id):
            self.problems.append(
                (place, _("«%(code)s» không phải đơn vị thuộc quyền") % {"code": code})
            )
            return None
        return found

    def _targets(self, content: PlanContent) -> None:
        Target.objects.filter(plan=self.plan).delete()
        for i, t in enumerate(content.targets or (), start=1):
            place = _("Chỉ tiêu %(n)s") % {"n": i}
            value = self._value(t.value, place)
            if t.indicator or t.template:
                try:
                    indicator = self.reg.indicator(t.template, t.indicator)
                except KeyError:
                    self.problems.append(
                        (
                            place,
                            _("Không có chỉ tiêu báo cáo «%(indicator)s» trong mẫu «%(template)s»")
                            % {"indicator": t.indicator, "template": t.template},
                        )
                    )
                else:
                    # A target the indicator can never reach (a rate above 100) is a typo.
                    refusal = value is not None and out_of_bounds(
                        indicator.name, value, indicator.min, indicator.max
                    )
                    if refusal:
                        self.problems.append((place, refusal))
            if t.value is not None and not t.comparison:
                self.problems.append((place, _("Có mức chỉ tiêu thì phải chọn phép so sánh")))
            self._check_assigned(t.assigned_key, place)
            row = Target.objects.create(
                plan=self.plan,
                position=i,
                key=self.key(t.key, place, "targets"),
                text=t.text,
                template_code=t.template,
                indicator_code=t.indicator,
                comparison=t.comparison,
                value=value,
                due_on=t.due_on,
                assigned_key=t.assigned_key,
                weaker_reason=t.weaker_reason,
            )
            self._assign(row.assignees, t.assignees, place)

    def _value(self, value: Decimal | None, place: str) -> Decimal | None:
        """The target's figure if the column holds it, else None and a problem (the save is
        refused then, but the row is still written before the refusal rolls it back)."""
        if value is None:
            return None
        try:
            return storable(value, TARGET_VALUE)
        except ValueError as exc:
            self.problems.append((place, str(exc)))
            return None

    def _tasks(self, content: PlanContent) -> None:
        # Progress belongs to the task, not to the text: keep it across saves by key.
        progress = {
            k.key: (k.progress, k.progress_note, k.progress_at, k.progress_by_id)
            for k in Task.objects.filter(plan=self.plan)
        }
        Task.objects.filter(plan=self.plan).delete()
        for i, k in enumerate(content.tasks or (), start=1):
            place = _("Nhiệm vụ %(n)s") % {"n": i}
            lead = self.unit(k.lead_unit, place, below=False) if k.lead_unit else None
            if k.starts_on and k.ends_on and k.ends_on < k.starts_on:
                self.problems.append((place, _("Ngày kết thúc trước ngày bắt đầu")))
            self._check_assigned(k.assigned_key, place)
            key = self.key(k.key, place, "tasks")
            state = progress.get(key, (Task.NOT_STARTED, "", None, None))
            row = Task.objects.create(
                plan=self.plan,
                position=i,
                key=key,
                title=k.title,
                measures=k.measures,
                lead_unit=lead,
                lead_person=k.lead_person,
                participants=k.participants,
                starts_on=k.starts_on,
                ends_on=k.ends_on,
                is_key=k.is_key,
                assigned_key=k.assigned_key,
                progress=state[0],
                progress_note=state[1],
                progress_at=state[2],
                progress_by_id=state[3],
            )
            members = [self.unit(c, place, below=False) for c in k.participant_units]
            row.participant_units.set([u for u in members if u is not None])
            self._assign(row.assignees, k.assignees, place)

    def _assign(self, relation: Any, codes: list[str], place: str) -> None:
        if not codes:
            return
        spec = self.kind.plan
        if spec is None or not spec.cascades:
            self.problems.append((place, _("Loại kế hoạch này không giao cho cấp dưới")))
            return
        units = [self.unit(c, place, below=True) for c in codes]
        relation.set([u for u in units if u is not None])

    def _assigned_keys(self) -> set[Any]:
        if not hasattr(self, "_keys"):
            self._keys = {a.key for a in assigned_to(self.plan)}
        return self._keys

    def _check_assigned(self, key: uuid.UUID | None, place: str) -> None:
        """An item that carries out a superior's must name one still assigned to the unit."""
        if key is not None and key not in self._assigned_keys():
            self.problems.append(
                (place, _("Mục cấp trên giao không còn, hoặc không giao cho đơn vị"))
            )

    def _milestones(self, content: PlanContent) -> None:
        Milestone.objects.filter(plan=self.plan).delete()
        for i, m in enumerate(content.milestones or (), start=1):
            if m.template:
                try:
                    self.reg.report_template(m.template)
                except KeyError:
                    self.problems.append(
                        (
                            _("Mốc %(n)s") % {"n": i},
                            _("Không có mẫu báo cáo «%(code)s»") % {"code": m.template},
                        )
                    )
            Milestone.objects.create(
                plan=self.plan,
                position=i,
                key=self.key(m.key, _("Mốc %(n)s") % {"n": i}, "milestones"),
                due_on=m.due_on,
                content=m.content,
                template_code=m.template,
            )

    def _entries(self, content: PlanContent) -> None:
        ScheduleEntry.objects.filter(plan=self.plan).delete()
        for i, e in enumerate(content.entries or (), start=1):
            starts_at = _aware(e.starts_at)
            ends_at = _aware(e.ends_at) if e.ends_at is not None else None
            if ends_at is not None and ends_at < starts_at:
                self.problems.append(
                    (_("Lịch, dòng %(n)s") % {"n": i}, _("Giờ kết thúc trước giờ bắt đầu"))
                )
            ScheduleEntry.objects.create(
                plan=self.plan,
                position=i,
                key=self.key(e.key, _("Lịch, dòng %(n)s") % {"n": i}, "entries"),
                starts_at=starts_at,
                ends_at=ends_at,
                content=e.content,
                lead=e.lead,
                participants=e.participants,
                place=e.place,
                notes=e.notes,
            )


def _codes(units: Any) -> list[str]:
    """The codes of a many-to-many relation's units, sorted (as the editor sends them)."""
    return sorted(u.code for u in units.all())


def _new_key() -> uuid.UUID:
    return uuid.uuid4()


def _aware(moment: dt.datetime) -> dt.datetime:
    """A time typed without a zone is the unit's local time (the server's zone)."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment
