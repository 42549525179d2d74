"""Fixtures of the mentoring tests: a leader school A2 with an active designation and an agreement supporting A1."""

import datetime

import pytest

from mentoring.models import DiagnosticInstrument
from partnerships.models import Agreement

from ..factories import AgreementFactory, DesignationFactory, SchoolFactory, TeacherFactory

D = datetime.date


@pytest.fixture
def school_a3(muni_a):
    """A school of municipality A that nobody supports."""
    return SchoolFactory(municipality=muni_a, code="230003", short_name="МБОУ СОШ № 3 ст. Динской")


@pytest.fixture
def designation_a2(school_a2):
    return DesignationFactory(school=school_a2, start=D(2024, 9, 1), end=D(2027, 8, 31))


@pytest.fixture
def agreement_a2_a1(designation_a2, school_a1):
    return AgreementFactory(designation=designation_a2, supported_school=school_a1, start=D(2024, 9, 10),
                            end=D(2027, 8, 31), state=Agreement.State.ACTIVE)


@pytest.fixture
def mentor_a2(school_a2):
    return TeacherFactory(school=school_a2, full_name="Лидерова Анна Ивановна", experience_years=25)


@pytest.fixture
def teachers_a1(school_a1):
    return [TeacherFactory(school=school_a1, full_name=f"Учитель А1-{i}", experience_years=1 if i < 2 else 12)
            for i in range(5)]


@pytest.fixture
def teacher_b1(school_b1):
    return TeacherFactory(school=school_b1, full_name="Калинина Ольга Петровна")


@pytest.fixture
def instrument(db):
    instrument = DiagnosticInstrument.objects.create(name="Предметные и методические компетенции", scale_min=0,
                                                     scale_max=100, deficit_below=50)
    for i, name in enumerate(("Предметная", "Методическая", "Оценочная"), start=1):
        instrument.competences.create(code=f"K{i}", name=name, ordering=i)
    return instrument
