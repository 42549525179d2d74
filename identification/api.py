"""Read-only API of identification: methodologies, runs with per-school evidence, official statuses."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is 404, not 500

from core.filters import filter_strictly

from . import access
from .models import Methodology, Run, RunSchool, SchoolStatus, Status


class MethodologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Methodology
        fields = ["id", "family", "version", "name", "description", "criteria", "rules", "sample", "is_default",
                  "created_at"]


class RunSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # regional: null
    region = serializers.CharField(source="region.code", read_only=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = Run
        fields = ["id", "methodology", "snapshot", "region", "municipality", "school_year", "is_what_if", "state",
                  "progress", "school_count", "created_at", "finished_at", "order_number", "order_date",
                  "approved_at", "coverage_confirmed_pct", "estimates"]


class RunSchoolSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code", read_only=True)
    school_name = serializers.CharField(source="school.short_name", read_only=True)

    class Meta:
        model = RunSchool
        fields = ["school", "school_name", "proposed", "met", "needs_review", "lrs_included", "dsc_included",
                  "evidence"]


class SchoolStatusSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code", read_only=True)
    school_name = serializers.CharField(source="school.short_name", read_only=True)
    municipality = serializers.CharField(source="school.municipality.code", read_only=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = SchoolStatus
        fields = ["id", "school", "school_name", "municipality", "status", "school_year", "run", "order_number",
                  "order_date"]


class RunFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(field_name="school_year__start_year", label=_("Учебный год (год начала)"))
    municipality = django_filters.CharFilter(field_name="municipality__code", label=_("Код муниципалитета"))

    class Meta:
        model = Run
        fields = ["state", "is_what_if"]


class StatusFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(field_name="school_year__start_year", label=_("Учебный год (год начала)"))
    municipality = django_filters.CharFilter(field_name="school__municipality__code", label=_("Код муниципалитета"))
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))

    class Meta:
        model = SchoolStatus
        fields = ["status"]


class RunSchoolFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, method="in_list", label=_("В списке со статусом"))
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))

    class Meta:
        model = RunSchool
        fields = ["needs_review"]

    def in_list(self, queryset, name, value):
        return queryset.filter(**{"lrs_included" if value == Status.LRS else "dsc_included": True})


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    """Identification methodologies and their versions (read-only here; versions are made in the pages)."""

    serializer_class = MethodologySerializer
    queryset = Methodology.objects.order_by("family", "-version")


class RunViewSet(viewsets.ReadOnlyModelViewSet):
    """Identification runs of the user's municipalities, each with the evidence per school (`/schools/`)."""

    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return access.visible_runs(self.request.user).order_by("-created_at")

    @extend_schema(responses=RunSchoolSerializer(many=True), parameters=[
        OpenApiParameter("status", str, enum=Status.values, description="в списке со статусом"),
        OpenApiParameter("school", str, description="код ОО"),
        OpenApiParameter("needs_review", bool, description="требует проверки объективности")])
    @action(detail=True, methods=["get"], serializer_class=RunSchoolSerializer, filter_backends=[])
    def schools(self, request, pk=None):
        run = get_object_or_404(self.get_queryset(), pk=pk)
        qs = filter_strictly(RunSchoolFilter, request, run.schools.select_related("school").order_by("school__code"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RunSchoolSerializer(page, many=True).data)


class StatusViewSet(viewsets.ReadOnlyModelViewSet):
    """Official ШНОР/ШССУ statuses of the schools the user sees in the registry."""

    serializer_class = SchoolStatusSerializer
    filterset_class = StatusFilter

    def get_queryset(self):
        return access.visible_statuses(self.request.user).select_related(
            "school__municipality", "school_year").order_by("-school_year__start_year", "school__code")

