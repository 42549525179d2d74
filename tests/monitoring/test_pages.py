"""Pages: what each role sees and is refused, the recompute with its progress, and the dashboards' fixed number of
queries for 10 and 2,000 schools."""

import datetime
from decimal import Decimal

import pytest

from monitoring import engine, services
from monitoring.models import Aggregate, Audience, ComputeRun, Indicator, Progress, Recommendation, Source, Value
from schools.models import School
from tests.factories import result

from .conftest import status

D = datetime.date


def populate(muni, year, count: int) -> list[School]:
    """`count` schools with three indicators each, every fourth a ШНОР, stored aggregates and progress."""
    schools = School.objects.bulk_create([School(municipality=muni, code=f"77{muni.pk:02d}{i:05d}",
                                                 short_name=f"Школа № {i}", full_name=f"Школа № {i}")
                                          for i in range(count)])
    inds = list(Indicator.objects.filter(code__in=["oge_dynamics", "vpr_dynamics", "lessons_visited"]))
    Value.objects.bulk_create([Value(indicator=ind, school=s, school_year=year, value=Decimal(50 + i % 40), n=30,
                                     numerator=Decimal(15), change=Decimal(i % 7 - 3), source=Source.COMPUTED)
                               for i, s in enumerate(schools) for ind in inds])
    for s in schools[::4][:50]:
        status(s, year)
    Progress.objects.bulk_create([Progress(school=s, school_year=year, score=Decimal(i % 9 - 4), compared=2)
                                  for i, s in enumerate(schools)])
    engine.refresh_aggregates(school_year=year, municipality_ids=[muni.pk])
    return schools


@pytest.mark.parametrize("count", [10, 2000])
def test_dashboards_read_a_fixed_number_of_queries(count, muni_a, years, methodologist_a, client_for,
                                                   django_assert_max_num_queries):
    schools = populate(muni_a, years[2024], count)
    client = client_for(methodologist_a)
    with django_assert_max_num_queries(16):
        response = client.get(f"/monitoring/?municipality={muni_a.pk}&year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Положительная динамика результатов ОГЭ по русскому языку и математике" in html
    assert f"n&nbsp;=&nbsp;{30 * count - 30 * min(50, len(schools[::4]))}" in html  # the other schools' n
    assert "<title>" in html and "n = " in html  # hover text with n
    with django_assert_max_num_queries(14):
        assert client.get(f"/monitoring/schools/{schools[-1].pk}/?year=2024").status_code == 200


def test_director_sees_own_school_only(school_a1, school_b1, director_a1, director_b1, client_for, years):
    result(school_a1, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27)
    engine.compute_year(school_year=years[2024])
    response = client_for(director_a1).get("/monitoring/")
    assert response.status_code == 302 and response.url == f"/monitoring/schools/{school_a1.pk}/"
    page = client_for(director_a1).get(f"/monitoring/schools/{school_a1.pk}/")
    assert "90,0" in page.content.decode()
    assert client_for(director_b1).get(f"/monitoring/schools/{school_a1.pk}/").status_code == 404
    assert client_for(director_a1).get("/monitoring/effect/").status_code == 403


def test_municipal_pages_by_role(muni_a, school_a1, years, methodologist_b, head_a, no_role_user, admin_user,
                                 client_for):
    assert client_for(no_role_user).get("/monitoring/").status_code == 403
    assert client_for(methodologist_b).get(f"/monitoring/?municipality={muni_a.pk}").status_code == 404
    assert client_for(methodologist_b).get(f"/monitoring/effect/?municipality={muni_a.pk}").status_code == 404
    assert client_for(head_a).get("/monitoring/effect/?year=2024").status_code == 200
    assert client_for(admin_user).get(f"/monitoring/?municipality={muni_a.pk}&year=2024").status_code == 200


def test_recompute_with_progress(muni_a, school_a1, years, methodologist_a, head_a, client_for,
                                 django_capture_on_commit_callbacks):
    result(school_a1, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27)
    refused = client_for(head_a).post("/monitoring/compute/", {"municipality": muni_a.pk, "year": 2024})
    assert refused.status_code == 302 and not ComputeRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist_a).post("/monitoring/compute/", {"municipality": muni_a.pk,
                                                                             "year": 2024})
    run = ComputeRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.state == ComputeRun.State.DONE and run.schools == 1 and run.values >= 1  # eager Celery
    status_json = client_for(methodologist_a).get(f"/monitoring/runs/{run.pk}/status/").json()
    assert status_json["percent"] == 100 and status_json["working"] is False
    assert "Пересчитано: школ — 1" in client_for(methodologist_a).get(run.get_absolute_url()).content.decode()


