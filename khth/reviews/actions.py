"""Drafting and editing reviews. The draft's narrative starts from what the figures say (the
weaknesses found in several units, the reporting shortfalls) and from numbered placeholders for
the key tasks and groups of solutions the officer must write."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.awards.access import visible_awards
from khth.awards.models import Award
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.lib.models import count_revision
from khth.lib.vietnamese import nfc
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.reports.richtext import sanitize
from khth.reviews import access
from khth.reviews.figures import DEFAULT_INDICATORS, Figures, figures_of
from khth.reviews.models import KeyTask, Review, ReviewAward
from khth.reviews.outline import review_outline
from khth.reviews.synthesis import offered_rows, review_synthesis
from khth.synthesis.present import kept_groups
from khth.synthesis.scopes import ScopeError, scope_asked
from khth.units.models import Unit

MAX_SPAN_DAYS = 11 * 366


class ReviewError(ActionRefused):
    """A refused change; the message says why, in the user's language."""


class ConflictError(ReviewError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Bản sơ kết, tổng kết đã được người khác sửa sau khi bạn mở. Thay đổi của bạn "
                "chưa được lưu: hãy tải lại trang rồi sửa lại."
            )
        )


def _require(user: Any, unit: Unit) -> None:
    if not access.can_write(user, unit):
        raise ReviewError(
            _("Chỉ cán bộ của %(unit)s soạn sơ kết, tổng kết của đơn vị") % {"unit": unit.name}
        )


def _indicators(regulation: Regulation, codes: list[str] | None) -> list[str]:
    known = {i.code for t in regulation.report_templates for i in t.indicators}
    chosen = list(codes) if codes else list(DEFAULT_INDICATORS)
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise ReviewError(_("Không có chỉ tiêu báo cáo: %(codes)s") % {"codes": ", ".join(unknown)})
    return chosen


