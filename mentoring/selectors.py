"""Reads of the methodical work: teacher-level results, the per-school figures (coverage, monitoring), the event
calendar, a teacher's page. Every function reads in a fixed number of queries, whatever the number of rows.

Teacher-level results: a teacher's results are the results of the classes they teach in a subject (their teaching
assignments joined to the class results that the per-student ВПР import keeps). A class taught by two teachers counts
fully for each. Marks (2–5) are comparable across grades and subjects, primary scores are not (DESIGN §4), so the
teacher's «mean» is the mean mark.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.formats import school_year_of
from schools.models import ClassResult, Municipality, School, SchoolYear, Teacher, class_key

from . import access
from .models import (
    YOUNG_SPECIALIST_YEARS,
    Community,
    Course,
    DevelopmentRoute,
    Diagnostic,
    DiagnosticScore,
    Event,
    LowResultsRule,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
    TopicArea,
)

FIGURE_KEYS = ("teachers", "teachers_judged", "teachers_low_results", "low_results_diagnosed", "diagnosed",
               "diagnosed_twice", "positive_dynamics", "low_results_mentored", "mentored", "young_specialists",
               "young_mentored", "trained_quality", "in_communities", "communities", "events", "event_participants",
               "has_mentoring_system")


def year_period(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def current_start_year(today: datetime.date | None = None) -> int:
    return school_year_of(today or timezone.localdate())


def _start_year(year) -> int:
    if isinstance(year, SchoolYear):
        return year.start_year
    return SchoolYear.objects.values_list("start_year", flat=True).get(pk=year)


# ---- thresholds and teacher-level results -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    failing_share: Decimal
    mean_mark: Decimal
    min_students: int


DEFAULT_RULE = Rule(Decimal("20"), Decimal("3.3"), 10)


def rules_for(municipality_ids) -> dict[int, Rule]:
    """The thresholds of each municipality (one query; a municipality without its own row has the defaults)."""
    rows = LowResultsRule.objects.filter(municipality_id__in=list(municipality_ids))
    return {r.municipality_id: Rule(r.failing_share, r.mean_mark, r.min_students) for r in rows}


def rule_of(municipality: Municipality) -> LowResultsRule:
    """The municipality's editable thresholds (unsaved with the defaults when it has none yet)."""
    found = LowResultsRule.objects.filter(municipality=municipality).first()
    return found or LowResultsRule(municipality=municipality, **LowResultsRule.DEFAULTS)


@dataclass
class TeacherResult:
    municipality_id: int | None = None  # whose thresholds apply
    students: int = 0
    mark2: int = 0
    marks_total: int = 0  # 2·«2» + 3·«3» + 4·«4» + 5·«5»
    units: list = field(default_factory=list)  # (class name, subject id, participants, mark2, mean mark)

    @property
    def failing_share(self) -> Decimal | None:
        if not self.students:
            return None
        return (Decimal(100 * self.mark2) / self.students).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def mean_mark(self) -> Decimal | None:
        if not self.students:
            return None
        return (Decimal(self.marks_total) / self.students).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def is_low(self, rule: Rule) -> bool:
        if not self.students:
            return False
        return self.failing_share >= rule.failing_share or self.mean_mark < rule.mean_mark

    def is_reliable(self, rule: Rule) -> bool:
        return self.students >= rule.min_students


def teacher_results(*, start_year: int, school_ids=None, teacher_ids=None) -> dict[int, TeacherResult]:
    """Results of each teacher's classes in a school year, from their teaching assignments (two queries)."""
    assignments = TeachingAssignment.objects.filter(school_year__start_year=start_year)
    if school_ids is not None:
        assignments = assignments.filter(teacher__school_id__in=school_ids)
    if teacher_ids is not None:
        assignments = assignments.filter(teacher_id__in=teacher_ids)
    rows = list(assignments.values_list("teacher_id", "teacher__school_id", "subject_id", "class_name",
                                        "teacher__school__municipality_id"))
    if not rows:
        return {}
    schools = {row[1] for row in rows}
    results = ClassResult.objects.filter(school_year__start_year=start_year)
    results = results.filter(school_id__in=school_ids) if school_ids is not None else results.filter(
        school_id__in=schools)
    by_unit = {(r[0], r[1], r[2]): r[3:] for r in results.values_list(
        "school_id", "subject_id", "class_name", "participants", "mark2", "mark3", "mark4", "mark5")}
    out: dict[int, TeacherResult] = {}
    for teacher_id, school_id, subject_id, class_name, municipality_id in rows:
        unit = by_unit.get((school_id, subject_id, class_key(class_name)))
        if unit is None:
            continue
        n, m2, m3, m4, m5 = unit
        result = out.get(teacher_id)
        if result is None:
            result = out[teacher_id] = TeacherResult(municipality_id=municipality_id)
        total = 2 * m2 + 3 * m3 + 4 * m4 + 5 * m5
        result.students += n
        result.mark2 += m2
        result.marks_total += total
        result.units.append((class_name, subject_id, n, m2,
                             (Decimal(total) / n).quantize(Decimal("0.01"), ROUND_HALF_UP) if n else None))
    return out


