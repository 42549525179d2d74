"""Forms of the methodical work. Choices are limited by `access` (what the user may pick); the services check again."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.formats import parse_school_year, ru_date, school_year_of
from core.forms import KeptFileInput, widen
from roadmaps.models import Activity, Level
from schools.models import Municipality, Subject, Teacher

from . import access
from .models import (
    Community,
    Competence,
    Course,
    DevelopmentRoute,
    DiagnosticInstrument,
    EventFormat,
    EventKind,
    LowResultsRule,
    MentoringPair,
    RouteItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.school.short_name}"


class TeacherMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.school.short_name}"


class PairChoiceField(forms.ModelChoiceField):
    """A pair named by its teachers as the user may see them (mentoring/access.py, `TeacherDetails`)."""

    details = None

    def label_from_instance(self, obj):
        def name(teacher):
            return teacher.full_name if self.details.shows(teacher, obj) else str(access.OTHER_SCHOOL_TEACHER)
        return f"{name(obj.mentor)} → {name(obj.mentee)} ({ru_date(obj.start)} — {ru_date(obj.end)})"


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.designation.school.short_name} → {obj.supported_school.short_name}"


class DesignationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.school.short_name} ({obj.kind.short_name})"


class ServiceCheckedForm(forms.ModelForm):
    """A model form whose instance the service builds and checks (fields, constraints), with a message at each field:
    the form checks only its own fields and leaves the instance alone (core.forms.ServiceModelForm still builds and
    validates it, constraints aside)."""

    def _post_clean(self):
        pass


class EventForm(forms.Form):
    """The one form of «log an event»: the event itself; participants and attendance come from the table under it
    (checkboxes `participant` and `attended` with teacher ids, read by the view)."""

    kind = forms.ModelChoiceField(label=_("Вид мероприятия"), queryset=EventKind.objects.filter(is_active=True))
    topic = forms.CharField(label=_("Тема"), max_length=500)
    date = forms.DateField(label=_("Дата"), widget=DATE)
    time = forms.TimeField(label=_("Время"), widget=TIME, required=False)
    format = forms.ChoiceField(label=_("Формат"), choices=EventFormat.choices, initial=EventFormat.IN_PERSON)
    place = forms.CharField(label=_("Место или ссылка"), max_length=500, required=False)
    designation = DesignationChoiceField(label=_("Организатор: школа-лидер / площадка"), queryset=None,
                                         required=False)
    agreement = AgreementChoiceField(label=_("По соглашению"), queryset=None, required=False,
                                     help_text=_("Если мероприятие — работа по одному соглашению."))
    organiser_text = forms.CharField(label=_("Организатор (если не площадка)"), max_length=300, required=False,
                                     help_text=_("Например, «Муниципальный методический центр»."))
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=None, required=False)
    target_schools = forms.ModelMultipleChoiceField(label=_("Для школ"), queryset=None,
                                                    widget=forms.CheckboxSelectMultiple)
    subjects = forms.ModelMultipleChoiceField(label=_("Предметы"), queryset=Subject.objects.all(), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 4}))
    activity = forms.ModelChoiceField(label=_("Мероприятие плана площадки"), queryset=None, required=False,
                                      help_text=_("Проведение добавит посещаемость и ход выполнения к этому "
                                                  "мероприятию плана; выполненным его отмечает человек."))
    result = forms.CharField(label=_("Итог"), max_length=limits.LONG_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        designations = access.event_designations(user).order_by("school__short_name")
        self.fields["designation"].queryset = designations
        self.fields["agreement"].queryset = access.event_agreements(user).order_by("number")
        self.fields["target_schools"].queryset = access.event_target_schools(user).order_by("short_name")
        munis = access.event_municipalities(user)
        self.fields["municipality"].queryset = munis
        today = timezone.localdate()
        self.fields["activity"].queryset = Activity.objects.filter(
            roadmap__level=Level.SITE, roadmap__designation__in=designations,
            roadmap__school_year__start_year__gte=school_year_of(today) - 1).exclude(
            status__in=(Activity.Status.DONE, Activity.Status.CANCELLED)).select_related("roadmap").order_by(
            "roadmap__title", "number")
        if not munis.exists() or munis.count() == 1:
            del self.fields["municipality"]
            del self.fields["organiser_text"]
            if designations.count() == 1:
                self.fields["designation"].initial = designations.first()
                self.fields["designation"].required = True
        schools = self.fields["target_schools"].queryset
        if not self.is_bound and not self.initial.get("target_schools") and len(schools) == 1:
            self.initial["target_schools"] = [schools[0].pk]  # a leader school supporting one school: ticked
        if not self.fields["activity"].queryset.exists():
            del self.fields["activity"]
        if not self.is_bound and "date" not in self.initial:
            self.fields["date"].initial = today
        widen(self, "topic", "designation", "agreement", "target_schools", "result", "activity")

    def clean(self):
        data = super().clean()
        if "municipality" in self.fields and not data.get("designation") and not data.get("municipality"):
            self.add_error("municipality", _("Выберите муниципалитет или площадку."))
        return data


def event_form_data(form: EventForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("target_schools", None)
    data.pop("subjects", None)
    data.setdefault("organiser_text", "")
    data.setdefault("activity", None)
    if data.get("municipality") is None:
        data.pop("municipality", None)
    return data


class FeedbackForm(forms.Form):
    """One participant's row of the event page's feedback table (`FeedbackFormSet`): which participation it is
    (a hidden id, so a list changed since the page was drawn cannot shift the rows), a rating and a comment."""

    participation = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(label=_("Оценка"), coerce=int, empty_value=None, required=False,
                                    choices=[("", "—"), *[(i, str(i)) for i in range(1, 6)]],
                                    error_messages={"invalid_choice": _("Оценка — от 1 до 5.")})
    comment = forms.CharField(label=_("Комментарий"), max_length=1000, required=False)


FeedbackFormSet = forms.formset_factory(FeedbackForm, extra=0)


def feedback_formset(participations, data=None) -> forms.BaseFormSet:
    """The feedback of these participations in one form (prefix `feedback`: its ids are unique on the event page)."""
    initial = [{"participation": p.pk, "rating": p.rating, "comment": p.comment} for p in participations]
    formset = FeedbackFormSet(data, initial=initial, prefix="feedback")
    for form, p in zip(formset.forms, participations, strict=False):
        form.participant = p  # the row's teacher, for the table
    return formset


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    file = forms.FileField(label=_("Файл"), required=False, widget=KeptFileInput,
                           help_text=_("PDF, DOCX, XLSX, PPTX, JPG, PNG до 10 МБ."))
    url = forms.URLField(label=_("Или ссылка"), required=False, assume_scheme="https")


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Причина отмены"), max_length=limits.COMMENT,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PairForm(ServiceCheckedForm):
    mentor = TeacherChoiceField(label=_("Наставник / тьютор"), queryset=None)
    mentee = TeacherChoiceField(label=_("Наставляемый"), queryset=None)
    agreement = AgreementChoiceField(label=_("По соглашению"), queryset=None, required=False)

    class Meta:
        model = MentoringPair
        fields = ["role", "mentor", "mentee", "agreement", "form", "subject", "goals", "start", "end",
                  "planned_meetings", "status", "outcome"]
        widgets = {"start": DATE, "end": DATE, "goals": forms.Textarea(attrs={"rows": 2}),
                   "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teachers = access.brief_teachers(user).filter(is_active=True).order_by("school__short_name", "full_name")
        self.fields["mentor"].queryset = teachers
        self.fields["mentee"].queryset = teachers
        self.fields["agreement"].queryset = access.event_agreements(user).order_by("number")
        widen(self, "mentor", "mentee", "agreement", "goals", "outcome")


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=DATE)
    topic = forms.CharField(label=_("Тема"), max_length=500)
    notes = forms.CharField(label=_("Заметки"), max_length=limits.LONG_TEXT,
                            widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DiagnosticForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Инструмент"), queryset=DiagnosticInstrument.objects.filter(
        is_active=True))
    date = forms.DateField(label=_("Дата"), widget=DATE)
    conducted_by = forms.CharField(label=_("Кто проводил"), max_length=300, required=False)
    notes = forms.CharField(label=_("Заключение"), max_length=limits.LONG_TEXT,
                            widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, instrument=None, **kwargs):
        super().__init__(*args, **kwargs)
        instruments = self.fields["instrument"].queryset
        chosen = instrument or (instruments.first() if instruments.count() == 1 else None)
        self.instrument = chosen
        if chosen is not None:
            self.fields["instrument"].initial = chosen
            for c in chosen.competences.all():
                self.fields[f"score_{c.pk}"] = forms.IntegerField(
                    label=c.name, min_value=chosen.scale_min, max_value=chosen.scale_max,
                    help_text=_("%(a)s–%(b)s; меньше %(d)s — дефицит") % {
                        "a": chosen.scale_min, "b": chosen.scale_max, "d": chosen.deficit_below})
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()

    def scores(self) -> dict:
        return {c: self.cleaned_data.get(f"score_{c.pk}") for c in self.instrument.competences.all()}


class CourseForm(ServiceCheckedForm):
    class Meta:
        model = Course
        fields = ["title", "provider", "hours", "start", "end", "topic_area", "completed", "certificate"]
        widgets = {"start": DATE, "end": DATE, "certificate": KeptFileInput}


class RouteForm(ServiceCheckedForm):
    class Meta:
        model = DevelopmentRoute
        fields = ["start", "end", "goal", "deficits"]
        widgets = {"start": DATE, "end": DATE, "goal": forms.Textarea(attrs={"rows": 2}),
                   "deficits": forms.CheckboxSelectMultiple}

    def __init__(self, *args, teacher: Teacher, **kwargs):
        super().__init__(*args, **kwargs)
        latest = teacher.diagnostics.order_by("-date").first()
        deficits = Competence.objects.filter(pk__in=latest.scores.filter(is_deficit=True).values(
            "competence_id")) if latest else Competence.objects.none()
        self.fields["deficits"].queryset = deficits
        self.fields["deficits"].help_text = _("Дефициты последней диагностики.") if latest else _(
            "У педагога ещё нет диагностики.")
        if not self.is_bound and self.instance.pk is None:
            year = school_year_of(timezone.localdate())
            self.initial.update(start=datetime.date(year, 9, 1), end=datetime.date(year + 1, 5, 31),
                                deficits=list(deficits))
        widen(self, "goal", "deficits")


class RouteItemForm(ServiceCheckedForm):
    class Meta:
        model = RouteItem
        fields = ["kind", "title", "due", "status", "event", "course", "pair"]
        field_classes = {"pair": PairChoiceField}
        widgets = {"due": DATE}

    def __init__(self, *args, route: DevelopmentRoute, user, **kwargs):
        super().__init__(*args, **kwargs)
        teacher = route.teacher
        self.fields["course"].queryset = teacher.courses.all()
        self.fields["pair"].queryset = MentoringPair.objects.filter(mentee=teacher).select_related(
            "mentor__school", "mentee__school", "agreement__designation")
        self.fields["pair"].details = access.TeacherDetails(user)
        self.fields["event"].queryset = access.visible_events(user).filter(
            participations__teacher=teacher).order_by("-date")
        self.fields["event"].help_text = _("Пункт отметится выполненным, когда педагог посетит мероприятие.")
        self.fields["course"].help_text = _("Пункт отметится выполненным, когда курс будет завершён.")
        widen(self, "title", "event")


class AssignmentForm(forms.Form):
    school_year = forms.CharField(label=_("Учебный год"), max_length=9, help_text=_("например, 2024/2025"))
    class_name = forms.CharField(label=_("Класс"), max_length=10, help_text=_("например, 5А"))
    subject = forms.ModelChoiceField(label=_("Предмет"), queryset=Subject.objects.all())

    def clean_school_year(self):
        try:
            return parse_school_year(self.cleaned_data["school_year"])
        except ValueError:
            raise forms.ValidationError(_("Учебный год записывается как 2024/2025.")) from None


class RuleForm(ServiceCheckedForm):
    class Meta:
        model = LowResultsRule
        fields = ["failing_share", "mean_mark", "min_students"]


class CommunityForm(ServiceCheckedForm):
    members = TeacherMultipleChoiceField(label=_("Участники"), queryset=None, required=False,
                                         widget=forms.SelectMultiple(attrs={"size": 10}))
    leader = TeacherChoiceField(label=_("Руководитель"), queryset=None, required=False)

    class Meta:
        model = Community
        fields = ["municipality", "name", "kind", "subject", "leader", "members", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        munis = Municipality.objects.filter(pk__in=access.scoping.managed_municipalities(user).values("pk"))
        self.fields["municipality"].queryset = munis
        teachers = Teacher.objects.filter(school__municipality__in=munis, is_active=True).select_related(
            "school").order_by("school__short_name", "full_name")
        self.fields["members"].queryset = teachers
        self.fields["leader"].queryset = teachers
        widen(self, "name", "members", "description")


class CommunityMeetingForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=DATE)
    topic = forms.CharField(label=_("Тема"), max_length=500)
    participants = forms.IntegerField(label=_("Участников"), min_value=0, required=False)
