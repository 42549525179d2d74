"""The archive of annual effectiveness reports: one row per version of a report (territory × school year), with its
parameters, the time its data was read, who asked for it, the PDF and its XLSX companion, size and page count."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs.models import Job, JobState
from core.storage import private_storage
from schools.models import Municipality, Region, School, SchoolYear


class Level(models.TextChoices):
    MUNICIPALITY = "municipality", _("муниципалитет")
    REGION = "region", _("регион")
    SCHOOL = "school", _("школа")


class AnnualReport(Job):
    """A version of the annual report of a territory for a school year: a job (docs/jobs.md). Asking for the report
    again makes the next version (earlier ones are kept); building one version again (a retried task) replaces its own
    files."""

    class State(models.TextChoices):
        QUEUED = JobState.QUEUED, _("в очереди")
        RUNNING = JobState.RUNNING, _("формируется")
        DONE = JobState.DONE, _("готов")
        FAILED = JobState.FAILED, _("сбой")

    job_kind = "annual-reports"
    task_name = "monitoring.reports.tasks.build_report"
    RESTART_REFUSAL = _("Заново формируется только отчёт, формирование которого завершилось сбоем или прервалось.")
    FAILED_PREFIX = _("Отчёт не сформирован.")

    level = models.CharField(_("уровень"), max_length=12, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("регион"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("муниципалитет"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    territory_key = models.CharField(_("территория (ключ)"), max_length=30, editable=False,
                                     help_text=_("Например, «municipality:12»: версии считаются по территории и году."))
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.QUEUED)
    scheduled = models.BooleanField(_("по расписанию"), default=False)
    data_as_of = models.DateTimeField(_("данные на"), null=True, blank=True)
    seconds = models.FloatField(_("время формирования, с"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="reports/", storage=private_storage, blank=True)
    xlsx = models.FileField(_("таблицы (XLSX)"), upload_to="reports/", storage=private_storage, blank=True)
    size = models.PositiveIntegerField(_("размер PDF, байт"), default=0)
    pages = models.PositiveIntegerField(_("страниц"), default=0)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)

    class Meta:
        verbose_name = _("годовой отчёт")
        verbose_name_plural = _("годовые отчёты")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["territory_key", "school_year", "version"],
                                    name="annual_report_unique_version"),
            # one version of a territory's report is built at a time: a second request joins it
            models.UniqueConstraint(fields=["territory_key", "school_year"],
                                    condition=Q(state__in=["queued", "running"]), name="annual_report_one_in_work"),
            models.CheckConstraint(
                condition=(Q(level="region", municipality__isnull=True, school__isnull=True)
                           | Q(level="municipality", municipality__isnull=False, school__isnull=True)
                           | Q(level="school", municipality__isnull=False, school__isnull=False)),
                name="annual_report_level_matches_territory"),
        ]
        indexes = [models.Index(fields=["municipality", "school_year"], name="annual_report_muni_year_idx")]

    def __str__(self):
        return _("Годовой отчёт: %(t)s, %(y)s, версия %(v)s") % {"t": self.territory, "y": self.school_year,
                                                                 "v": self.version}

    def get_absolute_url(self):
        return reverse("monitoring_reports:report_detail", args=[self.pk])

    @property
    def territory(self):
        return self.school or self.municipality or self.region

    @property
    def territory_label(self) -> str:
        if self.level == Level.SCHOOL:
            return f"{self.school.short_name} ({self.municipality.name})"
        return str(self.territory)

    @classmethod
    def failure_text(cls, message: str) -> str:
        return f"{cls.FAILED_PREFIX} {message}"

    def file_stem(self) -> str:
        """The downloaded files' name: «godovoj-otchet-dinskoy-2025-2026-v2» (Latin: every browser and mail agent
        keeps it)."""
        code = self.school.code if self.school_id else (self.municipality.code if self.municipality_id
                                                        else self.region.code)
        year = self.school_year.start_year
        return f"annual-report-{code}-{year}-{year + 1}-v{self.version}"
