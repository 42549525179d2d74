"""Teacher-level results against a hand computation: a class taught by two teachers counts fully for each, a teacher
under the small-sample minimum is listed as unreliable and counted nowhere; the thresholds are the municipality's."""

from decimal import Decimal

from mentoring import selectors, services
from mentoring.models import TeachingAssignment
from schools.models import ClassResult, SchoolYear, Subject

from ..factories import TeacherFactory


def _setup(school_a1):
    y = SchoolYear.objects.get_or_create(start_year=2024)[0]
    math, russian = Subject.objects.get(code="math"), Subject.objects.get(code="russian")
    # 5А math: 20 students: 6 «2», 8 «3», 4 «4», 2 «5»; 6Б russian: 10 students, 1 «2», 5 «3», 4 «4»;
    # 7В math: 4 students, 3 «2», 1 «3»
    ClassResult.objects.create(school=school_a1, school_year=y, subject=math, class_name="5А", grade=5,
                               participants=20, mark2=6, mark3=8, mark4=4, mark5=2)
    ClassResult.objects.create(school=school_a1, school_year=y, subject=russian, class_name="6Б", grade=6,
                               participants=10, mark2=1, mark3=5, mark4=4, mark5=0)
    ClassResult.objects.create(school=school_a1, school_year=y, subject=math, class_name="7В", grade=7,
                               participants=4, mark2=3, mark3=1)
    ivanova = TeacherFactory(school=school_a1, full_name="Иванова")  # 5А math and 6Б russian
    petrova = TeacherFactory(school=school_a1, full_name="Петрова")  # 5А math too (a class taught by two)
    sidorova = TeacherFactory(school=school_a1, full_name="Сидорова")  # only 7В: 4 students
    fedorova = TeacherFactory(school=school_a1, full_name="Фёдорова")  # 6Б russian only
    for t, name, subject in ((ivanova, "5А", math), (ivanova, "6б", russian), (petrova, "5 А", math),
                             (sidorova, "7В", math), (fedorova, "6Б", russian)):
        TeachingAssignment.objects.create(teacher=t, school_year=y, class_name=name.replace(" ", "").upper(),
                                          subject=subject)
    return ivanova, petrova, sidorova, fedorova


def test_teacher_results_by_hand(school_a1):
    ivanova, petrova, sidorova, fedorova = _setup(school_a1)
    results = selectors.teacher_results(start_year=2024, school_ids=[school_a1.pk])
    iv = results[ivanova.pk]
    # Иванова: 30 students, 7 «2» → 23.3 %; marks 2·7 + 3·13 + 4·8 + 5·2 = 95 → 95/30 = 3.17
    assert (iv.students, iv.mark2, iv.failing_share, iv.mean_mark) == (30, 7, Decimal("23.3"), Decimal("3.17"))
    pe = results[petrova.pk]
    # Петрова: 5А alone: 6/20 = 30 %; (12 + 24 + 16 + 10)/20 = 3.10
    assert (pe.students, pe.failing_share, pe.mean_mark) == (20, Decimal("30.0"), Decimal("3.10"))
    si = results[sidorova.pk]
    assert (si.students, si.failing_share, si.mean_mark) == (4, Decimal("75.0"), Decimal("2.25"))
    fe = results[fedorova.pk]
    assert (fe.failing_share, fe.mean_mark) == (Decimal("10.0"), Decimal("3.30"))


def test_low_results_list_and_thresholds(school_a1, muni_a, methodologist_a):
    ivanova, petrova, sidorova, fedorova = _setup(school_a1)
    # defaults: «2» ≥ 20 % or mean mark < 3.3; fewer than 10 students unreliable
    rule, rows = selectors.low_results_list(methodologist_a, municipality=muni_a, start_year=2024)
    listed = {r.teacher.full_name: r for r in rows}
    assert set(listed) == {"Иванова", "Петрова", "Сидорова"}  # Фёдорова: 10 %, 3.30 — not below
    assert not listed["Сидорова"].reliable and listed["Иванова"].reliable
    assert rows[-1].teacher == sidorova  # unreliable last
    assert "математика: 5А" in listed["Иванова"].classes and "русский язык: 6Б" in listed["Иванова"].classes
    assert selectors.low_result_teacher_ids(start_year=2024, school_ids=[school_a1.pk]) == {ivanova.pk, petrova.pk}
    # stricter share, looser mean: only Петрова (30 % ≥ 25 %); Иванова's 23.3 % and 3.17 ≥ 3.0 pass
    services.save_rule(actor=methodologist_a, municipality=muni_a,
                       data={"failing_share": Decimal("25"), "mean_mark": Decimal("3.0"), "min_students": 10})
    assert selectors.low_result_teacher_ids(start_year=2024, school_ids=[school_a1.pk]) == {petrova.pk}
    # a smaller minimum makes Сидорова reliable
    services.save_rule(actor=methodologist_a, municipality=muni_a,
                       data={"failing_share": Decimal("25"), "mean_mark": Decimal("3.0"), "min_students": 4})
    assert selectors.low_result_teacher_ids(start_year=2024, school_ids=[school_a1.pk]) == {petrova.pk,
                                                                                           sidorova.pk}


def test_rule_refusals(muni_a, head_a, director_a1, methodologist_b):
    import pytest
    from django.core.exceptions import PermissionDenied

    data = {"failing_share": Decimal("25"), "mean_mark": Decimal("3.0"), "min_students": 10}
    for user in (head_a, director_a1, methodologist_b):
        with pytest.raises(PermissionDenied):
            services.save_rule(actor=user, municipality=muni_a, data=data)
    from mentoring.models import LowResultsRule

    assert not LowResultsRule.objects.exists()


def test_low_results_page_counts_in_words(client_for, school_a1, muni_a, methodologist_a):
    """The page's count is of reliable results, as the start page and monitoring count; the unreliable ones are named
    apart — in Russian plural forms (2 педагога, not «2 педагогов»)."""
    from django.urls import reverse

    from ..html import text_of

    _setup(school_a1)
    page = text_of(client_for(methodologist_a).get(reverse("mentoring:low_results"), {
        "municipality": muni_a.pk, "year": 2024}))
    assert ("2 педагога ниже порогов по надёжным результатам; ещё 1 — по малым классам («ненадёжно»): они показаны "
            "для сведения и в счёт на стартовой странице и в мониторинге не идут.") in page


def test_low_results_page_is_titled_with_what_the_reader_sees(client_for, school_a1, muni_a, methodologist_a,
                                                               director_a1):
    """A director reads the teachers of their school: the heading names the school, not the municipality; the
    methodologist reads the municipality's list."""
    import re

    from django.urls import reverse

    _setup(school_a1)

    def heading(user):
        html = client_for(user).get(reverse("mentoring:low_results"), {"year": 2024}).content.decode()
        return re.sub(r"\s+", " ", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))

    assert heading(director_a1) == f"Педагоги с низкими результатами — {school_a1.short_name}, 2024/2025"
    assert heading(methodologist_a) == f"Педагоги с низкими результатами — {muni_a.name}, 2024/2025"
