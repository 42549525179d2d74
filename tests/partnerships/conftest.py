"""Fixtures of the partnerships tests beyond tests/conftest.py: the other roles of the access matrix."""

import pytest

from accounts.models import Role

from ..factories import SchoolFactory, UserFactory, make_user


@pytest.fixture
def school_b2(muni_b):
    return SchoolFactory(municipality=muni_b, code="230102", short_name="МБОУ СОШ № 2 ст. Калининской")


@pytest.fixture
def leader_staff_a2(school_a2):
    """Staff of school A2, the leader school of the designation in A."""
    return make_user(Role.LEADER_STAFF, school=school_a2, email="leader.a2@example.ru")


@pytest.fixture
def methodologist_b(muni_b):
    return make_user(Role.METHODOLOGIST, municipality=muni_b, email="metod.b@example.ru")


@pytest.fixture
def no_role_user(db):
    """Signed in, but without any membership."""
    return UserFactory(email="nobody@example.ru")


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, email="admin@example.ru")
