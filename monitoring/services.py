"""Writes of monitoring: recompute jobs, the catalogue and targets, the values a school files in its progress
report, recommendations and the decisions taken on them. Each takes the actor and checks its rule (access.py);
actor=None is the system (the nightly job, the command, the demo). A recompute is a job (docs/jobs.md): its task
(tasks.py) imports this module at the top, so it is sent by name with `core.jobs.tasks.enqueue`."""

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import tasks as job_tasks
from core.jobs.services import restart_job
from core.legal_orders import order_errors
from core.services import require
from schools.models import Municipality, Region, School, SchoolYear

from . import access, engine, rules
from .models import Audience, ComputeRun, Indicator, Recommendation, ReportValue, Rule, Source, Target, Unit, Value

# ---- recompute -------------------------------------------------------------------------------------


def start_compute(*, actor, school_year: SchoolYear, municipality: Municipality) -> ComputeRun:
    """A recompute of the municipality's values for the year, run by the Celery task after the commit (the page
    shows its progress)."""
    require(access.can_compute(actor, municipality), _("Пересчитывает показатели методист муниципалитета."))
    with transaction.atomic():
        run = ComputeRun.objects.create(school_year=school_year, municipality=municipality, requested_by=actor)
        job_tasks.enqueue(ComputeRun.task_name, run)  # the broker down: the run is marked failed at once
    return run


def restart_compute(*, actor, run: ComputeRun) -> ComputeRun:
    """A recompute that failed or stalled, started again (the button beside the failure)."""
    require(run.municipality is not None and access.can_compute(actor, run.municipality),
            _("Пересчитывает показатели методист муниципалитета."))
    return restart_job(run)


def run_compute(*, run: ComputeRun, progress=None) -> ComputeRun:
    """Carry a recompute out (the task, the command and the nightly job call this)."""
    if run.is_done:
        return run  # a repeated delivery does nothing
    run.mark_running(progress=1)  # the bar shows it has begun

    def report(pct):  # each report moves the heartbeat (docs/jobs.md)
        run.report(pct)
        if progress:
            progress(pct)

    result = engine.compute_year(school_year=run.school_year, region=run.region, municipality=run.municipality,
                                 progress=report)
    run.mark_finished(schools=result["schools"], values=result["values"], seconds=result["seconds"])
    return run


def compute_now(*, school_year: SchoolYear, region: Region | None = None) -> ComputeRun:
    """The system's recompute (command, nightly job): every school of the region or of the deployment."""
    run = ComputeRun.objects.create(school_year=school_year, region=region)
    return run_compute(run=run)


# ---- catalogue and targets -------------------------------------------------------------------------


