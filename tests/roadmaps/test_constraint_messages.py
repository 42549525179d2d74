"""Every database constraint of roadmaps is checked by its service with a Russian message next to its field: the
page answers 200 with the message at the field and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmaps import services
from roadmaps.models import Activity, Level, ProgressReport, RiskFactor, RiskProfile, RiskProfileItem, Roadmap

from ..html import field_errors
from .conftest import PERIOD, make_programme

D = datetime.date


def _roadmap_post(year, **changes):
    data = {"level": "school", "school_year": year.pk, "title": "Программа", "goal": "Цель",
            "period_start": "2024-09-01", "period_end": "2025-08-31", "report_period": "quarter"}
    data.update(changes)
    return data


def test_roadmap_period_order(client_for, director_a1, school_a1, year):
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_create"), _roadmap_post(
        year, school=school_a1.pk, period_start="2025-08-31", period_end="2024-09-01"))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "period_end") == ["Окончание периода не может быть раньше начала."]
    assert not Roadmap.objects.exists()


def test_roadmap_level_owner(client_for, director_a1, year, school_a1):
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_create"), _roadmap_post(year))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "school") == ["Обязательное поле для этого уровня."]
    assert not Roadmap.objects.exists()
    # the service says it too, whoever calls it
    with pytest.raises(ValidationError) as exc:
        services.save_roadmap(actor=director_a1, roadmap=Roadmap(), data={
            "level": Level.SCHOOL, "school_year": year, "title": "П", "goal": "Ц", "period_start": PERIOD[0],
            "period_end": PERIOD[1]})
    assert exc.value.message_dict == {"school": ["Выберите школу: программа перехода составляется для школы."]}
    with pytest.raises(ValidationError) as exc:
        services.save_roadmap(actor=director_a1, roadmap=Roadmap(), data={
            "level": Level.SITE, "school": school_a1, "school_year": year, "title": "П", "goal": "Ц",
            "period_start": PERIOD[0], "period_end": PERIOD[1]})
    assert list(exc.value.message_dict) == ["designation"]
    assert not Roadmap.objects.exists()


def test_roadmap_one_programme_per_year(client_for, director_a1, school_a1, year):
    make_programme(school_a1, year, director_a1)
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_create"),
                                            _roadmap_post(year, school=school_a1.pk, title="Вторая"))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "school_year") == [
        "На этот учебный год такая дорожная карта уже есть: откройте её."]
    assert Roadmap.objects.count() == 1


def test_roadmap_one_municipal_per_year(client_for, methodologist_a, muni_a, year):
    client = client_for(methodologist_a)
    data = _roadmap_post(year, level="municipal", municipality=muni_a.pk, title="Муниципальная")
    assert client.post(reverse("roadmaps:roadmap_create"), data).status_code == 302
    response = client.post(reverse("roadmaps:roadmap_create"), data)
    assert response.status_code == 200
    assert "уже есть" in field_errors(response.content.decode(), "school_year")[0]
    assert Roadmap.objects.count() == 1


def test_roadmap_one_site_plan_per_year(client_for, designation_a2, leader_staff_a2, year):
    client = client_for(leader_staff_a2)
    data = _roadmap_post(year, level="site", designation=designation_a2.pk, title="План площадки")
    assert client.post(reverse("roadmaps:roadmap_create"), data).status_code == 302
    response = client.post(reverse("roadmaps:roadmap_create"), data)
    assert response.status_code == 200
    assert "уже есть" in field_errors(response.content.decode(), "school_year")[0]
    assert Roadmap.objects.count() == 1


def _activity_post(direction, **changes):
    data = {"title": "Семинар", "direction": direction.pk, "start": "2024-10-01", "due": "2024-10-31",
            "responsible_text": "заместитель директора"}
    data.update(changes)
    return data


def test_activity_due_after_start(client_for, programme, director_a1, directions):
    before = programme.activities.count()
    response = client_for(director_a1).post(reverse("roadmaps:activity_create", args=[programme.pk]),
                                            _activity_post(directions["image"], due="2024-09-15"))
    html = response.content.decode()
    assert response.status_code == 200
    assert field_errors(html, "due") == ["Срок исполнения не может быть раньше начала."]
    assert "activity_due_after_start" not in html
    assert programme.activities.count() == before


def test_activity_percent_max_100(client_for, programme, director_a1):
    activity = programme.activities.get(number=1)
    response = client_for(director_a1).post(activity.get_absolute_url(), {
        "p-status": "in_progress", "p-percent": "150", "p-report": ""})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "p-percent")
    activity.refresh_from_db()
    assert activity.percent == 0
    with pytest.raises(ValidationError) as exc:
        services.file_progress(actor=director_a1, activity=activity, status="in_progress", percent=150, report="")
    assert exc.value.message_dict == {"percent": ["Процент выполнения — от 0 до 100."]}
    with pytest.raises(ValidationError) as exc:
        services.save_activity(actor=director_a1, activity=activity, data={"percent": 101})
    assert exc.value.message_dict["percent"] == ["Процент выполнения — от 0 до 100."]


def test_activity_number_unique_is_kept_by_the_service(programme, director_a1, directions):
    """`activity_number_unique`: the service numbers activities in plan order itself, so a number typed twice
    places the activity there instead of clashing."""
    data = {"number": 1, "title": "Ещё один семинар", "direction": directions["methodical"], "start": D(2024, 10, 1),
            "due": D(2024, 10, 31), "responsible_text": "завуч"}
    services.save_activity(actor=director_a1, activity=Activity(roadmap=programme), data=data)
    numbers = list(programme.activities.order_by("number").values_list("number", "title"))
    assert numbers == [(1, "Ещё один семинар"), (2, "Семинар для учителей"), (3, "Индивидуальные маршруты")]


def test_risk_item_relevant_has_level(client_for, director_a1, school_a1, year):
    factor = RiskFactor.objects.get(code="parents")
    url = reverse("roadmaps:risk_profile", args=[school_a1.pk, year.start_year])
    response = client_for(director_a1).post(url, {f"relevant_{factor.pk}": "on", f"level_{factor.pk}": "",
                                                  f"measures_{factor.pk}": "родительский клуб"})
    html = response.content.decode()
    assert response.status_code == 200
    assert field_errors(html, f"level_{factor.pk}") == ["Укажите уровень актуального фактора."]
    assert "родительский клуб" in html  # what was typed stays
    assert not RiskProfile.objects.exists() and not RiskProfileItem.objects.exists()


def test_risk_profile_and_items_unique_by_the_service(director_a1, school_a1, year):
    """`risk_profile_unique`, `risk_item_unique`: saving again updates the one profile and its rows."""
    factor = RiskFactor.objects.get(code="parents")
    for level in ("high", "medium"):
        services.save_risk_profile(actor=director_a1, school=school_a1, school_year=year,
                                   items={factor.pk: {"relevant": True, "level": level, "measures": ""}})
    assert RiskProfile.objects.count() == 1
    assert list(RiskProfileItem.objects.values_list("level", flat=True)) == ["medium"]


def test_progress_report_unique_by_the_service(programme, director_a1, head_a):
    """`progress_report_unique`: a second save for the same period updates the report."""
    import time_machine

    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="1", order_date=D(2024, 10, 1))
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1), summary="Итоги")
        services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1), summary="Итоги 2")
    assert list(ProgressReport.objects.values_list("summary", flat=True)) == ["Итоги 2"]
