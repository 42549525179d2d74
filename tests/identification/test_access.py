"""Every rule of identification/access.py, role × object, the run-state properties, and the services' refusals.

Roles: methodologist of A, department head of A, director of A1, director of B1, staff of the leader school A2,
methodologist of B, a user with no role (and an admin). Runs: of A and of B, region-wide over A's and B's
region, region-wide over another region — in every state.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from accounts.models import Role
from identification import access, services
from identification.methodology import DEFAULT_SAMPLE
from identification.models import Methodology, Override, Run, RunSchool, SchoolStatus

from ..factories import V3, MunicipalityFactory, RegionFactory, UserFactory, make_user, result

ROLES = ("metod_a", "head_a", "director_a1", "director_b1", "leader_a2", "metod_b", "nobody")
S = Run.State


@pytest.fixture
def users(methodologist_a, head_a, director_a1, director_b1, school_a2, muni_b):
    return {"metod_a": methodologist_a, "head_a": head_a, "director_a1": director_a1, "director_b1": director_b1,
            "leader_a2": make_user(Role.LEADER_STAFF, school=school_a2, email="leader.a2@example.ru"),
            "metod_b": make_user(Role.METHODOLOGIST, municipality=muni_b, email="metod.b@example.ru"),
            "nobody": UserFactory(email="nobody@example.ru"),
            "admin": UserFactory(email="admin@example.ru", is_superuser=True, is_staff=True)}


def _run(region, municipality, year, state=S.DONE, **kw):
    methodology = Methodology.objects.get(is_default=True)
    return Run.objects.create(methodology=methodology, snapshot=methodology.snapshot(), region=region,
                              municipality=municipality, school_year=year, state=state, **kw)


@pytest.fixture
def runs(region, muni_a, muni_b, school_a1, school_a2, school_b1, year):
    other_region = RegionFactory(name="Ростовская область", code="61")
    MunicipalityFactory(region=other_region, name="Аксайский район", code="aksay")
    w = {"run_a": _run(region, muni_a, year), "run_b": _run(region, muni_b, year),
         "region": _run(region, None, year), "other_region": _run(other_region, None, year)}
    for school in (school_a1, school_a2):
        RunSchool.objects.create(run=w["run_a"], school=school, proposed=["lrs"], lrs_included=True)
    RunSchool.objects.create(run=w["run_b"], school=school_b1, proposed=["lrs"], lrs_included=True)
    return w


def expect(true_for, roles=ROLES) -> dict:
    return {role: role in true_for for role in roles}


def check(predicate, users, expected: dict):
    assert {role: predicate(users[role]) for role in expected} == expected


# ---- runs: who sees them ----------------------------------------------------------------------------

SEES = {
    "metod_a": {"run_a", "region"}, "head_a": {"run_a", "region"},
    "metod_b": {"run_b", "region"},
    "director_a1": set(), "director_b1": set(), "leader_a2": set(), "nobody": set(),
    "admin": {"run_a", "run_b", "region", "other_region"},
}


@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_visible_runs_can_view_run_and_run_or_404(runs, users, role):
    user = users[role]
    assert {name for name, run in runs.items() if run in access.visible_runs(user)} == SEES[role]
    for name, run in runs.items():
        assert access.can_view_run(user, run) is (name in SEES[role])
        if name in SEES[role]:
            assert access.run_or_404(user, run.pk) == run
        else:
            with pytest.raises(Http404):
                access.run_or_404(user, run.pk)
    with pytest.raises(Http404):
        access.run_or_404(user, "not-a-number")


# ---- evidence: the run's staff; the school's own staff in approved lists ------------------------------------

@pytest.mark.parametrize("approved", [False, True])
def test_evidence_by_role_school_and_state(runs, users, school_a1, school_a2, approved):
    run = runs["run_a"]
    if approved:
        Run.objects.filter(pk=run.pk).update(state=S.APPROVED)
        run.refresh_from_db()
    check(lambda u: access.can_view_evidence(u, run, school_a1), users,
          expect({"metod_a", "head_a"} | ({"director_a1"} if approved else set())))
    check(lambda u: access.can_view_evidence(u, run, school_a2), users,
          expect({"metod_a", "head_a"} | ({"leader_a2"} if approved else set())))
    for role, school in (("director_a1", school_a1), ("leader_a2", school_a2), ("metod_a", school_a1)):
        allowed = access.can_view_evidence(users[role], run, school)
        if allowed:
            row = access.run_school_or_404(users[role], run.pk, school.pk)
            assert row.school == school and row.run is not None and row.run.pk == run.pk
        else:
            with pytest.raises(Http404):
                access.run_school_or_404(users[role], run.pk, school.pk)


def test_run_school_or_404_refuses_foreign_rows(runs, users, school_a1, school_b1):
    Run.objects.filter(pk=runs["run_a"].pk).update(state=S.APPROVED)
    for user, run_pk, school_pk in ((users["director_b1"], runs["run_a"].pk, school_a1.pk),
                                    (users["director_a1"], runs["run_a"].pk, school_b1.pk),  # not in the run
                                    (users["metod_a"], runs["run_b"].pk, school_b1.pk),
                                    (users["metod_a"], 999_999, school_a1.pk),
                                    (users["nobody"], runs["run_a"].pk, school_a1.pk)):
        with pytest.raises(Http404):
            access.run_school_or_404(user, run_pk, school_pk)


def test_why_page_answers_by_the_same_rule(runs, users, client_for, school_a1):
    url = reverse("identification:why", args=[runs["run_a"].pk, school_a1.pk])
    assert client_for(users["director_a1"]).get(url).status_code == 404  # not approved yet
    assert client_for(users["metod_a"]).get(url).status_code == 200
    Run.objects.filter(pk=runs["run_a"].pk).update(state=S.APPROVED)
    assert client_for(users["director_a1"]).get(url).status_code == 200
    assert client_for(users["metod_b"]).get(url).status_code == 404


# ---- starting runs -----------------------------------------------------------------------------------

def test_starting_runs(users, muni_a, muni_b):
    check(access.can_start_runs, users, expect({"metod_a", "metod_b"}))
    check(lambda u: set(access.startable_municipalities(u)), users, {
        "metod_a": {muni_a}, "metod_b": {muni_b}, "head_a": set(), "director_a1": set(), "director_b1": set(),
        "leader_a2": set(), "nobody": set()})
    check(access.can_start_region_runs, users, expect(set()))
    check(lambda u: access.can_start_run(u, muni_a), users, expect({"metod_a"}))
    check(lambda u: access.can_start_run(u, muni_b), users, expect({"metod_b"}))
    check(lambda u: access.can_start_run(u, None), users, expect(set()))
    admin = users["admin"]
    assert access.can_start_runs(admin) and access.can_start_region_runs(admin) and access.can_start_run(admin, None)


# ---- deciding and approving: role × state ---------------------------------------------------------------

STATES = [(S.QUEUED, False, False), (S.RUNNING, False, False), (S.DONE, False, True), (S.FAILED, False, False),
          (S.APPROVED, False, False), (S.DONE, True, False)]


@pytest.mark.parametrize(("state", "what_if", "open_"), STATES)
def test_run_state_properties(runs, state, what_if, open_):
    run = Run(state=state, is_what_if=what_if)
    assert run.is_working is (state in (S.QUEUED, S.RUNNING))
    assert run.is_failed is (state == S.FAILED)
    assert run.is_approved is (state == S.APPROVED)
    assert run.has_results is (state in (S.DONE, S.APPROVED))
    assert run.is_open_for_decisions is open_


@pytest.mark.parametrize(("state", "what_if", "open_"), STATES)
def test_decide_and_approve_by_role_and_state(runs, users, state, what_if, open_):
    for name in runs:
        runs[name].state, runs[name].is_what_if = state, what_if
    run_a, run_b, region = runs["run_a"], runs["run_b"], runs["region"]
    # the role alone
    check(lambda u: access.can_decide(u, run_a), users, expect({"metod_a"}))
    check(lambda u: access.can_decide(u, run_b), users, expect({"metod_b"}))
    check(lambda u: access.can_decide(u, region), users, expect(set()))
    check(lambda u: access.can_approve(u, run_a), users, expect({"head_a"}))
    check(lambda u: access.can_approve(u, run_b), users, expect(set()))
    check(lambda u: access.can_approve(u, region), users, expect(set()))
    # role and state
    check(lambda u: access.can_decide_now(u, run_a), users, expect({"metod_a"} if open_ else set()))
    check(lambda u: access.can_approve_now(u, run_a), users, expect({"head_a"} if open_ else set()))
    admin = users["admin"]
    assert access.can_decide(admin, region) and access.can_approve(admin, region)
    assert access.can_decide_now(admin, region) is open_ and access.can_approve_now(admin, region) is open_


# ---- methodologies and the section -------------------------------------------------------------------------

def test_methodologies_and_the_section(users):
    check(access.can_manage_methodologies, users, expect({"metod_a", "metod_b"}))
    check(access.can_open_identification, users, expect({"metod_a", "metod_b", "head_a"}))
    assert access.can_manage_methodologies(users["admin"]) and access.can_open_identification(users["admin"])


# ---- services refuse a user without the right, and write nothing ---------------------------------------------

def _state():
    return (list(Run.objects.order_by("pk").values_list("pk", "state", "order_number")),
            list(RunSchool.objects.order_by("pk").values_list("pk", "lrs_included", "dsc_included")),
            Override.objects.count(), SchoolStatus.objects.count(),
            list(Methodology.objects.order_by("pk").values_list("pk", "is_default")))


def _new_version(actor, make_default=True):
    return services.create_methodology_version(actor=actor, base=None, family="strict", name="Строже",
                                               criteria=V3.CRITERIA_V3, rules=V3.RULES_V3, sample=DEFAULT_SAMPLE,
                                               make_default=make_default)


def _start(actor, municipality, region):
    return services.create_run(actor=actor, methodology=Methodology.objects.get(is_default=True), region=region,
                               municipality=municipality, start_year=2024, enqueue=False)


def _override(actor, run, school):
    return services.set_override(actor=actor, run_school=RunSchool.objects.get(run=run, school=school),
                                 status="lrs", include=False, reason="Школа реорганизована с 01.09.2025")


def _approve(actor, run):
    return services.approve_run(actor=actor, run=run, order_number="1", order_date=datetime.date(2024, 9, 2))


REFUSALS = {
    "director makes a methodology version": lambda u, r, f: _new_version(u["director_a1"]),
    "head makes a methodology version": lambda u, r, f: _new_version(u["head_a"]),
    "director starts a run": lambda u, r, f: _start(u["director_a1"], f["muni_a"], f["region"]),
    "head starts a run": lambda u, r, f: _start(u["head_a"], f["muni_a"], f["region"]),
    "methodologist of B starts a run in A": lambda u, r, f: _start(u["metod_b"], f["muni_a"], f["region"]),
    "methodologist starts a region-wide run": lambda u, r, f: _start(u["metod_a"], None, f["region"]),
    "head decides against the proposal": lambda u, r, f: _override(u["head_a"], r["run_a"], f["school_a1"]),
    "methodologist of B decides in A": lambda u, r, f: _override(u["metod_b"], r["run_a"], f["school_a1"]),
    "director decides on the own school": lambda u, r, f: _override(u["director_a1"], r["run_a"], f["school_a1"]),
    "methodologist decides in a region-wide run": lambda u, r, f: _override(u["metod_a"], r["region"],
                                                                           f["school_a1"]),
    "methodologist approves": lambda u, r, f: _approve(u["metod_a"], r["run_a"]),
    "head of A approves B's list": lambda u, r, f: _approve(u["head_a"], r["run_b"]),
    "director approves": lambda u, r, f: _approve(u["director_a1"], r["run_a"]),
    "head approves a region-wide list": lambda u, r, f: _approve(u["head_a"], r["region"]),
    "nobody approves": lambda u, r, f: _approve(u["nobody"], r["run_a"]),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_services_refuse_and_write_nothing(runs, users, region, muni_a, school_a1, case):
    RunSchool.objects.create(run=runs["region"], school=school_a1, proposed=["lrs"], lrs_included=True)
    before = _state()
    with pytest.raises(PermissionDenied):
        REFUSALS[case](users, runs, {"region": region, "muni_a": muni_a, "school_a1": school_a1})
    assert _state() == before


def test_role_is_checked_before_state(runs, users, school_a1):
    """A user without the right hears 403 whatever the state; the right user hears why the state refuses."""
    Run.objects.filter(pk=runs["run_a"].pk).update(state=S.RUNNING)
    runs["run_a"].refresh_from_db()
    with pytest.raises(PermissionDenied):
        _approve(users["metod_a"], runs["run_a"])
    with pytest.raises(ValidationError, match="рассчитанном и ещё не утверждённом"):
        _approve(users["head_a"], runs["run_a"])
    with pytest.raises(ValidationError, match="рассчитанном и ещё не утверждённом"):
        _override(users["metod_a"], runs["run_a"], school_a1)


def test_the_right_users_and_the_command_line_get_through(runs, users, region, muni_a, school_a1, school_a2):
    _override(users["metod_a"], runs["run_a"], school_a1)
    _approve(users["head_a"], runs["run_a"])
    result(school_a1, 2023, "vpr", "math", 5, 40, mark2=4)  # a list on 2024/2025 rests on the results of 2023/2024
    assert list(SchoolStatus.objects.values_list("school_id", flat=True)) == [school_a2.pk]
    assert _start(users["metod_a"], muni_a, region).requested_by == users["metod_a"]
    assert _start(users["admin"], None, region).municipality is None
    assert _start(None, None, region).requested_by is None  # manage.py run_identification
    # a methodologist makes versions, the region's default is the admin's choice (was: metod_b's)
    assert not _new_version(users["metod_b"], make_default=False).is_default
    assert _new_version(users["admin"]).is_default


def test_only_an_admin_makes_the_regions_default_methodology(users):
    before = list(Methodology.objects.order_by("pk").values_list("pk", "is_default"))
    with pytest.raises(ValidationError) as exc:
        _new_version(users["metod_a"])
    assert "администратор" in exc.value.message_dict["make_default"][0]
    assert list(Methodology.objects.order_by("pk").values_list("pk", "is_default")) == before


def test_a_run_stays_inside_its_region(users, muni_a):
    other = RegionFactory(name="Ростовская область", code="61")
    with pytest.raises(ValidationError, match="не входит в регион"):
        _start(users["metod_a"], muni_a, other)
    assert not Run.objects.exists()


# ---- pages read the same rules ---------------------------------------------------------------------------------

def test_run_pages_show_actions_by_role_and_state(runs, users, client_for):
    url = reverse("identification:run_detail", args=[runs["run_a"].pk])
    assert "Утвердить список" in client_for(users["head_a"]).get(url).content.decode()
    assert "Утвердить список" not in client_for(users["metod_a"]).get(url).content.decode()
    Run.objects.filter(pk=runs["run_a"].pk).update(state=S.RUNNING, progress=40)
    page = client_for(users["head_a"]).get(url).content.decode()
    assert "Идёт расчёт" in page and "Утвердить список" not in page and "progress.js" in page
    Run.objects.filter(pk=runs["run_a"].pk).update(state=S.FAILED, error="нет данных")
    assert "Расчёт завершился сбоем: нет данных" in client_for(users["head_a"]).get(url).content.decode()
    status = client_for(users["head_a"]).get(reverse("identification:run_status", args=[runs["run_a"].pk])).json()
    assert status["working"] is False
    assert client_for(users["metod_a"]).get(reverse("identification:run_list")).context["can_start"]
    assert not client_for(users["head_a"]).get(reverse("identification:run_list")).context["can_start"]


def test_methodology_page_names_the_statuses(users, client_for):
    methodology = Methodology.objects.get(is_default=True)
    page = client_for(users["head_a"]).get(methodology.get_absolute_url()).content.decode()
    assert "<b>ШНОР</b>: выполнено не меньше 2" in page and "<b>ШССУ</b>" in page
    assert "Создать новую версию" not in page
    assert "Создать новую версию" in client_for(users["metod_a"]).get(methodology.get_absolute_url()).content.decode()


# ---- the official list ---------------------------------------------------------------------------------

def test_official_statuses_follow_the_registry(runs, users, school_a1, school_b1):
    for run, school in ((runs["run_a"], school_a1), (runs["run_b"], school_b1)):
        SchoolStatus.objects.create(school=school, status="lrs", school_year=run.school_year, run=run,
                                    order_number="1", order_date=datetime.date(2025, 9, 1))

    def schools(role):
        return set(access.visible_statuses(users[role]).values_list("school__code", flat=True))

    a, b = {school_a1.code}, {school_b1.code}
    assert {role: schools(role) for role in ROLES} == {
        "metod_a": a, "head_a": a, "director_a1": a, "leader_a2": a, "director_b1": b, "metod_b": b, "nobody": set()}
    assert schools("admin") == a | b
