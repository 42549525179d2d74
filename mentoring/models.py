"""Methodical work with teachers: teaching assignments (for teacher-level results), events with attendance, mentoring
and tutoring pairs, deficit diagnostics, individual development routes (ИОМ), courses (КПК) and communities.

Who is a young specialist is decided in one place: `YOUNG_SPECIALIST_YEARS` (README «Решения»).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import CatalogueItem, TimeStampedModel
from core.storage import private_storage
from partnerships.models import Agreement, Designation
from roadmaps.models import Activity
from schools.models import Municipality, School, SchoolYear, Subject, Teacher

# A teacher with less than this many years of teaching experience (Teacher.experience_years) is a young specialist
# (молодой специалист: the first three years of work after graduation, as regional support measures count them).
YOUNG_SPECIALIST_YEARS = 3


def young_specialist_q(prefix: str = "") -> Q:
    """The one definition of a young specialist, as a filter on Teacher (prefix: «teacher__» from related rows)."""
    return Q(**{f"{prefix}experience_years__lt": YOUNG_SPECIALIST_YEARS})


# ---- 1. teaching assignments and the thresholds of "low results" ------------------------------------------


class TeachingAssignment(TimeStampedModel):
    """Teacher × school year × class × subject: whose results a class's results are."""

    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="assignments",
                                verbose_name=_("педагог"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    class_name = models.CharField(_("класс"), max_length=10, help_text=_("Например, «5А»."))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))

    class Meta:
        verbose_name = _("учебная нагрузка")
        verbose_name_plural = _("учебная нагрузка")
        ordering = ["teacher", "school_year", "class_name", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "school_year", "class_name", "subject"],
                                    name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["school_year", "subject", "class_name"], name="assignment_year_idx")]

    def __str__(self):
        return f"{self.teacher} — {self.class_name}, {self.subject} ({self.school_year})"