def judged_teacher_ids(*, start_year: int, school_ids) -> tuple[set[int], set[int]]:
    """(judged, low): teachers whose classes have reliable results that year, and of them those below their
    municipality's thresholds (3 queries). A school without judged teachers has no low-results figure at all —
    «none known», not «none low»."""
    results = teacher_results(start_year=start_year, school_ids=school_ids)
    if not results:
        return set(), set()
    rules = rules_for({r.municipality_id for r in results.values()})
    judged, low = set(), set()
    for teacher_id, result in results.items():
        rule = rules.get(result.municipality_id, DEFAULT_RULE)
        if result.is_reliable(rule):
            judged.add(teacher_id)
            if result.is_low(rule):
                low.add(teacher_id)
    return judged, low


def low_result_teacher_ids(*, start_year: int, school_ids) -> set[int]:
    """Teachers whose reliable results of that year are below their municipality's thresholds (3 queries)."""
    return judged_teacher_ids(start_year=start_year, school_ids=school_ids)[1]


@dataclass
class LowResultRow:
    teacher: Teacher
    result: TeacherResult
    reliable: bool
    diagnosed: bool
    mentored: bool
    classes: str = ""  # «математика: 5А, 6Б; русский язык: 7В»


def classes_text(result: TeacherResult, subject_names: dict[int, str]) -> str:
    by_subject: dict[int, list[str]] = {}
    for name, subject_id, _n, _m2, _mean in result.units:
        by_subject.setdefault(subject_id, []).append(name)
    return "; ".join(f"{subject_names.get(s, '').lower()}: {', '.join(sorted(names))}"
                     for s, names in sorted(by_subject.items(), key=lambda t: subject_names.get(t[0], "")))


def low_results_list(user, *, municipality: Municipality, start_year: int) -> tuple[Rule, list[LowResultRow]]:
    """Teachers of the municipality (within the user's reach) below the thresholds in that year, worst first;
    those under the small-sample minimum are listed and marked unreliable (they count nowhere)."""
    lr = rule_of(municipality)
    rule = Rule(lr.failing_share, lr.mean_mark, lr.min_students)
    schools = access.low_results_schools(user).filter(municipality=municipality)
    results = teacher_results(start_year=start_year, school_ids=schools.values("pk"))
    low = {t: r for t, r in results.items() if r.is_low(rule)}
    if not low:
        return rule, []
    teachers = Teacher.objects.filter(pk__in=list(low)).select_related("school")
    since = year_period(start_year)[0]  # the work that followed: from the results' year on
    diagnosed = set(Diagnostic.objects.filter(teacher_id__in=list(low), date__gte=since)
                    .values_list("teacher_id", flat=True))
    mentored = set(MentoringPair.objects.filter(mentee_id__in=list(low), end__gte=since)
                   .values_list("mentee_id", flat=True))
    from schools.models import Subject

    names = dict(Subject.objects.values_list("pk", "name"))
    rows = [LowResultRow(t, low[t.pk], low[t.pk].is_reliable(rule), t.pk in diagnosed, t.pk in mentored,
                         classes_text(low[t.pk], names)) for t in teachers]
    rows.sort(key=lambda r: (not r.reliable, -(r.result.failing_share or 0), r.result.mean_mark or 0,
                             r.teacher.full_name))
    return rule, rows


