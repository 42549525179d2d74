"""Identification of ШНОР / ШССУ: methodologies, runs with per-school evidence, decisions, official statuses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import limits
from core.formats import school_year_name
from core.jobs.models import Job, JobState
from core.models import TimeStampedModel
from schools.models import Municipality, Region, School, SchoolYear

from .criteria.base import decode
from .criteria.window import data_window
from .fields import NumbersField


class Status(models.TextChoices):
    LRS = "lrs", _("ШНОР")
    DSC = "dsc", _("ШССУ")


class Methodology(TimeStampedModel):
    """A named, versioned set of criteria with parameters and a decision rule per status.

    `criteria`: [{"code": "C1", "kind": "failing_share", "title": "...", "params": {...}}, ...]
    `rules`: {"lrs": {"criteria": ["C1", "C2"], "min_met": 1}, "dsc": {...}}
    `sample`: {"min_participants": 10, "reliable_participants": 20}
    A version used by a run is frozen: changes make a new version.
    """

    family = models.SlugField(_("семейство"), max_length=60,
                              help_text=_("Общий код всех версий одной методики."))
    version = models.PositiveIntegerField(_("версия"))
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True, max_length=limits.LONG_TEXT)
    criteria = models.JSONField(_("критерии"), default=list)
    rules = models.JSONField(_("правила решения"), default=dict)
    sample = models.JSONField(_("правило малой выборки"), default=dict)
    is_default = models.BooleanField(_("по умолчанию"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("автор"))

    class Meta:
        verbose_name = _("методика выявления")
        verbose_name_plural = _("методики выявления")
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="methodology_unique_version"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="methodology_single_default"),
        ]

    def __str__(self):
        return f"{self.name}, версия {self.version}"

    def get_absolute_url(self):
        return reverse("identification:methodology_detail", args=[self.pk])

    def snapshot(self) -> dict:
        return {"id": self.pk, "family": self.family, "version": self.version, "name": self.name,
                "criteria": self.criteria, "rules": self.rules, "sample": self.sample}


class Run(Job):
    """One computation of a methodology over a municipality (or a whole region) for a school year: a job
    (docs/jobs.md) whose result, once computed, may be approved."""

    class State(models.TextChoices):
        QUEUED = JobState.QUEUED, _("в очереди")
        RUNNING = JobState.RUNNING, _("считается")
        DONE = JobState.DONE, _("готов")
        FAILED = JobState.FAILED, _("сбой")
        APPROVED = "approved", _("утверждён")

    job_kind = "identification-runs"
    task_name = "identification.tasks.compute_run"
    RESTART_REFUSAL = _("Запустить заново можно только расчёт, завершившийся сбоем или прервавшийся.")
    RESULT_STATES = (State.DONE, State.APPROVED)

    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="runs",
                                    verbose_name=_("методика"))
    snapshot = models.JSONField(_("параметры методики на момент расчёта"), default=dict)
    estimates = models.JSONField(_("сводка оценок"), default=dict, blank=True,
                                 help_text=_("По каждому оцениваемому критерию: подобранное распределение по "
                                             "региону и ожидаемое число школ, отмеченных по случайности."))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("регион"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="identification_runs", verbose_name=_("муниципалитет"),
                                     help_text=_("Пусто — расчёт по всему региону."))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    is_what_if = models.BooleanField(_("пробный расчёт"), default=False,
                                     help_text=_("Расчёт с другими параметрами для сравнения; не утверждается."))
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.QUEUED)
    school_count = models.PositiveIntegerField(_("школ"), default=0)
    order_number = models.CharField(_("номер приказа"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("утвердил"))
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    coverage_confirmed_pct = models.DecimalField(
        _("подтверждён охват региона, %"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("Наименьшая доля школ региона с результатами, на которую утверждающий согласился опереться "
                    "(docs/methodology.md, «Охват»); пусто — подтверждение не требовалось."))

    class Meta:
        verbose_name = _("расчёт выявления")
        verbose_name_plural = _("расчёты выявления")
        ordering = ["-created_at"]
        constraints = [
            # one approved list per territory and school year
            models.UniqueConstraint(fields=["municipality", "school_year"], condition=Q(state="approved"),
                                    name="run_single_approved_per_year"),
        ]

    def __str__(self):
        where = self.municipality or self.region
        return f"{where}, {self.school_year}: расчёт № {self.pk}"

    def get_absolute_url(self):
        return reverse("identification:run_detail", args=[self.pk])

    @property
    def territory(self):
        return self.municipality or self.region

    @cached_property
    def data_years(self) -> tuple[int, int]:
        """The first and last school years (start years) whose data the run reads: the criteria's windows,
        ending with the year before the one identified (docs/methodology.md, «Какие годы»)."""
        return data_window(self.snapshot.get("criteria", []), self.school_year.start_year)

    @property
    def data_years_label(self) -> str:
        """«2023/2024–2025/2026 учебных лет» or «2025/2026 учебного года»."""
        first, last = self.data_years
        if first == last:
            return f"{school_year_name(last)} {_('учебного года')}"
        return f"{school_year_name(first)}–{school_year_name(last)} {_('учебных лет')}"

    # ---- what a run's state allows (templates, views and services read these, never the state's strings) ----

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def has_results(self) -> bool:
        """Computed (and perhaps approved): proposal, evidence and comparisons can be read."""
        return self.state in self.RESULT_STATES

    @property
    def is_open_for_decisions(self) -> bool:
        """Decisions against the proposal and approval: a computed list, not yet approved, not a what-if run."""
        return self.state == self.State.DONE and not self.is_what_if

    @cached_property
    def year_approved_run(self) -> "Run | None":
        """Another run of the same territory and school year whose list is already approved (one query): a year has
        one official list, so this run can no longer be approved."""
        return (Run.objects.filter(state=self.State.APPROVED, school_year_id=self.school_year_id,
                                   region_id=self.region_id, municipality_id=self.municipality_id)
                .exclude(pk=self.pk).select_related("school_year").first())

    @property
    def is_open_for_approval(self) -> bool:
        """Open for decisions, and no other list of its territory is approved for the year."""
        return self.is_open_for_decisions and self.year_approved_run is None


class RunSchool(models.Model):
    """A school in a run: the proposal, the evidence for every criterion and the final decision."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="schools", verbose_name=_("расчёт"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("школа"))
    proposed = models.JSONField(_("предложено"), default=list, help_text=_("Статусы по правилам методики."))
    met = models.JSONField(_("выполненные критерии"), default=list)
    needs_review = models.BooleanField(_("требует проверки объективности"), default=False)
    figures = NumbersField(_("обоснование (числа)"), null=True, blank=True,
                           help_text=_("Обоснование по каждому критерию числами, см. criteria/figures.py."))
    legacy_evidence = models.JSONField(_("обоснование (расчёты до хранения числами)"), default=dict, blank=True)
    lrs_included = models.BooleanField(_("в списке ШНОР"), default=False)
    dsc_included = models.BooleanField(_("в списке ШССУ"), default=False)

    class Meta:
        verbose_name = _("школа в расчёте")
        verbose_name_plural = _("школы в расчёте")
        constraints = [models.UniqueConstraint(fields=["run", "school"], name="run_school_unique")]

    def __str__(self):
        return f"{self.school} в расчёте № {self.run_id}"

    def included(self, status: str) -> bool:
        return self.lrs_included if status == Status.LRS else self.dsc_included

    @property
    def proposed_labels(self) -> list[str]:
        """ШНОР / ШССУ for the statuses the methodology proposed."""
        labels = dict(Status.choices)
        return [labels.get(s, s) for s in self.proposed]

    @cached_property
    def evidence(self) -> dict:
        """Evidence per criterion code (outcome, value, sample, the kind's numbers), read with the run's own
        snapshot of the methodology; runs computed before figures were introduced kept it as JSON."""
        if self.figures is None:
            return self.legacy_evidence
        return decode(self.figures, self.run.snapshot["criteria"])


