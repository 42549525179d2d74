"""Each factory of tests/factories.py builds a valid object: the model's own validation (fields, choices,
constraints) passes, and so do the services' rules where an app has them (agreements, roadmaps, activities)."""

import pytest

from identification.models import Run
from partnerships import services as partnership_services
from partnerships.models import Agreement, Designation
from roadmaps import services as roadmap_services
from roadmaps.models import Level

from .factories import (
    ActivityFactory,
    AgreementFactory,
    DesignationFactory,
    DesignationKindFactory,
    MethodologyFactory,
    MunicipalityFactory,
    RegionFactory,
    RoadmapFactory,
    RunFactory,
    SchoolFactory,
    SchoolStatusFactory,
    SchoolYearDataFactory,
    SchoolYearFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [RegionFactory, MunicipalityFactory, SchoolFactory, SchoolYearFactory,
                                     SchoolYearDataFactory, TeacherFactory, MethodologyFactory, RunFactory,
                                     SchoolStatusFactory, DesignationKindFactory, DesignationFactory,
                                     AgreementFactory, RoadmapFactory, ActivityFactory],
                         ids=lambda f: f.__name__)
def test_factory_builds_a_valid_object(factory):
    obj = factory()
    obj.full_clean()
    again = factory()  # a second one does not clash with the first (unique fields and constraints)
    again.full_clean()


def test_user_factory_signs_in_with_the_shared_password():
    user = UserFactory()
    user.full_clean(exclude=["password"])
    assert user.check_password("pass-12345")


def test_designation_kind_defaults_to_the_seeded_leader_kind():
    assert DesignationKindFactory().name == "Школа-лидер"
    assert DesignationKindFactory(code="mentor").short_name == "mentor"


def test_designation_and_agreement_pass_the_services_rules():
    designation = DesignationFactory()
    assert designation.state == Designation.State.ACTIVE and designation.kind.code == "leader"
    agreement = AgreementFactory(designation=designation)
    assert agreement.state == Agreement.State.DRAFT
    assert agreement.supported_school.municipality == designation.school.municipality
    assert partnership_services.agreement_problems(agreement) == {}
    active = AgreementFactory(active=True)
    active.full_clean()
    assert active.is_active and active.document.read().startswith(b"%PDF")


def test_roadmap_comes_with_activities_inside_its_period():
    roadmap = RoadmapFactory()
    assert roadmap.level == Level.SCHOOL and roadmap.municipality == roadmap.school.municipality
    assert [a.number for a in roadmap.activities.all()] == [1, 2]
    assert roadmap_services.roadmap_problems(roadmap) == {}
    for activity in roadmap.activities.all():
        activity.full_clean()
        assert roadmap_services.activity_problems(activity) == {}
    assert RoadmapFactory(activities=0).activities.count() == 0


@pytest.mark.parametrize("trait", ["municipal", "site"])
def test_roadmap_levels(trait):
    roadmap = RoadmapFactory(**{trait: True}, activities=1)
    roadmap.full_clean()
    assert roadmap.level == trait
    assert roadmap_services.roadmap_problems(roadmap) == {}
    if trait == "site":
        assert roadmap.school == roadmap.designation.school


def test_run_uses_the_default_methodology_and_can_be_approved():
    run = RunFactory()
    assert run.state == Run.State.QUEUED and run.methodology.is_default
    assert run.snapshot["criteria"] == run.methodology.criteria
    approved = RunFactory(approved=True, municipality=run.municipality, school_year=run.school_year)
    approved.full_clean()
    assert approved.state == Run.State.APPROVED and approved.order_number and approved.order_date
    other = RunFactory(methodology=MethodologyFactory())
    assert not other.methodology.is_default and other.snapshot["family"] == other.methodology.family
