"""API of events and their participants."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from core.api import LocalTimeField
from schools.models import Subject

from .. import access, selectors, services
from ..models import Event, EventKind, Participation
from .common import CreateRule, ScopedPK, TeacherSchoolFilter, with_current


class EventSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=EventKind.objects.filter(is_active=True))
    target_schools = ScopedPK(lambda u: access.event_target_schools(u), many=True)
    subjects = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(), many=True,
                                            required=False)
    designation = ScopedPK(access.event_designations, required=False, allow_null=True)
    agreement = ScopedPK(access.event_agreements, required=False, allow_null=True)
    participants = serializers.IntegerField(read_only=True, source="n_participants")
    attended = serializers.IntegerField(read_only=True, source="n_attended")
    time = LocalTimeField(required=False, allow_null=True)

    class Meta:
        model = Event
        fields = ["id", "municipality", "kind", "topic", "date", "time", "format", "place", "designation", "agreement",
                  "organiser_text", "target_schools", "subjects", "activity", "status", "result", "participants",
                  "attended"]
        read_only_fields = ["municipality", "status"]


class EventFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("С даты"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("По дату"))
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Код вида"))
    school = django_filters.CharFilter(method="filter_school", label=_("Код ОО (для школы или организатор)"))

    class Meta:
        model = Event
        fields = ["status", "municipality", "designation", "format"]

    def filter_school(self, queryset, name, value):
        targeted = Event.target_schools.through.objects.filter(school__code=value).values("event_id")
        return queryset.filter(Q(pk__in=targeted) | Q(designation__school__code=value))


class EventViewSet(CreateRule, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Methodical events visible to the user; created and changed by their organisers (services.save_event)."""

    create_allowed = staticmethod(access.can_log_events)
    create_refusal = _("Мероприятия вносят методисты и сотрудники школ-лидеров.")

    serializer_class = EventSerializer
    filterset_class = EventFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.with_counts(access.visible_events(self.request.user)).prefetch_related(
            "target_schools", "subjects").order_by("-date", "pk")

    def _save(self, serializer, event):
        data = dict(serializer.validated_data)
        schools = data.pop("target_schools", None)
        subjects = data.pop("subjects", None)
        if event.pk is not None:
            schools = list(event.target_schools.all()) if schools is None else schools
            subjects = list(event.subjects.all()) if subjects is None else subjects
            data = with_current(event, ("kind", "topic", "date", "time", "format", "place", "designation", "agreement",
                                        "organiser_text", "activity", "result", "status"), data)
        saved = services.save_event(actor=self.request.user, event=event, data=data, target_schools=schools or [],
                                    subjects=subjects or [])
        serializer.instance = self.get_queryset().get(pk=saved.pk)

    def perform_create(self, serializer):
        self._save(serializer, Event())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class ParticipationSerializer(serializers.ModelSerializer):
    event = ScopedPK(access.visible_events)
    teacher = ScopedPK(access.brief_teachers)
    teacher_name = serializers.CharField(source="teacher.full_name", read_only=True)
    school = serializers.CharField(source="teacher.school.code", read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "event", "teacher", "teacher_name", "school", "attended", "rating", "comment"]
        read_only_fields = ["rating", "comment"]


class ParticipationFilter(TeacherSchoolFilter):
    teacher = django_filters.ModelChoiceFilter(queryset=lambda request: access.brief_teachers(request.user),
                                               label=_("Педагог"))

    class Meta:
        model = Participation
        fields = ["event", "teacher", "attended"]


class ParticipationViewSet(CreateRule, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Participants of the visible events whose teachers the user sees (the others are only counted on the event).
    POST adds a teacher of the event's schools; PATCH `attended` marks attendance (the same consequences as on the
    page: the event is held, route items are ticked off)."""

    create_allowed = staticmethod(access.can_log_events)
    create_refusal = _("Участников добавляет организатор мероприятия.")

    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.visible_participations(self.request.user).select_related("teacher__school").order_by(
            "event_id", "teacher__full_name")

    def perform_create(self, serializer):
        data = serializer.validated_data
        services.add_participants(actor=self.request.user, event=data["event"], teachers=[data["teacher"]])
        serializer.instance = Participation.objects.get(event=data["event"], teacher=data["teacher"])

    def perform_update(self, serializer):
        serializer.instance = services.set_participation(
            actor=self.request.user, participation=serializer.instance,
            attended=serializer.validated_data.get("attended", serializer.instance.attended))
