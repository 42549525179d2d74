"""FilterSets shared by the pages and the API, so both filter the same way."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AssessmentResult, Location, Municipality, School, SchoolKind, SchoolYearData, Teacher


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads «все» (accepts true/false/1/0 like the API)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("все")), ("true", _("да")), ("false", _("нет")))


class SchoolFilter(django_filters.FilterSet):
    # the choice filters' empty choice reads «все» (FILTERS_EMPTY_CHOICE_LABEL in config.settings)
    q = django_filters.CharFilter(method="search", label=_("Поиск"))
    # any municipality may be asked for: the queryset being filtered is already limited to the user's scope
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all(),
                                                    label=_("Муниципалитет"))
    kind = django_filters.ChoiceFilter(choices=SchoolKind.choices, label=_("Вид"))
    location = django_filters.ChoiceFilter(choices=Location.choices, label=_("Местность"))
    is_active = django_filters.BooleanFilter(label=_("Действует"), widget=AllYesNoSelect)
    # the querysets filtered carry `name_order` and `kind_order` (selectors.with_list_order): names in natural
    # order («№ 2» before «№ 11»), kinds by level (НОШ, ООШ, СОШ, …) rather than by their codes; every choice is
    # labelled in Russian (django-filter keys the labels by field name, the descending ones by «-param»)
    ordering = django_filters.OrderingFilter(
        fields=(("name_order", "name"), ("code", "code"), ("municipality__name", "municipality"),
                ("kind_order", "kind"), ("updated_at", "updated")),
        field_labels={"name_order": _("по наименованию (А–Я)"), "-name": _("по наименованию (Я–А)"),
                      "code": _("по коду ОО (по возрастанию)"), "-code": _("по коду ОО (по убыванию)"),
                      "municipality__name": _("по муниципалитету (А–Я)"), "-municipality": _("по муниципалитету (Я–А)"),
                      "kind_order": _("по виду (НОШ, ООШ, СОШ, …)"), "-kind": _("по виду (в обратном порядке)"),
                      "updated_at": _("сначала давно изменённые"), "-updated": _("сначала недавно изменённые")},
        label=_("Сортировка"),
        empty_label=None,
    )

    class Meta:
        model = School
        fields = ["municipality", "kind", "location", "is_active"]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.filters["municipality"].queryset = municipalities

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(short_name__icontains=value) | Q(full_name__icontains=value) | Q(code__iexact=value)
            | Q(inn=value) | Q(address__icontains=value) | Q(director_name__icontains=value)
        )


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Поиск"))

    class Meta:
        model = Municipality
        fields = ["region"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset


class SchoolYearDataFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(field_name="school_year__start_year",
                                              label=_("Учебный год (год начала)"))
    municipality = django_filters.NumberFilter(field_name="school__municipality_id", label=_("Муниципалитет"))

    class Meta:
        model = SchoolYearData
        fields = ["school", "school_year", "municipality"]


class TeacherFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains", label=_("ФИО"))
    subject = django_filters.CharFilter(field_name="subjects", lookup_expr="icontains", label=_("Предмет"))
    is_active = django_filters.BooleanFilter(label=_("Работает"), widget=AllYesNoSelect)

    class Meta:
        model = Teacher
        fields = ["school", "qualification_category", "is_active"]


class AssessmentResultFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(field_name="school_year__start_year",
                                              label=_("Учебный год (год начала)"))
    municipality = django_filters.NumberFilter(field_name="school__municipality_id", label=_("Муниципалитет"))
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    subject = django_filters.CharFilter(field_name="subject__code", label=_("Код предмета"))

    class Meta:
        model = AssessmentResult
        fields = ["procedure", "grade"]
