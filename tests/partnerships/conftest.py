"""Fixtures of the partnerships tests beyond tests/conftest.py."""

import pytest

from ..factories import SchoolFactory


@pytest.fixture
def school_b2(muni_b):
    return SchoolFactory(municipality=muni_b, code="230102", short_name="МБОУ СОШ № 2 ст. Калининской")
