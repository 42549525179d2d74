"""The registry's models in the audit log (django-auditlog): who changed what, and when."""

from auditlog.registry import auditlog

from .models import AssessmentResult, GradingScale, School, SchoolYearData, Teacher


def register() -> None:
    for model in (School, SchoolYearData, Teacher, AssessmentResult, GradingScale):
        auditlog.register(model)
