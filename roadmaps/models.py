"""Roadmaps (дорожные карты, планы-графики) of three levels, their activities, approval workflow and revisions,
risk factors and school risk profiles, and periodic progress reports."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CatalogueItem, TimeStampedModel
from core.storage import private_storage
from partnerships.models import Designation
from schools.models import Municipality, School, SchoolYear


class Direction(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("направление работы")
        verbose_name_plural = _("направления работы")


class RiskFactor(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("фактор риска")
        verbose_name_plural = _("факторы риска")


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("муниципальная дорожная карта")
    SCHOOL = "school", _("программа перехода школы")
    SITE = "site", _("план школы-лидера / площадки")


class ReportPeriod(models.TextChoices):
    QUARTER = "quarter", _("квартал")
    HALF_YEAR = "half_year", _("полугодие")


class ReviewStates:
    """What a document under review may do in its state (draft or returned → submitted → approved/accepted);
    templates, views and services read these, never the status strings. The model names its EDITABLE states."""

    EDITABLE: tuple = ()

    @property
    def is_editable(self) -> bool:
        """Changed and sent by its authors: a draft or one returned for rework."""
        return self.status in self.EDITABLE

    @property
    def is_submitted(self) -> bool:
        """Waiting for the review."""
        return self.status == "submitted"

    @property
    def is_returned(self) -> bool:
        return self.status == "returned"


class Roadmap(ReviewStates, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на согласовании")
        RETURNED = "returned", _("возвращена на доработку")
        APPROVED = "approved", _("утверждена")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    level = models.CharField(_("уровень"), max_length=20, choices=Level.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="roadmaps",
                                     verbose_name=_("муниципалитет"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="roadmaps",
                               verbose_name=_("школа"))
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="roadmaps", verbose_name=_("статус школы-лидера / площадки"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    title = models.CharField(_("название"), max_length=500)
    goal = models.TextField(_("цель"))
    tasks = models.TextField(_("задачи"), blank=True)
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("окончание периода"))
    report_period = models.CharField(_("отчёт о ходе выполнения"), max_length=20, choices=ReportPeriod.choices,
                                     default=ReportPeriod.QUARTER)
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveSmallIntegerField(_("редакция"), default=1)
    order_number = models.CharField(_("номер приказа об утверждении"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа об утверждении"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("утвердил"))
    approved_at = models.DateTimeField(_("утверждена"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("автор"))
    # who sent the current revision for approval: they may not approve it (separation of duties)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("отправил на согласование"))

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-school_year__start_year", "level", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="roadmap_period_order"),
            models.CheckConstraint(
                condition=Q(level="municipal", school__isnull=True, designation__isnull=True)
                | Q(level="school", school__isnull=False, designation__isnull=True)
                | Q(level="site", school__isnull=False, designation__isnull=False),
                name="roadmap_level_owner"),
            models.UniqueConstraint(fields=["municipality", "school_year"], condition=Q(level="municipal"),
                                    name="roadmap_one_municipal_per_year"),
            models.UniqueConstraint(fields=["school", "school_year"], condition=Q(level="school"),
                                    name="roadmap_one_programme_per_year"),
            models.UniqueConstraint(fields=["designation", "school_year"], condition=Q(level="site"),
                                    name="roadmap_one_site_plan_per_year"),
        ]
        indexes = [models.Index(fields=["municipality", "school_year", "level"], name="roadmap_scope_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmaps:roadmap_detail", args=[self.pk])

    # ---- what the state allows (templates, views and services read these, never the status strings) ----


    @property
    def is_approved(self) -> bool:
        """In force; changes go into a new revision."""
        return self.status == self.Status.APPROVED

    @property
    def is_programme(self) -> bool:
        """A school's programme: the level with a risk profile and risk factors on activities."""
        return self.level == Level.SCHOOL

    @property
    def owner_name(self) -> str:
        return str(self.school.short_name if self.school_id else self.municipality.name)


class RoadmapRevision(models.Model):
    """An approved (or submitted) state of a roadmap's plan, kept readable for good, with what changed."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name=_("дорожная карта"))
    number = models.PositiveSmallIntegerField(_("редакция"))
    snapshot = models.JSONField(_("содержание"))
    changes = models.JSONField(_("изменения к предыдущей редакции"), default=list, blank=True)
    order_number = models.CharField(_("номер приказа"), max_length=50)
    order_date = models.DateField(_("дата приказа"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("утвердил"))
    approved_at = models.DateTimeField(_("утверждена"), default=timezone.now)

    class Meta:
        verbose_name = _("редакция дорожной карты")
        verbose_name_plural = _("редакции дорожных карт")
        ordering = ["roadmap", "-number"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_revision_unique")]

    def __str__(self):
        return _("Редакция %(n)s") % {"n": self.number}

    def get_absolute_url(self):
        return reverse("roadmaps:revision_detail", args=[self.roadmap_id, self.number])


class WorkflowEvent(models.Model):
    """The roadmap's history: submitted, returned (with the comment), approved, opened for changes."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("отправлена на согласование")
        RETURNED = "returned", _("возвращена на доработку")
        APPROVED = "approved", _("утверждена")
        REVISED = "revised", _("открыта для изменений")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="events",
                                verbose_name=_("дорожная карта"))
    revision = models.PositiveSmallIntegerField(_("редакция"))
    action = models.CharField(_("действие"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("кто"))
    comment = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие согласования")
        verbose_name_plural = _("события согласования")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y})"


