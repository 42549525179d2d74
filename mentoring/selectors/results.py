"""Teacher-level results: a teacher's results are the results of the classes they teach in a subject (their teaching
assignments joined to the class results that the per-student ВПР import keeps). A class taught by two teachers counts
fully for each. Marks (2–5) are comparable across grades and subjects, primary scores are not (scores are compared
only within one procedure, subject, grade and year), so the teacher's «mean» is the mean mark.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from schools.models import ClassResult, Municipality, Subject, Teacher, class_key

from .. import access
from ..models import Diagnostic, LowResultsRule, MentoringPair, TeachingAssignment
from .years import year_period


@dataclass(frozen=True)
class Rule:
    failing_share: Decimal
    mean_mark: Decimal
    min_students: int


DEFAULT_RULE = Rule(**LowResultsRule.DEFAULTS)


def as_rule(row: LowResultsRule) -> Rule:
    return Rule(row.failing_share, row.mean_mark, row.min_students)


def rules_for(municipality_ids) -> dict[int, Rule]:
    """The thresholds of each municipality (one query; a municipality without its own row has the defaults)."""
    rows = LowResultsRule.objects.filter(municipality_id__in=list(municipality_ids))
    return {r.municipality_id: as_rule(r) for r in rows}


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


def followed_up(teacher_ids, *, start_year: int) -> tuple[set[int], set[int]]:
    """(diagnosed, mentored): of these teachers, those diagnosed since the start of the results' school year and those
    in a pair that ran on after it — the work that followed the results (two queries)."""
    since = year_period(start_year)[0]
    ids = list(teacher_ids)
    diagnosed = set(Diagnostic.objects.filter(teacher_id__in=ids, date__gte=since).values_list("teacher_id", flat=True))
    mentored = set(MentoringPair.objects.filter(mentee_id__in=ids, end__gte=since).values_list("mentee_id", flat=True))
    return diagnosed, mentored


def classes_text(result: TeacherResult, subject_names: dict[int, str]) -> str:
    by_subject: dict[int, list[str]] = {}
    for name, subject_id, _n, _m2, _mean in result.units:
        by_subject.setdefault(subject_id, []).append(name)
    return "; ".join(f"{subject_names.get(s, '').lower()}: {', '.join(sorted(names))}"
                     for s, names in sorted(by_subject.items(), key=lambda t: subject_names.get(t[0], "")))


def low_results_list(user, *, municipality: Municipality, start_year: int) -> tuple[Rule, list[LowResultRow]]:
    """Teachers of the municipality (within the user's reach) below the thresholds in that year, worst first;
    those under the small-sample minimum are listed and marked unreliable (they count nowhere)."""
    rule = as_rule(rule_of(municipality))
    schools = access.low_results_schools(user).filter(municipality=municipality)
    results = teacher_results(start_year=start_year, school_ids=schools.values("pk"))
    low = {t: r for t, r in results.items() if r.is_low(rule)}
    if not low:
        return rule, []
    teachers = Teacher.objects.filter(pk__in=list(low)).select_related("school")
    diagnosed, mentored = followed_up(low, start_year=start_year)
    names = dict(Subject.objects.values_list("pk", "name"))
    rows = [LowResultRow(t, low[t.pk], low[t.pk].is_reliable(rule), t.pk in diagnosed, t.pk in mentored,
                         classes_text(low[t.pk], names)) for t in teachers]
    rows.sort(key=lambda r: (not r.reliable, -(r.result.failing_share or 0), r.result.mean_mark or 0,
                             r.teacher.full_name))
    return rule, rows
