"""Roadmaps of three levels (municipal, a school's programme, a leader school's or site's plan), the review states
they share with progress reports, their approved revisions and the workflow's events."""


from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import TimeStampedModel
from partnerships.models import Designation
from schools.models import Municipality, School, SchoolYear


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
    goal = models.TextField(_("цель"), max_length=limits.LONG_TEXT)
    tasks = models.TextField(_("задачи"), blank=True, max_length=limits.LONG_TEXT)
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
    comment = models.TextField(_("комментарий"), blank=True, max_length=limits.COMMENT)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие согласования")
        verbose_name_plural = _("события согласования")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y})"
