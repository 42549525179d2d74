"""seed_demo (idempotent, deterministic), generate_dataset (deterministic, replaces its region), create_user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Membership, Role, User
from core.formats import school_year_of
from identification.models import Run, SchoolStatus
from schools.models import AssessmentResult, School, SchoolYearData, Teacher, validate_inn


def _counts():
    return (School.objects.count(), SchoolYearData.objects.count(), Teacher.objects.count(),
            AssessmentResult.objects.count(), User.objects.count(), Membership.objects.count(), Run.objects.count(),
            SchoolStatus.objects.count())


def test_seed_demo_is_idempotent_and_deterministic(demo_db):
    # the shared demo is seed_demo run once on the empty database; this test runs it again
    first = _counts()
    names = list(School.objects.order_by("code").values_list("code", "short_name", "inn"))
    assert first[0] == 40  # deterministic: the same 40 schools every time
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "metodist.dinskoy@demo.ru" in out.getvalue() and "demo12345" in out.getvalue()
    assert _counts() == first
    assert list(School.objects.order_by("code").values_list("code", "short_name", "inn")) == names
    for _code, _name, inn in names:
        validate_inn(inn)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    # the timeline follows today: approved lists of last year and of the year under way (Динской район);
    # in Калининский район this year's list waits for the head's approval
    current = school_year_of(timezone.localdate())
    assert set(SchoolStatus.objects.filter(status="lrs").values_list("school_year__start_year", flat=True)) == {
        current - 1, current}
    assert list(Run.objects.filter(state=Run.State.DONE).values_list(
        "municipality__code", "school_year__start_year")) == [("kalininsky", current)]
    assert set(AssessmentResult.objects.values_list("school_year__start_year", flat=True)) == {
        current - 3, current - 2, current - 1}
    # struggling schools have high social-risk shares
    struggling = School.objects.get(code="231004").yearly_data.order_by("school_year__start_year").last()
    assert struggling.vacancies >= 2
    # the registry's director of a school with a demo director is that user
    for m in Membership.objects.filter(role=Role.SCHOOL_DIRECTOR).select_related("user", "school"):
        assert m.school.director_name == f"{m.user.last_name} {m.user.first_name} {m.user.patronymic}"
    # Динской район's list has its ШНОР in both years (its struggling schools are weakest in mathematics)
    assert SchoolStatus.objects.filter(status="lrs", school__municipality__code="dinskoy").count() == 4


@pytest.mark.django_db
def test_generate_dataset_is_deterministic_and_replaces_its_region():
    call_command("generate_dataset", "--schools", "40", "--years", "2", "--seed", "3", stdout=StringIO())
    first = list(School.objects.filter(municipality__region__code="SYN").order_by("code").values_list(
        "code", "kind", "location", "director_name"))
    results = AssessmentResult.objects.filter(school__municipality__region__code="SYN").count()
    assert len(first) == 40 and results == 40 * 2 * 6
    call_command("generate_dataset", "--schools", "40", "--years", "2", "--seed", "3", stdout=StringIO())
    again = list(School.objects.filter(municipality__region__code="SYN").order_by("code").values_list(
        "code", "kind", "location", "director_name"))
    assert again == first
    assert AssessmentResult.objects.count() == results
    assert User.objects.filter(email="bench-admin@synthetic.local").exists()
    with pytest.raises(CommandError):
        call_command("generate_dataset", "--schools", "0")


@pytest.mark.django_db
def test_create_user_creates_updates_and_refuses(school_a1, muni_a):
    call_command("create_user", "--email", "New@Example.ru", "--password", "pw-123456", "--role", "school_director",
                 "--school", school_a1.code, stdout=StringIO())
    user = User.objects.get(email="new@example.ru")
    assert user.check_password("pw-123456")
    call_command("create_user", "--email", "new@example.ru", "--password", "other-654321", "--role",
                 "methodologist", "--municipality", muni_a.code, stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("other-654321")
    assert sorted(user.memberships.values_list("role", flat=True)) == ["methodologist", "school_director"]
    call_command("create_user", "--email", "root@example.ru", "--password", "pw", "--role", "admin",
                 stdout=StringIO())
    assert User.objects.get(email="root@example.ru").is_superuser
    for args, message in [
        (["--role", "boss"], "Неизвестная роль"),
        (["--role", "methodologist"], "укажите --municipality"),
        (["--role", "school_director", "--school", "nope"], "не найдена"),
        (["--role", "methodologist", "--municipality", "nope"], "не найден"),
        (["--role", "admin", "--municipality", muni_a.code], "не привязывается"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("create_user", "--email", "x@example.ru", "--password", "pw", *args)
    assert not User.objects.filter(email="x@example.ru").exists()
