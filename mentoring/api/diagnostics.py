"""API of deficit diagnostics: scores by competence code in, results and deficits out."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from .. import access, services
from ..models import Competence, Diagnostic, DiagnosticInstrument
from .common import CreateRule, ScopedPK, TeacherSchoolFilter


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


class DiagnosticFilter(TeacherSchoolFilter):
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
