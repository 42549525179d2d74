"""schools.services decide permission themselves (pages and API only call them): refusals are
PermissionDenied, values the actor may not set are ValidationError on their field, and nothing is saved.
`actor=None` is the system: all rights."""

from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from core.imports.services import run_import
from schools import services
from schools.models import AssessmentResult, GradingScale, School, SchoolYearData, Subject, Teacher

from ..factories import SchoolYearDataFactory, TeacherFactory, make_user


def _school_log(school):
    return LogEntry.objects.get_for_object(school).count()


def _unchanged(school, **fields):
    fresh = School.objects.get(pk=school.pk)
    return all(getattr(fresh, f) == v for f, v in fields.items())


# ---- schools ----------------------------------------------------------------------------------

def test_director_changing_code_is_refused_and_nothing_saved(director_a1, school_a1):
    before = _school_log(school_a1)
    with pytest.raises(ValidationError) as exc:
        services.update_school(actor=director_a1, school=school_a1, data={"code": "999999", "phone": "+7 1"})
    assert exc.value.message_dict == {"code": ["Это поле меняет методист муниципалитета."]}
    assert _unchanged(school_a1, code="230001", phone="")
    assert _school_log(school_a1) == before


def test_rules_read_the_stored_school_not_the_instance_a_form_has_changed(director_a1, school_a1):
    school_a1.code = "999999"  # what ModelForm validation does to its instance
    with pytest.raises(ValidationError):
        services.update_school(actor=director_a1, school=school_a1, data={"code": "999999"})
    assert _unchanged(school_a1, code="230001")


@pytest.mark.parametrize("field", ["municipality", "is_active"])
def test_director_cannot_change_the_other_registry_fields(director_a1, school_a1, muni_b, field):
    value = {"municipality": muni_b, "is_active": False}[field]
    with pytest.raises(ValidationError) as exc:
        services.update_school(actor=director_a1, school=school_a1, data={field: value})
    assert list(exc.value.message_dict) == [field]
    assert _unchanged(school_a1, municipality_id=school_a1.municipality_id, is_active=True)


def test_director_may_resend_unchanged_registry_fields_and_change_contacts(director_a1, school_a1, muni_a):
    services.update_school(actor=director_a1, school=school_a1,
                           data={"code": "230001", "municipality": muni_a, "is_active": True, "phone": "+7 2"})
    assert _unchanged(school_a1, phone="+7 2")
    assert LogEntry.objects.get_for_object(school_a1).latest("timestamp").actor == director_a1


@pytest.mark.parametrize("who", ["director_b1", "head_a"])
def test_update_school_without_edit_right_is_permission_denied(request, who, school_a1, school_a2):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.update_school(actor=user, school=school_a1, data={"phone": "+7 3"})
    assert _unchanged(school_a1, phone="")


def test_director_of_another_school_is_refused(director_a1, school_a2):
    with pytest.raises(PermissionDenied):
        services.update_school(actor=director_a1, school=school_a2, data={"phone": "+7 4"})
    assert _unchanged(school_a2, phone="")


def test_methodologist_changes_code_but_cannot_move_school_out_of_own_municipalities(methodologist_a, school_a1,
                                                                                      muni_b):
    services.update_school(actor=methodologist_a, school=school_a1, data={"code": "230009"})
    assert _unchanged(school_a1, code="230009")
    with pytest.raises(ValidationError) as exc:
        services.update_school(actor=methodologist_a, school=School.objects.get(pk=school_a1.pk),
                               data={"municipality": muni_b})
    assert list(exc.value.message_dict) == ["municipality"]
    assert _unchanged(school_a1, municipality_id=school_a1.municipality_id)


def test_system_changes_everything(school_a1, muni_b):
    services.update_school(actor=None, school=school_a1, data={"code": "230077", "municipality": muni_b})
    assert _unchanged(school_a1, code="230077", municipality_id=muni_b.pk)


def _new_school(municipality, code="555555"):
    return {"municipality": municipality, "code": code, "short_name": "СОШ № 55", "full_name": "СОШ № 55",
            "kind": "sosh", "location": "rural"}


def test_create_school(methodologist_a, director_a1, head_a, muni_a, muni_b):
    for user in (director_a1, head_a):
        with pytest.raises(PermissionDenied):
            services.create_school(actor=user, data=_new_school(muni_a))
    with pytest.raises(ValidationError) as exc:
        services.create_school(actor=methodologist_a, data=_new_school(muni_b))
    assert exc.value.message_dict == {"municipality": ["Нет прав добавлять школы в этот муниципалитет."]}
    assert not School.objects.filter(code="555555").exists()
    assert services.create_school(actor=methodologist_a, data=_new_school(muni_a)).municipality == muni_a
    assert services.create_school(actor=None, data=_new_school(muni_b, "555556")).municipality == muni_b


# ---- yearly data and teachers -------------------------------------------------------------------

YEAR = {"students": 300, "teachers": 25}


