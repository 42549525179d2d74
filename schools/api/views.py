"""API of the registry. Lookups go through accounts.scoping (foreign → 404, visible read-only → 403);
writes go through schools.services, so the API and the pages keep the same rules."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from .. import access, services
from ..filters import AssessmentResultFilter, MunicipalityFilter, SchoolFilter, SchoolYearDataFilter, TeacherFilter
from ..models import AssessmentResult, SchoolYearData, Teacher
from ..selectors import YEARLY_FIELDS
from .serializers import (
    AssessmentResultSerializer,
    MunicipalitySerializer,
    SchoolSerializer,
    SchoolYearDataSerializer,
    TeacherSerializer,
)


class WriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


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
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return access.visible_schools(self.request.user).select_related("municipality").order_by("short_name", "pk")

    def perform_create(self, serializer):
        user = self.request.user
        if not access.can_create_school(user):
            raise PermissionDenied(_("Добавлять школы может только методист или администратор."))
        municipality = serializer.validated_data["municipality"]
        if not access.can_manage_municipality(user, municipality.pk):
            raise ValidationError({"municipality": [_("Нет прав добавлять школы в этот муниципалитет.")]})
        serializer.instance = services.create_school(actor=user, data=serializer.validated_data)

    def perform_update(self, serializer):
        user, school = self.request.user, serializer.instance
        if not access.can_edit_school(user, school):
            raise PermissionDenied(_("Нет прав изменять эту школу."))
        data = dict(serializer.validated_data)
        if not access.can_manage_municipality(user, school.municipality_id):
            locked = [f for f in ("code", "municipality", "is_active") if f in data and data[f] != getattr(school, f)]
            if locked:
                raise ValidationError({f: [_("Это поле меняет методист муниципалитета.")] for f in locked})
        elif "municipality" in data and not access.can_manage_municipality(user, data["municipality"].pk):
            raise ValidationError({"municipality": [_("Нет прав переносить школу в этот муниципалитет.")]})
        serializer.instance = services.update_school(actor=user, school=school, data=data)


class SchoolYearDataViewSet(WriteViewSet):
    """Yearly contingent and social context: the user's own school or municipality only."""

    serializer_class = SchoolYearDataSerializer
    filterset_class = SchoolYearDataFilter
    ordering_fields = ["school_year__start_year", "school__code"]

    def get_queryset(self):
        return SchoolYearData.objects.filter(school__in=access.private_schools(self.request.user)).select_related(
            "school", "school_year").order_by("school__code", "school_year__start_year")

    def _require_edit(self, school):
        user = self.request.user
        if not access.can_view_private(user, school) or not access.can_edit_school(user, school):
            raise PermissionDenied(_("Нет прав вносить данные этой школы."))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        school, start_year = data.pop("school"), data.pop("school_year")
        self._require_edit(school)
        if school.yearly_data.filter(school_year__start_year=start_year).exists():
            raise ValidationError({"school_year": [_("Данные за этот год уже внесены: измените их PUT/PATCH.")]})
        serializer.instance = services.save_yearly_data(
            actor=self.request.user, school=school, start_year=start_year, data=data)

    def perform_update(self, serializer):
        record = serializer.instance
        self._require_edit(record.school)
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

    def _require_edit(self, school):
        user = self.request.user
        if not access.can_view_private(user, school) or not access.can_edit_school(user, school):
            raise PermissionDenied(_("Нет прав изменять педагогов этой школы."))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        school = data.pop("school")
        self._require_edit(school)
        serializer.instance = services.create_teacher(actor=self.request.user, school=school,
                                                                       data=data)

    def perform_update(self, serializer):
        teacher = serializer.instance
        self._require_edit(teacher.school)
        data = dict(serializer.validated_data)
        if "school" in data and data.pop("school") != teacher.school:
            raise ValidationError({"school": [_("Педагога нельзя перенести в другую школу: добавьте его заново.")]})
        serializer.instance = services.update_teacher(actor=self.request.user, teacher=teacher,
                                                                       data=data)



class AssessmentResultViewSet(WriteViewSet):
    """ВПР/ОГЭ/ЕГЭ results per school: read within the private scope, written by methodologists."""

    serializer_class = AssessmentResultSerializer
    filterset_class = AssessmentResultFilter
    ordering_fields = ["school_year__start_year", "school__code", "procedure", "grade"]

    def get_queryset(self):
        return AssessmentResult.objects.filter(school__in=access.private_schools(self.request.user)).select_related(
            "school", "school_year", "subject").order_by("school__code", "school_year__start_year", "procedure",
                                                         "subject__code", "grade")

    def _require_edit(self, school):
        user = self.request.user
        if not access.can_manage_municipality(user, school.municipality_id):
            raise PermissionDenied(_("Результаты вносит методист муниципалитета школы."))

    def _save(self, serializer, result):
        data = dict(serializer.validated_data)
        start_year = data.pop("school_year", result.school_year.start_year if result.pk else None)
        serializer.instance = services.save_result(
            actor=self.request.user, result=result, start_year=start_year, data=data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        self._require_edit(data["school"])
        key = {"school": data["school"], "school_year__start_year": data["school_year"],
               "procedure": data["procedure"], "subject": data["subject"], "grade": data["grade"]}
        if AssessmentResult.objects.filter(**key).exists():
            raise ValidationError({"grade": [_("Результат этой процедуры, предмета и класса за год уже есть.")]})
        self._save(serializer, AssessmentResult())

    def perform_update(self, serializer):
        self._require_edit(serializer.instance.school)
        self._require_edit(serializer.validated_data.get("school", serializer.instance.school))
        self._save(serializer, serializer.instance)