class Activity(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        NOT_DONE = "not_done", _("не выполнено")
        CANCELLED = "cancelled", _("отменено")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="activities",
                                verbose_name=_("дорожная карта"))
    number = models.PositiveIntegerField(_("№ п/п"))
    title = models.CharField(_("мероприятие"), max_length=1000)
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("направление"))
    risk_factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="activities", verbose_name=_("фактор риска"))
    start = models.DateField(_("начало"))
    due = models.DateField(_("срок исполнения"))
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="responsible_activities",
                                         verbose_name=_("ответственный (пользователь)"))
    responsible_text = models.CharField(_("ответственные"), max_length=500, blank=True)
    executors = models.CharField(_("исполнители (организации)"), max_length=1000, blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True)
    indicator = models.CharField(_("целевой показатель"), max_length=500, blank=True)
    target_value = models.CharField(_("целевое значение"), max_length=100, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    percent = models.PositiveSmallIntegerField(_("выполнено, %"), default=0)
    report = models.TextField(_("отчёт о выполнении"), blank=True)
    completed_on = models.DateField(_("дата выполнения"), null=True, blank=True)

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="activity_number_unique"),
            models.CheckConstraint(condition=Q(due__gte=F("start")), name="activity_due_after_start"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="activity_percent_max_100"),
        ]
        indexes = [models.Index(fields=["due", "status"], name="activity_due_idx")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("roadmaps:activity_detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Computed, never entered: the due date passed (in the portal's time zone) and the work is still open."""
        return self.status in self.OPEN and self.due < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_not_done(self) -> bool:
        return self.status == self.Status.NOT_DONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def responsible(self) -> str:
        parts = [self.responsible_user.display_name] if self.responsible_user_id else []
        if self.responsible_text:
            parts.append(self.responsible_text)
        return "; ".join(parts)


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence",
                                 verbose_name=_("мероприятие"))
    file = models.FileField(_("файл"), upload_to="evidence/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("загрузил"))
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждающий файл")
        verbose_name_plural = _("подтверждающие файлы")
        ordering = ["activity", "uploaded_at"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments",
                                 verbose_name=_("мероприятие"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("автор"))
    text = models.TextField(_("текст"))
    created_at = models.DateTimeField(_("написан"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")
        ordering = ["activity", "created_at"]

    def __str__(self):
        return self.text[:60]


class RiskProfile(TimeStampedModel):
    """A school's self-diagnosis for a school year: each factor relevant or not, its level and measures."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_profiles",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))

    class Meta:
        verbose_name = _("рисковый профиль")
        verbose_name_plural = _("рисковые профили")
        ordering = ["-school_year__start_year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="risk_profile_unique")]

    def __str__(self):
        return _("Рисковый профиль: %(s)s, %(y)s") % {"s": self.school, "y": self.school_year}

    def get_absolute_url(self):
        return reverse("roadmaps:risk_profile", args=[self.school_id, self.school_year.start_year])


class RiskLevel(models.TextChoices):
    LOW = "low", _("низкий")
    MEDIUM = "medium", _("средний")
    HIGH = "high", _("высокий")


class RiskProfileItem(models.Model):
    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("профиль"))
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("фактор риска"))
    relevant = models.BooleanField(_("актуален"), default=False)
    level = models.CharField(_("уровень"), max_length=10, choices=RiskLevel.choices, blank=True)
    measures = models.TextField(_("меры"), blank=True)

    class Meta:
        verbose_name = _("фактор в профиле")
        verbose_name_plural = _("факторы в профиле")
        ordering = ["profile", "factor__ordering"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "factor"], name="risk_item_unique"),
            models.CheckConstraint(condition=Q(relevant=False) | ~Q(level=""), name="risk_item_relevant_has_level"),
        ]

    def __str__(self):
        return str(self.factor)


class ProgressReport(ReviewStates, TimeStampedModel):
    """A periodic report on a roadmap (quarter or half-year) for the methodologist's review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на проверке")
        ACCEPTED = "accepted", _("принят")
        RETURNED = "returned", _("возвращён на доработку")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("дорожная карта"))
    period_start = models.DateField(_("начало отчётного периода"))
    period_end = models.DateField(_("конец отчётного периода"))
    label = models.CharField(_("период"), max_length=60)
    summary = models.TextField(_("итоги периода"))
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(_("мероприятия на дату отправки"), default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("отправил"))
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("проверил"))
    reviewed_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    review_comment = models.TextField(_("замечания"), blank=True)

    class Meta:
        verbose_name = _("отчёт о ходе выполнения")
        verbose_name_plural = _("отчёты о ходе выполнения")
        ordering = ["roadmap", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "period_start"], name="progress_report_unique")]

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    def __str__(self):
        return _("Отчёт за %(p)s") % {"p": self.label}


    def get_absolute_url(self):
        return reverse("roadmaps:report_detail", args=[self.pk])


class DigestLog(models.Model):
    """One digest per user per day: the daily task may run twice, the e-mail goes once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    activities = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("отправленная сводка")
        verbose_name_plural = _("отправленные сводки")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self):
        return f"{self.user_id}: {self.day:%d.%m.%Y}"