def test_yearly_data(methodologist_a, director_a1, head_a, school_a1, school_a2, school_b1):
    for user, school in ((head_a, school_a1), (director_a1, school_a2), (methodologist_a, school_b1)):
        with pytest.raises(PermissionDenied):
            services.save_yearly_data(actor=user, school=school, start_year=2024, data=YEAR)
    assert not SchoolYearData.objects.exists()
    services.save_yearly_data(actor=director_a1, school=school_a1, start_year=2024, data=YEAR, new=True)
    with pytest.raises(ValidationError) as exc:
        services.save_yearly_data(actor=director_a1, school=school_a1, start_year=2024, data=YEAR, new=True)
    assert list(exc.value.message_dict) == ["school_year"]
    services.save_yearly_data(actor=methodologist_a, school=school_a1, start_year=2024,
                              data={**YEAR, "vacancies": 2})
    assert SchoolYearData.objects.get().vacancies == 2


def test_teachers(director_a1, school_a1, school_a2):
    leader = make_user(Role.LEADER_STAFF, school=school_a1)
    with pytest.raises(PermissionDenied):
        services.create_teacher(actor=leader, school=school_a1, data={"full_name": "Х"})
    with pytest.raises(PermissionDenied):
        services.create_teacher(actor=director_a1, school=school_a2, data={"full_name": "Х"})
    teacher = services.create_teacher(actor=director_a1, school=school_a1, data={"full_name": "Орлова В. Н."})
    with pytest.raises(ValidationError) as exc:
        services.update_teacher(actor=director_a1, teacher=teacher, data={"school": school_a2})
    assert list(exc.value.message_dict) == ["school"]
    neighbour = TeacherFactory(school=school_a2)
    with pytest.raises(PermissionDenied):
        services.update_teacher(actor=director_a1, teacher=neighbour, data={"position": "завуч"})
    assert Teacher.objects.get(pk=teacher.pk).school == school_a1
    assert Teacher.objects.get(pk=neighbour.pk).position != "завуч"


# ---- reference data and results -----------------------------------------------------------------

def test_grading_scale_only_by_the_regions_administrators(director_a1, head_a, methodologist_a, admin_user):
    scale = GradingScale.objects.first()
    scale.max_score += 1
    for user in (director_a1, head_a, methodologist_a):  # another municipality's identification reads the scale
        with pytest.raises(PermissionDenied, match="ведёт администратор региона"):
            services.save_grading_scale(actor=user, scale=scale)
    services.save_grading_scale(actor=admin_user, scale=scale)
    assert GradingScale.objects.get(pk=scale.pk).max_score == scale.max_score


def _result(school, **kw):
    return {"school": school, "procedure": "vpr", "subject": Subject.objects.get(code="math"), "grade": 5,
            "participants": 20, "mark2": 2, "mark3": 8, "mark4": 6, "mark5": 4, **kw}


def test_results_by_methodologists_of_the_school_municipality(methodologist_a, director_a1, school_a1, school_b1):
    with pytest.raises(PermissionDenied):
        services.save_result(actor=director_a1, result=AssessmentResult(), start_year=2024, data=_result(school_a1))
    with pytest.raises(PermissionDenied):
        services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024,
                             data=_result(school_b1))
    result = services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024,
                                  data=_result(school_a1))
    with pytest.raises(ValidationError) as exc:
        services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024,
                             data=_result(school_a1))
    assert list(exc.value.message_dict) == ["grade"]
    with pytest.raises(PermissionDenied):  # moving a result to a school of another municipality
        services.save_result(actor=methodologist_a, result=result, start_year=2024, data={"school": school_b1})
    assert AssessmentResult.objects.get().school == school_a1


# ---- the same rule in imports -------------------------------------------------------------------

def test_import_refuses_registry_fields_outside_the_uploader_municipalities(muni_a, school_b1):
    """A methodologist of A who directs B1 may not move B1 into A by file (nor on its page or by the API)."""
    user = make_user(Role.METHODOLOGIST, municipality=muni_a)
    user.memberships.create(role=Role.SCHOOL_DIRECTOR, school=school_b1)
    data = ("Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность\r\n"
            f"{school_b1.code};{muni_a.code};{school_b1.short_name};{school_b1.full_name};СОШ;сельская\r\n").encode()
    result = run_import(kind="schools", file=BytesIO(data), filename="s.csv", user=user)
    assert not result.ok
    assert [(e["column"], e["message"]) for e in result.errors] == [
        ("Муниципалитет (код)", "Это поле меняет методист муниципалитета.")]
    assert School.objects.get(pk=school_b1.pk).municipality_id == school_b1.municipality_id
    assert run_import(kind="schools", file=BytesIO(data), filename="s.csv", user=None).ok  # the system may


def test_yearly_data_factory_records_stay_editable_by_system(school_a1):
    SchoolYearDataFactory(school=school_a1)
    services.save_yearly_data(actor=None, school=school_a1, start_year=2024, data={"vacancies": 7})
    assert SchoolYearData.objects.get().vacancies == 7
