"""API of the registry. Lookups go through schools.access (foreign → 404); writes call schools.services,
which decide permission themselves (visible read-only → 403, a value the user may not set → 400 on its
field, via core.api's exception handler), so the API and the pages keep the same rules."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS

from core.filters import StrictFilterBackend

from .. import access, services
from ..filters import AssessmentResultFilter, MunicipalityFilter, SchoolFilter, SchoolYearDataFilter, TeacherFilter
from ..models import AssessmentResult, SchoolYearData, Teacher
from ..selectors import YEARLY_FIELDS, with_list_order
from .serializers import (
    AssessmentResultSerializer,
    MunicipalitySerializer,
    SchoolSerializer,
    SchoolYearDataSerializer,
    TeacherSerializer,
)


class WriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A change to a visible object the user may not change is refused (403) before its body is read — the same
    answer whatever is sent (the services check again when writing)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def may_change(self, user, obj) -> bool:
        raise NotImplementedError

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in SAFE_METHODS and not self.may_change(request.user, obj):
            self.permission_denied(request, message=_("Нет прав изменять эти данные."))


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities the user belongs to (all for administrators)."""

    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def get_queryset(self):
        return access.visible_municipalities(self.request.user).order_by("name")


@extend_schema_view(
    create=extend_schema(description="Создать школу (методист — в своём муниципалитете)."),
    update=extend_schema(description="Изменить школу (методист муниципалитета или директор этой школы)."),
)
class SchoolViewSet(WriteViewSet):
    """Schools of the user's municipalities (the registry is open to every member of a municipality)."""

    serializer_class = SchoolSerializer
    filterset_class = SchoolFilter  # its `q` searches and its `ordering` sorts, as on the pages
    filter_backends = [StrictFilterBackend]

    def get_queryset(self):
        return with_list_order(access.visible_schools(self.request.user).select_related("municipality"))

    def may_change(self, user, obj) -> bool:
        return access.can_edit_school(user, obj)

    def perform_create(self, serializer):
        serializer.instance = services.create_school(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_school(actor=self.request.user, school=serializer.instance,
                                                     data=dict(serializer.validated_data))


class SchoolYearDataViewSet(WriteViewSet):
    """Yearly contingent and social context: the user's own school or municipality only."""

    serializer_class = SchoolYearDataSerializer
    filterset_class = SchoolYearDataFilter
    ordering_fields = ["school_year__start_year", "school__code"]

    def get_queryset(self):
        return SchoolYearData.objects.filter(school__in=access.private_schools(self.request.user)).select_related(
            "school", "school_year").order_by("school__code", "school_year__start_year")

    def may_change(self, user, obj) -> bool:
        return access.can_edit_private(user, obj.school)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        school, start_year = data.pop("school"), data.pop("school_year")
        serializer.instance = services.save_yearly_data(
            actor=self.request.user, school=school, start_year=start_year, data=data, new=True)

    def perform_update(self, serializer):
        record = serializer.instance
        data = {f: v for f, v in serializer.validated_data.items() if f in YEARLY_FIELDS}
        current = {f: getattr(record, f) for f in YEARLY_FIELDS}
        serializer.instance = services.save_yearly_data(
            actor=self.request.user, school=record.school, start_year=record.school_year.start_year,
            data={**current, **data})


class TeacherViewSet(WriteViewSet):
    """Teachers (personal data): the user's own school or municipality only."""

    serializer_class = TeacherSerializer
    filterset_class = TeacherFilter
    search_fields = ["full_name", "subjects"]
    ordering_fields = ["full_name", "experience_years"]

    def get_queryset(self):
        return Teacher.objects.filter(school__in=access.private_schools(self.request.user)).select_related(
            "school").order_by("full_name", "pk")

    def may_change(self, user, obj) -> bool:
        return access.can_edit_private(user, obj.school)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        school = data.pop("school")
        serializer.instance = services.create_teacher(actor=self.request.user, school=school, data=data)

    def perform_update(self, serializer):
        serializer.instance = services.update_teacher(actor=self.request.user, teacher=serializer.instance,
                                                      data=dict(serializer.validated_data))


class AssessmentResultViewSet(WriteViewSet):
    """ВПР/ОГЭ/ЕГЭ results per school: read within the private scope, written by methodologists."""

    serializer_class = AssessmentResultSerializer
    filterset_class = AssessmentResultFilter
    ordering_fields = ["school_year__start_year", "school__code", "procedure", "grade"]

    def get_queryset(self):
        return AssessmentResult.objects.filter(school__in=access.private_schools(self.request.user)).select_related(
            "school", "school_year", "subject").order_by("school__code", "school_year__start_year", "procedure",
                                                         "subject__code", "grade")

    def may_change(self, user, obj) -> bool:
        return access.can_edit_results(user, obj.school)

    def _save(self, serializer, result):
        data = dict(serializer.validated_data)
        start_year = data.pop("school_year", result.school_year.start_year if result.pk else None)
        serializer.instance = services.save_result(
            actor=self.request.user, result=result, start_year=start_year, data=data)

    def perform_create(self, serializer):
        self._save(serializer, AssessmentResult())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)