@transaction.atomic
def save_indicator(*, actor, indicator: Indicator, data: dict) -> Indicator:
    """A new indicator (always entered by the schools: the engine computes only the seed's) or a changed one; the
    code of a built-in indicator and its way of computing stay as they are. A new one is the region's, or the local
    indicator of `indicator.municipality` when the caller sets it (it never changes afterwards)."""
    if indicator.pk is None:
        require(access.can_add_indicator(actor, indicator.municipality),
                access.CATALOGUE_REFUSAL if indicator.municipality is None else access.LOCAL_REFUSAL)
    else:
        require(access.can_edit_indicator(actor, indicator), access.indicator_refusal(indicator))
    errors = {}
    name = (data.get("name") or "").strip()
    # names are unique among what one municipality sees: the region's and its own local indicators
    same_name = Indicator.objects.filter(name__iexact=name).exclude(pk=indicator.pk)
    if indicator.municipality_id is not None:
        same_name = same_name.filter(Q(municipality__isnull=True) | Q(municipality_id=indicator.municipality_id))
    if not name:
        errors["name"] = _("Укажите название показателя.")
    elif same_name.exists():
        errors["name"] = _("Показатель с таким названием уже есть.")
    if indicator.retired_at is not None:
        errors["name"] = _("Показатель выведен из мониторинга; его не изменяют.")
    if errors:
        raise ValidationError(errors)
    # a built-in indicator's unit and direction are the regulation's: what «better» means does not change
    for field in ("name", "unit", "direction", "period", "method", "min_n"):
        if field in data and data[field] is not None and not (indicator.is_builtin and field in ("unit", "direction")):
            setattr(indicator, field, data[field].strip() if isinstance(data[field], str) else data[field])
    if indicator.pk is None:
        indicator.source, indicator.source_text = Source.ENTERED, _("вносит школа в отчёте о ходе выполнения")
        indicator.created_by = actor
        base = "custom"
        n = Indicator.objects.filter(code__startswith=base).count() + 1
        while Indicator.objects.filter(code=f"{base}-{n}").exists():
            n += 1
        indicator.code = f"{base}-{n}"
        indicator.number = (Indicator.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    with set_actor(actor):
        indicator.save()
    return indicator


@transaction.atomic
def retire_indicator(*, actor, indicator: Indicator, day: datetime.date | None = None) -> Indicator:
    """Out of monitoring from now on; never deleted (its values keep their meaning)."""
    require(access.can_edit_indicator(actor, indicator), access.indicator_refusal(indicator))
    if indicator.retired_at is not None:
        raise ValidationError(_("Показатель уже выведен из мониторинга."))
    indicator.retired_at = day or timezone.localdate()
    with set_actor(actor):
        indicator.save(update_fields=["retired_at", "updated_at"])
    return indicator


@transaction.atomic
def set_target(*, actor, indicator: Indicator, municipality: Municipality | None, school_year: SchoolYear,
               value) -> Target | None:
    """The target of the indicator for the year: the municipality's own, or the region's (municipality None; region
    indicators only); an empty value removes it. The region's row is never touched by a municipality."""
    require(access.can_set_target(actor, municipality),
            access.REGION_TARGET_REFUSAL if municipality is None else access.TARGET_REFUSAL)
    if indicator.municipality_id is not None and (municipality is None or municipality.pk != indicator.municipality_id):
        raise ValidationError({"municipality": _("Цель местного показателя задаёт только его муниципалитет.")})
    if value in (None, ""):
        Target.objects.filter(indicator=indicator, municipality=municipality, school_year=school_year).delete()
        return None
    try:
        value = Decimal(str(value).replace(",", ".").strip())
    except ArithmeticError:
        raise ValidationError({"value": _("Введите число, например 85 или 12,5.")}) from None
    if not value.is_finite() or value < 0 or (indicator.unit == Unit.PERCENT and value > 100):
        raise ValidationError({"value": _("Целевое значение доли — от 0 до 100.") if indicator.unit == Unit.PERCENT
                               else _("Целевое значение не может быть отрицательным.")})
    if indicator.unit == Unit.FLAG and value not in (0, 1):
        raise ValidationError({"value": _("Для показателя «да / нет» цель — 1 (да) или 0 (нет).")})
    if value >= 10**10:
        raise ValidationError({"value": _("Слишком большое целевое значение.")})
    with set_actor(actor):
        target, _created = Target.objects.update_or_create(
            indicator=indicator, municipality=municipality, school_year=school_year,
            defaults={"value": value.quantize(Decimal("0.01"))})
    return target


# ---- values filed in the progress report -------------------------------------------------------------


def save_entered_values(*, actor, report, rows: list[tuple]) -> int:
    """Called by the report section (roadmaps' service has checked the actor and that the report may change) with
    `(indicator, value, numerator, n, data)` rows: the values the report files, kept with the report
    (`ReportValue`) — nothing reaches monitoring before the report is accepted (`publish_report_values`). A field
    left empty takes its value out of the report."""
    for indicator, value, numerator, n, data in rows:
        ReportValue.objects.update_or_create(
            report=report, indicator=indicator,
            defaults={"value": value, "numerator": numerator, "n": n, "reliable": n >= indicator.min_n,
                      "data": data})
    ReportValue.objects.filter(report=report).exclude(indicator__in=[row[0] for row in rows]).delete()
    return len(rows)


def save_entered_value(*, actor, report, indicator, row: tuple | None, start_from: dict) -> None:
    """One value of the report's section saved on its own (`row` as in `save_entered_values`; None: emptied). A
    report that files nothing of its own yet starts from `start_from` (the school's accepted values of the year, see
    `progress_report_section._filed`), so saving one value keeps the others it showed."""
    if not ReportValue.objects.filter(report=report).exists():
        ReportValue.objects.bulk_create([
            ReportValue(report=report, indicator_id=v.indicator_id, value=v.value, numerator=v.numerator, n=v.n,
                        reliable=v.reliable, data=v.data)
            for v in start_from.values() if v.indicator_id != indicator.pk])
    if row is None:
        ReportValue.objects.filter(report=report, indicator=indicator).delete()
        return
    _indicator, value, numerator, n, data = row
    ReportValue.objects.update_or_create(report=report, indicator=indicator, defaults={
        "value": value, "numerator": numerator, "n": n, "reliable": n >= indicator.min_n, "data": data})


def publish_report_values(actor, report) -> int:
    """The report is accepted: its values become the school's values of the year (dashboards, API, the annual
    report) and the municipality's aggregates are refreshed. Called by roadmaps' review in its transaction."""
    roadmap = report.roadmap
    drafts = list(ReportValue.objects.filter(report=report).select_related("indicator"))
    for draft in drafts:
        Value.objects.update_or_create(
            indicator=draft.indicator, school_id=roadmap.school_id, school_year_id=roadmap.school_year_id,
            defaults={"value": draft.value, "numerator": draft.numerator, "n": draft.n, "reliable": draft.reliable,
                      "data": draft.data, "source": Source.ENTERED, "report": report, "change": None})
    if drafts:
        engine.refresh_aggregates(school_year=roadmap.school_year, municipality_ids=[roadmap.school.municipality_id])
    return len(drafts)


# ---- recommendations --------------------------------------------------------------------------------


@transaction.atomic
def generate_recommendations(*, actor, municipality: Municipality, school_year: SchoolYear,
                             today: datetime.date | None = None) -> dict:
    """Apply every active rule to the municipality's ШНОР/ШССУ for the year: a new proposal where a rule fires,
    an untouched proposal refreshed with today's figures, one whose reason is gone withdrawn; edited, dismissed and
    adopted recommendations are kept as they are. Returns {"added", "updated", "withdrawn"}."""
    require(actor is None or access.can_compute(actor, municipality),
             _("Рекомендации формирует методист муниципалитета."))
    ctx = rules.Context(municipality, school_year, today)
    counts = {"added": 0, "updated": 0, "withdrawn": 0}
    existing = {(r.rule_id, r.school_id): r for r in Recommendation.objects.filter(
        municipality=municipality, school_year=school_year, rule__isnull=False)}
    seen = set()
    for rule in Rule.objects.filter(is_active=True):
        evaluate = rules.KINDS.get(rule.kind)
        if evaluate is None:
            continue
        for school_id, figures in evaluate(ctx, rule.params).items():
            key = (rule.pk, school_id)
            seen.add(key)
            text = rule.text.format_map(_Missing(figures))
            reasons = rules.reasons(figures)
            rec = existing.get(key)
            if rec is None:
                Recommendation.objects.create(municipality=municipality, school_id=school_id,
                                              school_year=school_year, audience=rule.audience, rule=rule,
                                              text=text, reasons=reasons)
                counts["added"] += 1
            elif rec.state == Recommendation.State.PROPOSED and not rec.edited and (
                    rec.text != text or rec.reasons != reasons):
                rec.text, rec.reasons = text, reasons
                rec.save(update_fields=["text", "reasons", "updated_at"])
                counts["updated"] += 1
    for key, rec in existing.items():
        if key not in seen and rec.state == Recommendation.State.PROPOSED and not rec.edited:
            rec.delete()
            counts["withdrawn"] += 1
    return counts


class _Missing(dict):
    def __missing__(self, key):
        return "—"


@transaction.atomic
def add_recommendation(*, actor, municipality: Municipality, school_year: SchoolYear, audience: str, text: str,
                       school: School | None = None) -> Recommendation:
    require(access.can_add_recommendation(actor, municipality), _("Рекомендации добавляет методист муниципалитета."))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Напишите рекомендацию.")
    if audience not in Audience.values:
        errors["audience"] = _("Выберите, кому адресована рекомендация.")
    elif audience == Audience.SCHOOL and school is None:
        errors["school"] = _("Выберите школу, которой адресована рекомендация.")
    if school is not None and school.municipality_id != municipality.pk:
        errors["school"] = _("Школа не из этого муниципалитета.")
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        return Recommendation.objects.create(municipality=municipality, school=school, school_year=school_year,
                                             audience=audience, text=text.strip(), created_by=actor, edited=True)


@transaction.atomic
def edit_recommendation(*, actor, rec: Recommendation, text: str) -> Recommendation:
    require(access.can_edit_recommendation(actor, rec), _("Изменить можно только предложенную рекомендацию "
                                                           "(методист муниципалитета)."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Напишите рекомендацию.")})
    rec.text, rec.edited = text.strip(), True
    with set_actor(actor):
        rec.save(update_fields=["text", "edited", "updated_at"])
    return rec


@transaction.atomic
def dismiss_recommendation(*, actor, rec: Recommendation, reason: str) -> Recommendation:
    require(access.can_edit_recommendation(actor, rec), _("Отклонить можно только предложенную рекомендацию "
                                                           "(методист муниципалитета)."))
    if len((reason or "").strip()) < 5:
        raise ValidationError({"reason": _("Объясните, почему рекомендация отклонена.")})
    rec.state, rec.dismiss_reason = Recommendation.State.DISMISSED, reason.strip()
    rec.decided_by, rec.decided_at = actor, timezone.now()
    with set_actor(actor):
        rec.save()
    return rec


@transaction.atomic
def adopt_recommendation(*, actor, rec: Recommendation, order_number: str, order_date: datetime.date | None,
                         decision: str = "") -> Recommendation:
    """A management decision (the regulation's п. 3.8, docs/domain.md): adopted by an order or instruction with its
    number and date."""
    require(access.can_adopt(actor, rec), _("Принять решение можно по предложенной рекомендации (методист или "
                                             "руководитель управления образования), но не по той, которую "
                                             "написали вы сами."))
    errors = order_errors(order_number, order_date)
    if errors:
        raise ValidationError(errors)
    rec.state, rec.order_number, rec.order_date = Recommendation.State.ADOPTED, order_number.strip(), order_date
    rec.decision = (decision or "").strip()
    rec.decided_by, rec.decided_at = actor, timezone.now()
    with set_actor(actor):
        rec.save()
    return rec
