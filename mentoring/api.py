"""API of the methodical work: the same scoping as the pages (`access`), writes through the same services.

References to other objects (teachers, schools, agreements, …) are looked up among those the user may choose, so a
foreign object is «not found» (400), never revealed; the services check the rules again (403) and the data (400 with
the field's Russian message).
"""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from core.api import LocalTimeField
from schools.models import SchoolYear, Subject

from . import access, selectors, services
from .models import (
    Community,
    Competence,
    Course,
    DevelopmentRoute,
    Diagnostic,
    DiagnosticInstrument,
    Event,
    EventKind,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
)


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


# ---- events and participations ------------------------------------------------------------------------------


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
            data = {**{f: getattr(event, f) for f in ("kind", "topic", "date", "time", "format", "place",
                                                      "designation", "agreement", "organiser_text", "activity",
                                                      "result", "status")}, **data}
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


class ParticipationFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))

    class Meta:
        model = Participation
        fields = ["event", "teacher", "attended"]


class ParticipationViewSet(CreateRule, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Participants of the visible events. POST adds a teacher of the event's schools; PATCH `attended` marks
    attendance (the same consequences as on the page: the event is held, route items are ticked off)."""

    create_allowed = staticmethod(access.can_log_events)
    create_refusal = _("Участников добавляет организатор мероприятия.")

    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Participation.objects.filter(event__in=access.visible_events(self.request.user)).select_related(
            "teacher__school").order_by("event_id", "teacher__full_name")

    def perform_create(self, serializer):
        data = serializer.validated_data
        services.add_participants(actor=self.request.user, event=data["event"], teachers=[data["teacher"]])
        serializer.instance = Participation.objects.get(event=data["event"], teacher=data["teacher"])

    def perform_update(self, serializer):
        serializer.instance = services.set_participation(
            actor=self.request.user, participation=serializer.instance,
            attended=serializer.validated_data.get("attended", serializer.instance.attended))


# ---- pairs ---------------------------------------------------------------------------------------------------


class PairSerializer(serializers.ModelSerializer):
    mentor = ScopedPK(access.brief_teachers)
    mentee = ScopedPK(access.brief_teachers)
    agreement = ScopedPK(access.event_agreements, required=False, allow_null=True)
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(), required=False,
                                           allow_null=True)
    meetings = serializers.IntegerField(read_only=True, source="n_meetings")

    class Meta:
        model = MentoringPair
        fields = ["id", "role", "mentor", "mentee", "agreement", "form", "subject", "goals", "start", "end",
                  "planned_meetings", "meetings", "status", "outcome"]


class PairFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", label=_("Код ОО (наставника или наставляемого)"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Действует на дату"))

    class Meta:
        model = MentoringPair
        fields = ["status", "role", "form", "mentor", "mentee", "agreement"]

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(mentor__school__code=value) | Q(mentee__school__code=value))

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


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
        data = {**{f: getattr(pair, f) for f in PairSerializer.Meta.fields if f not in ("id", "meetings")},
                **serializer.validated_data}
        saved = services.save_pair(actor=self.request.user, pair=pair, data=data)
        serializer.instance = self.get_queryset().get(pk=saved.pk)


# ---- teaching assignments, diagnostics, routes, courses -------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)
    school_year = serializers.SlugRelatedField(slug_field="start_year", queryset=SchoolYear.objects.all())
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all())

    class Meta:
        model = TeachingAssignment
        fields = ["id", "teacher", "school_year", "class_name", "subject"]


class AssignmentFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))
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


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"},
                      "example": {"К1": 42, "К2": 55}})
class ScoresField(serializers.DictField):
    """{competence code: score}."""

    child = serializers.IntegerField(min_value=0)


class DiagnosticSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)
    instrument = serializers.PrimaryKeyRelatedField(queryset=DiagnosticInstrument.objects.filter(is_active=True))
    scores = ScoresField(write_only=True)
    results = serializers.SerializerMethodField()
    deficits = serializers.SerializerMethodField()

    class Meta:
        model = Diagnostic
        fields = ["id", "teacher", "instrument", "date", "conducted_by", "notes", "scores", "results", "deficits"]

    def get_results(self, obj) -> dict:
        return {s.competence.code: s.score for s in obj.scores.all()}

    def get_deficits(self, obj) -> list[str]:
        return [s.competence.code for s in obj.scores.all() if s.is_deficit]


class DiagnosticFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("С даты"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("По дату"))

    class Meta:
        model = Diagnostic
        fields = ["teacher", "instrument"]


class DiagnosticViewSet(CreateRule, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deficit diagnostics within the private scope; written by directors and methodologists."""

    create_allowed = staticmethod(access.can_edit_any_teacher)
    create_refusal = _("Диагностику вносят директор школы и методист.")

    serializer_class = DiagnosticSerializer
    filterset_class = DiagnosticFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return access.visible_diagnostics(self.request.user).prefetch_related("scores__competence").order_by(
            "teacher_id", "date")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        instrument = data["instrument"]
        by_code = {c.code: c for c in Competence.objects.filter(instrument=instrument)}
        unknown = [code for code in data["scores"] if code not in by_code]
        if unknown:
            raise serializers.ValidationError({"scores": _("Неизвестные коды компетенций: %(c)s.") % {
                "c": ", ".join(unknown)}})
        serializer.instance = services.save_diagnostic(
            actor=self.request.user, teacher=data["teacher"], instrument=instrument, date=data["date"],
            scores={by_code[code]: score for code, score in data["scores"].items()},
            conducted_by=data.get("conducted_by", ""), notes=data.get("notes", ""))


class RouteItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RouteItem
        fields = ["id", "kind", "title", "due", "status", "done_on", "event", "course", "pair"]


class RouteSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)
    deficits = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    items = RouteItemSerializer(many=True, read_only=True)

    class Meta:
        model = DevelopmentRoute
        fields = ["id", "teacher", "start", "end", "goal", "deficits", "items"]


class RouteFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Действует на дату"))

    class Meta:
        model = DevelopmentRoute
        fields = ["teacher"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


class RouteViewSet(CreateRule, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Individual development routes with their items (ticked off automatically by attendance and courses)."""

    create_allowed = staticmethod(access.can_edit_any_teacher)
    create_refusal = _("Маршруты составляют директор школы и методист.")

    serializer_class = RouteSerializer
    filterset_class = RouteFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return access.visible_routes(self.request.user).prefetch_related("deficits", "items").order_by("-start", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.save_route(actor=self.request.user, route=DevelopmentRoute(),
                                                  data=dict(serializer.validated_data))


class CourseSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)

    class Meta:
        model = Course
        fields = ["id", "teacher", "title", "provider", "hours", "start", "end", "topic_area", "completed"]


class CourseFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="teacher__school__code", label=_("Код ОО"))
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
        data = {**{f: getattr(course, f) for f in ("teacher", "title", "provider", "hours", "start", "end",
                                                   "topic_area", "completed")}, **serializer.validated_data}
        serializer.instance = services.save_course(actor=self.request.user, course=course, data=data)


class CommunitySerializer(serializers.ModelSerializer):
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(), required=False,
                                           allow_null=True)
    members = serializers.IntegerField(read_only=True, source="n_members")
    meetings = serializers.IntegerField(read_only=True, source="n_meetings")

    class Meta:
        model = Community
        fields = ["id", "municipality", "name", "kind", "subject", "description", "members", "meetings"]


class CommunityViewSet(CreateRule, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Communities of the user's municipalities (names and member counts; member names on the page, in scope)."""

    create_allowed = staticmethod(access.can_create_community)
    create_refusal = _("Сообщества ведут методисты.")

    serializer_class = CommunitySerializer
    filterset_fields = ["municipality", "kind", "subject"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return access.visible_communities(self.request.user).annotate(
            n_members=Count("members", distinct=True), n_meetings=Count("meetings", distinct=True)).order_by("pk")

    def perform_create(self, serializer):
        saved = services.save_community(actor=self.request.user, community=Community(),
                                        data=dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=saved.pk)
