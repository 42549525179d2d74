from auditlog.registry import auditlog

from .models import School, SchoolYearData, Teacher

auditlog.register(School)
auditlog.register(SchoolYearData)
auditlog.register(Teacher)
