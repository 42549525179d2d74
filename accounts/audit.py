"""Reading the audit log (django-auditlog) for a school: its own changes and its data's."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from schools.models import School, SchoolYearData, Teacher


def school_audit_entries(school: School, *, limit: int = 50) -> list[LogEntry]:
    """Latest changes of the school, its yearly data and its teachers (teachers are deactivated,
    not deleted, in the UI, so their ids stay resolvable)."""
    types = ContentType.objects.get_for_models(School, SchoolYearData, Teacher)
    yearly_ids = SchoolYearData.objects.filter(school=school).values("pk")
    teacher_ids = Teacher.objects.filter(school=school).values("pk")
    q = (
        Q(content_type=types[School], object_id=school.pk)
        | Q(content_type=types[SchoolYearData], object_id__in=yearly_ids)
        | Q(content_type=types[Teacher], object_id__in=teacher_ids)
    )
    return list(LogEntry.objects.filter(q).select_related("actor", "content_type").order_by("-timestamp")[:limit])
