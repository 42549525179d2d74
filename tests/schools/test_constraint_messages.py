"""Every database constraint of the registry is checked by its service with a Russian message next to its field:
the page answers 200 with the message at the field and writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools import services
from schools.models import STUDENT_SUBSET_FIELDS, AssessmentResult, GradingScale, SchoolYearData, Subject, Teacher

from ..factories import SchoolYearDataFactory, TeacherFactory
from ..html import field_errors


def _yearly(**changes):
    data = {"start_year": 2024, "students": 300, "students_disabled": 10, "students_low_income": 20,
            "students_single_parent": 40, "students_parents_no_higher_ed": 100, "students_non_native": 5,
            "students_preventive_register": 3, "students_unexcused_absences": 7, "teachers": 25,
            "young_specialists": 3, "vacancies": 1}
    data.update(changes)
    return data


def test_teacher_unique_name_in_school(client_for, director_a1, school_a1):
    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    response = client_for(director_a1).post(reverse("schools:teacher_create", args=[school_a1.pk]), {
        "full_name": "Орлова Вера Николаевна", "position": "учитель", "experience_years": 3,
        "qualification_category": "none", "is_active": "on"})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "full_name") == [
        "В школе уже есть педагог «Орлова Вера Николаевна»: откройте его запись или уточните ФИО."]
    assert Teacher.objects.filter(school=school_a1).count() == 1


def test_teacher_renamed_to_a_colleague_is_refused_at_the_name(client_for, director_a1, school_a1):
    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    other = TeacherFactory(school=school_a1, full_name="Белова Анна Петровна")
    response = client_for(director_a1).post(reverse("schools:teacher_edit", args=[other.pk]), {
        "full_name": "Орлова Вера Николаевна", "position": "учитель", "experience_years": 3,
        "qualification_category": "none", "is_active": "on"})
    assert response.status_code == 200
    assert "уже есть педагог" in field_errors(response.content.decode(), "full_name")[0]
    other.refresh_from_db()
    assert other.full_name == "Белова Анна Петровна"


def test_yearly_data_unique_school_year(client_for, director_a1, school_a1):
    SchoolYearDataFactory(school=school_a1, school_year__start_year=2024)
    response = client_for(director_a1).post(reverse("schools:yearly_data_create", args=[school_a1.pk]), _yearly())
    assert response.status_code == 200
    assert "уже внесены" in field_errors(response.content.decode(), "start_year")[0]
    assert SchoolYearData.objects.count() == 1


@pytest.mark.parametrize("field", [*STUDENT_SUBSET_FIELDS, "young_specialists"])
def test_yearly_data_subsets_at_most_their_base(client_for, director_a1, school_a1, field):
    too_many = 26 if field == "young_specialists" else 301
    response = client_for(director_a1).post(reverse("schools:yearly_data_create", args=[school_a1.pk]),
                                            _yearly(**{field: too_many}))
    assert response.status_code == 200
    expected = ("Не может быть больше числа педагогов (25)." if field == "young_specialists"
                else "Не может быть больше общего числа обучающихся (300).")
    assert field_errors(response.content.decode(), field) == [expected]
    assert not SchoolYearData.objects.exists()


def test_grading_scale_unique(client_for, admin_user):
    before = GradingScale.objects.count()
    response = client_for(admin_user).post(reverse("schools:grading_scale_create"), {
        "start_year": 2024, "procedure": "vpr", "subject": Subject.objects.get(code="math").pk, "grade": 5,
        "max_score": 19, "min_score_3": 7, "min_score_4": 11, "min_score_5": 15})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "grade") == [
        "Шкала «ВПР Математика 5 кл. 2024/2025» уже существует: откройте её в списке шкал."]
    assert GradingScale.objects.count() == before


# results are written by the API and the imports, through the same service
@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"mark2": 31}, "mark2", "Сумма отметок (31) больше числа участников (30)."),  # result_mark2_le_participants
    ({"mark2": 10, "mark3": 15, "mark4": 10}, "mark2", "Сумма отметок (35) больше числа участников (30)."),
    ({"grade": 3}, "grade", "Класс 3 не подходит для процедуры ВПР."),  # result_grade_4_11
])
def test_result_checks(methodologist_a, school_a1, changes, field, message):
    data = {"school": school_a1, "procedure": "vpr", "subject": Subject.objects.get(code="math"), "grade": 5,
            "participants": 30, **changes}
    with pytest.raises(ValidationError) as exc:
        services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024, data=data)
    assert exc.value.message_dict[field] == [message]
    assert not AssessmentResult.objects.exists()


def test_result_unique_unit(methodologist_a, school_a1):
    data = {"school": school_a1, "procedure": "vpr", "subject": Subject.objects.get(code="math"), "grade": 5,
            "participants": 30}
    services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024, data=dict(data))
    with pytest.raises(ValidationError) as exc:
        services.save_result(actor=methodologist_a, result=AssessmentResult(), start_year=2024, data=dict(data))
    assert exc.value.message_dict["grade"] == ["Результат этой процедуры, предмета и класса за год уже есть."]
    assert AssessmentResult.objects.count() == 1
