"""API of roadmaps with the scoping of the pages: roadmaps and activities read within scope; activities' progress
written (PATCH) through the same service as the activity page; the risk-factor catalogue and risk profiles."""

import django_filters
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from . import access, selectors, services
from .models import Activity, RiskFactor, RiskProfile, RiskProfileItem, Roadmap


class RoadmapSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    # null for a municipal roadmap (a related field answers null on a partial update too, unlike a dotted source)
    school = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    activities = serializers.IntegerField(source="n_activities", read_only=True)
    percent_done = serializers.SerializerMethodField()
    overdue = serializers.IntegerField(source="n_overdue", read_only=True)
    last_report_status = serializers.CharField(source="report_status", read_only=True, default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Roadmap
        fields = ["id", "level", "municipality", "school", "designation", "school_year", "title", "goal", "tasks",
                  "period_start", "period_end", "status", "revision", "order_number", "order_date", "activities",
                  "percent_done", "overdue", "last_report_status", "url"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_percent_done(self, obj):
        return round(obj.percent_done, 1) if obj.percent_done is not None else None

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class ActivitySerializer(serializers.ModelSerializer):
    direction = serializers.CharField(source="direction.code", read_only=True)
    # null when the activity answers no risk factor; kept in PATCH answers (a dotted source with a default is left
    # out of a partial update's answer)
    risk_factor = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    responsible = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()
    late_days = serializers.IntegerField(read_only=True, help_text="Выполнено позже срока: на сколько дней (0 — в срок "
                                         "или не выполнено).")

    class Meta:
        model = Activity
        fields = ["id", "roadmap", "number", "title", "direction", "risk_factor", "start", "due", "responsible",
                  "executors", "expected_result", "indicator", "target_value", "status", "percent", "report",
                  "completed_on", "overdue", "late_days"]
        read_only_fields = ["roadmap", "number", "title", "start", "due", "executors", "expected_result",
                            "indicator", "target_value"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context.get("today"))


class RiskFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskFactor
        fields = ["id", "code", "name", "description", "ordering", "is_active"]


class RiskItemSerializer(serializers.ModelSerializer):
    factor = serializers.CharField(source="factor.code", read_only=True)
    factor_name = serializers.CharField(source="factor.name", read_only=True)

    class Meta:
        model = RiskProfileItem
        fields = ["factor", "factor_name", "relevant", "level", "measures"]


class RiskProfileSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code", read_only=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    items = RiskItemSerializer(many=True, read_only=True)

    class Meta:
        model = RiskProfile
        fields = ["id", "school", "school_year", "updated_at", "items"]


class RoadmapFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    municipality = django_filters.CharFilter(field_name="municipality__code", label=_("Код муниципалитета"))
    school_year = django_filters.NumberFilter(field_name="school_year__start_year", label=_("Год начала уч. года"))

    class Meta:
        model = Roadmap
        fields = ["level", "status"]


class ActivityFilter(django_filters.FilterSet):
    direction = django_filters.CharFilter(field_name="direction__code", label=_("Код направления"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Просрочено"))
    responsible = django_filters.CharFilter(method="filter_responsible", label=_("Ответственный (часть имени)"))
    due_before = django_filters.DateFilter(field_name="due", lookup_expr="lte", label=_("Срок не позже"))

    class Meta:
        model = Activity
        fields = ["roadmap", "status"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=Activity.OPEN, due__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_responsible(self, queryset, name, value):
        return queryset.filter(Q(responsible_text__icontains=value) | Q(responsible_user__last_name__icontains=value))


class RiskProfileFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    school_year = django_filters.NumberFilter(field_name="school_year__start_year", label=_("Год начала уч. года"))

    class Meta:
        model = RiskProfile
        fields = []


class RoadmapViewSet(viewsets.ReadOnlyModelViewSet):
    """Roadmaps visible to the user, with percent done, overdue activities and the latest report's state."""

    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilter

    def get_queryset(self):
        return selectors.with_progress(access.visible_roadmaps(self.request.user)).order_by("-pk")


@extend_schema_view(partial_update=extend_schema(
    description="Отметить ход выполнения (status, percent, report, completed_on): тем, кто выполняет карту."))
class ActivityViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Activities of the roadmaps visible to the user; `overdue` is computed (Europe/Moscow dates)."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Activity.objects.filter(roadmap__in=access.visible_roadmaps(self.request.user)).select_related(
            "roadmap", "direction", "risk_factor", "responsible_user").order_by("roadmap_id", "number")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def perform_update(self, serializer):
        activity, data = serializer.instance, serializer.validated_data
        serializer.instance = services.file_progress(
            actor=self.request.user, activity=activity, status=data.get("status", activity.status),
            percent=data.get("percent", activity.percent), report=data.get("report", activity.report),
            completed_on=data.get("completed_on", activity.completed_on))


class RiskFactorViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The risk-factor catalogue (region-wide): read by everyone signed in, written by administrators only."""

    serializer_class = RiskFactorSerializer
    queryset = RiskFactor.objects.order_by("ordering", "name")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def check_permissions(self, request):
        """Writes are refused (403) before the body is read: the catalogue is the region's."""
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not access.can_manage_catalogues(request.user):
            self.permission_denied(request, message=_("Справочники общие для всего региона: их ведёт администратор "
                                                      "портала."))

    def perform_create(self, serializer):
        serializer.instance = services.save_catalogue_item(actor=self.request.user, item=RiskFactor(),
                                                           data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_catalogue_item(actor=self.request.user, item=serializer.instance,
                                                           data=serializer.validated_data)


class RiskProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools' risk profiles within the private scope (municipal staff, the school's own staff)."""

    serializer_class = RiskProfileSerializer
    filterset_class = RiskProfileFilter

    def get_queryset(self):
        items = Prefetch("items", queryset=RiskProfileItem.objects.select_related("factor").order_by(
            "factor__ordering"))
        return access.visible_risk_profiles(self.request.user).select_related("school", "school_year").prefetch_related(
            items).order_by("-school_year__start_year", "school__code")