# ---- per-school figures (the coverage page and the monitoring app) ----------------------------------------------


def _diagnostic_dynamics(teacher_ids_q, since, until) -> tuple[set, set, set]:
    """(diagnosed in the period, diagnosed again in it after an earlier round, improved on the repeat) — one query:
    each diagnostic's mean score, compared with the teacher's previous one of the same instrument."""
    rows = (Diagnostic.objects.filter(teacher_id__in=teacher_ids_q, date__lte=until)
            .annotate(mean=Avg("scores__score")).order_by("teacher_id", "instrument_id", "date")
            .values_list("teacher_id", "instrument_id", "date", "mean"))
    diagnosed, twice, improved = set(), set(), set()
    previous: dict[tuple, float | None] = {}
    for teacher_id, instrument_id, day, mean in rows:
        key = (teacher_id, instrument_id)
        if day >= since:
            diagnosed.add(teacher_id)
            if key in previous:
                twice.add(teacher_id)
                if mean is not None and previous[key] is not None and mean > previous[key]:
                    improved.add(teacher_id)
        previous[key] = mean
    return diagnosed, twice, improved


def _id_list(ids) -> RawSQL:
    """A list of ids as one SQL expression for `__in`: Django resolves a Python list element by element each time a
    query using it is compiled (thousands of schools, a dozen queries); integers only, so nothing to escape."""
    values = ",".join(str(int(i)) for i in ids) or "NULL"
    return RawSQL(f"SELECT id FROM {School._meta.db_table} WHERE id IN ({values})", [])


def school_figures(*, school_ids, year) -> dict[int, dict[str, int]]:
    """Per school, the counts of the methodical work in a school year (`FIGURE_KEYS`), in a fixed number of queries
    whatever the number of schools. `year` is a `schools.SchoolYear` or its id.

    - teachers: active teachers; young_specialists: of them with less than YOUNG_SPECIALIST_YEARS of experience;
    - teachers_judged: active teachers whose classes have reliable results of the year before (the results known when
      the year's work starts, DESIGN §4); teachers_low_results: of them, those below the municipality's thresholds;
    - diagnosed / diagnosed_twice / positive_dynamics: a diagnostic in the year / a repeat of an earlier one of the same
      instrument / the repeat's mean score higher than the previous one;
    - mentored: mentees of a pair that runs during the year; has_mentoring_system: a pair in the year that runs or
      ran its course (a completed pair of a year that is over still counts for that year; a stopped one does not);
    - trained_quality: completed a course on the quality of education that ended in the year;
    - in_communities / communities: teachers in a community / communities with a member from the school;
    - events: events held in the year addressed to the school; event_participants: its teachers who attended one.
    """
    start_year = _start_year(year)
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
    young = {pk for pk, _s, exp in teachers if exp < YOUNG_SPECIALIST_YEARS}
    judged, low = judged_teacher_ids(start_year=start_year - 1, school_ids=schools_q)
    judged, low = judged & set(school_of), low & set(school_of)
    diagnosed, twice, improved = _diagnostic_dynamics(teacher_q, since, until)
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


# ---- the coverage page --------------------------------------------------------------------------------------

COVERAGE_COLUMNS = (
    ("teachers", "Педагогов"),
    ("teachers_low_results", "С низкими результатами"),
    ("low_results_diagnosed", "Из них прошли диагностику"),
    ("low_results_mentored", "Из них с наставником"),
    ("diagnosed", "Прошли диагностику"),
    ("with_route", "С маршрутом (ИОМ)"),
    ("mentored", "С наставником"),
    ("trained_quality", "Прошли КПК по качеству образования"),
    ("young_specialists", "Молодых специалистов"),
    ("young_mentored", "Из них с наставником"),
    ("in_communities", "В сообществах"),
    ("events", "Мероприятий"),
)


@dataclass
class CoverageRow:
    school: School
    figures: dict
    gaps: set

    @property
    def cells(self) -> list[tuple[str, str, int, bool]]:
        """(key, label, value, is a gap) in the columns' order: what the table shows, read once per row."""
        return [(key, label, self.figures[key], key in self.gaps) for key, label in COVERAGE_COLUMNS]


