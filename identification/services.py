"""Writes of the identification app: methodology versions, runs, overrides and approval.

Every write checks its permission here with the rules of `access` (views, API and commands call the same
functions): a refusal by role is PermissionDenied (403), a refusal by state a ValidationError in Russian.
`actor=None` is the command line (manage.py run_identification, bench), trusted like the server's operator.
A run is a job (docs/jobs.md): its task (tasks.py) imports this module at the top, so runs are sent by task name with
`core.jobs.tasks.enqueue`, never by importing the task module here.
"""

from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import ru_date, ru_percent
from core.jobs import tasks as job_tasks
from core.jobs.services import restart_job
from core.legal_orders import order_errors
from core.services import require_actor
from schools.models import SchoolYear

from . import access, engine, selectors
from .methodology import validate_methodology
from .models import Methodology, Override, Run, RunSchool, SchoolStatus, Status


@transaction.atomic
def create_methodology_version(*, actor, base: Methodology | None, family: str, name: str, description: str = "",
                               criteria: list, rules: dict, sample: dict, make_default: bool = False) -> Methodology:
    """A new version; earlier versions are never changed (runs keep their own snapshot anyway)."""
    require_actor(actor, access.can_manage_methodologies, _("Новые версии методики создают методисты."))
    if make_default and actor is not None and not access.can_set_default_methodology(actor):
        raise ValidationError({"make_default": _("Методику по умолчанию для всего региона выбирает администратор.")})
    criteria, rules, sample = validate_methodology(criteria=criteria, rules=rules, sample=sample)
    family = base.family if base else family
    version = (Methodology.objects.filter(family=family).aggregate(v=Max("version"))["v"] or 0) + 1
    with set_actor(actor):
        if make_default:
            Methodology.objects.filter(is_default=True).update(is_default=False)
        return Methodology.objects.create(family=family, version=version, name=name, description=description,
                                          criteria=criteria, rules=rules, sample=sample, is_default=make_default,
                                          created_by=actor)


@transaction.atomic
def create_run(*, actor, methodology: Methodology, region, municipality, start_year: int,
               is_what_if: bool = False, enqueue: bool = True) -> Run:
    """A run with the methodology's snapshot; computed by a Celery task after commit (or by the caller).

    An official run needs the results of the year its list rests on (the year before `start_year`) in its
    territory: without them it is refused at the year; a what-if run may go ahead (the page warns)."""
    require_actor(actor, lambda user: access.can_start_run(user, municipality),
             _("Расчёт по региону запускает администратор.") if municipality is None
             else _("Расчёт запускают методисты своего муниципалитета."))
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError(_("Муниципалитет «%(m)s» не входит в регион «%(r)s».") % {
            "m": municipality, "r": region})
    if not is_what_if:
        check = selectors.data_check(criteria=methodology.criteria, region=region, municipality=municipality,
                                     start_year=start_year)
        if check.missing_last:
            raise ValidationError({"start_year": check.refusal})
    year, _created = SchoolYear.objects.get_or_create(start_year=start_year)
    with set_actor(actor):
        run = Run.objects.create(methodology=methodology, snapshot=methodology.snapshot(), region=region,
                                 municipality=municipality, school_year=year, is_what_if=is_what_if,
                                 requested_by=actor)
    if enqueue:
        job_tasks.enqueue(Run.task_name, run)  # the broker down: the run is marked failed at once (docs/jobs.md)
    return run


def restart_run(*, actor, run: Run) -> Run:
    """A run that failed or stalled (a worker lost, the time limit, the queue down) computed again from its
    snapshot."""
    require_actor(actor, lambda user: access.can_start_run(user, run.municipality),
             _("Расчёт запускают методисты своего муниципалитета."))
    restart_job(run)
    run.refresh_from_db()
    return run


def compute_run(*, run: Run, progress=lambda pct: None) -> Run:
    """Called by the Celery task; idempotent (recomputes the same snapshot)."""
    if run.is_approved:
        return run
    run.mark_running()

    def report(pct):  # each report moves the heartbeat: a run whose heartbeat stops is stale
        run.report(pct)
        progress(pct)

    count = engine.compute(run, report)
    run.mark_finished(school_count=count)
    run.refresh_from_db()
    return run


def _require_open(run: Run):
    """The state's part of deciding and approving (`Run.is_open_for_decisions`), explained."""
    if run.is_open_for_decisions:
        return
    if run.state != Run.State.DONE:
        raise ValidationError(_("Изменять решения можно только в рассчитанном и ещё не утверждённом списке."))
    raise ValidationError(_("Пробный расчёт не утверждается и решений не принимает."))


@transaction.atomic
def set_override(*, actor, run_school: RunSchool, status: str, include: bool, reason: str) -> RunSchool:
    """Include or exclude a school against the proposal — only with a written reason; a decision equal to the
    proposal withdraws an earlier one, and with none to withdraw there is nothing to save (a message at the
    decision)."""
    require_actor(actor, lambda user: access.can_decide(user, run_school.run),
             _("Решения вопреки предложению принимают методисты муниципалитета."))
    _require_open(run_school.run)
    proposed = status in run_school.proposed
    existing = Override.objects.filter(run_school=run_school, status=status).exists()
    if include == proposed and include == run_school.included(status) and not existing:
        raise ValidationError({"include": _("Это решение совпадает с предложением методики — сохранять нечего.")})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Опишите причину решения (не меньше 10 символов).")})
    field = "lrs_included" if status == Status.LRS else "dsc_included"
    with set_actor(actor):
        if include == proposed:
            Override.objects.filter(run_school=run_school, status=status).delete()
        else:
            Override.objects.update_or_create(
                run_school=run_school, status=status,
                defaults={"action": Override.Action.INCLUDE if include else Override.Action.EXCLUDE,
                          "reason": reason, "author": actor})
        setattr(run_school, field, include)
        run_school.save(update_fields=[field])
    return run_school


