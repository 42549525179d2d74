"""API of courses (КПК)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from .. import access, services
from ..models import Course
from .common import CreateRule, ScopedPK, TeacherSchoolFilter, with_current


class CourseSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)

    class Meta:
        model = Course
        fields = ["id", "teacher", "title", "provider", "hours", "start", "end", "topic_area", "completed"]


class CourseFilter(TeacherSchoolFilter):
    ended_from = django_filters.DateFilter(field_name="end", lookup_expr="gte", label=_("Окончание с"))
    ended_to = django_filters.DateFilter(field_name="end", lookup_expr="lte", label=_("Окончание по"))

    class Meta:
        model = Course
        fields = ["teacher", "topic_area", "completed"]


class CourseViewSet(CreateRule, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Professional development courses (КПК) within the private scope."""

    create_allowed = staticmethod(access.can_edit_any_teacher)
    create_refusal = _("Курсы вносят директор школы и методист.")

    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.visible_courses(self.request.user).order_by("-start", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.save_course(actor=self.request.user, course=Course(),
                                                   data=dict(serializer.validated_data))

    def perform_update(self, serializer):
        course = serializer.instance
        data = with_current(course, CourseSerializer.Meta.fields[1:], serializer.validated_data)
        serializer.instance = services.save_course(actor=self.request.user, course=course, data=data)
