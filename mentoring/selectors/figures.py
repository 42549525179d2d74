"""The per-school figures of the methodical work: what the coverage page, the school card and the monitoring app
(indicators, the annual report) count."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.expressions import RawSQL

from schools.models import School, Teacher

from ..models import YOUNG_SPECIALIST_YEARS, Community, Course, Event, MentoringPair, Participation, TopicArea
from .diagnostics import diagnostic_dynamics
from .results import judged_teacher_ids
from .years import start_year_of, year_period

FIGURE_KEYS = ("teachers", "teachers_experience_known", "teachers_judged", "teachers_low_results",
               "low_results_diagnosed", "diagnosed",
               "diagnosed_twice", "positive_dynamics", "low_results_mentored", "mentored", "young_specialists",
               "young_mentored", "trained_quality", "in_communities", "communities", "events", "event_participants",
               "has_mentoring_system")


def _id_list(ids) -> RawSQL:
    """A list of ids as one SQL expression for `__in`: Django resolves a Python list element by element each time a
    query using it is compiled (thousands of schools, a dozen queries); integers only, so nothing to escape."""
    values = ",".join(str(int(i)) for i in ids) or "NULL"
    return RawSQL(f"SELECT id FROM {School._meta.db_table} WHERE id IN ({values})", [])


def school_figures(*, school_ids, year) -> dict[int, dict[str, int]]:
    """Per school, the counts of the methodical work in a school year (`FIGURE_KEYS`), in a fixed number of queries
    whatever the number of schools. `year` is a `schools.SchoolYear` or its id.

    - teachers: active teachers; teachers_experience_known: of them, those whose experience is entered;
      young_specialists: of those, with less than YOUNG_SPECIALIST_YEARS of experience (an unknown experience is not
      counted either way);
    - teachers_judged: active teachers whose classes have reliable results of the year before (the results known when
      the year's work starts); teachers_low_results: of them, those below the municipality's thresholds;
    - diagnosed / diagnosed_twice / positive_dynamics: a diagnostic in the year / a repeat of an earlier one of the same
      instrument / the repeat's mean score higher than the previous one;
    - mentored: mentees of a pair that runs during the year; has_mentoring_system: a pair in the year that runs or
      ran its course (a completed pair of a year that is over still counts for that year; a stopped one does not);
    - trained_quality: completed a course on the quality of education that ended in the year;
    - in_communities / communities: teachers in a community / communities with a member from the school;
    - events: events held in the year addressed to the school; event_participants: its teachers who attended one.
    """
    start_year = start_year_of(year)
    since, until = year_period(start_year)
    ids = list(school_ids)
    out = {sid: dict.fromkeys(FIGURE_KEYS, 0) for sid in ids}
    if not ids:
        return out
    schools_q = _id_list(ids)
    teachers = list(Teacher.objects.filter(school_id__in=schools_q, is_active=True)
                    .values_list("pk", "school_id", "experience_years"))
    school_of = {pk: school_id for pk, school_id, _e in teachers}
    teacher_q = Teacher.objects.filter(school_id__in=schools_q, is_active=True).values("pk")
    known = {pk for pk, _s, exp in teachers if exp is not None}
    young = {pk for pk, _s, exp in teachers if exp is not None and exp < YOUNG_SPECIALIST_YEARS}
    judged, low = judged_teacher_ids(start_year=start_year - 1, school_ids=schools_q)
    judged, low = judged & set(school_of), low & set(school_of)
    diagnosed, twice, improved = diagnostic_dynamics(teacher_q, since, until)
    pairs = list(MentoringPair.objects.filter(mentee_id__in=teacher_q, start__lte=until, end__gte=since)
                 .values_list("mentee_id", "status"))
    mentored = {m for m, _s in pairs}
    system_mentees = {m for m, s in pairs if s != MentoringPair.Status.STOPPED}
    trained = set(Course.objects.filter(teacher_id__in=teacher_q, completed=True, topic_area=TopicArea.QUALITY,
                                        end__gte=since, end__lte=until).values_list("teacher_id", flat=True))
    memberships = list(Community.members.through.objects.filter(teacher_id__in=teacher_q)
                       .values_list("teacher_id", "community_id"))
    attended = set(Participation.objects.filter(teacher_id__in=teacher_q, attended=True, event__date__gte=since,
                                                event__date__lte=until).values_list("teacher_id", flat=True))
    events = (Event.target_schools.through.objects.filter(school_id__in=schools_q, event__status=Event.Status.HELD,
                                                          event__date__gte=since, event__date__lte=until)
              .values("school_id").annotate(n=Count("event_id", distinct=True)).values_list("school_id", "n"))

    def count(figure: str, teacher_ids) -> None:
        for teacher_id in teacher_ids:
            school_id = school_of.get(teacher_id)
            if school_id is not None:
                out[school_id][figure] += 1

    count("teachers", school_of)
    count("teachers_experience_known", known)
    count("young_specialists", young)
    count("teachers_judged", judged)
    count("teachers_low_results", low)
    count("low_results_diagnosed", low & diagnosed)
    count("diagnosed", diagnosed)
    count("diagnosed_twice", twice)
    count("positive_dynamics", improved)
    count("low_results_mentored", low & mentored)
    count("mentored", mentored)
    count("young_mentored", young & mentored)
    count("trained_quality", trained)
    count("in_communities", {t for t, _c in memberships})
    count("event_participants", attended)
    school_communities = defaultdict(set)
    for teacher_id, community_id in memberships:
        school_communities[school_of[teacher_id]].add(community_id)
    for school_id, communities in school_communities.items():
        out[school_id]["communities"] = len(communities)
    for school_id, n in events:
        out[school_id]["events"] = n
    for teacher_id in system_mentees:
        out[school_of[teacher_id]]["has_mentoring_system"] = 1
    return out
