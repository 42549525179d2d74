"""API of monitoring with the pages' scoping: `indicators` (the catalogue; written by methodologists through the
same services, retired, never deleted), `indicator-values` (read-only, within the private scope of schools),
`effectiveness` (the programme's effect for a municipality and year), `recommendations` (within scope; added,
edited, dismissed and adopted through the same services as the pages)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from accounts.access import get_scope
from core import limits
from core.formats import parse_school_year
from schools.models import Municipality, School, SchoolYear

from . import access, selectors, services
from .models import Audience, Indicator, Recommendation, Value


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "number", "name", "unit", "direction", "period", "source", "source_text", "method",
                  "min_n", "is_result", "is_builtin", "retired_at"]
        read_only_fields = ["code", "number", "source", "source_text", "is_result", "is_builtin", "retired_at"]


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    school = serializers.CharField(source="school.code", read_only=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    value = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)

    class Meta:
        model = Value
        fields = ["id", "indicator", "school", "school_year", "value", "n", "reliable", "change", "source", "data",
                  "report", "updated_at"]


class RecommendationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    # a missing school or rule is null, in every answer (a dotted source with a default is skipped in a PATCH's)
    school = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Recommendation
        fields = ["id", "municipality", "school", "school_year", "audience", "rule", "text", "reasons", "state",
                  "edited", "dismiss_reason", "order_number", "order_date", "decision", "decided_at"]
        read_only_fields = ["audience", "reasons", "state", "edited", "dismiss_reason", "order_number", "order_date",
                            "decision", "decided_at"]


class RecommendationCreateSerializer(serializers.Serializer):
    municipality = serializers.CharField(max_length=20, help_text=_("Код муниципалитета"))
    school_year = serializers.CharField(max_length=20, help_text=_("Учебный год, например 2024/2025"))
    audience = serializers.ChoiceField(choices=Audience.choices)
    school = serializers.CharField(required=False, allow_blank=True, max_length=32, help_text=_("Код ОО"))
    text = serializers.CharField(max_length=limits.LONG_TEXT)


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.COMMENT)


class AdoptSerializer(serializers.Serializer):
    order_number = serializers.CharField(max_length=50)
    order_date = serializers.DateField()
    decision = serializers.CharField(required=False, max_length=limits.COMMENT, allow_blank=True)


class YearFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        if not value:
            return qs
        try:
            return qs.filter(**{self.field_name: parse_school_year(value)})
        except ValueError:
            return qs.none()


class ValueFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    municipality = django_filters.CharFilter(field_name="school__municipality__code", label=_("Код муниципалитета"))
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Код показателя"))
    school_year = YearFilter(field_name="school_year__start_year", label=_("Учебный год (2024/2025)"))

    class Meta:
        model = Value
        fields = ["source", "reliable"]


class RecommendationFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(field_name="school__code", label=_("Код ОО"))
    municipality = django_filters.CharFilter(field_name="municipality__code", label=_("Код муниципалитета"))
    school_year = YearFilter(field_name="school_year__start_year", label=_("Учебный год (2024/2025)"))

    class Meta:
        model = Recommendation
        fields = ["audience", "state"]


class IndicatorViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The catalogue: read by everyone signed in; added and changed by methodologists; retired, never deleted."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("number", "name")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not access.can_manage_catalogue(request.user):
            self.permission_denied(request, message=access.CATALOGUE_REFUSAL)

    def perform_create(self, serializer):
        serializer.instance = services.save_indicator(actor=self.request.user, indicator=Indicator(),
                                                      data=serializer.validated_data)

    def perform_update(self, serializer):
        current = serializer.instance
        data = {f: getattr(current, f) for f in ("name", "unit", "direction", "period", "method", "min_n")}
        data.update(serializer.validated_data)
        if serializer.instance.is_builtin:
            data.pop("unit", None)
        serializer.instance = services.save_indicator(actor=self.request.user, indicator=serializer.instance,
                                                      data=data)

    @extend_schema(request=None, responses=IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        indicator = services.retire_indicator(actor=request.user, indicator=self.get_object())
        return Response(IndicatorSerializer(indicator).data)


class ValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Values of the schools whose private data the user may read; read-only (computed, or filed in reports)."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def get_queryset(self):
        return Value.objects.filter(school__in=access.monitored_schools(self.request.user)).select_related(
            "indicator", "school", "school_year").order_by("school_year__start_year", "school_id", "indicator__number")


class EffectivenessViewSet(viewsets.ViewSet):
    """The programme's effect for a municipality and school year (municipal staff of the municipality)."""

    @extend_schema(parameters=[
        OpenApiParameter("municipality", OpenApiTypes.STR, required=False,
                         description="Код муниципалитета (без него — первый из доступных пользователю)"),
        OpenApiParameter("school_year", OpenApiTypes.STR, required=False,
                         description="Учебный год, 2024/2025 (без него — последний год с результатами)")],
        responses=OpenApiTypes.OBJECT)
    def list(self, request):
        munis = access.municipal_munis(request.user)
        if not munis.exists():
            raise PermissionDenied(_("Эффект программы видят методисты и руководители управления образования."))
        code = request.query_params.get("municipality")
        muni = munis.filter(code=code).first() if code else munis.first()
        if muni is None:
            raise Http404
        try:
            raw = request.query_params.get("school_year")
            year = SchoolYear.objects.get(start_year=parse_school_year(raw)) if raw else selectors.latest_result_year(
                muni)
        except (ValueError, SchoolYear.DoesNotExist):
            raise serializers.ValidationError(
                {"school_year": [_("Укажите учебный год, например 2024/2025.")]}) from None
        data = selectors.effectiveness(muni, year)
        return Response({
            "municipality": muni.code, "school_year": year.name, "supported": data["supported"],
            "indicators": [{"code": r["code"], "name": r["name"], **r["effect"].as_dict()} for r in data["rows"]],
            "left_list": [s.code for s in data["left"]],
            "more_than_three_years": [{"school": s.code, "years": n} for s, n in data["long_status"]]})


class RecommendationViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.visible_recommendations(self.request.user).order_by("-school_year__start_year", "pk")

    @extend_schema(request=RecommendationCreateSerializer, responses=RecommendationSerializer)
    def create(self, request):
        scope = get_scope(request.user)
        if not (scope.is_admin or scope.methodologist_munis):
            raise PermissionDenied(_("Рекомендации добавляет методист муниципалитета."))
        data = RecommendationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        muni = Municipality.objects.filter(code=d["municipality"]).first()
        if muni is None or not access.can_view_municipality(request.user, muni):
            raise serializers.ValidationError({"municipality": [_("Нет такого муниципалитета в вашей области.")]})
        try:
            year = SchoolYear.objects.get(start_year=parse_school_year(d["school_year"]))
        except (ValueError, SchoolYear.DoesNotExist):
            raise serializers.ValidationError(
                {"school_year": [_("Укажите учебный год, например 2024/2025.")]}) from None
        school = School.objects.filter(code=d.get("school") or "", municipality=muni).first() if d.get("school") \
            else None
        if d.get("school") and school is None:
            raise serializers.ValidationError({"school": [_("Нет такой школы в муниципалитете.")]})
        rec = services.add_recommendation(actor=request.user, municipality=muni, school_year=year,
                                          audience=d["audience"], text=d["text"], school=school)
        return Response(RecommendationSerializer(rec).data, status=201)

    def perform_update(self, serializer):
        serializer.instance = services.edit_recommendation(actor=self.request.user, rec=serializer.instance,
                                                           text=serializer.validated_data.get("text", ""))

    @extend_schema(request=DismissSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        rec = self.get_object()
        if not access.can_edit_recommendation(request.user, rec):
            raise PermissionDenied(_("Отклонить можно только предложенную рекомендацию (методист муниципалитета)."))
        body = DismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.dismiss_recommendation(actor=request.user, rec=rec, **body.validated_data)
        return Response(RecommendationSerializer(rec).data)

    @extend_schema(request=AdoptSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        rec = self.get_object()
        if not access.can_adopt(request.user, rec):
            raise PermissionDenied(_("Решение принимают по предложенной рекомендации (методист или руководитель)."))
        body = AdoptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.adopt_recommendation(actor=request.user, rec=rec, **body.validated_data)
        return Response(RecommendationSerializer(rec).data)


