"""Every section reads in a fixed number of SQL queries whatever the number of schools: the same report of a
municipality with 2 supported schools and with 8 runs the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.reports import services
from tests.factories import AgreementFactory, DesignationFactory, RoadmapFactory, SchoolFactory, TeacherFactory

from ..conftest import status


def _supported(muni, year, n: int) -> None:
    leader = DesignationFactory(school=SchoolFactory(municipality=muni))
    for _ in range(n):
        school = SchoolFactory(municipality=muni)
        status(school, year)
        AgreementFactory(designation=leader, supported_school=school, active=True)
        RoadmapFactory(school=school, school_year=year, activities=3)
        TeacherFactory.create_batch(2, school=school)


def _queries(muni, year) -> int:
    report = services.request_report(actor=None, territory=muni, school_year=year, enqueue=False)
    with CaptureQueriesContext(connection) as captured:
        services.compose(report)
    return len(captured)


@pytest.mark.django_db
def test_the_sections_read_in_a_fixed_number_of_queries(muni_a, muni_b, year):
    _supported(muni_a, year, 2)
    _supported(muni_b, year, 8)
    small, large = _queries(muni_a, year), _queries(muni_b, year)
    assert small == large, (small, large)
    assert small < 60
