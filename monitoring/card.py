"""Monitoring's section of the school card: the school's indicators of the latest year with values, against the
targets, linked to the school's dashboard (for those who may read the school's private data)."""

from django.template.loader import render_to_string

from . import access
from .models import Value


def monitoring_section(request, school) -> str | None:
    if not access.can_view_school(request.user, school):
        return None
    latest = Value.objects.filter(school=school).order_by("-school_year__start_year").select_related(
        "school_year").first()
    if latest is None:
        return None
    from .selectors import school_table

    rows = [r for r in school_table(school, latest.school_year) if r["value"] is not None]
    return render_to_string("monitoring/_card.html", {"school": school, "rows": rows, "year": latest.school_year},
                            request=request)
