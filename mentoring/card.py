"""The methodical-work section of the school card: the school's figures of the year and its teachers' pages."""

from django.template.loader import render_to_string

from accounts import access as scoping
from core.formats import school_year_name
from schools.models import SchoolYear

from . import access, selectors


def mentoring_section(request, school) -> str | None:
    """The school's private scope only (its staff, the municipality's staff): figures about its teachers."""
    user = request.user
    if not scoping.can_view_private(user, school):
        return None
    year = selectors.current_start_year()
    figures = selectors.school_figures(school_ids=[school.pk], year=SchoolYear(start_year=year))[school.pk]
    return render_to_string("mentoring/_card.html", {
        "f": figures, "school": school, "year_name": school_year_name(year),
        "teachers": school.teachers.filter(is_active=True).order_by("full_name").values_list("pk", "full_name"),
        "can_log": access.can_log_events(user)}, request=request)
