"""Grading scales: seeded for the demo years, edited by the region's administrators, validated bands, refusals."""

from django.urls import reverse

from schools.models import GradingScale, Subject


def test_seeded_scales_compute_marks(db):
    scale = GradingScale.objects.get(procedure="vpr", subject__code="math", grade=5, school_year__start_year=2024)
    assert [scale.mark_for(s) for s in (0, 6, 7, 10, 11, 14, 15, 19)] == [2, 2, 3, 3, 4, 4, 5, 5]
    ege = GradingScale.objects.get(procedure="ege", subject__code="russian", school_year__start_year=2024)
    assert ege.mark_for(23) == 2 and ege.mark_for(24) == 5


def test_administrator_creates_scale_for_a_new_year(client_for, admin_user, methodologist_a):
    data = {"start_year": 2025, "procedure": "vpr", "subject": Subject.objects.get(code="math").pk, "grade": 5,
            "max_score": 19, "min_score_3": 7, "min_score_4": 11, "min_score_5": 15}
    refused = client_for(methodologist_a).post(reverse("schools:grading_scale_create"), data)
    assert refused.status_code == 403 and "ведёт администратор региона" in refused.content.decode()
    assert not GradingScale.objects.filter(school_year__start_year=2025).exists()
    response = client_for(admin_user).post(reverse("schools:grading_scale_create"), data)
    assert response.status_code == 302
    assert GradingScale.objects.filter(school_year__start_year=2025).count() == 1


def test_bands_must_increase(client_for, admin_user):
    data = {"start_year": 2025, "procedure": "vpr", "subject": Subject.objects.get(code="math").pk, "grade": 5,
            "max_score": 19, "min_score_3": 12, "min_score_4": 11, "min_score_5": 25}
    response = client_for(admin_user).post(reverse("schools:grading_scale_create"), data)
    assert "Границы должны возрастать" in response.content.decode()
    assert not GradingScale.objects.filter(school_year__start_year=2025).exists()


def test_duplicate_scale_is_refused(client_for, admin_user):
    data = {"start_year": 2024, "procedure": "vpr", "subject": Subject.objects.get(code="math").pk, "grade": 5,
            "max_score": 19, "min_score_3": 7, "min_score_4": 11, "min_score_5": 15}
    response = client_for(admin_user).post(reverse("schools:grading_scale_create"), data)
    assert "уже существует" in response.content.decode()


def test_directors_cannot_edit_or_list(client_for, director_a1, head_a):
    scale = GradingScale.objects.first()
    assert client_for(director_a1).get(reverse("schools:grading_scales")).status_code == 403
    assert client_for(head_a).get(reverse("schools:grading_scales")).status_code == 200
    assert client_for(head_a).get(reverse("schools:grading_scale_edit", args=[scale.pk])).status_code == 403
