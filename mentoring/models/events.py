"""Methodical events (seminars, master classes, consultations, …) with their materials and participants."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import CatalogueItem, TimeStampedModel
from core.storage import private_storage
from partnerships.models import Agreement, Designation
from roadmaps.models import Activity
from schools.models import Municipality, School, Subject, Teacher


class EventKind(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("вид мероприятия")
        verbose_name_plural = _("виды мероприятий")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("очно")
    REMOTE = "remote", _("дистанционно")


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        HELD = "held", _("проведено")
        CANCELLED = "cancelled", _("отменено")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="mentoring_events",
                                     verbose_name=_("муниципалитет"))
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("вид"))
    topic = models.CharField(_("тема"), max_length=500)
    date = models.DateField(_("дата"))
    time = models.TimeField(_("время"), null=True, blank=True)
    format = models.CharField(_("формат"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON)
    place = models.CharField(_("место или ссылка на встречу"), max_length=500, blank=True)
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="mentoring_events",
                                    verbose_name=_("организатор: школа-лидер / площадка"))
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="mentoring_events", verbose_name=_("по соглашению"))
    organiser_text = models.CharField(_("организатор (если не площадка)"), max_length=300, blank=True,
                                      help_text=_("Например, «ИМЦ» для муниципальных мероприятий."))
    target_schools = models.ManyToManyField(School, related_name="mentoring_events", blank=True,
                                            verbose_name=_("для школ"))
    subjects = models.ManyToManyField(Subject, related_name="+", blank=True, verbose_name=_("предметы"))
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="mentoring_events", verbose_name=_("мероприятие плана площадки"))
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    result = models.TextField(_("итог"), blank=True, max_length=limits.LONG_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("методическое мероприятие")
        verbose_name_plural = _("методические мероприятия")
        ordering = ["-date", "-time", "topic"]
        indexes = [models.Index(fields=["municipality", "date"], name="event_muni_date_idx")]

    def __str__(self):
        return f"{self.kind}: {self.topic}"

    def get_absolute_url(self):
        return reverse("mentoring:event_detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def organiser(self) -> str:
        if self.designation_id:
            return str(self.designation.school)
        return self.organiser_text


class EventMaterial(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("мероприятие"))
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to="events/%Y/%m/", storage=private_storage, blank=True)
    url = models.URLField(_("ссылка"), blank=True)

    class Meta:
        verbose_name = _("материал мероприятия")
        verbose_name_plural = _("материалы мероприятий")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="material_file_or_url")]

    def __str__(self):
        return self.title


class Participation(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations",
                              verbose_name=_("мероприятие"))
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="participations",
                                verbose_name=_("педагог"))
    attended = models.BooleanField(_("присутствовал"), null=True, blank=True,
                                   help_text=_("Пусто — посещаемость ещё не отмечена."))
    rating = models.PositiveSmallIntegerField(_("оценка (1–5)"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("отзыв"), max_length=1000, blank=True)
    feedback_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("отзыв записал"))

    class Meta:
        verbose_name = _("участие в мероприятии")
        verbose_name_plural = _("участие в мероприятиях")
        ordering = ["event", "teacher__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "teacher"], name="participation_unique"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="participation_rating_1_5"),
        ]

    def __str__(self):
        return f"{self.teacher} — {self.event}"
