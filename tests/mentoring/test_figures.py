"""mentoring.selectors.school_figures — the contract the monitoring app reads — by hand on a small school, and its
fixed number of queries for few and many schools."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import (
    Community,
    Course,
    Diagnostic,
    DiagnosticScore,
    Event,
    EventKind,
    MentoringPair,
    Participation,
    TeachingAssignment,
    TopicArea,
)
from mentoring.selectors import FIGURE_KEYS, school_figures
from schools.models import ClassResult, SchoolYear, Subject

from ..factories import SchoolFactory, TeacherFactory

D = datetime.date


def _class(school, year, subject, name, n, m2=0, m3=0, m4=0, m5=0):
    return ClassResult.objects.create(school=school, school_year=year, subject=subject, class_name=name,
                                      grade=int(name[0]), participants=n, mark2=m2, mark3=m3, mark4=m4, mark5=m5)


def _diagnostic(teacher, instrument, day, scores):
    d = Diagnostic.objects.create(teacher=teacher, instrument=instrument, date=day)
    for competence, score in zip(instrument.competences.all(), scores, strict=True):
        DiagnosticScore.objects.create(diagnostic=d, competence=competence, score=score, is_deficit=score < 50)
    return d


def _build(school_a1, school_b1, teachers_a1, teacher_b1, mentor_a2, instrument):
    y23 = SchoolYear.objects.get_or_create(start_year=2023)[0]
    y24 = SchoolYear.objects.get_or_create(start_year=2024)[0]
    math, russian = Subject.objects.get(code="math"), Subject.objects.get(code="russian")
    t0, t1, t2, t3, t4 = teachers_a1
    # results of 2023/2024 (the year before): t2 low (40 % «2»), t3 fine, t4 low but only 5 students (unreliable)
    TeachingAssignment.objects.create(teacher=t2, school_year=y23, class_name="5А", subject=math)
    TeachingAssignment.objects.create(teacher=t3, school_year=y23, class_name="6Б", subject=russian)
    TeachingAssignment.objects.create(teacher=t4, school_year=y23, class_name="7В", subject=math)
    _class(school_a1, y23, math, "5А", 20, m2=8, m3=8, m4=4)
    _class(school_a1, y23, russian, "6Б", 20, m4=20)
    _class(school_a1, y23, math, "7В", 5, m2=3, m3=2)
    _diagnostic(t2, instrument, D(2024, 10, 1), [40, 40, 40])
    _diagnostic(t2, instrument, D(2025, 4, 1), [60, 60, 60])  # improved
    _diagnostic(t3, instrument, D(2024, 11, 1), [70, 70, 70])
    _diagnostic(t0, instrument, D(2023, 10, 1), [60, 60, 60])
    _diagnostic(t0, instrument, D(2024, 12, 1), [50, 50, 50])  # a repeat, worse
    MentoringPair.objects.create(mentor=mentor_a2, mentee=t2, start=D(2024, 9, 15), end=D(2025, 5, 31))
    MentoringPair.objects.create(mentor=mentor_a2, mentee=t0, start=D(2024, 9, 15), end=D(2025, 1, 31),
                                 status=MentoringPair.Status.COMPLETED, form=MentoringPair.Form.YOUNG)
    MentoringPair.objects.create(mentor=mentor_a2, mentee=t1, start=D(2022, 9, 1), end=D(2023, 5, 31))  # long over
    Course.objects.create(teacher=t3, title="Повышение качества образования", provider="ИРО", hours=72,
                          start=D(2025, 2, 1), end=D(2025, 3, 1), completed=True, topic_area=TopicArea.QUALITY)
    Course.objects.create(teacher=t4, title="Методика математики", provider="ИРО", hours=36,
                          start=D(2025, 2, 1), end=D(2025, 3, 1), completed=True, topic_area=TopicArea.SUBJECT)
    c1 = Community.objects.create(municipality=school_a1.municipality, name="РМО учителей математики")
    c1.members.set([t2, t3])
    c2 = Community.objects.create(municipality=school_a1.municipality, name="Сеть молодых педагогов")
    c2.members.set([t2])
    c3 = Community.objects.create(municipality=school_b1.municipality, name="РМО Калининского района")
    c3.members.set([teacher_b1])
    kind = EventKind.objects.get(code="model_seminar")
    held = Event.objects.create(municipality=school_a1.municipality, kind=kind, topic="Анализ ВПР",
                                date=D(2024, 11, 5), status=Event.Status.HELD, organiser_text="ИМЦ")
    held.target_schools.set([school_a1])
    Participation.objects.create(event=held, teacher=t2, attended=True)
    Participation.objects.create(event=held, teacher=t3, attended=False)
    planned = Event.objects.create(municipality=school_a1.municipality, kind=kind, topic="Будущий семинар",
                                   date=D(2025, 5, 5), organiser_text="ИМЦ")
    planned.target_schools.set([school_a1])
    return y24


def test_figures_by_hand(school_a1, school_b1, teachers_a1, teacher_b1, mentor_a2, instrument):
    year = _build(school_a1, school_b1, teachers_a1, teacher_b1, mentor_a2, instrument)
    figures = school_figures(school_ids=[school_a1.pk, school_b1.pk], year=year)
    assert figures[school_a1.pk] == {
        "teachers": 5, "teachers_experience_known": 5, "teachers_judged": 2, "teachers_low_results": 1,
        "low_results_diagnosed": 1, "diagnosed": 3,
        "diagnosed_twice": 2,
        "positive_dynamics": 1, "low_results_mentored": 1, "mentored": 2, "young_specialists": 2,
        "young_mentored": 1, "trained_quality": 1, "in_communities": 2, "communities": 2, "events": 1,
        "event_participants": 1, "has_mentoring_system": 1}
    assert figures[school_b1.pk] == {**dict.fromkeys(FIGURE_KEYS, 0), "teachers": 1, "teachers_experience_known": 1,
                                     "in_communities": 1,
                                     "communities": 1}
    # the year id works as well as the year; the next year sees none of the year's work
    assert school_figures(school_ids=[school_a1.pk], year=year.pk) == {school_a1.pk: figures[school_a1.pk]}
    later = school_figures(school_ids=[school_a1.pk], year=SchoolYear.objects.create(start_year=2025))
    assert later[school_a1.pk]["diagnosed"] == 0 and later[school_a1.pk]["in_communities"] == 2



def test_a_year_that_is_over_keeps_its_mentoring_system(school_a1, mentor_a2, teachers_a1):
    """A school's mentoring of a past year counts for that year once its pairs are completed; a stopped pair does
    not make a system."""
    year = SchoolYear.objects.get_or_create(start_year=2024)[0]
    pair = MentoringPair.objects.create(mentor=mentor_a2, mentee=teachers_a1[0], start=D(2024, 10, 1),
                                        end=D(2025, 5, 31), status=MentoringPair.Status.COMPLETED)
    assert school_figures(school_ids=[school_a1.pk], year=year)[school_a1.pk]["has_mentoring_system"] == 1
    pair.status = MentoringPair.Status.STOPPED
    pair.save()
    assert school_figures(school_ids=[school_a1.pk], year=year)[school_a1.pk]["has_mentoring_system"] == 0


def test_figures_fixed_number_of_queries(muni_a, school_a1, school_b1, teachers_a1, teacher_b1, mentor_a2,
                                         instrument):
    year = _build(school_a1, school_b1, teachers_a1, teacher_b1, mentor_a2, instrument)
    with CaptureQueriesContext(connection) as few:
        school_figures(school_ids=[school_a1.pk, school_b1.pk], year=year)
    many = [SchoolFactory(municipality=muni_a) for _ in range(40)]
    for s in many:
        TeacherFactory(school=s)
    with CaptureQueriesContext(connection) as lots:
        out = school_figures(school_ids=[school_a1.pk, school_b1.pk, *[s.pk for s in many]], year=year)
    assert len(lots) == len(few) <= 12
    assert out[many[0].pk]["teachers"] == 1 and out[school_a1.pk]["teachers_low_results"] == 1
    assert school_figures(school_ids=[], year=year) == {}


def test_an_unknown_experience_is_not_a_young_specialist(school_a1):
    """A teacher whose experience is not entered is neither young nor experienced: left out of the young specialists
    and of the base of their share (monitoring № 12), not counted as a beginner with 0 years."""
    from monitoring.engine import TEACHER_SHARES
    from schools.models import Teacher

    from ..factories import TeacherFactory

    TeacherFactory(school=school_a1, full_name="Новикова", experience_years=1)
    TeacherFactory(school=school_a1, full_name="Опытнова", experience_years=20)
    unknown = TeacherFactory(school=school_a1, full_name="Безстажева", experience_years=None)
    assert Teacher.objects.get(pk=unknown.pk).experience_years is None
    year = SchoolYear.objects.get_or_create(start_year=2024)[0]
    f = school_figures(school_ids=[school_a1.pk], year=year)[school_a1.pk]
    assert (f["teachers"], f["teachers_experience_known"], f["young_specialists"]) == (3, 2, 1)
    numerator, denominator = TEACHER_SHARES["young_share"]
    assert 100 * f[numerator] / f[denominator] == 50  # of the two whose experience is known, not 1 of 3
