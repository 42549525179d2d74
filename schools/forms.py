from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import school_year_name, school_year_of
from core.forms import ServiceModelForm

from .models import School, SchoolYearData, Teacher
from .selectors import YEARLY_FIELDS


class SchoolForm(ServiceModelForm):
    website = forms.URLField(label=_("Сайт"), required=False, assume_scheme="https")

    class Meta:
        model = School
        fields = ["municipality", "code", "short_name", "full_name", "inn", "kind", "location", "address",
                  "director_name", "phone", "email", "website", "is_active"]
        widgets = {"full_name": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities=None, locked=(), **kwargs):
        """locked: fields shown but not changed (access.locked_fields: the registry identity of a school
        is set by methodologists of its municipality; its director keeps the contacts current)."""
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        for name in locked:
            self.fields[name].disabled = True


# the years a form offers: the current school year and the ones before it, for data entered late
YEARS_BACK = 4


class SchoolYearDataForm(ServiceModelForm):
    """A school's data for one school year. The year is chosen, not typed (the current one by default); every count
    but the students and the teachers may be left empty — unknown («нет данных»), never read as 0."""

    start_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int)

    class Meta:
        model = SchoolYearData
        fields = list(YEARLY_FIELDS)

    def __init__(self, *args, lock_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["start_year", *YEARLY_FIELDS])
        current = school_year_of(timezone.localdate())
        years = list(range(current, current - YEARS_BACK - 1, -1))
        if self.instance.pk and self.instance.school_year.start_year not in years:
            years.append(self.instance.school_year.start_year)
        taken = set(self.instance.school.yearly_data.values_list("school_year__start_year", flat=True)) if (
            self.instance.school_id) else set()
        field = self.fields["start_year"]
        field.choices = [(y, school_year_name(y) + (_(" — уже внесены") if y in taken and not lock_year else ""))
                         for y in years]
        field.initial = self.instance.school_year.start_year if self.instance.pk else current
        if lock_year:
            field.disabled = True

    def clean_start_year(self):
        start_year = self.cleaned_data["start_year"]
        school = self.instance.school
        taken = school.yearly_data.filter(school_year__start_year=start_year)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Данные школы за %(year)s/%(next)s учебный год уже внесены — "
                                          "откройте их для правки.") % {"year": start_year,
                                                                        "next": start_year + 1})
        return start_year


class TeacherForm(ServiceModelForm):
    class Meta:
        model = Teacher
        fields = ["full_name", "position", "subjects", "experience_years", "qualification_category", "is_active"]


class TeacherChoiceField(forms.ModelChoiceField):
    """A teacher select whose options read «ФИО — школа» (namesakes in two schools are told apart; one query)."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.select_related("school"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.school.short_name}"
