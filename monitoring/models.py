"""Monitoring of effectiveness (the municipal regulation's пп. 3.5–3.9 and section 4, docs/domain.md and
docs/indicators.md): the indicator catalogue with targets, each school's values
per school year (computed from the portal's data or filed by the director in the progress report), the stored
aggregates the dashboards read, the recompute jobs, and targeted recommendations with the decisions taken on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.jobs.models import Job, JobState
from core.models import TimeStampedModel
from schools.models import Municipality, Region, School, SchoolYear


class Direction(models.TextChoices):
    UP = "up", _("больше — лучше")
    DOWN = "down", _("меньше — лучше")
    NONE = "none", _("справочный (без оценки)")


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("количество")
    FLAG = "flag", _("да / нет")


class Source(models.TextChoices):
    COMPUTED = "computed", _("рассчитывается по данным портала")
    ENTERED = "entered", _("вносит школа в отчёте о ходе выполнения программы")


class Indicator(TimeStampedModel):
    """A monitoring indicator. The 21 of the regulation (docs/indicators.md) are seeded (monitoring.catalogue);
    computed ones are worked out by code named by `code`, entered ones (also those methodologists add) are filed in the
    progress report. Retired, never deleted: past values keep their meaning."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("№ по положению"), default=0)
    name = models.CharField(_("показатель"), max_length=500)
    unit = models.CharField(_("единица"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(_("направление"), max_length=10, choices=Direction.choices, default=Direction.UP)
    period = models.CharField(_("периодичность"), max_length=100, default="учебный год")
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    source_text = models.CharField(_("откуда берётся"), max_length=500, blank=True)
    method = models.TextField(_("как считается"), blank=True, max_length=limits.LONG_TEXT)
    min_n = models.PositiveIntegerField(_("минимальный n"), default=0,
                                        help_text=_("Значение при меньшем n помечается как ненадёжное."))
    is_result = models.BooleanField(_("показатель результатов (для оценки эффекта)"), default=False)
    is_builtin = models.BooleanField(_("из положения"), default=False, editable=False)
    retired_at = models.DateField(_("выведен из мониторинга"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("добавил"))

    class Meta:
        verbose_name = _("показатель мониторинга")
        verbose_name_plural = _("показатели мониторинга")
        ordering = ["number", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:indicator_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    @property
    def suffix(self) -> str:
        return "\u00a0%" if self.unit == Unit.PERCENT else ""


class Target(TimeStampedModel):
    """The target of an indicator for a school year in a municipality (set by its methodologist)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets",
                                  verbose_name=_("показатель"))
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("муниципалитет"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    value = models.DecimalField(_("целевое значение"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("целевое значение показателя")
        verbose_name_plural = _("целевые значения показателей")
        ordering = ["indicator", "school_year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "municipality", "school_year"],
                                               name="monitoring_target_unique")]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.school_year})"


class Value(models.Model):
    """A school's value of an indicator in a school year with its n (what it was computed from: participants,
    teachers, students) and the figures it came from. Marked unreliable when n is under the indicator's minimum."""

    # derived rows, recomputed in bulk (COPY): no database-level foreign-key triggers and only the indexes the reads
    # need (the unique key, year × school); Django's on_delete still cascades and protects, the recompute rewrites
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values",
                                  verbose_name=_("показатель"), db_constraint=False, db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("школа"),
                               db_constraint=False, db_index=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"), db_constraint=False, db_index=False)
    value = models.DecimalField(_("значение"), max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("числитель"), max_digits=14, decimal_places=2, null=True, blank=True)
    n = models.PositiveIntegerField(_("n"), default=0)
    reliable = models.BooleanField(_("надёжно"), default=True)
    change = models.DecimalField(_("изменение к прошлому году"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    data = models.JSONField(_("исходные данные"), default=dict, blank=True)
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices)
    report = models.ForeignKey("roadmaps.ProgressReport", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("отчёт о ходе выполнения"), db_index=False)
    updated_at = models.DateTimeField(_("обновлено"), auto_now=True)

    class Meta:
        verbose_name = _("значение показателя")
        verbose_name_plural = _("значения показателей")
        ordering = ["school_year", "indicator", "school"]
        # one key in the order the recompute writes (year, school, indicator): it also serves the reads by year
        # and by school, so no other index has to be kept up to date during the bulk load
        constraints = [models.UniqueConstraint(fields=["school_year", "school", "indicator"],
                                               name="monitoring_value_unique")]
        indexes = [models.Index(fields=["report"], condition=Q(report__isnull=False),
                                name="monitoring_value_report_idx")]

    def __str__(self):
        return f"{self.indicator.code} {self.school_id} {self.school_year_id}: {self.value}"


class Group(models.TextChoices):
    LRS = "lrs", _("ШНОР")
    DSC = "dsc", _("ШССУ")
    OTHER = "other", _("другие школы")
    ALL = "all", _("все школы")


class Aggregate(models.Model):
    """An indicator's figure for a group of a municipality's schools in a school year, stored by the recompute (and
    refreshed when a school files its values) so dashboards read a few rows whatever the number of schools."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=10, choices=Group.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True)  # pooled share, or the schools' mean
    median = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    schools = models.PositiveIntegerField(default=0)  # schools with a value
    unreliable = models.PositiveIntegerField(default=0)  # of them, under the minimum n
    n = models.PositiveIntegerField(default=0)  # the values' n summed

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "municipality", "school_year", "group"],
                                               name="monitoring_aggregate_unique")]

    def __str__(self):
        return f"{self.indicator_id} {self.municipality_id} {self.school_year_id} {self.group}: {self.value}"


class Progress(models.Model):
    """A school's progress in a school year: result indicators improved and worsened against the year before
    (the dashboards rank schools by `score`)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    improved = models.PositiveSmallIntegerField(default=0)
    worsened = models.PositiveSmallIntegerField(default=0)
    compared = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(max_digits=8, decimal_places=2, default=0)  # mean change of result indicators, п.п.

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="monitoring_progress_unique")]
        indexes = [models.Index(fields=["school_year", "score"], name="monitoring_progress_rank_idx")]

    def __str__(self):
        return f"{self.school_id} {self.school_year_id}: {self.score}"


class ComputeRun(Job):
    """One recompute of the computed indicators (a page's button, the nightly beat or `compute_indicators`): a job
    (docs/jobs.md)."""

    class State(models.TextChoices):
        QUEUED = JobState.QUEUED, _("в очереди")
        RUNNING = JobState.RUNNING, _("считается")
        DONE = JobState.DONE, _("готово")
        FAILED = JobState.FAILED, _("сбой")

    job_kind = "monitoring-runs"
    task_name = "monitoring.tasks.compute_indicators"
    RESTART_REFUSAL = _("Запустить заново можно только пересчёт, завершившийся сбоем или прервавшийся.")

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("регион"))
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("муниципалитет"))
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.QUEUED)
    schools = models.PositiveIntegerField(_("школ"), default=0)
    values = models.PositiveIntegerField(_("значений"), default=0)
    seconds = models.FloatField(_("время, с"), default=0)

    class Meta:
        verbose_name = _("пересчёт показателей")
        verbose_name_plural = _("пересчёты показателей")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Пересчёт за %(y)s") % {"y": self.school_year}

    def get_absolute_url(self):
        return reverse("monitoring:run_detail", args=[self.pk])


