"""One number, one meaning: the start page's count of teachers with low results covers every school in reach and
says so, beside the count of the coverage table's default scope (ШНОР/ШССУ and supported schools); the coverage
table's totals and teacher columns name their scope and source."""

import pytest
from django.urls import reverse

from mentoring import selectors
from mentoring.models import TeachingAssignment
from schools.models import ClassResult, SchoolYear, Subject

from ..factories import SchoolStatusFactory, TeacherFactory
from ..html import text_of

YEAR = 2025  # the current school year of these tests; low results are of the year before


def _low_teacher(school, name):
    """A teacher whose one class (20 students, 12 «2») is well below any threshold in YEAR − 1."""
    year = SchoolYear.objects.get_or_create(start_year=YEAR - 1)[0]
    math = Subject.objects.get(code="math")
    class_name = f"5{name[0]}"
    ClassResult.objects.create(school=school, school_year=year, subject=math, class_name=class_name, grade=5,
                               participants=20, mark2=12, mark3=8)
    teacher = TeacherFactory(school=school, full_name=name)
    TeachingAssignment.objects.create(teacher=teacher, school_year=year, class_name=class_name, subject=math)
    return teacher


@pytest.fixture
def low_teachers(monkeypatch, school_a1, school_a2):
    monkeypatch.setattr(selectors, "current_start_year", lambda today=None: YEAR)
    SchoolStatusFactory(school=school_a1, school_year=SchoolYear.objects.get_or_create(start_year=YEAR)[0])
    return [_low_teacher(school_a1, "Антонова"), _low_teacher(school_a1, "Борисова"),
            _low_teacher(school_a2, "Васильева")]


def test_the_start_page_names_the_scope_of_its_count(client_for, methodologist_a, low_teachers):
    page = text_of(client_for(methodologist_a).get("/"))
    assert ("Педагоги с низкими результатами во всех школах: 3 (в ШНОР/ШССУ и школах с сопровождением, как в "
            "таблице охвата: 2)") in page


def test_the_coverage_table_agrees_with_the_start_page_in_its_scope(client_for, methodologist_a, low_teachers):
    client = client_for(methodologist_a)
    page = text_of(client.get(reverse("mentoring:coverage"), {"year": YEAR}))
    assert "Всего в ШНОР/ШССУ и школах с сопровождением" in page and "Педагогов по реестру" in page
    rows = selectors.coverage(methodologist_a, start_year=YEAR)
    assert sum(r.figures["teachers_low_results"] for r in rows) == 2  # the start page's second number
    page = text_of(client.get(reverse("mentoring:coverage"), {"year": YEAR, "all": "1"}))
    assert "Всего во всех школах" in page
    rows = selectors.coverage(methodologist_a, start_year=YEAR, only_supported=False)
    assert sum(r.figures["teachers_low_results"] for r in rows) == 3  # the start page's first number


def test_a_director_reads_the_count_of_the_own_school(client_for, director_a1, low_teachers):
    page = text_of(client_for(director_a1).get("/"))
    assert "Педагоги с низкими результатами в вашей школе: 2" in page
    assert "во всех школах" not in page
