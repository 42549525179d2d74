"""Strict parsing of the API's filter parameters: what the schema declares is what is accepted.

django-filter ignores a yes/no filter it cannot read (`?is_active=0.9` listed everything) and an empty choice; here
a yes/no filter takes `true` or `false` (also `1`/`0`), a number is a plain decimal of at most 15 digits (a whole
one for an integer column), only a text filter may be empty, and anything else is refused with 400 and a Russian
message at the parameter (as invalid choices and dates already were).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django_filters import BaseInFilter, BooleanFilter, CharFilter, MultipleChoiceFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework.exceptions import ValidationError

BOOLEAN_VALUES = {"true", "false", "1", "0"}


def _bounded_number(raw: str, *, whole: bool = False) -> bool:
    """A plain decimal number a database column holds (no exponent, no infinity: `-3.4e38` was a 500); `whole`: with
    no fraction."""
    digits = raw.lstrip("+-")
    if not whole:
        digits = digits.replace(".", "", 1)
    return digits.isascii() and digits.isdigit() and len(digits) <= 15


def _integer_column(filterset, spec) -> bool:
    """Whether a number filter reads an integer column (a year, a count, an id): `?school_year=0.5` is then refused
    instead of answering an empty list."""
    model = getattr(filterset._meta, "model", None) or filterset.queryset.model
    try:
        field = get_model_field(model, spec.field_name)
    except (FieldDoesNotExist, AttributeError):
        return False
    return isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey)


def check_strictly(filterset, request) -> None:
    """400 for a yes/no parameter that is not true/false, an empty choice, or any value the filterset refuses."""
    errors = {}
    for name, spec in filterset.filters.items():
        if name not in request.query_params:
            continue
        values = request.query_params.getlist(name)
        if len(values) > 1 and not isinstance(spec, MultipleChoiceFilter | BaseInFilter):
            errors[name] = [_("Укажите параметр один раз.")]
        elif not isinstance(spec, CharFilter) and not all(values):
            errors[name] = [_("Укажите значение или уберите параметр.")]
        elif isinstance(spec, BooleanFilter) and any(v.lower() not in BOOLEAN_VALUES for v in values):
            errors[name] = [_("Укажите true или false.")]
        elif isinstance(spec, NumberFilter) and not all(_bounded_number(v) for v in values):
            errors[name] = [_("Укажите число (не больше 15 цифр).")]
        elif (isinstance(spec, NumberFilter) and _integer_column(filterset, spec)
              and not all(_bounded_number(v, whole=True) for v in values)):
            errors[name] = [_("Укажите целое число.")]
    if errors:
        raise ValidationError(errors)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)


def filter_strictly(filterset_class, request, queryset):
    """For an action filtering another model than its viewset's: the filtered queryset, or 400."""
    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    check_strictly(filterset, request)
    return filterset.qs


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            check_strictly(filterset, request)
        return filterset