@transaction.atomic
def create_review(
    unit: Unit,
    *,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    by: Any,
    indicators: list[str] | None = None,
    today: dt.date | None = None,
    kind: str = Review.PERIODIC,
    subject: str = "",
) -> Review:
    """A draft review of ``unit``'s subtree over [starts_on, ends_on] (6 months, a year, 2 or 5
    years…), its narrative prefilled from the figures. A review of ``kind`` implementation
    names the regulation or directive it reviews (``subject``)."""
    _require(by, unit)
    if kind not in dict(Review.KIND_CHOICES):
        raise ReviewError(_("Không có loại sơ kết, tổng kết: %(kind)s") % {"kind": kind})
    subject = nfc(subject.strip())[:300]
    if kind == Review.IMPLEMENTATION and not subject:
        raise ReviewError(_("Hãy ghi tên quy chế, quy định hoặc chỉ thị được sơ kết, tổng kết"))
    if ends_on < starts_on:
        raise ReviewError(_("Ngày kết thúc trước ngày bắt đầu"))
    if (ends_on - starts_on).days > MAX_SPAN_DAYS:
        raise ReviewError(_("Sơ kết, tổng kết tối đa 10 năm"))
    regulation = active_regulation()
    codes = _indicators(regulation, indicators)
    figures = figures_of(unit, regulation, starts_on, ends_on, codes, today or clock.today())
    now = clock.now()
    review = Review.objects.create(
        unit=unit,
        title=nfc(title.strip())[:300] or _default_title(starts_on, ends_on),
        starts_on=starts_on,
        ends_on=ends_on,
        indicators=codes,
        kind=kind,
        subject=subject,
        sections=draft_sections(regulation, figures, kind),
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    log_action(
        "reviews.review.created",
        review,
        by=by,
        unit_path=unit.path,
        after={
            "title": review.title,
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
            "kind": kind,
            "subject": subject,
        },
    )
    return review


def _default_title(start: dt.date, end: dt.date) -> str:
    years = round((end - start).days / 365.25)
    if years >= 2:
        return _("Báo cáo tổng kết %(n)s năm, %(a)s – %(b)s") % {
            "n": years,
            "a": start.year,
            "b": end.year,
        }
    return _("Báo cáo sơ kết, tổng kết từ %(a)s đến %(b)s") % {
        "a": start.strftime("%d/%m/%Y"),
        "b": end.strftime("%d/%m/%Y"),
    }


def area_name(regulation: Regulation, code: str) -> str:
    for area in regulation.followup.inspection_areas:
        if area.code == code:
            return area.name
    return code


def draft_sections(
    regulation: Regulation, figures: Figures, kind: str = Review.PERIODIC
) -> dict[str, str]:
    """The narrative the officer starts from: facts where the figures say something, numbered
    placeholders where only the officer can write."""
    leaves = {row.code for row in review_outline(regulation, kind) if row.is_leaf}
    out: dict[str, str] = {}
    if "han-che" in leaves:
        items = []
        for area, units in figures.recurring:
            items.append(
                _("%(area)s: hạn chế ở %(n)s đơn vị qua kiểm tra")
                % {"area": area_name(regulation, area), "n": units}
            )
        late = sum(t.late + t.missing for t in figures.timeliness)
        if late:
            items.append(_("%(n)s lượt báo cáo chậm hoặc không gửi") % {"n": late})
        if items:
            out["han-che"] = "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
    placeholders = {
        "nhiem-vu-trong-tam": _("(Nhiệm vụ trọng tâm thứ %(n)s)"),
        "giai-phap": _("(Nhóm giải pháp thứ %(n)s)"),
    }
    for code, text in placeholders.items():
        if code in leaves:
            out[code] = (
                "<ol>" + "".join(f"<li>{escape(text % {'n': n})}</li>" for n in (1, 2, 3)) + "</ol>"
            )
    return out


@transaction.atomic
def save_review(
    review: Review,
    *,
    by: Any,
    base_revision: int,
    title: str | None = None,
    sections: dict[str, str] | None = None,
    indicators: list[str] | None = None,
) -> Review:
    review = Review.objects.select_for_update(of=("self",)).select_related("unit").get(pk=review.pk)
    _require(by, review.unit)
    if review.status != Review.DRAFT:
        raise ReviewError(_("Bản sơ kết, tổng kết đã hoàn thành: không sửa được"))
    if review.revision != base_revision:
        raise ConflictError()
    regulation = active_regulation()
    if sections is not None:
        leaves = {row.code for row in review_outline(regulation, review.kind) if row.is_leaf}
        unknown = [code for code in sections if code not in leaves]
        if unknown:
            raise ReviewError(_("Không có mục: %(codes)s") % {"codes": ", ".join(unknown)})
        cleaned = {c: sanitize(h) for c, h in sections.items()}
        # A synthesis draft counts as the unit's own text once someone has changed it.
        review.unedited = [
            code
            for code in review.unedited
            if code not in cleaned or cleaned[code] == review.sections.get(code, "")
        ]
        review.sections = {**review.sections, **cleaned}
    if title is not None:
        review.title = nfc(title.strip())[:300] or review.title
    if indicators is not None:
        review.indicators = _indicators(regulation, indicators)
    count_revision(review, by)
    review.save()
    log_action(
        "reviews.review.saved",
        review,
        by=by,
        unit_path=review.unit.path,
        after={"revision": review.revision},
    )
    return review


@transaction.atomic
def finish_review(review: Review, *, by: Any) -> Review:
    review = Review.objects.select_for_update(of=("self",)).select_related("unit").get(pk=review.pk)
    _require(by, review.unit)
    if review.status != Review.DRAFT:
        raise ReviewError(_("Bản sơ kết, tổng kết đã hoàn thành"))
    if review.unedited:
        titles = {row.code: row.title for row in review_outline(active_regulation(), review.kind)}
        raise ReviewError(
            _(
                "Còn bản nháp tổng hợp chưa biên tập ở mục %(sections)s: đồng chí sửa lại nội "
                "dung các mục này rồi mới hoàn thành"
            )
            % {"sections": ", ".join(f"«{titles.get(c, c)}»" for c in review.unedited)}
        )
    review.status = Review.FINAL
    review.save(update_fields=["status"])
    log_action("reviews.review.finished", review, by=by, unit_path=review.unit.path)
    return review


def insert_synthesis_draft(review: Review, section_code: str, *, scope: str, by: Any) -> Review:
    """Write the draft of ``section_code`` synthesised from the periodic reports of the span
    (khth.reviews.synthesis) into the review, marked unedited, and keep what it drew on.
    Refused on a finished review, for someone who does not write it, for a section with no
    counterpart in the periodic reports, when there is nothing to synthesise, and over text
    the unit has written itself."""
    _require(by, review.unit)
    try:
        scope = scope_asked(scope)
    except ScopeError as exc:
        raise ReviewError(str(exc)) from None
    regulation = active_regulation()
    row = offered_rows(review, regulation).get(section_code)
    if row is None:
        raise ReviewError(
            _("Mục «%(code)s» không tổng hợp được từ báo cáo định kỳ") % {"code": section_code}
        )
    # Read before the transaction: the engine's time must not hold the review's lock.
    view, _template = review_synthesis(review, regulation, row, scope)
    if not view.draft:
        raise ReviewError(
            _("Chưa có nội dung nào trong các báo cáo của kỳ cho mục «%(section)s» để tổng hợp")
            % {"section": row.title}
        )
    with transaction.atomic():
        review = _locked(review, by)
        if review.status != Review.DRAFT:
            raise ReviewError(_("Bản sơ kết, tổng kết đã hoàn thành: không sửa được"))
        current = review.sections.get(section_code, "")
        if current.strip() and section_code not in review.unedited:
            raise ReviewError(
                _(
                    "Mục «%(section)s» đã có nội dung do đơn vị viết: bản nháp không ghi đè lên. "
                    "Hãy xóa nội dung mục này trước, hoặc chép những ý cần dùng từ trang tổng hợp."
                )
                % {"section": row.title}
            )
        review.sections = {**review.sections, section_code: sanitize(view.draft_html)}
        review.unedited = sorted({*review.unedited, section_code})
        review.syntheses = {
            **review.syntheses,
            section_code: {
                "scope": scope,
                "groups": kept_groups(view.groups),
                "expected": view.expected,
                "written": view.written,
                "created_at": clock.now().isoformat(),
            },
        }
        count_revision(review, by)
        review.save()
        log_action(
            "reviews.review.synthesis_drafted",
            review,
            by=by,
            unit_path=review.unit.path,
            after={"revision": review.revision, "section": section_code},
        )
    return review


def _locked(review: Review, by: Any, base_revision: int | None = None) -> Review:
    review = Review.objects.select_for_update(of=("self",)).select_related("unit").get(pk=review.pk)
    _require(by, review.unit)
    if base_revision is not None and review.revision != base_revision:
        raise ConflictError()
    return review


def _line(value: str, limit: int) -> str:
    return " ".join(nfc(value).split())[:limit]


@transaction.atomic
def record_conference(
    review: Review,
    *,
    by: Any,
    base_revision: int,
    held_on: dt.date | None,
    place: str = "",
    presided_by: str = "",
    attendance: str = "",
    record: str = "",
) -> Review:
    """The conference (hội nghị sơ kết, tổng kết) that discussed the review: when, where, who
    presided, who attended, a short record. Written before or after the review is finished:
    the conference usually follows the report."""
    review = _locked(review, by, base_revision)
    if held_on is not None and held_on < review.starts_on:
        raise ReviewError(_("Hội nghị không thể họp trước kỳ được sơ kết, tổng kết"))
    before = {f: str(getattr(review, f) or "") for f in CONFERENCE_FIELDS}
    review.held_on = held_on
    review.place = _line(place, 300)
    review.presided_by = _line(presided_by, 300)
    review.attendance = _line(attendance, 300)
    review.record = nfc(record.strip())[:5000]
    count_revision(review, by)
    review.save()
    after = {f: str(getattr(review, f) or "") for f in CONFERENCE_FIELDS}
    log_action(
        "reviews.review.conference_recorded",
        review,
        by=by,
        unit_path=review.unit.path,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return review


CONFERENCE_FIELDS = ("held_on", "place", "presided_by", "attendance", "record")
MAX_KEY_TASKS = 20


@transaction.atomic
def set_key_tasks(
    review: Review, *, by: Any, base_revision: int, tasks: list[str], solutions: list[str]
) -> Review:
    """The numbered key tasks and groups of solutions the review sets for the next period
    ("9 nhiệm vụ trọng tâm, 9 nhóm giải pháp"). Each keeps its key by its number, so a plan
    that took task 2 on still covers it when its words are corrected. Set while the review is a
    draft; once it is finished, the unit's plans of the next period must cover them."""
    review = _locked(review, by, base_revision)
    if review.status != Review.DRAFT:
        raise ReviewError(_("Bản sơ kết, tổng kết đã hoàn thành: không sửa được"))
    wanted = {
        KeyTask.TASK: [t for t in (_line(x, 500) for x in tasks) if t],
        KeyTask.SOLUTION: [t for t in (_line(x, 500) for x in solutions) if t],
    }
    if any(len(v) > MAX_KEY_TASKS for v in wanted.values()):
        raise ReviewError(
            _("Tối đa %(n)s nhiệm vụ trọng tâm, %(n)s nhóm giải pháp") % {"n": MAX_KEY_TASKS}
        )
    held = {(k.kind, k.position): k for k in review.key_tasks.all()}
    before = {
        kind: [k.text for k in sorted(held.values(), key=lambda k: k.position) if k.kind == kind]
        for kind in wanted
    }
    for kind, texts in wanted.items():
        for position, text in enumerate(texts, start=1):
            row = held.pop((kind, position), None)
            if row is None:
                KeyTask.objects.create(review=review, kind=kind, position=position, text=text)
            elif row.text != text:
                row.text = text
                row.save(update_fields=["text"])
    KeyTask.objects.filter(pk__in=[k.pk for k in held.values()]).delete()
    count_revision(review, by)
    review.save()
    log_action(
        "reviews.review.key_tasks_set",
        review,
        by=by,
        unit_path=review.unit.path,
        before=before,
        after=wanted,
    )
    return review


@transaction.atomic
def link_award(review: Review, award: Award, *, by: Any) -> ReviewAward:
    """Links an award of the register, decided at the review's conference, to the review. The
    award must be one the user sees (khth.awards.access), of the review's subtree."""
    review = _locked(review, by)
    if not visible_awards(by).filter(pk=award.pk).exists():
        raise ReviewError(_("Không có khen thưởng này trong phạm vi của bạn"))
    if not award.unit.path.startswith(review.unit.path):
        raise ReviewError(
            _("Khen thưởng không thuộc %(unit)s hoặc đơn vị trực thuộc")
            % {"unit": review.unit.name}
        )
    if award.decision_date < review.starts_on:
        raise ReviewError(_("Khen thưởng quyết định trước kỳ được sơ kết, tổng kết"))
    link, created = ReviewAward.objects.get_or_create(review=review, award=award)
    if created:
        log_action(
            "reviews.review.award_linked",
            review,
            by=by,
            unit_path=review.unit.path,
            after={"award": award.pk, "decision": award.decision_number},
        )
    return link


@transaction.atomic
def unlink_award(review: Review, award: Award, *, by: Any) -> None:
    review = _locked(review, by)
    deleted, _rows = ReviewAward.objects.filter(review=review, award=award).delete()
    if deleted:
        log_action(
            "reviews.review.award_unlinked",
            review,
            by=by,
            unit_path=review.unit.path,
            before={"award": award.pk, "decision": award.decision_number},
        )
