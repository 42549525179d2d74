"""The roadmaps section of the school card: the school's programmes, risk profiles and site plans."""

from django.template.loader import render_to_string

from accounts import scoping
from schools.models import SchoolYear

from . import access, selectors
from .models import RiskProfile


def roadmap_section(request, school) -> str | None:
    user = request.user
    if not scoping.can_view_private(user, school):
        return None
    roadmaps = list(selectors.with_progress(access.visible_roadmaps(user).filter(school=school)).order_by(
        "-school_year__start_year", "level"))
    profiles = list(RiskProfile.objects.filter(school=school).select_related("school_year").order_by(
        "-school_year__start_year"))
    if not roadmaps and not profiles and not scoping.can_edit_school(user, school):
        return None
    year = SchoolYear.objects.filter(start_year__lte=selectors.current_start_year()).order_by(
        "-start_year").values_list("start_year", flat=True).first()
    return render_to_string("roadmaps/_card.html", {"school": school, "roadmaps": roadmaps, "profiles": profiles,
                                                    "can_edit": scoping.can_edit_school(user, school) and year,
                                                    "current_year": year},
                            request=request)
