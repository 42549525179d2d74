"""Every rule of roadmaps/access.py, role × object, and the services' refusals of a user without the right.

Roles: methodologist of A, department head of A, director of A1, director of B1, staff of the leader school A2
(whose designation supports A1 by an active agreement), methodologist of B, a user with no role (and an admin).
Objects: the municipal roadmaps of A and B, the programmes of A1 and B1, the site plan of A2 — in every state.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from partnerships.models import Agreement, Designation
from roadmaps import access, selectors, services
from roadmaps.models import (
    Activity,
    Comment,
    Direction,
    Evidence,
    Level,
    ProgressReport,
    RiskFactor,
    RiskProfile,
    RiskProfileItem,
    Roadmap,
    RoadmapRevision,
    WorkflowEvent,
)

from ..factories import UserFactory, make_user
from .conftest import PERIOD, D

ROLES = ("metod_a", "head_a", "director_a1", "director_b1", "leader_a2", "metod_b", "nobody")
PDF = b"%PDF-1.4\n%test\n"


# ---- the world ------------------------------------------------------------------------------------

@pytest.fixture
def users(methodologist_a, head_a, director_a1, director_b1, leader_staff_a2, muni_b):
    admin = UserFactory(email="admin@example.ru", is_superuser=True, is_staff=True)
    return {"metod_a": methodologist_a, "head_a": head_a, "director_a1": director_a1, "director_b1": director_b1,
            "leader_a2": leader_staff_a2, "nobody": UserFactory(email="nobody@example.ru"), "admin": admin,
            "metod_b": make_user(Role.METHODOLOGIST, municipality=muni_b, email="metod.b@example.ru")}


def _roadmap(level, municipality, year, school=None, designation=None, status=Roadmap.Status.DRAFT, **kw):
    return Roadmap.objects.create(level=level, municipality=municipality, school=school, designation=designation,
                                  school_year=year, title=kw.pop("title", f"{level} {municipality.code}"),
                                  goal="Цель", period_start=PERIOD[0], period_end=PERIOD[1], status=status, **kw)


@pytest.fixture
def world(users, muni_a, muni_b, school_a1, school_a2, school_b1, year, designation_a2, directions):
    Agreement.objects.create(designation=designation_a2, supported_school=school_a1, number="1",
                             signed_on=D(2024, 9, 1), start=D(2024, 9, 1), end=D(2026, 8, 31),
                             state=Agreement.State.ACTIVE)
    w = {
        "muni_a": _roadmap(Level.MUNICIPAL, muni_a, year),
        "muni_b": _roadmap(Level.MUNICIPAL, muni_b, year),
        "prog_a1": _roadmap(Level.SCHOOL, muni_a, year, school=school_a1),
        "prog_b1": _roadmap(Level.SCHOOL, muni_b, year, school=school_b1),
        "site_a2": _roadmap(Level.SITE, muni_a, year, school=school_a2, designation=designation_a2),
    }
    for roadmap in w.values():
        activity = Activity.objects.create(roadmap=roadmap, number=1, title="Семинар",
                                           direction=directions["methodical"], start=D(2024, 10, 1),
                                           due=D(2024, 10, 31), responsible_text="зам. директора")
        Evidence.objects.create(activity=activity, original_name="акт.pdf", file="evidence/test.pdf")
    return w


def expect(table: dict, roles=ROLES) -> dict:
    """{role: value} with False for the roles not named."""
    return {role: table.get(role, False) for role in roles}


def check(predicate, users, expected: dict):
    got = {role: predicate(users[role]) for role in expected}
    assert got == expected


# ---- reading ------------------------------------------------------------------------------------

SEES = {
    "metod_a": {"muni_a", "prog_a1", "site_a2"},
    "head_a": {"muni_a", "prog_a1", "site_a2"},
    "director_a1": {"muni_a", "prog_a1", "site_a2"},  # the site plan of the leader school supporting A1
    "director_b1": {"muni_b", "prog_b1"},
    "leader_a2": {"muni_a", "site_a2", "prog_a1"},  # their plan, and the programme of the school they support
    "metod_b": {"muni_b", "prog_b1"},
    "nobody": set(),
    "admin": {"muni_a", "muni_b", "prog_a1", "prog_b1", "site_a2"},
}


@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_visible_roadmaps_can_view_and_comment(world, users, role):
    user = users[role]
    names = {name for name, roadmap in world.items() if roadmap in access.visible_roadmaps(user)}
    assert names == SEES[role]
    for name, roadmap in world.items():
        assert access.can_view(user, roadmap) is (name in SEES[role])
        assert access.can_comment(user, roadmap) is (name in SEES[role])


@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_evidence_follows_the_roadmap(world, users, role):
    names = {name for name, roadmap in world.items()
             if access.visible_evidence(users[role]).filter(activity__roadmap=roadmap).exists()}
    assert names == SEES[role]


def test_support_ends_with_the_agreement(world, users):
    Agreement.objects.update(state=Agreement.State.TERMINATED)
    assert not access.can_view(users["director_a1"], world["site_a2"])
    assert not access.can_view(users["leader_a2"], world["prog_a1"])
    assert access.can_view(users["leader_a2"], world["site_a2"])


def test_evidence_download_page_answers_404_outside_scope(world, users, client_for, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    evidence = Evidence.objects.get(activity__roadmap=world["prog_a1"])
    url = reverse("roadmaps:evidence_download", args=[evidence.pk])
    assert client_for(users["director_b1"]).get(url).status_code == 404
    assert client_for(users["metod_b"]).get(url).status_code == 404


# ---- carrying out, editing, reviewing --------------------------------------------------------------

MANAGES = {
    "muni_a": {"metod_a"},
    "muni_b": {"metod_b"},
    "prog_a1": {"metod_a", "director_a1"},
    "prog_b1": {"metod_b", "director_b1"},
    "site_a2": {"metod_a", "leader_a2"},
}
REVIEWS = {
    "muni_a": {"head_a"},  # the methodologists' own roadmap: only the head
    "muni_b": set(),
    "prog_a1": {"metod_a", "head_a"},
    "prog_b1": {"metod_b"},
    "site_a2": {"metod_a", "head_a"},
}
APPROVES = {"muni_a": {"head_a"}, "muni_b": set(), "prog_a1": {"head_a"}, "prog_b1": set(), "site_a2": {"head_a"}}


@pytest.mark.parametrize("name", list(MANAGES))
def test_manage_review_approve_by_role(world, users, name):
    roadmap = world[name]
    check(lambda u: access.can_manage(u, roadmap), users, expect(dict.fromkeys(MANAGES[name], True)))
    check(lambda u: access.can_review(u, roadmap), users, expect(dict.fromkeys(REVIEWS[name], True)))
    check(lambda u: access.can_approve(u, roadmap), users, expect(dict.fromkeys(APPROVES[name], True)))
    assert access.can_manage(users["admin"], roadmap) and access.can_review(users["admin"], roadmap)
    assert access.can_approve(users["admin"], roadmap)


@pytest.mark.parametrize(("status", "editable"), [
    (Roadmap.Status.DRAFT, True), (Roadmap.Status.RETURNED, True),
    (Roadmap.Status.SUBMITTED, False), (Roadmap.Status.APPROVED, False)])
def test_plan_is_edited_only_in_editable_states(world, users, status, editable):
    roadmap = world["prog_a1"]
    roadmap.status = status
    assert roadmap.is_editable is editable
    assert roadmap.is_submitted is (status == Roadmap.Status.SUBMITTED)
    assert roadmap.is_returned is (status == Roadmap.Status.RETURNED)
    assert roadmap.is_approved is (status == Roadmap.Status.APPROVED)
    check(lambda u: access.can_edit_plan(u, roadmap), users,
          expect({"metod_a": editable, "director_a1": editable}))


@pytest.mark.parametrize(("status", "editable", "submitted"), [
    (ProgressReport.Status.DRAFT, True, False), (ProgressReport.Status.RETURNED, True, False),
    (ProgressReport.Status.SUBMITTED, False, True), (ProgressReport.Status.ACCEPTED, False, False)])
def test_reports_by_role_and_state(world, users, status, editable, submitted):
    report = ProgressReport(roadmap=world["prog_a1"], period_start=D(2024, 9, 1), period_end=D(2024, 11, 30),
                            label="I квартал", summary="…", status=status)
    assert (report.is_editable, report.is_submitted) == (editable, submitted)
    check(lambda u: access.can_edit_report(u, report), users,
          expect({"metod_a": editable, "director_a1": editable}))
    check(lambda u: access.can_review_report(u, report), users,
          expect({"metod_a": submitted, "head_a": submitted}))


def test_model_flags_of_levels_and_activities(world):
    assert world["prog_a1"].is_programme and not world["muni_a"].is_programme and not world["site_a2"].is_programme
    activity = Activity(status=Activity.Status.DONE)
    assert activity.is_done and not (activity.is_in_progress or activity.is_not_done or activity.is_cancelled)
    for status, flag in ((Activity.Status.IN_PROGRESS, "is_in_progress"), (Activity.Status.NOT_DONE, "is_not_done"),
                         (Activity.Status.CANCELLED, "is_cancelled")):
        assert getattr(Activity(status=status), flag) and not Activity(status=status).is_done


# ---- creating -------------------------------------------------------------------------------------

CREATES = {
    "metod_a": {Level.MUNICIPAL, Level.SCHOOL, Level.SITE},
    "metod_b": {Level.MUNICIPAL, Level.SCHOOL, Level.SITE},
    "director_a1": {Level.SCHOOL},
    "director_b1": {Level.SCHOOL},
    "leader_a2": {Level.SITE},
    "head_a": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_levels_a_user_may_create(users, role):
    user = users[role]
    assert {level for level in Level.values if access.can_create(user, level)} == CREATES[role]
    assert {level for level, _label in access.creatable_levels(user)} == CREATES[role]
    assert access.can_create_any(user) is bool(CREATES[role])


def test_owners_a_user_may_choose(world, users, muni_a, muni_b, school_a1, school_a2, school_b1, designation_a2):
    ended = Designation.objects.create(school=school_a1, kind=designation_a2.kind, topic="Старая", start=D(2022, 9, 1),
                                       end=D(2024, 8, 31), order_number="1", order_date=D(2022, 8, 1),
                                       state=Designation.State.COMPLETED)

    def owners(role):
        user = users[role]
        return (set(access.owner_municipalities(user)), set(access.owner_schools(user)),
                set(access.owner_designations(user)))

    assert owners("metod_a") == ({muni_a}, {school_a1, school_a2}, {designation_a2})
    assert owners("metod_b") == ({muni_b}, {school_b1}, set())
    assert owners("head_a") == (set(), set(), set())  # heads approve, they do not write plans
    assert owners("director_a1") == (set(), {school_a1}, set())
    assert owners("director_b1") == (set(), {school_b1}, set())
    assert owners("leader_a2") == (set(), set(), {designation_a2})
    assert owners("nobody") == (set(), set(), set())
    assert ended not in access.owner_designations(users["admin"])


# ---- catalogues and risk profiles ----------------------------------------------------------------------

def test_catalogues_are_kept_by_admins_only(users):
    """Issue 16: the catalogues are the region's (every municipality's forms show them) — methodologists no longer
    write them (this test asserted methodologists did)."""
    check(access.can_manage_catalogues, users, expect({}))
    assert access.can_manage_catalogues(users["admin"])


def test_risk_profiles_are_private_to_the_school_and_its_municipality(world, users, school_a1, school_b1, year):
    profile_a1 = RiskProfile.objects.create(school=school_a1, school_year=year)
    profile_b1 = RiskProfile.objects.create(school=school_b1, school_year=year)
    check(lambda u: access.can_view_risk_profile(u, school_a1), users,
          expect({"metod_a": True, "head_a": True, "director_a1": True}))
    check(lambda u: set(access.visible_risk_profiles(u)), users, {
        "metod_a": {profile_a1}, "head_a": {profile_a1}, "director_a1": {profile_a1}, "director_b1": {profile_b1},
        "leader_a2": set(), "metod_b": {profile_b1}, "nobody": set()})


@pytest.mark.parametrize(("status", "director_edits"), [
    (None, True), (Roadmap.Status.DRAFT, True), (Roadmap.Status.RETURNED, True),
    (Roadmap.Status.SUBMITTED, False), (Roadmap.Status.APPROVED, False)])
def test_risk_profile_is_edited_while_the_programme_is_editable(world, users, school_a1, year, status,
                                                                 director_edits):
    if status is None:
        world["prog_a1"].delete()
    else:
        Roadmap.objects.filter(pk=world["prog_a1"].pk).update(status=status)
    check(lambda u: access.can_edit_risk_profile(u, school_a1, year), users,
          expect({"metod_a": True, "director_a1": director_edits}))
    # without a year: the role alone
    check(lambda u: access.can_edit_risk_profile(u, school_a1), users,
          expect({"metod_a": True, "director_a1": True}))


# ---- services refuse a user without the right, and write nothing --------------------------------------

def _state():
    """Everything a refused call could have written."""
    return (list(Roadmap.objects.order_by("pk").values_list("pk", "status", "revision", "title")),
            list(Activity.objects.order_by("pk").values_list("pk", "title", "status", "percent", "report")),
            Evidence.objects.count(), Comment.objects.count(), WorkflowEvent.objects.count(),
            RoadmapRevision.objects.count(),
            list(ProgressReport.objects.order_by("pk").values_list("pk", "status", "summary")),
            list(RiskProfileItem.objects.values_list("pk", "relevant", "level")), RiskProfile.objects.count(),
            list(RiskFactor.objects.order_by("pk").values_list("pk", "code", "name")), Direction.objects.count())


def _report(roadmap, status=ProgressReport.Status.DRAFT):
    return ProgressReport.objects.create(roadmap=roadmap, period_start=D(2024, 9, 1), period_end=D(2024, 11, 30),
                                         label="I квартал", summary="Итоги", status=status)


def _set(roadmap, status):
    Roadmap.objects.filter(pk=roadmap.pk).update(status=status)
    roadmap.refresh_from_db()
    if status == Roadmap.Status.APPROVED:
        RoadmapRevision.objects.create(roadmap=roadmap, number=1, snapshot={}, order_number="1",
                                       order_date=D(2024, 9, 2))
    return roadmap


# Each case prepares what the call needs (a state, a report) and returns the refused call.
REFUSALS = {
    "new programme for another municipality's school": lambda w, u, f: lambda: services.save_roadmap(
        actor=u["director_b1"], roadmap=Roadmap(), data={
            "level": Level.SCHOOL, "school": f["school_a1"], "school_year": f["year"], "title": "Чужая",
            "goal": "Цель", "period_start": PERIOD[0], "period_end": PERIOD[1]}),
    "new site plan by the supported school's director": lambda w, u, f: lambda: services.save_roadmap(
        actor=u["director_a1"], roadmap=Roadmap(), data={
            "level": Level.SITE, "designation": w["site_a2"].designation, "school_year": f["next_year"],
            "title": "Чужой план", "goal": "Цель", "period_start": D(2025, 9, 1), "period_end": D(2026, 8, 31)}),
    "head edits a plan": lambda w, u, f: lambda: services.save_roadmap(
        actor=u["head_a"], roadmap=w["prog_a1"], data={"title": "Другая"}),
    "head adds an activity": lambda w, u, f: lambda: services.save_activity(
        actor=u["head_a"], activity=Activity(roadmap=w["prog_a1"]), data={
            "title": "Лишнее", "direction": f["directions"]["methodical"], "start": D(2024, 10, 1),
            "due": D(2024, 10, 2), "responsible_text": "кто-то"}),
    "director of B1 deletes an activity of A1": lambda w, u, f: lambda: services.delete_activity(
        actor=u["director_b1"], activity=w["prog_a1"].activities.get()),
    "head files progress": lambda w, u, f: lambda: services.file_progress(
        actor=u["head_a"], activity=w["prog_a1"].activities.get(), status="done", percent=100, report="сделано"),
    "leader staff attach evidence to the supported programme": lambda w, u, f: lambda: services.add_evidence(
        actor=u["leader_a2"], activity=w["prog_a1"].activities.get(), upload=SimpleUploadedFile("акт.pdf", PDF)),
    "director of B1 comments on A1": lambda w, u, f: lambda: services.add_comment(
        actor=u["director_b1"], activity=w["prog_a1"].activities.get(), text="Здравствуйте"),
    "nobody comments on the municipal roadmap": lambda w, u, f: lambda: services.add_comment(
        actor=u["nobody"], activity=w["muni_a"].activities.get(), text="Здравствуйте"),
    "head submits the programme": lambda w, u, f: lambda: services.submit(actor=u["head_a"], roadmap=w["prog_a1"]),
    "director returns the site plan": lambda w, u, f: (
        lambda roadmap: lambda: services.return_for_rework(actor=u["director_a1"], roadmap=roadmap,
                                                           comment="Доработайте сроки"))(
        _set(w["site_a2"], Roadmap.Status.SUBMITTED)),
    "methodologist returns the municipal roadmap": lambda w, u, f: (
        lambda roadmap: lambda: services.return_for_rework(actor=u["metod_a"], roadmap=roadmap,
                                                           comment="Доработайте сроки"))(
        _set(w["muni_a"], Roadmap.Status.SUBMITTED)),
    "methodologist approves": lambda w, u, f: (
        lambda roadmap: lambda: services.approve(actor=u["metod_a"], roadmap=roadmap, order_number="1",
                                                 order_date=D(2024, 11, 1)))(
        _set(w["prog_a1"], Roadmap.Status.SUBMITTED)),
    "director of B1 opens a revision": lambda w, u, f: (
        lambda roadmap: lambda: services.open_revision(actor=u["director_b1"], roadmap=roadmap))(
        _set(w["prog_a1"], Roadmap.Status.APPROVED)),
    "head writes a report": lambda w, u, f: (
        lambda roadmap: lambda: services.save_report(actor=u["head_a"], roadmap=roadmap, period_start=D(2024, 9, 1),
                                                     summary="Итоги"))(
        _set(w["prog_a1"], Roadmap.Status.APPROVED)),
    "director of B1 submits A1's report": lambda w, u, f: (
        lambda report: lambda: services.submit_report(actor=u["director_b1"], report=report))(
        _report(_set(w["prog_a1"], Roadmap.Status.APPROVED))),
    "director accepts the own report": lambda w, u, f: (
        lambda report: lambda: services.review_report(actor=u["director_a1"], report=report, accept=True))(
        _report(_set(w["prog_a1"], Roadmap.Status.APPROVED), ProgressReport.Status.SUBMITTED)),
    "director of B1 fills A1's risk profile": lambda w, u, f: lambda: services.save_risk_profile(
        actor=u["director_b1"], school=f["school_a1"], school_year=f["year"],
        items={RiskFactor.objects.first().pk: {"relevant": True, "level": "high"}}),
    "director fills the profile of a submitted programme": lambda w, u, f: (
        lambda roadmap: lambda: services.save_risk_profile(
            actor=u["director_a1"], school=f["school_a1"], school_year=f["year"],
            items={RiskFactor.objects.first().pk: {"relevant": True, "level": "high"}}))(
        _set(w["prog_a1"], Roadmap.Status.SUBMITTED)),
    "director adds a risk factor": lambda w, u, f: lambda: services.save_catalogue_item(
        actor=u["director_a1"], item=RiskFactor(), data={"code": "x", "name": "Новый фактор"}),
    "head renames a direction": lambda w, u, f: lambda: services.save_catalogue_item(
        actor=u["head_a"], item=f["directions"]["methodical"], data={"name": "Другое"}),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_services_refuse_and_write_nothing(world, users, school_a1, year, directions, case):
    from schools.models import SchoolYear

    fixtures = {"school_a1": school_a1, "year": year, "directions": directions,
                "next_year": SchoolYear.objects.get_or_create(start_year=2025)[0]}
    call = REFUSALS[case](world, users, fixtures)
    before = _state()
    with pytest.raises(PermissionDenied):
        call()
    assert _state() == before


def test_the_same_calls_succeed_for_the_right_user(world, users, school_a1, year, directions):
    """The refusals above are by role: the right user gets through the same call."""
    services.add_comment(actor=users["director_a1"], activity=world["prog_a1"].activities.get(), text="Вопрос")
    services.add_comment(actor=users["leader_a2"], activity=world["prog_a1"].activities.get(), text="Ответ")
    services.save_catalogue_item(actor=users["admin"], item=RiskFactor(), data={"code": "x", "name": "Новый"})
    services.save_risk_profile(actor=users["director_a1"], school=school_a1, school_year=year,
                               items={RiskFactor.objects.first().pk: {"relevant": True, "level": "high"}})
    services.submit(actor=users["director_a1"], roadmap=world["prog_a1"])
    services.return_for_rework(actor=users["head_a"], roadmap=_set(world["muni_a"], Roadmap.Status.SUBMITTED),
                               comment="Доработайте сроки")
    assert Comment.objects.count() == 2 and RiskFactor.objects.filter(code="x").exists()
    assert world["prog_a1"].is_submitted


# ---- rules the services now keep themselves --------------------------------------------------------------

def test_site_plan_only_for_an_active_designation(world, users, designation_a2, year):
    from schools.models import SchoolYear

    Designation.objects.filter(pk=designation_a2.pk).update(state=Designation.State.TERMINATED)
    designation_a2.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.save_roadmap(actor=users["metod_a"], roadmap=Roadmap(), data={
            "level": Level.SITE, "designation": designation_a2,
            "school_year": SchoolYear.objects.get_or_create(start_year=2025)[0], "title": "План", "goal": "Цель",
            "period_start": D(2025, 9, 1), "period_end": D(2026, 8, 31)})
    assert "не действует" in exc.value.message_dict["designation"][0]
    # the plan made while the designation was active stays editable
    services.save_roadmap(actor=users["leader_a2"], roadmap=world["site_a2"], data={"title": "План площадки"})


def test_catalogue_item_clashes_are_field_errors(users):
    existing = RiskFactor.objects.first()
    with pytest.raises(ValidationError) as exc:
        services.save_catalogue_item(actor=users["admin"], item=RiskFactor(),
                                     data={"code": existing.code, "name": existing.name})
    assert set(exc.value.message_dict) == {"code", "name"}


# ---- uncovered risk factors: one definition, both pages ----------------------------------------------------

def test_uncovered_factors_on_both_pages_and_a_retired_factor(world, users, client_for, school_a1, year):
    parents, staff = RiskFactor.objects.get(code="parents"), RiskFactor.objects.get(code="competence")
    services.save_risk_profile(actor=users["director_a1"], school=school_a1, school_year=year, items={
        parents.pk: {"relevant": True, "level": "high"}, staff.pk: {"relevant": True, "level": "medium"}})
    RiskFactor.objects.filter(pk=staff.pk).update(is_active=False)  # retired after the profile used it
    programme = world["prog_a1"]
    assert [f.code for f in selectors.uncovered_factors(programme)] == ["competence", "parents"]
    assert selectors.uncovered_factors(world["muni_a"]) == [] and selectors.uncovered_factors(None) == []
    sheet = selectors.risk_profile_sheet(school_a1, year)
    assert sheet.programme == programme and [f.code for f in sheet.uncovered] == ["competence", "parents"]
    assert sheet.factors[-1].code == "competence" and sheet.factors[-1].covered is False
    client = client_for(users["director_a1"])
    page = client.get(reverse("roadmaps:risk_profile", args=[school_a1.pk, 2024])).content.decode()
    assert "исключён из справочника" in page and "Актуальные факторы без мероприятий" in page
    Activity.objects.filter(roadmap=programme).update(risk_factor=parents)
    assert [f.code for f in selectors.uncovered_factors(programme)] == ["competence"]
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Актуальные факторы риска без мероприятий" in page
    assert staff.name in page and parents.name not in page.split("без мероприятий:")[1].split("</div>")[0]


def test_risk_profile_page_reads_a_fixed_number_of_queries(world, users, client_for, school_a1, year):
    client = client_for(users["director_a1"])
    url = reverse("roadmaps:risk_profile", args=[school_a1.pk, 2024])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    services.save_risk_profile(actor=users["director_a1"], school=school_a1, school_year=year,
                               items={RiskFactor.objects.first().pk: {"relevant": True, "level": "high"}})
    small = count()
    factors = list(RiskFactor.objects.all())
    services.save_risk_profile(actor=users["director_a1"], school=school_a1, school_year=year,
                               items={f.pk: {"relevant": True, "level": "low"} for f in factors})
    RiskFactor.objects.filter(pk__in=[f.pk for f in factors[:4]]).update(is_active=False)
    assert count() == small
