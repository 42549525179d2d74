"""Read API of partnerships with the same scoping as the pages."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from . import access
from .models import Agreement, Designation


class DesignationSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code", read_only=True)
    school_name = serializers.CharField(source="school.short_name", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "school", "school_name", "kind", "topic", "grounds", "start", "end", "order_number",
                  "order_date", "state", "termination_reason", "terminated_on"]


class AgreementSerializer(serializers.ModelSerializer):
    leader_school = serializers.CharField(source="designation.school.code", read_only=True)
    supported_school = serializers.CharField(source="supported_school.code", read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "designation", "leader_school", "supported_school", "number", "signed_on", "start", "end",
                  "directions", "subjects", "state", "termination_reason"]


class DesignationFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Код вида статуса"))
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Действует на дату"))

    class Meta:
        model = Designation
        fields = ["state"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value, state=Designation.State.ACTIVE)


class AgreementFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="designation__kind__code", label=_("Код вида статуса лидера"))
    school = django_filters.CharFilter(method="filter_school", label=_("Код ОО (лидер или сопровождаемая)"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Действует на дату"))

    class Meta:
        model = Agreement
        fields = ["state"]

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(designation__school__code=value) | Q(supported_school__code=value))

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value, state=Agreement.State.ACTIVE)


class DesignationViewSet(viewsets.ReadOnlyModelViewSet):
    """Leader-school and internship-site designations visible to the user."""

    serializer_class = DesignationSerializer
    filterset_class = DesignationFilter

    def get_queryset(self):
        return access.visible_designations(self.request.user).order_by("-start", "pk")


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnership agreements visible to the user."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self):
        return access.visible_agreements(self.request.user).order_by("-signed_on", "pk")