class LowResultsRule(TimeStampedModel):
    """The explicit, editable thresholds of "a teacher with low results" in a municipality."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="low_results_rule",
                                        verbose_name=_("муниципалитет"))
    failing_share = models.DecimalField(
        _("доля «2» не меньше, %"), max_digits=5, decimal_places=1, default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    mean_mark = models.DecimalField(
        _("средняя отметка меньше"), max_digits=3, decimal_places=2, default=3.3,
        validators=[MinValueValidator(2), MaxValueValidator(5)],
        help_text=_("Средняя отметка (2–5) по всем классам педагога: сравнима между классами и предметами, в "
                    "отличие от первичного балла."))
    min_students = models.PositiveSmallIntegerField(
        _("малая выборка: меньше обучающихся"), default=10,
        help_text=_("Результат с меньшим числом обучающихся показывается как ненадёжный."))

    class Meta:
        verbose_name = _("пороги «педагог с низкими результатами»")
        verbose_name_plural = _("пороги «педагог с низкими результатами»")

    def __str__(self):
        return str(self.municipality)

    DEFAULTS = {"failing_share": 20, "mean_mark": 3.3, "min_students": 10}


# ---- 2. events ---------------------------------------------------------------------------------------------


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
    result = models.TextField(_("итог"), blank=True)
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


# ---- 3. mentoring and tutoring pairs -------------------------------------------------------------------------


class MentoringPair(TimeStampedModel):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("наставник")
        TUTOR = "tutor", _("тьютор")

    class Form(models.TextChoices):
        TEACHER_TEACHER = "teacher_teacher", _("педагог — педагог")
        GROUP = "group", _("групповое")
        YOUNG = "young", _("молодой специалист")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершено")
        STOPPED = "stopped", _("прекращено")

    role = models.CharField(_("сопровождение"), max_length=10, choices=Role.choices, default=Role.MENTOR)
    mentor = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentoring_as_mentor",
                               verbose_name=_("наставник / тьютор"))
    mentee = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentoring_as_mentee",
                               verbose_name=_("наставляемый"))
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="mentoring_pairs", verbose_name=_("по соглашению"))
    form = models.CharField(_("форма"), max_length=20, choices=Form.choices, default=Form.TEACHER_TEACHER)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("предмет"))
    goals = models.TextField(_("цели"), blank=True)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    planned_meetings = models.PositiveSmallIntegerField(_("запланировано встреч"), default=0)
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    outcome = models.TextField(_("итог"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("наставническая пара")
        verbose_name_plural = _("наставнические пары")
        ordering = ["-start", "mentee__full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="pair_end_after_start"),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="pair_mentor_not_mentee"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class MentoringMeeting(models.Model):
    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="meetings",
                             verbose_name=_("пара"))
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    notes = models.TextField(_("заметки"), blank=True)

    class Meta:
        verbose_name = _("встреча наставника")
        verbose_name_plural = _("встречи наставников")
        ordering = ["pair", "date"]

    def __str__(self):
        return f"{self.pair}: {self.topic}"


# ---- 4. deficit diagnostics -------------------------------------------------------------------------------


class DiagnosticInstrument(TimeStampedModel):
    name = models.CharField(_("название"), max_length=300, unique=True)
    description = models.TextField(_("описание"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("шкала: от"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("шкала: до"), default=100)
    deficit_below = models.PositiveSmallIntegerField(
        _("дефицит: балл меньше"), default=50,
        help_text=_("Компетенция с баллом меньше этого значения считается профессиональным дефицитом."))
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("инструмент диагностики")
        verbose_name_plural = _("инструменты диагностики")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="instrument_scale_order"),
            models.CheckConstraint(condition=Q(deficit_below__gte=F("scale_min"), deficit_below__lte=F("scale_max")),
                                   name="instrument_threshold_in_scale"),
        ]

    def __str__(self):
        return self.name


class Competence(models.Model):
    instrument = models.ForeignKey(DiagnosticInstrument, on_delete=models.CASCADE, related_name="competences",
                                   verbose_name=_("инструмент"))
    code = models.CharField(_("код"), max_length=20)
    name = models.CharField(_("компетенция"), max_length=300)
    ordering = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("компетенция")
        verbose_name_plural = _("компетенции")
        ordering = ["instrument", "ordering", "code"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="competence_unique_code")]

    def __str__(self):
        return self.name


class Diagnostic(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="diagnostics",
                                verbose_name=_("педагог"))
    instrument = models.ForeignKey(DiagnosticInstrument, on_delete=models.PROTECT, related_name="diagnostics",
                                   verbose_name=_("инструмент"))
    date = models.DateField(_("дата"))
    conducted_by = models.CharField(_("кто проводил"), max_length=300, blank=True)
    notes = models.TextField(_("заключение"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("диагностика профессиональных дефицитов")
        verbose_name_plural = _("диагностики профессиональных дефицитов")
        ordering = ["teacher", "instrument", "date"]
        constraints = [models.UniqueConstraint(fields=["teacher", "instrument", "date"], name="diagnostic_unique_day")]

    def __str__(self):
        return f"{self.teacher} — {self.instrument}, {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("mentoring:teacher_detail", args=[self.teacher_id]) + "#diagnostics"


class DiagnosticScore(models.Model):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("диагностика"))
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("компетенция"))
    score = models.PositiveSmallIntegerField(_("балл"))
    is_deficit = models.BooleanField(_("дефицит"), default=False)

    class Meta:
        verbose_name = _("балл по компетенции")
        verbose_name_plural = _("баллы по компетенциям")
        ordering = ["diagnostic", "competence__ordering"]
        constraints = [models.UniqueConstraint(fields=["diagnostic", "competence"], name="score_unique_competence")]

    def __str__(self):
        return f"{self.competence}: {self.score}"


# ---- 5. development routes (ИОМ) -----------------------------------------------------------------------


class DevelopmentRoute(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="routes", verbose_name=_("педагог"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    goal = models.TextField(_("цель"), blank=True)
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
        return _("ИОМ: %(t)s, %(a)s–%(b)s") % {"t": self.teacher, "a": self.start.strftime("%d.%m.%Y"),
                                                 "b": self.end.strftime("%d.%m.%Y")}

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
    course = models.ForeignKey("Course", on_delete=models.SET_NULL, null=True, blank=True, related_name="route_items",
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


# ---- 6. courses and communities --------------------------------------------------------------------------


class TopicArea(models.TextChoices):
    QUALITY = "quality", _("качество образования")
    SUBJECT = "subject", _("предметная подготовка")
    ASSESSMENT = "assessment", _("оценивание и объективность")
    MANAGEMENT = "management", _("управление")
    INCLUSION = "inclusion", _("инклюзивное образование")
    UPBRINGING = "upbringing", _("воспитание")
    OTHER = "other", _("иное")


class Course(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="courses", verbose_name=_("педагог"))
    title = models.CharField(_("программа"), max_length=500)
    provider = models.CharField(_("организация"), max_length=300)
    hours = models.PositiveSmallIntegerField(_("часов"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    topic_area = models.CharField(_("направление"), max_length=20, choices=TopicArea.choices,
                                  default=TopicArea.QUALITY)
    completed = models.BooleanField(_("завершён"), default=False)
    certificate = models.FileField(_("удостоверение"), upload_to="certificates/%Y/", storage=private_storage,
                                   blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("курс повышения квалификации")
        verbose_name_plural = _("курсы повышения квалификации")
        ordering = ["teacher", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="course_end_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} ч.)"

    def get_absolute_url(self):
        return reverse("mentoring:teacher_detail", args=[self.teacher_id]) + "#courses"


class Community(TimeStampedModel):
    class Kind(models.TextChoices):
        MUNICIPAL_MA = "rmo", _("районное методическое объединение")
        SCHOOL_MA = "shmo", _("школьное методическое объединение")
        NETWORK = "network", _("сетевое сообщество")
        TUTORS = "tutors", _("сообщество тьюторов")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="communities",
                                     verbose_name=_("муниципалитет"))
    name = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPAL_MA)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("предмет"))
    leader = models.ForeignKey(Teacher, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("руководитель"))
    members = models.ManyToManyField(Teacher, related_name="communities", blank=True, verbose_name=_("участники"))
    description = models.TextField(_("описание"), blank=True)

    class Meta:
        verbose_name = _("профессиональное сообщество")
        verbose_name_plural = _("профессиональные сообщества")
        ordering = ["municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="community_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:community_detail", args=[self.pk])


class CommunityMeeting(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("сообщество"))
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    participants = models.PositiveSmallIntegerField(_("участников"), default=0)

    class Meta:
        verbose_name = _("заседание сообщества")
        verbose_name_plural = _("заседания сообществ")
        ordering = ["community", "-date"]

    def __str__(self):
        return f"{self.community}: {self.topic}"