def test_recommendation_pages(muni_a, school_a1, years, methodologist_a, head_a, director_a1, methodologist_b,
                              client_for):
    status(school_a1, years[2024])
    to_school = services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                            audience=Audience.SCHOOL, school=school_a1, text="Провести педсовет.")
    to_dept = services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                          audience=Audience.DEPARTMENT, text="Изменить дорожную карту.")
    listing = client_for(director_a1).get("/monitoring/recommendations/?year=2024").content.decode()
    assert "Провести педсовет." in listing and "Изменить дорожную карту." not in listing
    assert client_for(director_a1).get(to_dept.get_absolute_url()).status_code == 404
    assert client_for(methodologist_b).get(to_school.get_absolute_url()).status_code == 404
    assert client_for(director_a1).post(to_school.get_absolute_url(), {"action": "dismiss", "reason": "нет"}) \
        .status_code == 403
    bad = client_for(head_a).post(to_dept.get_absolute_url(), {"action": "adopt", "order_number": "",
                                                                "order_date": ""})
    assert bad.status_code == 400 and "Обязательное поле." in bad.content.decode()
    ok = client_for(head_a).post(to_dept.get_absolute_url(), {"action": "adopt", "order_number": "7-р",
                                                               "order_date": "2025-01-15", "decision": "Поручить"})
    assert ok.status_code == 302
    to_dept.refresh_from_db()
    assert to_dept.state == Recommendation.State.ADOPTED and to_dept.order_number == "7-р"
    page = client_for(methodologist_a).get(f"/monitoring/recommendations/?municipality={muni_a.pk}&year=2024")
    assert "приказ № 7-р от 15.01.2025" in page.content.decode()
    generated = client_for(methodologist_a).post("/monitoring/recommendations/generate/",
                                                 {"municipality": muni_a.pk, "year": 2024})
    assert generated.status_code == 302
    assert Recommendation.objects.filter(rule__code="no_partner", school=school_a1).exists()


def test_catalogue_add_target_retire(muni_a, years, methodologist_a, director_a1, admin_user, client_for):
    assert client_for(director_a1).get("/monitoring/indicators/new/").status_code == 403
    assert client_for(director_a1).get("/monitoring/indicators/").status_code == 200
    # a methodologist adds only their municipality's local indicators: the region is not among the choices
    local_only = client_for(methodologist_a).get("/monitoring/indicators/new/").content.decode()
    assert 'value="region"' not in local_only and f'value="{muni_a.pk}"' in local_only
    refused = client_for(methodologist_a).post("/monitoring/indicators/new/", {
        "owner": "region", "name": "Региональный", "unit": "count", "direction": "up", "period": "год", "min_n": 0})
    assert refused.status_code == 400 and not Indicator.objects.filter(name="Региональный").exists()
    bad = client_for(admin_user).post("/monitoring/indicators/new/", {"owner": "region", "name": "", "unit": "count",
                                                                           "direction": "up", "period": "год",
                                                                           "min_n": 0})
    assert bad.status_code == 400 and "Обязательное поле." in bad.content.decode()
    response = client_for(admin_user).post("/monitoring/indicators/new/", {
        "owner": "region", "name": "Количество родительских собраний", "unit": "count", "direction": "up",
        "period": "учебный год", "min_n": 0})
    ind = Indicator.objects.get(name="Количество родительских собраний")
    assert response.url == ind.get_absolute_url() and ind.source == Source.ENTERED and ind.code.startswith("custom")
    target = client_for(methodologist_a).post(ind.get_absolute_url(), {"action": "target", "municipality": muni_a.pk,
                                                                       "year": 2024, "value": "12"})
    assert target.status_code == 302 and ind.targets.get().value == 12
    percent = Indicator.objects.get(code="oge_dynamics")
    client_for(methodologist_a).post(percent.get_absolute_url(), {"action": "target", "municipality": muni_a.pk,
                                                                  "year": 2024, "value": "140"})
    assert not percent.targets.exists()
    assert client_for(methodologist_a).post(ind.get_absolute_url(), {"action": "retire"}).status_code == 403
    assert client_for(methodologist_a).post(percent.get_absolute_url(), {
        "action": "edit", "name": "Другое", "unit": "count", "direction": "down", "period": "год",
        "min_n": 0}).status_code == 403
    client_for(admin_user).post(percent.get_absolute_url(), {
        "action": "edit", "name": percent.name, "unit": "count", "direction": "down", "period": "год", "min_n": 3})
    percent.refresh_from_db()
    assert (percent.unit, percent.direction, percent.min_n) == ("percent", "up", 3)  # the regulation's stay
    client_for(admin_user).post(ind.get_absolute_url(), {"action": "retire"})
    ind.refresh_from_db()
    assert ind.retired_at is not None and Indicator.objects.filter(pk=ind.pk).exists()
    assert client_for(director_a1).post(ind.get_absolute_url(), {"action": "retire"}).status_code == 403


def test_school_card_section(school_a1, years, methodologist_a, client_for):
    result(school_a1, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27)
    engine.compute_year(school_year=years[2024])
    html = client_for(methodologist_a).get(school_a1.get_absolute_url()).content.decode()
    assert "Все показатели по годам" in html and "90,0" in html


def test_aggregates_are_stored_per_group(muni_a, years):
    populate(muni_a, years[2024], 12)
    assert Aggregate.objects.filter(municipality=muni_a, school_year=years[2024], group="lrs").count() == 3


def test_effect_page_says_when_there_was_no_list_last_year(muni_a, school_a1, years, head_a, client_for):
    from ..html import text_of
    from .conftest import status

    status(school_a1, years[2024])
    page = text_of(client_for(head_a).get("/monitoring/effect/?year=2024"))
    assert "Списка прошлого года в портале нет — сравнить не с чем." in page
    assert "Нет школ, вышедших из списка прошлого года." not in page
    status(school_a1, years[2023])  # the same school on last year's list too: nobody left it
    page = text_of(client_for(head_a).get("/monitoring/effect/?year=2024"))
    assert "Нет школ, вышедших из списка прошлого года." in page