class Override(TimeStampedModel):
    """A methodologist's decision against the proposal, always with a written reason."""

    class Action(models.TextChoices):
        INCLUDE = "include", _("включить")
        EXCLUDE = "exclude", _("исключить")

    run_school = models.ForeignKey(RunSchool, on_delete=models.CASCADE, related_name="overrides",
                                   verbose_name=_("школа в расчёте"))
    status = models.CharField(_("статус"), max_length=3, choices=Status.choices)
    action = models.CharField(_("решение"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("обоснование"), max_length=limits.COMMENT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("автор"))

    class Meta:
        verbose_name = _("решение вопреки предложению")
        verbose_name_plural = _("решения вопреки предложению")
        constraints = [models.UniqueConstraint(fields=["run_school", "status"], name="override_unique_status")]

    def __str__(self):
        return f"{self.get_action_display()} {self.run_school.school}: {self.get_status_display()}"


class SchoolStatus(TimeStampedModel):
    """An official status of a school for a school year, created by an approved list (the basis)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("школа"))
    status = models.CharField(_("статус"), max_length=3, choices=Status.choices)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("основание"))
    order_number = models.CharField(_("номер приказа"), max_length=50)
    order_date = models.DateField(_("дата приказа"))

    class Meta:
        verbose_name = _("статус школы")
        verbose_name_plural = _("статусы школ")
        ordering = ["-school_year", "school"]
        constraints = [
            models.UniqueConstraint(fields=["school", "status", "school_year"], name="school_status_unique"),
        ]
        indexes = [models.Index(fields=["school_year", "status"], name="school_status_year_idx")]

    def __str__(self):
        return f"{self.school}: {self.get_status_display()} {self.school_year}"

    def get_absolute_url(self):
        return reverse("identification:why", args=[self.run_id, self.school_id])