def routes_by_school(*, school_ids, start_year: int) -> dict[int, int]:
    """Teachers with a development route running during the year, per school (one query)."""
    since, until = year_period(start_year)
    rows = (DevelopmentRoute.objects.filter(teacher__school_id__in=school_ids, teacher__is_active=True,
                                            start__lte=until, end__gte=since)
            .values("teacher__school_id").annotate(n=Count("teacher_id", distinct=True))
            .values_list("teacher__school_id", "n"))
    return dict(rows)


def coverage(user, *, start_year: int, municipality_id: int | None = None,
             only_supported: bool = True) -> list[CoverageRow]:
    """The coverage table: per supported school — on the year's list of ШНОР/ШССУ or supported under an agreement
    during the year (so a listed school still without a partner shows, with its gaps) — or every school of the
    user's municipalities: the figures, with the gaps named (a fixed number of queries)."""
    since, until = year_period(start_year)
    schools = access.coverage_schools(user).filter(is_active=True).select_related("municipality")
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    if only_supported:
        from identification.models import SchoolStatus
        from partnerships.models import Agreement

        supported = Agreement.objects.filter(state__in=(Agreement.State.ACTIVE, Agreement.State.EXPIRED),
                                             start__lte=until, end__gte=since).values("supported_school_id")
        listed = SchoolStatus.objects.filter(school_year__start_year=start_year).values("school_id")
        schools = schools.filter(Q(pk__in=supported) | Q(pk__in=listed))
    schools = list(schools.order_by("municipality__name", "short_name"))
    ids = [s.pk for s in schools]
    figures = school_figures(school_ids=ids, year=SchoolYear(start_year=start_year)) if ids else {}
    routes = routes_by_school(school_ids=ids, start_year=start_year) if ids else {}
    rows = []
    for school in schools:
        f = dict(figures[school.pk])
        f["with_route"] = routes.get(school.pk, 0)
        gaps = set()
        if f["teachers_low_results"] > f["low_results_diagnosed"]:
            gaps.add("low_results_diagnosed")
        if f["teachers_low_results"] > f["low_results_mentored"]:
            gaps.add("low_results_mentored")
        if f["young_specialists"] > f["young_mentored"]:
            gaps.add("young_mentored")
        for key in ("diagnosed", "mentored", "trained_quality", "in_communities", "events"):
            if f["teachers"] and not f[key]:
                gaps.add(key)
        rows.append(CoverageRow(school, f, gaps))
    return rows


def coverage_export(rows: list[CoverageRow]) -> tuple[list[str], list[list]]:
    header = ["Муниципалитет", "Код ОО", "Школа", *[label for _k, label in COVERAGE_COLUMNS], "Пробелы"]
    labels = dict(COVERAGE_COLUMNS)
    out = []
    for r in rows:
        out.append([r.school.municipality.name, r.school.code, r.school.short_name,
                    *[r.figures[k] for k, _l in COVERAGE_COLUMNS],
                    "; ".join(labels[k].lower() for k, _l in COVERAGE_COLUMNS if k in r.gaps)])
    return header, out


# ---- events ------------------------------------------------------------------------------------------------


def event_list(user, *, since=None, until=None, kind="", municipality="", school="", status="", subject="",
               designation=""):
    qs = access.visible_events(user)
    if since:
        qs = qs.filter(date__gte=since)
    if until:
        qs = qs.filter(date__lte=until)
    if kind:
        qs = qs.filter(kind__code=kind)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if school:
        qs = qs.filter(Q(pk__in=Event.target_schools.through.objects.filter(school_id=school).values("event_id"))
                       | Q(designation__school_id=school))
    if status:
        qs = qs.filter(status=status)
    if subject:
        qs = qs.filter(pk__in=Event.subjects.through.objects.filter(subject_id=subject).values("event_id"))
    if designation:
        qs = qs.filter(designation_id=designation)
    return with_counts(qs).prefetch_related("target_schools").order_by("date", "time", "pk")


def with_counts(qs):
    """Participants and those present per event, as subqueries (no join of every participation before paging)."""
    rows = Participation.objects.filter(event=OuterRef("pk")).order_by().values("event")
    return qs.annotate(
        n_participants=Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0),
        n_attended=Coalesce(Subquery(rows.filter(attended=True).annotate(n=Count("pk")).values("n")[:1]), 0))


