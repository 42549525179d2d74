"""Fixtures of the partnerships tests beyond tests/conftest.py."""

import datetime

import pytest

from partnerships import services
from partnerships.models import Designation, DesignationKind

from ..factories import SchoolFactory


@pytest.fixture
def school_b2(muni_b):
    return SchoolFactory(municipality=muni_b, code="230102", short_name="МБОУ СОШ № 2 ст. Калининской")

D = datetime.date


@pytest.fixture
def leader(school_a2, methodologist_a):
    return services.save_designation(actor=methodologist_a, designation=Designation(), data={
        "school": school_a2, "kind": DesignationKind.objects.get(code="leader"), "topic": "Математика",
        "grounds": ["high_results"], "start": D(2024, 9, 1), "end": D(2026, 8, 31), "order_number": "12",
        "order_date": D(2024, 8, 20)})