def _approval_errors(run: Run, order_number: str, order_date) -> None:
    """The state's, the year's and the order's part of approving, explained (nothing is written)."""
    _require_open(run)
    approved = run.year_approved_run
    if approved is not None:
        raise ValidationError(_("Список на %(year)s учебный год уже утверждён приказом № %(num)s от %(date)s. "
                                "Повторно утвердить нельзя.") % {
            "year": run.school_year.name, "num": approved.order_number, "date": ru_date(approved.order_date)})
    errors = order_errors(order_number, order_date, school_year=run.school_year.start_year)
    if errors:
        raise ValidationError(errors)
    included = RunSchool.objects.filter(run=run).exclude(lrs_included=False, dsc_included=False)
    clash = SchoolStatus.objects.filter(school_year=run.school_year,
                                        school_id__in=included.values("school_id")).select_related("run").first()
    if clash:
        raise ValidationError(_("На %(year)s учебный год уже утверждён список (приказ № %(num)s от %(date)s). "
                                "Повторно утвердить нельзя.") % {
            "year": run.school_year.name, "num": clash.order_number, "date": ru_date(clash.order_date)})


def require_approver(actor, run: Run) -> None:
    """The head of the run's municipality (region runs: an admin), and not the one who computed the run or decided
    in it: nobody approves their own work (403 with the reason)."""
    require_actor(actor, lambda user: access.approves_by_role(user, run),
             _("Список утверждает начальник управления образования."))
    require_actor(actor, lambda user: not access.is_author(user, run),
             _("Нельзя утвердить список, который вы сами рассчитали или по которому принимали решения: "
               "его утверждает другой руководитель."))


def _coverage_confirmed(run: Run, confirmed: bool) -> Decimal | None:
    """The coverage's part of approving (docs/methodology.md, «Охват»): under the stated level an official list rests
    on «the region» of the loaded schools only, so it is approved only with the approver's explicit confirmation,
    refused at the confirmation's field otherwise. The share confirmed (to record), or None when none was needed."""
    coverage = selectors.run_coverage(run)
    if not coverage.is_low:
        return None
    if not confirmed:
        raise ValidationError({"coverage_confirmed": _(
            "Результаты загружены не для всех школ региона (наименьший охват — %(pct)s при установленном уровне "
            "%(level)s): сравнение с регионом опирается на часть школ. Чтобы утвердить список, подтвердите, что "
            "понимаете это.") % {"pct": ru_percent(coverage.lowest_share), "level": coverage.level_label}})
    return Decimal(str(round(coverage.lowest_share, 1)))


def check_approval(*, actor, run: Run, order_number: str, order_date, coverage_confirmed: bool = False) -> None:
    """Everything `approve_run` checks, without writing: the page asks for confirmation only of an approval that
    would pass (the order's number and date as `approve_run` would get them)."""
    require_approver(actor, run)
    refusals = []
    for check in (lambda: _approval_errors(run, (order_number or "").strip(), order_date),
                  lambda: _coverage_confirmed(run, coverage_confirmed)):
        try:
            check()
        except ValidationError as exc:
            refusals.append(exc)
    if refusals:  # the order's and the confirmation's messages at their fields together, not one after the other
        if all(hasattr(exc, "error_dict") for exc in refusals):
            raise ValidationError({field: errors for exc in refusals for field, errors in exc.error_dict.items()})
        raise refusals[0]


@transaction.atomic
def approve_run(*, actor, run: Run, order_number: str, order_date, coverage_confirmed: bool = False) -> Run:
    """The list becomes official: status records for every included school, with the order as basis.

    Refused (nothing written) when the run is not open for decisions, another list of its territory is approved
    for the year, the order's number or date is missing, the date is in the future or outside the school year's
    window (`core.legal_orders.order_window`: 1 May of Y – 31 August of Y+1 for a list on Y/Y+1), a school already
    holds a status for the year, or the region's schools with results are under the stated share
    (`selectors.run_coverage`) and `coverage_confirmed` is not given; the share confirmed is kept on the run."""
    require_approver(actor, run)
    run = Run.objects.select_for_update().select_related("school_year").get(pk=run.pk)
    order_number = (order_number or "").strip()
    _approval_errors(run, order_number, order_date)
    confirmed_pct = _coverage_confirmed(run, coverage_confirmed)
    included = list(RunSchool.objects.filter(run=run).exclude(lrs_included=False, dsc_included=False)
                    .values_list("school_id", "lrs_included", "dsc_included"))
    statuses = [SchoolStatus(school_id=school_id, status=status, school_year=run.school_year, run=run,
                             order_number=order_number, order_date=order_date)
                for school_id, lrs, dsc in included
                for status, flag in ((Status.LRS, lrs), (Status.DSC, dsc)) if flag]
    with set_actor(actor):
        SchoolStatus.objects.bulk_create(statuses)
        run.state = Run.State.APPROVED
        run.order_number, run.order_date = order_number, order_date
        run.approved_by, run.approved_at = actor, timezone.now()
        run.coverage_confirmed_pct = confirmed_pct
        run.save(update_fields=["state", "order_number", "order_date", "approved_by", "approved_at",
                                "coverage_confirmed_pct", "updated_at"])
    return run