def month_grid(year: int, month: int, events) -> list[list[dict]]:
    """Weeks (Monday first) of day cells {day, in_month, events} for the month view."""
    by_day = defaultdict(list)
    for e in events:
        by_day[e.date].append(e)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d, "in_month": d.month == month, "events": by_day.get(d, [])} for d in week])
    return weeks


def event_participations(event: Event):
    return event.participations.select_related("teacher__school", "feedback_by").order_by(
        "teacher__school__short_name", "teacher__full_name")


# ---- a teacher's page -------------------------------------------------------------------------------------


@dataclass
class CompetenceChange:
    name: str
    before: int | None
    after: int | None
    deficit_before: bool
    deficit_after: bool

    @property
    def change(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


def diagnostic_changes(diagnostics: list[Diagnostic]) -> dict[int, list[CompetenceChange]]:
    """For each diagnostic that repeats an earlier one of the same instrument: the change per competence."""
    out = {}
    last: dict[int, Diagnostic] = {}
    for d in sorted(diagnostics, key=lambda d: d.date):
        previous = last.get(d.instrument_id)
        if previous is not None:
            before = {s.competence_id: s for s in previous.scores.all()}
            rows = []
            for s in d.scores.all():
                b = before.get(s.competence_id)
                rows.append(CompetenceChange(s.competence.name, b.score if b else None, s.score,
                                             bool(b and b.is_deficit), s.is_deficit))
            out[d.pk] = rows
        last[d.instrument_id] = d
    return out


def teacher_page(teacher: Teacher) -> dict:
    """Everything on a teacher's page, in a fixed number of queries."""
    diagnostics = list(teacher.diagnostics.select_related("instrument").prefetch_related(
        Prefetch("scores", queryset=DiagnosticScore.objects.select_related("competence"))).order_by("date"))
    years = sorted(set(TeachingAssignment.objects.filter(teacher=teacher)
                       .values_list("school_year__start_year", flat=True)), reverse=True)
    results = {y: teacher_results(start_year=y, teacher_ids=[teacher.pk]).get(teacher.pk) for y in years[:3]}
    from schools.models import Subject

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
        "is_young": teacher.experience_years < YOUNG_SPECIALIST_YEARS,
    }


# ---- read by the annual report (monitoring/reports/sections/) ----


def held_events_by_kind(*, since, until, school_ids, municipality_ids=(), school=None) -> list[dict]:
    """Events held between `since` and `until` — addressed to `school`, or else held by the municipalities or
    addressed to one of the schools — per kind: {"kind__name", "n" (events), "people" (attendances of the schools'
    teachers, a teacher once per event)}, the most frequent first (one query)."""
    events = Event.objects.filter(status=Event.Status.HELD, date__gte=since, date__lte=until)
    events = events.filter(target_schools=school) if school is not None else events.filter(
        Q(municipality_id__in=municipality_ids) | Q(target_schools__in=school_ids))
    return list(Event.objects.filter(pk__in=events.values("pk")).values("kind__name")
                .annotate(n=Count("pk", distinct=True),
                          people=Count("participations", filter=Q(participations__attended=True,
                                                                  participations__teacher__school_id__in=school_ids),
                                       distinct=True))
                .order_by("-n", "kind__name"))


def pairs_by_status(*, school_ids, since, until) -> dict[str, int]:
    """Mentoring pairs of the schools' mentees running at some time between `since` and `until`, per status (one
    query)."""
    return dict(MentoringPair.objects.filter(mentee__school_id__in=school_ids, start__lte=until, end__gte=since)
                .order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))


def courses_ended(*, school_ids, since, until) -> dict[str, int]:
    """Courses of the schools' teachers that ended between `since` and `until`: {"n_total", "n_completed",
    "n_teachers" (who completed one)} (one query)."""
    return Course.objects.filter(teacher__school_id__in=school_ids, end__gte=since, end__lte=until).aggregate(
        n_total=Count("pk"), n_completed=Count("pk", filter=Q(completed=True)),
        n_teachers=Count("teacher_id", filter=Q(completed=True), distinct=True))


def communities_with_members(*, school_ids) -> int:
    """Teacher communities with a member from one of the schools (one query)."""
    return Community.objects.filter(members__school_id__in=school_ids).distinct().count()
