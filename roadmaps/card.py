"""The roadmaps section of the school card: the school's programmes, risk profiles and site plans."""

from django.template.loader import render_to_string

from schools.models import SchoolYear

from . import access, selectors


def roadmap_section(request, school) -> str | None:
    user = request.user
    if not access.can_view_risk_profile(user, school):
        return None
    roadmaps = list(selectors.with_progress(access.visible_roadmaps(user).filter(school=school)).order_by(
        "-school_year__start_year", "level"))
    profiles = list(access.visible_risk_profiles(user).filter(school=school).select_related("school_year").order_by(
        "-school_year__start_year"))
    can_edit = access.can_edit_risk_profile(user, school)
    if not roadmaps and not profiles and not can_edit:
        return None
    year = SchoolYear.objects.filter(start_year__lte=selectors.current_start_year()).order_by("-start_year").first()
    # one programme a year: the button only while one can be made, else a link to the one there is
    programme = next((r for r in roadmaps if r.is_programme and r.school_year_id == getattr(year, "pk", None)), None)
    return render_to_string("roadmaps/_card.html", {
        "school": school, "roadmaps": roadmaps, "profiles": profiles, "can_edit": can_edit and year,
        "current_year": year and year.start_year, "year": year, "programme": programme,
        "can_start_programme": bool(year) and programme is None and access.can_start_programme(user, school, year)},
        request=request)
