from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AssessmentResult, Municipality, School, SchoolYear, SchoolYearData, Subject, Teacher
from ..selectors import YEARLY_FIELDS


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "code", "name", "region"]


class SchoolSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", queryset=Municipality.objects.all(),
                                                help_text=_("Код муниципалитета."))
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:school-detail")

    class Meta:
        model = School
        fields = ["id", "url", "code", "short_name", "full_name", "inn", "kind", "location", "address",
                  "director_name", "phone", "email", "website", "is_active", "municipality", "municipality_name",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # uniqueness is checked by the service with the model's own rules
        extra_kwargs = {"code": {"validators": []}}


@extend_schema_field({"type": "string", "pattern": r"^\d{4}/\d{4}$", "example": "2024/2025"})
class SchoolYearField(serializers.Field):
    """A school year as "2024/2025"."""

    default_error_messages = {"invalid": _("Учебный год записывается как 2024/2025.")}

    def to_representation(self, value):
        return value.name

    def to_internal_value(self, data):
        try:
            return SchoolYear.parse(str(data))
        except ValueError:
            self.fail("invalid")


class SchoolYearDataSerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", queryset=School.objects.all(),
                                          help_text=_("Код ОО."))
    school_year = SchoolYearField(help_text=_("Например, 2024/2025."))

    class Meta:
        model = SchoolYearData
        fields = ["id", "school", "school_year", *YEARLY_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []


class TeacherSerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", queryset=School.objects.all(), help_text=_("Код ОО."))

    class Meta:
        model = Teacher
        fields = ["id", "school", "full_name", "position", "subjects", "experience_years", "qualification_category",
                  "is_active", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []


class AssessmentResultSerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", queryset=School.objects.all(), help_text=_("Код ОО."))
    school_year = SchoolYearField(help_text=_("Например, 2024/2025."))
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(),
                                           help_text=_("Код предмета: math, russian, …"))

    class Meta:
        model = AssessmentResult
        fields = ["id", "school", "school_year", "procedure", "subject", "grade", "participants", "mark2", "mark3",
                  "mark4", "mark5", "mean_score", "lowered", "confirmed", "raised", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []
