"""Who may ask for and download a report: those allowed to see its territory. A foreign report answers 404 (its page,
its progress and its files), a user without a role 403; the form offers only the user's territories and refuses a
foreign one at the field, writing nothing; the archive reads in a fixed number of queries."""

import pytest

from accounts.models import Role
from monitoring.reports import services
from monitoring.reports.models import AnnualReport
from tests.factories import make_user


def _built(territory, year, actor=None):
    report = services.request_report(actor=actor, territory=territory, school_year=year, enqueue=False)
    return services.build(report)


URLS = ("", "status/", "pdf/", "xlsx/")


@pytest.fixture
def admin(db):
    return make_user(Role.ADMIN, email="admin.r@example.ru")


@pytest.mark.django_db
def test_the_municipality_report_is_read_by_its_staff_only(client, head_a, methodologist_a, methodologist_b,
                                                           director_a1, muni_a, school_a1, year, fake_pdf):
    report = _built(muni_a, year, head_a)
    for user in (head_a, methodologist_a):
        client.force_login(user)
        for suffix in URLS:
            assert client.get(f"/monitoring/reports/{report.pk}/{suffix}").status_code == 200, (user, suffix)
        pdf = client.get(f"/monitoring/reports/{report.pk}/pdf/")
        assert pdf["Content-Type"] == "application/pdf"
        assert f'attachment; filename="{report.file_stem()}.pdf"' == pdf["Content-Disposition"]
        assert b"".join(pdf.streaming_content) == b"%PDF-1.7 fake build 1"
    for user in (methodologist_b, director_a1):
        client.force_login(user)
        for suffix in URLS:
            assert client.get(f"/monitoring/reports/{report.pk}/{suffix}").status_code == 404, (user, suffix)
        assert report.get_absolute_url() not in client.get("/monitoring/reports/").content.decode()


@pytest.mark.django_db
def test_a_school_report_is_read_by_the_school_and_its_municipality(client, methodologist_a, director_a1, director_b1,
                                                                    head_a, school_a1, year, fake_pdf):
    report = _built(school_a1, year, methodologist_a)
    for user, status in ((director_a1, 200), (head_a, 200), (director_b1, 404)):
        client.force_login(user)
        assert client.get(f"/monitoring/reports/{report.pk}/pdf/").status_code == status, user


@pytest.mark.django_db
def test_a_region_report_is_read_by_administrators_only(client, admin, head_a, region, muni_a, school_a1, year,
                                                        fake_pdf):
    report = _built(region, year, admin)
    client.force_login(admin)
    assert client.get(f"/monitoring/reports/{report.pk}/pdf/").status_code == 200
    client.force_login(head_a)
    assert client.get(f"/monitoring/reports/{report.pk}/pdf/").status_code == 404


@pytest.mark.django_db
def test_a_user_without_a_role_is_refused(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get("/monitoring/reports/").status_code == 403


@pytest.mark.django_db
def test_the_form_offers_own_territories_and_refuses_a_foreign_one(client, head_a, muni_a, muni_b, school_a1,
                                                                   school_b1, region, year, fake_pdf,
                                                                   django_capture_on_commit_callbacks):
    client.force_login(head_a)
    page = client.get("/monitoring/reports/").content.decode()
    assert f'value="m:{muni_a.pk}"' in page and f'value="s:{school_a1.pk}"' in page
    assert f'value="m:{muni_b.pk}"' not in page and f'value="r:{region.pk}"' not in page
    for foreign in (f"m:{muni_b.pk}", f"s:{school_b1.pk}", f"r:{region.pk}", "m:abc", ""):
        response = client.post("/monitoring/reports/new/", {"territory": foreign, "year": 2024})
        assert response.status_code == 400, foreign
        assert ("Выберите территорию из списка." in response.content.decode()
                or "Выберите корректный вариант" in response.content.decode()
                or "Обязательное поле" in response.content.decode()), foreign
    assert not AnnualReport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/monitoring/reports/new/", {"territory": f"m:{muni_a.pk}", "year": 2024})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.is_done and report.requested_by == head_a and report.school_year.start_year == 2024


@pytest.mark.django_db
def test_services_refuse_a_foreign_territory(methodologist_b, muni_a, year):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.request_report(actor=methodologist_b, territory=muni_a, school_year=year, enqueue=False)
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [2, 30])
def test_the_archive_reads_in_a_fixed_number_of_queries(client, head_a, muni_a, school_a1, year, versions,
                                                        django_assert_max_num_queries):
    for _ in range(versions):  # each built before the next is asked for (a request while one is built joins it)
        report = services.request_report(actor=None, territory=muni_a, school_year=year, enqueue=False)
        AnnualReport.objects.filter(pk=report.pk).update(state=AnnualReport.State.DONE)
    client.force_login(head_a)
    with django_assert_max_num_queries(12):
        response = client.get("/monitoring/reports/")
    assert response.status_code == 200
    assert response.content.decode().count("/monitoring/reports/") >= versions


@pytest.mark.django_db
def test_the_start_page_tells_the_head_about_the_report(client, head_a, muni_a, school_a1, fake_pdf):
    from django.utils import timezone

    from monitoring.reports.schedule import report_year
    from schools.models import SchoolYear

    client.force_login(head_a)
    start = report_year(timezone.localdate())  # the year the report form asks for by default
    page = client.get("/").content.decode()
    assert f"годовой отчёт за {start}/{start + 1} ещё не сформирован" in page
    year = SchoolYear.objects.get_or_create(start_year=start)[0]
    report = _built(muni_a, year, head_a)
    page = client.get("/").content.decode()
    assert f"годовой отчёт за {start}/{start + 1}, версия 1" in page and report.get_absolute_url() in page
