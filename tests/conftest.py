"""Shared fixtures: two municipalities (A, B), schools A1, A2, B1, and the three users of the roles (docs/domain.md);
the demo world built once per process (`demo_db`, see docs/testing.md)."""

import sys
import warnings
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Membership, Role

from .factories import MunicipalityFactory, RegionFactory, SchoolFactory, SchoolYearFactory, UserFactory, make_user


def pytest_configure(config):
    # pytest-playwright's base_url fixture, not ours: the deprecation would repeat on every run. Here rather than in
    # pyproject.toml, whose hash scripts/setup.sh watches to reinstall the virtual environment
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning")


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


# ---- the demo world, built once per process ----

class _SharedDemo:
    """`manage.py seed_demo` run once into this process's test database (each xdist worker has its own), inside a
    transaction that is never committed. A test using it (`demo_db`) runs in a savepoint within that transaction
    (pytest-django's `db`), so what it writes goes with the savepoint and the next test finds the demo unchanged.
    Any other test needs the database without the demo: the transaction is rolled back before that test starts,
    and the demo seeded again should a demo test follow. The collection order (demo tests first) makes that happen
    at most once per process; `builds` counts the seedings."""

    def __init__(self):
        self.blocker = None
        self.builds = 0
        self._atomic = None

    @property
    def active(self) -> bool:
        return self._atomic is not None

    def open(self):
        with self.blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                call_command("seed_demo", stdout=StringIO())
            except BaseException:
                self._atomic.__exit__(*sys.exc_info())
                self._atomic = None
                raise
        self.builds += 1

    def close(self):
        if self._atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None


_demo = _SharedDemo()
DEMO_FIXTURE = "shared_demo"


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    """The process's demo world (session-scoped, so it opens before any test's own transaction); tests ask for
    `demo_db`."""
    _demo.blocker = django_db_blocker
    if not _demo.active:
        _demo.open()
    yield _demo
    _demo.close()
    if _demo.builds > 1:
        warnings.warn(f"the shared demo was seeded {_demo.builds} times in this process: a test without it ran "
                      "between demo tests (see the collection order in tests/conftest.py)", stacklevel=1)


@pytest.fixture
def demo_db(request, shared_demo, db):
    """The demo world (`seed_demo`) for a test that reads it, or writes through the ORM only: the test runs in a
    savepoint rolled back after it. Not for transactional or live-server tests (they would flush it): those seed
    their own."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        pytest.fail("demo_db runs in a transaction: a transactional or live-server test seeds its own demo")
    assert _demo.active


def pytest_collection_modifyitems(config, items):
    """Demo tests first: xdist hands each worker its tests in collection order, so a worker seeds the demo once,
    runs its demo tests, then rolls the demo back for good; the demo tests are also the longest, best started
    first."""
    items.sort(key=lambda item: DEMO_FIXTURE not in getattr(item, "fixturenames", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: the demo is there for a demo test and gone for any other."""
    if DEMO_FIXTURE in getattr(item, "fixturenames", ()):
        if _demo.blocker is not None and not _demo.active:
            _demo.open()
    else:
        _demo.close()


# ---- the permission matrix's probe count, summed over the apps (and the xdist workers) ----

_matrix_runs = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _matrix_runs.extend(value for key, value in report.user_properties if key == "matrix")


def pytest_terminal_summary(terminalreporter):
    if _matrix_runs:
        modes = sorted({run["mode"] for run in _matrix_runs})
        total = {key: sum(run[key] for run in _matrix_runs) for key in ("routes", "pairs", "probes", "differences")}
        absent = sorted(name for run in _matrix_runs for name in run["absent"])
        terminalreporter.write_line(
            f"permission matrix ({'/'.join(modes)}, {len(_matrix_runs)} apps): {total['routes']} routes, "
            f"{total['pairs']} route × identity pairs each asserted, {total['probes']} probes, "
            f"{total['differences']} differences" + (f"; no demo object for {', '.join(absent)}" if absent else ""))
