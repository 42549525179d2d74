import copy
import datetime
import importlib

import factory
from factory.django import DjangoModelFactory

from accounts.models import Membership, Role, User
from identification.methodology import DEFAULT_SAMPLE
from identification.models import Methodology, Run, SchoolStatus
from partnerships.models import Agreement, Designation, DesignationKind
from roadmaps.models import Activity, Direction, Level, Roadmap
from schools.models import Municipality, Region, School, SchoolYear, SchoolYearData, Teacher

# Version 3 of the default methodology as its data migration seeded it: the hand-made-data tests of the rank and
# threshold criteria were written for it (version 4, with estimates, has its own tests: test_estimates.py)
V3 = importlib.import_module("identification.migrations.0005_default_methodology_v3")
D = datetime.date
PDF = b"%PDF-1.4\n%test\n"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Регион {n}")
    code = factory.Sequence(lambda n: f"R{n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Муниципальный район {n}")
    code = factory.Sequence(lambda n: f"M{n:03d}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"{100000 + n}")
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное бюджетное общеобразовательное учреждение {o.short_name}")
    director_name = "Иванова Мария Петровна"


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("start_year",)

    start_year = 2024


class SchoolYearDataFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYearData

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    students = 500
    students_disabled = 20
    students_low_income = 60
    students_single_parent = 90
    students_parents_no_higher_ed = 200
    students_non_native = 15
    students_preventive_register = 5
    students_unexcused_absences = 10
    teachers = 40
    young_specialists = 4
    vacancies = 2


class TeacherFactory(DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    full_name = factory.Sequence(lambda n: f"Петров Пётр Петрович {n}")
    subjects = "математика"
    experience_years = 10


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    first_name = "Анна"
    last_name = factory.Sequence(lambda n: f"Смирнова{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.METHODOLOGIST


# ---- identification -----------------------------------------------------------------------------

class MethodologyFactory(DjangoModelFactory):
    """A methodology of its own family with version 3's criteria, rules and sample rule (not the default)."""

    class Meta:
        model = Methodology

    family = factory.Sequence(lambda n: f"test-{n}")
    version = 1
    name = factory.Sequence(lambda n: f"Методика {n}")
    criteria = factory.LazyFunction(lambda: copy.deepcopy(V3.CRITERIA_V3))
    rules = factory.LazyFunction(lambda: copy.deepcopy(V3.RULES_V3))
    sample = factory.LazyFunction(lambda: dict(DEFAULT_SAMPLE))
    is_default = False


def default_methodology() -> Methodology:
    """The methodology the data migration seeds (family "default", version 1)."""
    return Methodology.objects.get(is_default=True)


class RunFactory(DjangoModelFactory):
    """A run over one municipality with the seeded default methodology, not computed (state queued).
    `approved=True` gives an approved list with its order, as `services.approve_run` leaves it."""

    class Meta:
        model = Run

    class Params:
        approved = factory.Trait(
            state=Run.State.APPROVED, progress=100, order_number=factory.Sequence(lambda n: f"{n + 1}"),
            order_date=D(2025, 9, 1), approved_by=factory.SelfAttribute("requested_by"),
            finished_at=datetime.datetime(2025, 8, 30, 12, 0, tzinfo=datetime.UTC),
            approved_at=factory.SelfAttribute("finished_at"))

    methodology = factory.LazyFunction(default_methodology)
    snapshot = factory.LazyAttribute(lambda o: o.methodology.snapshot())
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("municipality.region")
    school_year = factory.SubFactory(SchoolYearFactory)
    requested_by = factory.SubFactory(UserFactory)


class SchoolStatusFactory(DjangoModelFactory):
    """An official status (ШНОР by default) from an approved run of the school's municipality."""

    class Meta:
        model = SchoolStatus

    school = factory.SubFactory(SchoolFactory)
    status = "lrs"
    school_year = factory.SubFactory(SchoolYearFactory)
    run = factory.SubFactory(RunFactory, approved=True, municipality=factory.SelfAttribute("..school.municipality"),
                             school_year=factory.SelfAttribute("..school_year"))
    order_number = factory.SelfAttribute("run.order_number")
    order_date = factory.SelfAttribute("run.order_date")


# ---- partnerships -------------------------------------------------------------------------------

class DesignationKindFactory(DjangoModelFactory):
    """By default the seeded «школа-лидер» kind (get-or-create by code); pass another code for a new kind."""

    class Meta:
        model = DesignationKind
        django_get_or_create = ("code",)

    code = "leader"
    name = factory.LazyAttribute(lambda o: "Школа-лидер" if o.code == "leader" else f"Статус {o.code}")
    short_name = factory.LazyAttribute(lambda o: "школа-лидер" if o.code == "leader" else o.code)


class DesignationFactory(DjangoModelFactory):
    """An active leader-school designation for 2024/25–2025/26, as the methodologist's form saves it."""

    class Meta:
        model = Designation

    school = factory.SubFactory(SchoolFactory)
    kind = factory.SubFactory(DesignationKindFactory)
    topic = "Математика"
    grounds = factory.LazyFunction(lambda: ["high_results"])
    start = D(2024, 9, 1)
    end = D(2026, 8, 31)
    order_number = factory.Sequence(lambda n: f"{n + 1}")
    order_date = D(2024, 8, 20)


class AgreementFactory(DjangoModelFactory):
    """A draft agreement of a designation with another school of the same municipality, inside the designation's
    term. `active=True` attaches the signed PDF and makes it active."""

    class Meta:
        model = Agreement

    class Params:
        active = factory.Trait(
            state=Agreement.State.ACTIVE,
            document=factory.django.FileField(filename="agreement.pdf", data=PDF))

    designation = factory.SubFactory(DesignationFactory)
    supported_school = factory.SubFactory(
        SchoolFactory, municipality=factory.SelfAttribute("..designation.school.municipality"))
    number = factory.Sequence(lambda n: f"{n + 1}")
    signed_on = factory.SelfAttribute("start")
    start = D(2024, 9, 10)
    end = D(2025, 8, 31)
    directions = factory.LazyFunction(lambda: ["management"])


# ---- roadmaps -----------------------------------------------------------------------------------

class ActivityFactory(DjangoModelFactory):
    """An activity numbered after the roadmap's last one, with a seeded direction, inside the roadmap's period."""

    class Meta:
        model = Activity

    roadmap = factory.SubFactory("tests.factories.RoadmapFactory", activities=0)
    number = factory.LazyAttribute(lambda o: o.roadmap.activities.count() + 1)
    title = factory.Sequence(lambda n: f"Семинар для учителей № {n + 1}")
    direction = factory.LazyFunction(lambda: Direction.objects.filter(is_active=True).first())
    start = factory.LazyAttribute(lambda o: o.roadmap.period_start + datetime.timedelta(days=30))
    due = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=30))
    responsible_text = "заместитель директора"


class RoadmapFactory(DjangoModelFactory):
    """A school's programme (level «school») for 2024/2025 in draft, with two activities; `activities=N` for
    another number. Traits: `municipal=True` (the municipality's roadmap), `site=True` (a leader's plan)."""

    class Meta:
        model = Roadmap
        skip_postgeneration_save = True

    class Params:
        municipal = factory.Trait(level=Level.MUNICIPAL, school=None,
                                  municipality=factory.SubFactory(MunicipalityFactory))
        site = factory.Trait(level=Level.SITE, designation=factory.SubFactory(DesignationFactory),
                             school=factory.SelfAttribute("designation.school"))

    level = Level.SCHOOL
    school = factory.SubFactory(SchoolFactory)
    designation = None
    municipality = factory.LazyAttribute(lambda o: o.school.municipality)
    school_year = factory.SubFactory(SchoolYearFactory)
    title = factory.Sequence(lambda n: f"Программа перехода № {n + 1}")
    goal = "Переход в эффективный режим работы"
    period_start = factory.LazyAttribute(lambda o: D(o.school_year.start_year, 9, 1))
    period_end = factory.LazyAttribute(lambda o: D(o.school_year.start_year + 1, 8, 31))

    @factory.post_generation
    def activities(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        for _ in range(2 if extracted is None else extracted):
            ActivityFactory(roadmap=obj, **kwargs)


def make_user(role: str, *, municipality=None, school=None, email=None, **kwargs) -> User:
    user = UserFactory(**({"email": email} if email else {}), **kwargs)
    Membership.objects.create(user=user, role=role, municipality=municipality, school=school)
    return user


def result(school, start_year, procedure, subject_code, grade, participants, mark2=0, mean_score=None,
           lowered=None, confirmed=None, raised=None, **marks):
    """An assessment result row with a minimum of ceremony for criteria tests."""
    from schools.models import AssessmentResult, SchoolYear, Subject

    year, _ = SchoolYear.objects.get_or_create(start_year=start_year)
    return AssessmentResult.objects.create(
        school=school, school_year=year, procedure=procedure, subject=Subject.objects.get(code=subject_code),
        grade=grade, participants=participants, mark2=mark2, mean_score=mean_score, lowered=lowered,
        confirmed=confirmed, raised=raised, **marks)
