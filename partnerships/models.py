"""Support infrastructure: designations (leader school, internship site, …) and partnership agreements."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import TimeStampedModel
from core.storage import private_storage
from schools.models import School


class DesignationKind(models.Model):
    """A kind of status given by an order; a list, not code, so a region can add e.g. a mentoring centre."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=200, unique=True)
    short_name = models.CharField(_("краткое название"), max_length=60)
    ordering = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("вид статуса")
        verbose_name_plural = _("виды статусов")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name


class Ground(models.TextChoices):
    HIGH_RESULTS = "high_results", _("высокие образовательные результаты")
    INNOVATION_SITE = "innovation_site", _("региональная инновационная площадка")
    LEADING_TEACHERS = "leading_teachers", _("педагоги с передовым опытом")
    OTHER = "other", _("иное")


class Designation(TimeStampedModel):
    class State(models.TextChoices):
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершён")
        TERMINATED = "terminated", _("прекращён досрочно")

    class TerminationReason(models.TextChoices):
        DONE_EARLY = "done_early", _("программа выполнена досрочно")
        CIRCUMSTANCES = "circumstances", _("обстоятельства, препятствующие продолжению")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="designations",
                               verbose_name=_("школа"))
    kind = models.ForeignKey(DesignationKind, on_delete=models.PROTECT, related_name="designations",
                             verbose_name=_("вид статуса"))
    topic = models.CharField(_("тема"), max_length=500)
    grounds = models.JSONField(_("основания"), default=list, blank=True)
    grounds_note = models.TextField(_("основания: пояснение"), blank=True, max_length=limits.COMMENT)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    order_number = models.CharField(_("номер приказа"), max_length=50)
    order_date = models.DateField(_("дата приказа"))
    order_document = models.FileField(_("скан приказа"), upload_to="orders/%Y/", storage=private_storage,
                                      blank=True)
    head = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("руководитель площадки"))
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.ACTIVE)
    termination_reason = models.CharField(_("причина прекращения"), max_length=20,
                                          choices=TerminationReason.choices, blank=True)
    termination_note = models.TextField(_("пояснение к прекращению"), blank=True, max_length=limits.COMMENT)
    terminated_on = models.DateField(_("дата прекращения"), null=True, blank=True)
    end_notice_sent = models.BooleanField(_("предупреждение об окончании отправлено"), default=False)

    class Meta:
        verbose_name = _("присвоение статуса")
        verbose_name_plural = _("присвоения статусов")
        ordering = ["-start", "school"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="designation_end_after_start")]

    def __str__(self):
        return f"{self.kind.short_name}: {self.school}"

    def get_absolute_url(self):
        return reverse("partnerships:designation_detail", args=[self.pk])

    @property
    def ground_labels(self) -> list[str]:
        labels = dict(Ground.choices)
        return [str(labels.get(g, g)) for g in self.grounds]

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    def active_on(self, day) -> bool:
        return self.is_active and self.start <= day <= self.end


class AgreementDirection(models.TextChoices):
    """Directions of work named in a partnership agreement (stored as codes in `Agreement.directions`); not to
    be confused with `roadmaps.Direction`, the catalogue of roadmap activity directions."""

    MANAGEMENT = "management", _("управление")
    SUBJECT_TEACHING = "subject_teaching", _("преподавание предметов")
    OBJECTIVITY = "objectivity", _("объективность оценивания")
    MENTORING = "mentoring", _("наставничество")
    TUTORING = "tutoring", _("тьюторство")
    UPBRINGING = "upbringing", _("воспитание")


class Agreement(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("черновик")
        ACTIVE = "active", _("действует")
        EXPIRED = "expired", _("истёк срок")
        TERMINATED = "terminated", _("расторгнуто")

    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="agreements",
                                    verbose_name=_("школа-лидер / площадка"))
    supported_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="support_agreements",
                                         verbose_name=_("сопровождаемая школа"))
    number = models.CharField(_("номер"), max_length=50)
    signed_on = models.DateField(_("дата подписания"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    directions = models.JSONField(_("направления работы"), default=list, blank=True)
    subjects = models.CharField(_("предметы"), max_length=300, blank=True)
    contacts = models.TextField(_("контактные лица"), blank=True, max_length=limits.COMMENT)
    document = models.FileField(_("подписанное соглашение (PDF)"), upload_to="agreements/%Y/",
                                storage=private_storage, blank=True)
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.DRAFT)
    termination_reason = models.TextField(_("причина расторжения"), blank=True, max_length=limits.COMMENT)
    end_notice_sent = models.BooleanField(_("предупреждение об окончании отправлено"), default=False)

    class Meta:
        verbose_name = _("партнёрское соглашение")
        verbose_name_plural = _("партнёрские соглашения")
        ordering = ["-signed_on", "number"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="agreement_end_after_start")]

    def __str__(self):
        return _("Соглашение № %(n)s от %(d)s") % {"n": self.number, "d": self.signed_on.strftime("%d.%m.%Y")}

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def leader_school(self) -> School:
        return self.designation.school

    @property
    def direction_labels(self) -> list[str]:
        labels = dict(AgreementDirection.choices)
        return [str(labels.get(d, d)) for d in self.directions]
