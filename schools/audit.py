from auditlog.registry import auditlog

from .models import AssessmentResult, GradingScale, School, SchoolYearData, Teacher

auditlog.register(School)
auditlog.register(SchoolYearData)
auditlog.register(Teacher)
auditlog.register(AssessmentResult)
auditlog.register(GradingScale)
