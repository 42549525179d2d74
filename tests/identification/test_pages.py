"""Identification pages: refusals by role, the why page, overrides, approval, official list and exports."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from identification import services
from identification.models import Methodology, Run, SchoolStatus

from .test_runs import struggling_municipality


@pytest.fixture
def computed_run(muni_a, methodologist_a):
    schools = struggling_municipality(muni_a)
    run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=muni_a, start_year=2024)
    run = services.compute_run(run=run)
    run.test_schools = schools
    return run


def test_director_cannot_run_or_open_runs(client_for, director_a1, computed_run):
    client = client_for(director_a1)
    assert client.get(reverse("identification:run_create")).status_code == 403
    assert client.post(reverse("identification:run_create"), {}).status_code == 403
    assert client.get(reverse("identification:run_detail", args=[computed_run.pk])).status_code == 404
    assert client.post(reverse("identification:approve", args=[computed_run.pk]),
                       {"order_number": "1", "order_date": "2024-09-02"}).status_code == 404
    # run list sends directors to the official list
    assert client.get(reverse("identification:run_list"))["Location"] == reverse("identification:official_list")


def test_foreign_methodologist_gets_404(client_for, muni_b, computed_run):
    from accounts.models import Role

    from ..factories import make_user

    other = make_user(Role.METHODOLOGIST, municipality=muni_b)
    client = client_for(other)
    assert client.get(reverse("identification:run_detail", args=[computed_run.pk])).status_code == 404
    school = computed_run.test_schools[0]
    assert client.get(reverse("identification:why", args=[computed_run.pk, school.pk])).status_code == 404


def test_methodologist_starts_a_run_in_own_municipality_only(client_for, methodologist_a, muni_a, muni_b):
    struggling_municipality(muni_a)
    client = client_for(methodologist_a)
    methodology = Methodology.objects.get(is_default=True)
    response = client.post(reverse("identification:run_create"),
                           {"methodology": methodology.pk, "start_year": 2024, "municipality": muni_b.pk})
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Run.objects.exists()
    response = client.post(reverse("identification:run_create"),
                           {"methodology": methodology.pk, "start_year": 2024, "municipality": muni_a.pk})
    run = Run.objects.get()
    assert response["Location"] == run.get_absolute_url()


def test_run_page_shows_proposal_and_evidence(client_for, methodologist_a, computed_run):
    content = client_for(methodologist_a).get(reverse("identification:run_detail", args=[computed_run.pk]))
    html = content.content.decode()
    first = computed_run.test_schools[0]
    assert first.short_name in html
    assert "В списке ШНОР</dt><dd><b>1</b>" in html


def test_run_page_constant_queries(client_for, methodologist_a, muni_a, computed_run):
    client = client_for(methodologist_a)
    url = reverse("identification:run_detail", args=[computed_run.pk])
    client.get(url)  # the session and the reference names are read once, as for any later page
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    from ..factories import SchoolFactory

    for _ in range(40):
        SchoolFactory(municipality=muni_a)
    services.compute_run(run=computed_run)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_official_list_constant_queries(client_for, methodologist_a, head_a, muni_a, computed_run):
    from ..factories import SchoolFactory, result

    client = client_for(methodologist_a)
    url = reverse("identification:official_list_year", args=[2024])

    def page_queries():
        client.get(url)  # the session is loaded once, as for any later page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries.captured_queries)

    services.approve_run(actor=head_a, run=computed_run, order_number="12", order_date=datetime.date(2024, 9, 2))
    small_html, small = page_queries()
    added = []
    for i in range(12):  # twelve more schools on the list, each with reasons read from its run
        school = SchoolFactory(municipality=muni_a)
        added.append(school)
        for y in (2023, 2024):
            result(school, y, "vpr", "math", 5, 40, mark2=20, mean_score=5 + i)
    # the same list approved again over the larger data (a list is approved once a year, so the first is undone)
    SchoolStatus.objects.filter(run=computed_run).delete()
    Run.objects.filter(pk=computed_run.pk).update(state=Run.State.DONE)
    computed_run.refresh_from_db()
    run = services.compute_run(run=computed_run)
    for run_school in run.schools.filter(school__in=added):  # those the rules leave out are included by decision
        if "lrs" not in run_school.proposed:
            services.set_override(actor=methodologist_a, run_school=run_school, status="lrs", include=True,
                                  reason="Решение рабочей группы по итогам выезда")
    # the added schools have no results of the earlier data years: under the coverage level, confirmed
    services.approve_run(actor=head_a, run=run, order_number="13", order_date=datetime.date(2024, 9, 3),
                         coverage_confirmed=True)
    large_html, large = page_queries()
    assert large_html.count("C1: ") + large_html.count("Решение рабочей группы") >= small_html.count("C1: ") + 12
    assert large == small


def test_why_page_for_director_only_own_school_and_only_approved(client_for, director_a1, head_a, muni_a,
                                                                 methodologist_a, computed_run, school_a1):
    from ..factories import result

    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=1, mean_score=20)
    services.compute_run(run=computed_run)
    client = client_for(director_a1)
    url_own = reverse("identification:why", args=[computed_run.pk, school_a1.pk])
    url_other = reverse("identification:why", args=[computed_run.pk, computed_run.test_schools[0].pk])
    assert client.get(url_own).status_code == 404  # not approved yet: a draft
    services.approve_run(actor=head_a, run=computed_run, order_number="12", order_date=datetime.date(2024, 9, 2))
    response = client.get(url_own)
    assert response.status_code == 200
    assert "Доля неудовлетворительных" in response.content.decode() or "C1" in response.content.decode()
    assert client.get(url_other).status_code == 404
    assert client.post(url_own, {"status": "lrs", "include": "1", "reason": "x" * 20}).status_code == 403
    # the methodology the list was built by is the region's published rules: the director follows the link and
    # reads it in plain words, without the identification section's tabs (runs are the municipality's)
    methodology_url = reverse("identification:methodology_detail", args=[computed_run.methodology_id])
    assert f'href="{methodology_url}#how"' in response.content.decode()
    page = client.get(methodology_url)
    assert page.status_code == 200 and 'id="how"' in page.content.decode()
    listing = client.get(reverse("identification:methodology_list")).content.decode()
    assert computed_run.methodology.name in listing
    assert f'href="{reverse("identification:run_list")}"' not in listing
    assert "Автор" not in listing  # the names of the department's staff stay with the department (as in the API)
    assert reverse("identification:methodology_new_version", args=[computed_run.methodology_id]) not in \
        page.content.decode()


def test_override_form_requires_reason_and_records_it(client_for, methodologist_a, computed_run):
    school = computed_run.test_schools[0]
    url = reverse("identification:why", args=[computed_run.pk, school.pk])
    client = client_for(methodologist_a)
    response = client.post(url, {"status": "lrs", "include": "0", "reason": "коротко"})
    assert "Опишите причину решения (не меньше 10 символов)." in response.content.decode()
    assert computed_run.schools.get(school=school).lrs_included
    response = client.post(url, {"status": "lrs", "include": "0",
                                 "reason": "Школа присоединена к МБОУ СОШ № 3 с 01.09.2025"}, follow=True)
    assert "Школа присоединена к МБОУ СОШ № 3" in response.content.decode()
    assert not computed_run.schools.get(school=school).lrs_included


def test_head_approves_methodologist_cannot(client_for, methodologist_a, head_a, computed_run):
    url = reverse("identification:approve", args=[computed_run.pk])
    data = {"order_number": "245-р", "order_date": "2024-09-02"}
    assert client_for(methodologist_a).post(url, data).status_code == 403
    assert client_for(methodologist_a).post(url, {**data, "confirm": "1"}).status_code == 403
    # the first post asks for confirmation with a summary and writes nothing
    response = client_for(head_a).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["confirming"]
    assert "Подтвердите утверждение" in html and "№ 245-р от 02.09.2024" in html
    assert not SchoolStatus.objects.exists() and Run.objects.get(pk=computed_run.pk).state == Run.State.DONE
    response = client_for(head_a).post(url, {**data, "confirm": "1"})
    assert response["Location"] == reverse("identification:official_list_year", args=[2024])
    assert SchoolStatus.objects.filter(order_number="245-р").count() == 1


def test_approval_with_bad_date_changes_nothing(client_for, head_a, computed_run):
    url = reverse("identification:approve", args=[computed_run.pk])
    response = client_for(head_a).post(url, {"order_number": "1", "order_date": "31.02.2025", "confirm": "1"})
    assert response.status_code == 200 and response.content.decode().count("Введите правильную дату.") == 1
    assert not SchoolStatus.objects.exists()
    computed_run.refresh_from_db()
    assert computed_run.state == Run.State.DONE


@pytest.fixture
def approved(computed_run, head_a):
    services.approve_run(actor=head_a, run=computed_run, order_number="245-р", order_date=datetime.date(2024, 9, 2))
    return computed_run


def test_official_list_visible_to_directors_of_the_municipality(client_for, director_a1, director_b1, approved):
    school = approved.test_schools[0]
    html = client_for(director_a1).get(reverse("identification:official_list_year", args=[2024])).content.decode()
    assert school.short_name in html and "приказ № 245-р от 02.09.2024" in html
    assert "1 школа ШНОР" in html
    html = client_for(director_b1).get(reverse("identification:official_list_year", args=[2024])).content.decode()
    assert school.short_name not in html


def test_school_card_shows_status_and_why_link(client_for, director_a1, head_a, approved):
    school = approved.test_schools[0]
    why = reverse("identification:why", args=[approved.pk, school.pk])
    html = client_for(head_a).get(school.get_absolute_url()).content.decode()
    assert "Статусы ШНОР / ШССУ" in html and "приказ № 245-р от 02.09.2024" in html
    assert why in html and "почему →" in html
    # a director of another school of the municipality sees the status, but not a link to evidence they cannot open
    html = client_for(director_a1).get(school.get_absolute_url()).content.decode()
    assert "приказ № 245-р от 02.09.2024" in html
    assert why not in html and "почему →" not in html
    assert client_for(director_a1).get(why).status_code == 404


def test_official_list_exports(client_for, head_a, approved):
    client = client_for(head_a)
    response = client.get(reverse("identification:official_list_xlsx", args=[2024]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "ШНОР" and rows[1][3] == approved.test_schools[0].short_name
    assert "C1" in rows[1][6]
    response = client.get(reverse("identification:official_list_pdf", args=[2024]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_long_standing_schools_are_highlighted(client_for, head_a, approved):
    from identification.models import SchoolStatus as S
    from schools.models import SchoolYear

    school = approved.test_schools[0]
    for year in (2020, 2021, 2022, 2023):
        S.objects.create(school=school, status="lrs", school_year=SchoolYear.objects.get_or_create(start_year=year)[0],
                         run=approved, order_number="old", order_date=datetime.date(year + 1, 9, 1))
    html = client_for(head_a).get(reverse("identification:official_list_year", args=[2024])).content.decode()
    assert "больше 3 лет" in html


def test_new_methodology_version_from_the_form(client_for, methodologist_a, director_a1):
    base = Methodology.objects.get(is_default=True)
    url = reverse("identification:methodology_new_version", args=[base.pk])
    assert client_for(director_a1).get(url).status_code == 403
    client = client_for(methodologist_a)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["C1__threshold_pct"] = "35"
    data["name"] = "Методика 2025"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    new = Methodology.objects.get(family=base.family, version=base.version + 1)
    assert new.criteria[0]["params"]["threshold_pct"] == 35.0
    base.refresh_from_db()
    assert base.criteria[0]["params"]["threshold_pct"] == 30.0
    data["C1__threshold_pct"] = "300"
    response = client.post(url, data)
    # version 4's C1 (failing_estimate): a threshold of 1–99 % (a share of 100 % can never be exceeded surely)
    assert "Убедитесь, что это значение меньше либо равно 99." in response.content.decode()
    assert Methodology.objects.filter(family=base.family).count() == base.version + 1


def test_run_list_says_which_computed_runs_wait_for_approval(client_for, methodologist_a, muni_a):
    """A computed list waits for approval — unless its year's list is already approved by another run; one query for
    that, whatever the number of runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from identification.models import Run
    from schools.models import SchoolYear

    from ..factories import RunFactory

    y24, y25 = (SchoolYear.objects.get_or_create(start_year=y)[0] for y in (2024, 2025))
    RunFactory(approved=True, municipality=muni_a, school_year=y24, requested_by=methodologist_a)
    late = RunFactory(municipality=muni_a, school_year=y24, state=Run.State.DONE, requested_by=methodologist_a)
    waiting = RunFactory(municipality=muni_a, school_year=y25, state=Run.State.DONE, requested_by=methodologist_a)
    client = client_for(methodologist_a)
    html = client.get(reverse("identification:run_list")).content.decode()
    rows = {run.pk: next(tr for tr in html.split("<tr>") if f'href="{run.get_absolute_url()}"' in tr)
            for run in (late, waiting)}
    assert f"№&nbsp;{late.pk}</a>" in rows[late.pk]  # the number stays with its «№»
    assert "не утверждается: список года уже утверждён" in rows[late.pk]
    assert "ждёт утверждения" in rows[waiting.pk] and "не утверждается" not in rows[waiting.pk]
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("identification:run_list"))
    for _ in range(5):
        RunFactory(municipality=muni_a, school_year=y25, state=Run.State.DONE, requested_by=methodologist_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("identification:run_list"))
    assert len(many) == len(few)
