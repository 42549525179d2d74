"""Registry: regions, municipalities, schools, school years, yearly data, teachers and assessment results.

These models know nothing about users: who may see what is decided in `accounts.access` (the layers are described
in docs/architecture.md). One module per subdomain; other code imports from `schools.models`.
"""

from .registry import Location, Municipality, Region, School, SchoolKind, SchoolYear, validate_inn
from .results import (
    PROCEDURE_GRADES,
    AssessmentResult,
    ClassResult,
    GradingScale,
    Procedure,
    Subject,
    TaskLevel,
    TaskResult,
    class_key,
)
from .staff import QualificationCategory, Teacher
from .yearly import OPTIONAL_FIELDS, STUDENT_SUBSET_FIELDS, SchoolYearData

__all__ = [
    "OPTIONAL_FIELDS", "PROCEDURE_GRADES", "STUDENT_SUBSET_FIELDS", "AssessmentResult", "ClassResult", "GradingScale",
    "Location", "Municipality", "Procedure", "QualificationCategory", "Region", "School", "SchoolKind", "SchoolYear",
    "SchoolYearData", "Subject", "TaskLevel", "TaskResult", "Teacher", "class_key", "validate_inn",
]
