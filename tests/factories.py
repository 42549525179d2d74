import factory
from factory.django import DjangoModelFactory

from accounts.models import Membership, Role, User
from schools.models import Municipality, Region, School, SchoolYear, SchoolYearData, Teacher


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
