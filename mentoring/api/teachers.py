"""API of teachers' class load (teacher × school year × class × subject)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from schools.models import SchoolYear, Subject

from .. import access, services
from ..models import TeachingAssignment
from .common import CreateRule, ScopedPK, TeacherSchoolFilter


class AssignmentSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)
    school_year = serializers.SlugRelatedField(slug_field="start_year", queryset=SchoolYear.objects.all())
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all())

    class Meta:
        model = TeachingAssignment
        fields = ["id", "teacher", "school_year", "class_name", "subject"]


class AssignmentFilter(TeacherSchoolFilter):
    school_year = django_filters.NumberFilter(field_name="school_year__start_year", label=_("Год начала уч. года"))

    class Meta:
        model = TeachingAssignment
        fields = ["teacher", "class_name"]


class AssignmentViewSet(CreateRule, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Teaching assignments (teacher × year × class × subject) within the private scope."""

    create_allowed = staticmethod(access.can_edit_any_teacher)
    create_refusal = _("Нагрузку вносят директор школы и методист.")

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return TeachingAssignment.objects.filter(teacher__in=access.visible_teachers(self.request.user)).select_related(
            "school_year", "subject").order_by("teacher_id", "school_year__start_year", "class_name")

    def perform_create(self, serializer):
        serializer.instance = services.save_assignment(actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.delete_assignment(actor=self.request.user, assignment=instance)
