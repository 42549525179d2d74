"""Shared fixtures: two municipalities (A, B), schools A1, A2, B1, and the three users of DESIGN §3."""

import pytest

from accounts.models import Membership, Role

from .factories import MunicipalityFactory, RegionFactory, SchoolFactory, SchoolYearFactory, UserFactory, make_user


@pytest.fixture
def region(db):
    return RegionFactory(name="Краснодарский край", code="23")


@pytest.fixture
def muni_a(region):
    return MunicipalityFactory(region=region, name="Динской район", code="dinskoy")


@pytest.fixture
def muni_b(region):
    return MunicipalityFactory(region=region, name="Калининский район", code="kalininsky")


@pytest.fixture
def school_a1(muni_a):
    return SchoolFactory(municipality=muni_a, code="230001", short_name="МБОУ СОШ № 1 ст. Динской")


@pytest.fixture
def school_a2(muni_a):
    return SchoolFactory(municipality=muni_a, code="230002", short_name="МБОУ ООШ № 2 ст. Динской")


@pytest.fixture
def school_b1(muni_b):
    return SchoolFactory(municipality=muni_b, code="230101", short_name="МБОУ СОШ № 1 ст. Калининской")


@pytest.fixture
def year(db):
    return SchoolYearFactory(start_year=2024)


@pytest.fixture
def methodologist_a(muni_a):
    return make_user(Role.METHODOLOGIST, municipality=muni_a, email="metod.a@example.ru")


@pytest.fixture
def head_a(muni_a):
    return make_user(Role.DEPARTMENT_HEAD, municipality=muni_a, email="head.a@example.ru")


@pytest.fixture
def director_a1(school_a1):
    return make_user(Role.SCHOOL_DIRECTOR, school=school_a1, email="director.a1@example.ru")


@pytest.fixture
def director_b1(school_b1):
    return make_user(Role.SCHOOL_DIRECTOR, school=school_b1, email="director.b1@example.ru")


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def reference_rows(transactional_db):
    """Live-server tests run in flushed databases: put back the rows the data migrations create."""
    import importlib

    from django.apps import apps

    for module, function in (("schools.migrations.0003_subjects", "seed_subjects"),
                             ("schools.migrations.0004_grading_scales", "seed_scales"),
                             ("identification.migrations.0002_default_methodology", "seed_default"),
                             ("partnerships.migrations.0002_designation_kinds", "seed"),
                             ("roadmaps.catalogues", "seed"),
                             ("mentoring.catalogues", "seed")):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _reference_rows_in_transactional_tests(request):
    """A transactional test (`django_db(transaction=True)`, `transactional_db`, live server) flushes the database
    when it ends, taking the rows the data migrations created with it; put them back before each such test so
    that it does not depend on which tests ran before it in the same process."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames:
        request.getfixturevalue("reference_rows")


# ---- the other roles of the access matrices ----

@pytest.fixture
def leader_staff_a2(school_a2):
    """Staff of school A2 (the leader school of the designations in the tests)."""
    return make_user(Role.LEADER_STAFF, school=school_a2, email="leader.a2@example.ru")


@pytest.fixture
def methodologist_b(muni_b):
    return make_user(Role.METHODOLOGIST, municipality=muni_b, email="metod.b@example.ru")


@pytest.fixture
def no_role_user(db):
    """Signed in, but without any membership."""
    return UserFactory(email="nobody@example.ru")


@pytest.fixture
def methodologist_head_a(muni_a):
    """A methodologist of A who also holds the head role of A (given by an admin): separation-of-duties tests."""
    user = make_user(Role.METHODOLOGIST, municipality=muni_a, email="both.a@example.ru")
    Membership.objects.create(user=user, role=Role.DEPARTMENT_HEAD, municipality=muni_a)
    return user


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, email="admin@example.ru")
