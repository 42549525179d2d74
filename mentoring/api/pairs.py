"""API of mentoring and tutoring pairs."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from schools.models import Subject

from .. import access, services
from ..models import MentoringPair
from .common import ActiveOnFilter, CreateRule, ScopedPK, with_current


@extend_schema_field({"type": "integer", "nullable": True})
class PairTeacher(ScopedPK):
    """A mentor or mentee among those the user may choose; in an answer null when the user does not see them."""


class PairSerializer(serializers.ModelSerializer):
    mentor = PairTeacher(access.brief_teachers)
    mentee = PairTeacher(access.brief_teachers)
    agreement = ScopedPK(access.event_agreements, required=False, allow_null=True)
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(), required=False,
                                           allow_null=True)
    meetings = serializers.IntegerField(read_only=True, source="n_meetings")

    class Meta:
        model = MentoringPair
        fields = ["id", "role", "mentor", "mentee", "agreement", "form", "subject", "goals", "start", "end",
                  "planned_meetings", "meetings", "status", "outcome"]

    def to_representation(self, instance):
        """Another school's teacher stays unnamed: no id, and without the mentee no goals or outcome either."""
        data = super().to_representation(instance)
        details = self.context.setdefault("teacher_details", access.TeacherDetails(self.context["request"].user))
        if not details.shows(instance.mentor, instance):
            data["mentor"] = None
        if not details.shows(instance.mentee, instance):
            data.update(mentee=None, goals="", outcome="")
        return data


class PairFilter(ActiveOnFilter):
    mentor = django_filters.ModelChoiceFilter(queryset=lambda request: access.brief_teachers(request.user),
                                              label=_("Наставник"))
    mentee = django_filters.ModelChoiceFilter(queryset=lambda request: access.brief_teachers(request.user),
                                              label=_("Наставляемый"))
    school = django_filters.CharFilter(method="filter_school", label=_("Код ОО (наставника или наставляемого)"))

    class Meta:
        model = MentoringPair
        fields = ["status", "role", "form", "mentor", "mentee", "agreement"]

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(mentor__school__code=value) | Q(mentee__school__code=value))


class PairViewSet(CreateRule, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mentoring and tutoring pairs visible to the user; written through services.save_pair."""

    create_allowed = staticmethod(access.can_log_pairs)
    create_refusal = _("Пары вносят методисты и сотрудники школ-лидеров.")

    serializer_class = PairSerializer
    filterset_class = PairFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.visible_pairs(self.request.user).annotate(n_meetings=Count("meetings")).order_by("-start", "pk")

    def perform_create(self, serializer):
        saved = services.save_pair(actor=self.request.user, pair=MentoringPair(), data=dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=saved.pk)

    def perform_update(self, serializer):
        pair = serializer.instance
        data = with_current(pair, [f for f in PairSerializer.Meta.fields if f not in ("id", "meetings")],
                            serializer.validated_data)
        saved = services.save_pair(actor=self.request.user, pair=pair, data=data)
        serializer.instance = self.get_queryset().get(pk=saved.pk)