class Audience(models.TextChoices):
    SCHOOL = "school", _("школе")
    METHODICAL = "methodical", _("методической службе")
    DEPARTMENT = "department", _("управлению образования")


class Rule(TimeStampedModel):
    """A rule that proposes recommendations, kept as data: its kind (code in monitoring.rules), parameters, the
    audience and the text (with {placeholders} for the figures that triggered it)."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    kind = models.CharField(_("вид правила"), max_length=40)
    name = models.CharField(_("правило"), max_length=300)
    audience = models.CharField(_("кому"), max_length=12, choices=Audience.choices)
    text = models.TextField(_("текст рекомендации"), max_length=limits.LONG_TEXT)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("правило рекомендаций")
        verbose_name_plural = _("правила рекомендаций")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Recommendation(TimeStampedModel):
    """A targeted recommendation (the regulation's п. 3.7, docs/domain.md): proposed by a rule with the figures that
    triggered it, or written by a methodologist; edited, dismissed with a reason, or adopted as a management decision
    with an order (п. 3.8)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("предложена")
        DISMISSED = "dismissed", _("отклонена")
        ADOPTED = "adopted", _("принята решением")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("муниципалитет"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    audience = models.CharField(_("кому"), max_length=12, choices=Audience.choices)
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("правило"))
    text = models.TextField(_("рекомендация"), max_length=limits.LONG_TEXT)
    reasons = models.JSONField(_("основания"), default=list, blank=True)
    state = models.CharField(_("состояние"), max_length=10, choices=State.choices, default=State.PROPOSED)
    edited = models.BooleanField(_("изменена методистом"), default=False)
    dismiss_reason = models.TextField(_("причина отклонения"), blank=True, max_length=limits.COMMENT)
    order_number = models.CharField(_("номер приказа (распоряжения)"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа (распоряжения)"), null=True, blank=True)
    decision = models.TextField(_("управленческое решение"), blank=True, max_length=limits.COMMENT)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("решение принял"))
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("добавил"))

    class Meta:
        verbose_name = _("адресная рекомендация")
        verbose_name_plural = _("адресные рекомендации")
        ordering = ["-school_year", "audience", "school", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "municipality", "school", "school_year"],
                                    condition=Q(rule__isnull=False) & Q(school__isnull=False),
                                    name="monitoring_recommendation_rule_school"),
            models.UniqueConstraint(fields=["rule", "municipality", "school_year"],
                                    condition=Q(rule__isnull=False) & Q(school__isnull=True),
                                    name="monitoring_recommendation_rule_muni"),
            models.CheckConstraint(condition=~Q(state="adopted") | (~Q(order_number="") & Q(order_date__isnull=False)),
                                   name="monitoring_recommendation_adopted_order"),
            models.CheckConstraint(condition=~Q(state="dismissed") | ~Q(dismiss_reason=""),
                                   name="monitoring_recommendation_dismiss_reason"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("monitoring:recommendation_detail", args=[self.pk])


class ReportValue(models.Model):
    """A value a school files in a progress report, kept with the report until the report is accepted: only then is
    it written to `Value` and read by the dashboards, the API and the annual report (reviewed before live). The
    author and the reviewer see it in the report meanwhile."""

    report = models.ForeignKey("roadmaps.ProgressReport", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("отчёт о ходе выполнения"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("показатель"))
    value = models.DecimalField(_("значение"), max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("числитель"), max_digits=14, decimal_places=2, null=True, blank=True)
    n = models.PositiveIntegerField(_("n"), default=0)
    reliable = models.BooleanField(_("надёжно"), default=True)
    data = models.JSONField(_("исходные данные"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("обновлено"), auto_now=True)

    class Meta:
        verbose_name = _("значение в отчёте о ходе выполнения")
        verbose_name_plural = _("значения в отчётах о ходе выполнения")
        ordering = ["report", "indicator__number"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="monitoring_report_value_unique")]

    def __str__(self):
        return f"{self.indicator_id} {self.report_id}: {self.value}"
