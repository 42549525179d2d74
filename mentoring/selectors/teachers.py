"""A teacher's page: class load and results, diagnostics, routes, courses, events, pairs and communities."""

from django.db.models import Prefetch

from schools.models import Subject, Teacher

from ..models import YOUNG_SPECIALIST_YEARS, DiagnosticScore, MentoringPair, RouteItem, TeachingAssignment
from .diagnostics import diagnostic_changes
from .results import DEFAULT_RULE, rules_for, teacher_results


def teacher_page(teacher: Teacher) -> dict:
    """Everything on a teacher's page, in a fixed number of queries."""
    diagnostics = list(teacher.diagnostics.select_related("instrument").prefetch_related(
        Prefetch("scores", queryset=DiagnosticScore.objects.select_related("competence"))).order_by("date"))
    years = sorted(set(TeachingAssignment.objects.filter(teacher=teacher)
                       .values_list("school_year__start_year", flat=True)), reverse=True)
    results = {y: teacher_results(start_year=y, teacher_ids=[teacher.pk]).get(teacher.pk) for y in years[:3]}
    subjects = dict(Subject.objects.values_list("pk", "name"))
    rule = rules_for([teacher.school.municipality_id]).get(teacher.school.municipality_id, DEFAULT_RULE)
    return {
        "assignments": TeachingAssignment.objects.filter(teacher=teacher).select_related("school_year", "subject")
        .order_by("-school_year__start_year", "class_name"),
        "results": list(results.items()),
        "subjects": subjects,
        "rule": rule,
        "diagnostics": diagnostics,
        "changes": diagnostic_changes(diagnostics),
        "routes": teacher.routes.prefetch_related(
            "deficits", Prefetch("items", queryset=RouteItem.objects.select_related("event", "course"))),
        "courses": teacher.courses.all(),
        "participations": teacher.participations.select_related("event__kind", "event__designation").prefetch_related(
            "event__target_schools").order_by("-event__date"),
        "mentors": MentoringPair.objects.filter(mentee=teacher).select_related(
            "mentor__school", "mentee__school", "subject", "agreement__designation"),
        "mentees": MentoringPair.objects.filter(mentor=teacher).select_related(
            "mentor__school", "mentee__school", "subject", "agreement__designation"),
        "communities": teacher.communities.all(),
        "is_young": teacher.experience_years is not None and teacher.experience_years < YOUNG_SPECIALIST_YEARS,
    }
