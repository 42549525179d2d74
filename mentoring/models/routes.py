"""Individual development routes (ИОМ) and their items, ticked off by attendance and completed courses."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.formats import ru_date
from core.models import TimeStampedModel
from schools.models import Teacher

from .courses import Course
from .diagnostics import Competence
from .events import Event
from .pairs import MentoringPair


class DevelopmentRoute(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="routes", verbose_name=_("педагог"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    goal = models.TextField(_("цель"), blank=True, max_length=limits.LONG_TEXT)
    deficits = models.ManyToManyField(Competence, related_name="+", blank=True,
                                      verbose_name=_("дефициты, на которые направлен"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("составил"))

    class Meta:
        verbose_name = _("индивидуальный образовательный маршрут")
        verbose_name_plural = _("индивидуальные образовательные маршруты")
        ordering = ["teacher", "-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="route_end_after_start")]

    def __str__(self):
        return _("ИОМ: %(t)s, %(a)s–%(b)s") % {"t": self.teacher, "a": ru_date(self.start),
                                                 "b": ru_date(self.end)}

    def get_absolute_url(self):
        return reverse("mentoring:teacher_detail", args=[self.teacher_id]) + "#route"


class RouteItem(TimeStampedModel):
    class Kind(models.TextChoices):
        COURSE = "course", _("курс повышения квалификации")
        EVENT = "event", _("мероприятие")
        MENTORING = "mentoring", _("наставничество")
        SELF_STUDY = "self_study", _("самообразование")

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        CANCELLED = "cancelled", _("отменено")

    route = models.ForeignKey(DevelopmentRoute, on_delete=models.CASCADE, related_name="items",
                              verbose_name=_("маршрут"))
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("содержание"), max_length=500)
    due = models.DateField(_("срок"))
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="route_items",
                              verbose_name=_("мероприятие"))
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="route_items",
                               verbose_name=_("курс"))
    pair = models.ForeignKey(MentoringPair, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="route_items", verbose_name=_("наставническая пара"))

    class Meta:
        verbose_name = _("пункт маршрута")
        verbose_name_plural = _("пункты маршрута")
        ordering = ["route", "due", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE
