from django import forms
from django.utils.translation import gettext_lazy as _

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


class SchoolYearDataForm(ServiceModelForm):
    start_year = forms.IntegerField(label=_("Учебный год (год начала)"), min_value=2000, max_value=2100,
                                    help_text=_("Например, 2024 для 2024/2025 учебного года."))

    class Meta:
        model = SchoolYearData
        fields = list(YEARLY_FIELDS)

    def __init__(self, *args, lock_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["start_year", *YEARLY_FIELDS])
        if self.instance.pk:
            self.fields["start_year"].initial = self.instance.school_year.start_year
        if lock_year:
            self.fields["start_year"].disabled = True

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
