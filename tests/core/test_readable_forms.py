"""What forms and lists show people: checkbox groups as fieldsets with their caption above
the options (valid HTML), wide selects for school and person names, people as «ФИО — школа», Russian words instead
of codes (catalogues, import kinds)."""

import re
from pathlib import Path

from django.urls import reverse

from accounts.forms import PersonChoiceField
from accounts.models import Role, User
from core.models import ImportJob
from roadmaps.models import RiskFactor

from ..factories import make_user


def test_checkbox_group_is_a_fieldset_with_its_caption_first(client_for, methodologist_a):
    html = client_for(methodologist_a).get(reverse("partnerships:agreement_create")).content.decode()
    group = re.search(r'<fieldset class="field choice-group[^"]*">(.*?)</fieldset>', html, re.S).group(1)
    assert group.strip().startswith("<legend>Направления работы")
    assert group.index("<legend>") < group.index('type="checkbox"')
    # no label wraps the options' own labels (a label inside a label is invalid HTML)
    for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S):
        assert "<label" not in label and "<div" not in label
    # a single checkbox stays a labelled box
    assert re.search(r'<label><input type="checkbox" name="activate"[^>]*> Ввести в действие</label>', html)


def test_long_names_get_wide_fields(client_for, methodologist_a):
    html = client_for(methodologist_a).get(reverse("partnerships:agreement_create")).content.decode()
    for name in ("designation", "supported_school"):
        start = html.rfind('<div class="field', 0, html.index(f'name="{name}"'))
        assert html[start:start + 30].startswith('<div class="field wide"'), name
    assert ".form-grid .field.wide { grid-column: span 2; }" in Path("static/css/portal.css").read_text()


def test_people_are_listed_with_their_school(school_a1, school_a2, muni_a, django_assert_num_queries):
    director = make_user(Role.SCHOOL_DIRECTOR, school=school_a1, email="d1@example.ru", last_name="Иванова",
                         first_name="Анна", patronymic="Петровна")
    namesake = make_user(Role.LEADER_STAFF, school=school_a2, email="d2@example.ru", last_name="Иванова",
                         first_name="Анна", patronymic="Петровна")
    methodologist = make_user(Role.METHODOLOGIST, municipality=muni_a, email="m@example.ru", last_name="Петрова",
                              first_name="Ольга", patronymic="")
    field = PersonChoiceField(queryset=User.objects.filter(pk__in=[director.pk, namesake.pk, methodologist.pk])
                              .order_by("last_name", "email"))
    with django_assert_num_queries(2):  # the users and their roles, however many
        labels = [label for _v, label in field.choices][1:]
    assert labels == [f"Иванова Анна Петровна — {school_a1.short_name}",
                      f"Иванова Анна Петровна — {school_a2.short_name}", "Петрова Ольга — Динской район"]


def test_designation_head_options_show_the_school(client_for, methodologist_a, school_a2,
                                                                   leader_staff_a2):
    html = client_for(methodologist_a).get(reverse("partnerships:designation_create")).content.decode()
    assert f"{leader_staff_a2.display_name} — {school_a2.short_name}</option>" in html


def test_catalogue_list_shows_names_not_codes_and_a_new_code_is_made_from_the_name(client_for, methodologist_a,
                                                                                   admin_user):
    html = client_for(methodologist_a).get(reverse("roadmaps:catalogue_list", args=["risk-factors"])).content.decode()
    assert "Низкий уровень вовлечённости родителей" in html and "staff_shortage" not in html and "<code>" not in html
    client = client_for(admin_user)  # the region's catalogues are written by admins
    response = client.post(reverse("roadmaps:catalogue_create", args=["risk-factors"]),
                           {"name": "Трудности подвоза обучающихся", "ordering": 120, "is_active": "on"})
    assert response.status_code == 302
    assert RiskFactor.objects.get(name="Трудности подвоза обучающихся").code == "trudnosti-podvoza-obuchayushchikhsya"
    client.post(reverse("roadmaps:catalogue_create", args=["risk-factors"]),
                {"name": "Трудности  подвоза обучающихся!", "ordering": 130})
    assert RiskFactor.objects.filter(code="trudnosti-podvoza-obuchayushchikhsya-2").exists()


def test_my_imports_name_what_was_loaded(client_for, methodologist_a):
    ImportJob.objects.create(kind="yearly-data", original_name="данные.xlsx", requested_by=methodologist_a)
    html = client_for(methodologist_a).get(reverse("imports:start")).content.decode()
    row = html[html.index("данные.xlsx"):]
    row = row[:row.index("</tr>")]
    assert "yearly-data" not in row and "Данные школ за учебный год" in row


def test_teachers_are_listed_with_their_school(school_a1, school_a2, django_assert_num_queries):
    from schools.forms import TeacherChoiceField
    from schools.models import Teacher

    from ..factories import TeacherFactory

    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    TeacherFactory(school=school_a2, full_name="Орлова Вера Николаевна")
    field = TeacherChoiceField(queryset=Teacher.objects.order_by("school__code"))
    with django_assert_num_queries(1):
        labels = [label for _v, label in field.choices][1:]
    assert labels == [f"Орлова Вера Николаевна — {school_a1.short_name}",
                      f"Орлова Вера Николаевна — {school_a2.short_name}"]
