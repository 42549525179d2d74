"""What the viewsets of the methodical work share: the create rule, references limited to the user's reach, the
filters «active on a date» and «of a school's teachers», and a PATCH's values."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CreateRule:
    """A new object is refused (403) before its body is read when the role may not create any: `create_allowed`."""

    create_allowed = staticmethod(lambda user: False)
    create_refusal = _("Вы не можете добавлять такие записи.")

    def check_permissions(self, request):
        super().check_permissions(request)
        if getattr(self, "action", None) == "create" and not self.create_allowed(request.user):
            self.permission_denied(request, message=self.create_refusal)


class ScopedPK(serializers.PrimaryKeyRelatedField):
    """A reference limited to what `scope(user)` returns for the requesting user."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


class ActiveOnFilter(django_filters.FilterSet):
    """`active_on`: objects whose period (start–end) includes the date."""

    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Действует на дату"))

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


class TeacherSchoolFilter(django_filters.FilterSet):
    """`school`: rows of the teachers of the school with this code."""

    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))


def with_current(instance, names, sent: dict) -> dict:
    """A PATCH for the services, which take whole data: the object's current values of `names`, then what was sent."""
    return {**{name: getattr(instance, name) for name in names}, **sent}
