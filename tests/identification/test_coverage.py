"""Coverage of the reference population (docs/methodology.md, «Охват»): how many of the region's registered schools
have results in each data year and procedure, the run page's warning and table, and approval refused under the
stated level without the approver's explicit confirmation (recorded on the run)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from identification import selectors, services
from identification.models import Methodology, Run, SchoolStatus
from schools.models.registry import SchoolKind

from ..factories import MunicipalityFactory, RegionFactory, SchoolFactory, result

ORDER = {"order_number": "245-р", "order_date": datetime.date(2025, 9, 2)}
NBSP = "\u00a0"


def small_region(muni_a, muni_b):
    """Muni A: four СОШ with ВПР in 2022–2024 (two of them also ОГЭ and ЕГЭ in 2024) and a НОШ with ВПР in 2024;
    muni B: an ООШ without results and a closed СОШ with results; another region's school with results."""
    sosh = [SchoolFactory(municipality=muni_a, kind=SchoolKind.SOSH) for _ in range(4)]
    for i, school in enumerate(sosh):
        for year in (2022, 2023, 2024):
            result(school, year, "vpr", "math", 5, 40, mark2=2, mean_score=10 + i)
            result(school, year, "vpr", "russian", 5, 40, mark2=1, mean_score=20 + i)
    for school in sosh[:2]:
        result(school, 2024, "oge", "math", 9, 30, mark2=1, mean_score=15)
        result(school, 2024, "ege", "math", 11, 20, mark2=1, mean_score=60)
    nosh = SchoolFactory(municipality=muni_a, kind=SchoolKind.NOSH)
    result(nosh, 2024, "vpr", "math", 4, 25, mark2=1, mean_score=9)
    SchoolFactory(municipality=muni_b, kind=SchoolKind.OOSH)
    closed = SchoolFactory(municipality=muni_b, kind=SchoolKind.SOSH, is_active=False)
    result(closed, 2023, "vpr", "math", 5, 40, mark2=2, mean_score=11)
    elsewhere = SchoolFactory(municipality=MunicipalityFactory(region=RegionFactory(name="Адыгея", code="01")))
    result(elsewhere, 2023, "vpr", "math", 5, 40, mark2=2, mean_score=11)
    return sosh, nosh


def make_run(muni, actor):
    """The list for 2025/2026 over the default methodology: it reads 2022/2023–2024/2025."""
    run = services.create_run(actor=actor, methodology=Methodology.objects.get(is_default=True), region=muni.region,
                              municipality=muni, start_year=2025, enqueue=False)
    return services.compute_run(run=Run.objects.get(pk=run.pk))


@pytest.fixture
def low_run(muni_a, muni_b, methodologist_a):
    small_region(muni_a, muni_b)
    return make_run(muni_a, methodologist_a)


def cell(coverage, year, procedure):
    return next(c for c in coverage.cells if c.year == year and c.procedure == procedure)


def test_coverage_counts_the_regions_schools_that_could_have_results(low_run):
    coverage = selectors.run_coverage(low_run)
    assert coverage.years == (2022, 2023, 2024) and len(coverage.cells) == 9
    # ВПР: every active school of the region (both municipalities), closed and foreign schools left out
    assert (cell(coverage, 2024, "vpr").with_results, cell(coverage, 2024, "vpr").eligible) == (5, 6)
    assert (cell(coverage, 2023, "vpr").with_results, cell(coverage, 2023, "vpr").eligible) == (4, 6)
    # ОГЭ: a НОШ has no 9th grade; ЕГЭ: neither НОШ nor ООШ has an 11th
    assert (cell(coverage, 2024, "oge").with_results, cell(coverage, 2024, "oge").eligible) == (2, 5)
    assert (cell(coverage, 2024, "ege").with_results, cell(coverage, 2024, "ege").eligible) == (2, 4)
    assert cell(coverage, 2024, "oge").share_label == f"40,0{NBSP}%"
    assert cell(coverage, 2023, "vpr").share_label == f"66,7{NBSP}%"
    assert cell(coverage, 2024, "vpr").share_label == f"83,3{NBSP}%"
    # under 80 %: ВПР of 2022 and 2023, ОГЭ and ЕГЭ of 2024; nothing loaded at all is named, not confirmed
    assert {(c.year, c.procedure) for c in coverage.low_cells} == {
        (2022, "vpr"), (2023, "vpr"), (2024, "oge"), (2024, "ege")}
    assert not cell(coverage, 2023, "oge").low and not cell(coverage, 2023, "oge").loaded
    assert coverage.lowest_share == pytest.approx(40.0)
    assert coverage.confirmation_label == (
        f"Понимаю, что региональное сравнение опирается на 40,0{NBSP}% школ региона")
    assert (f"Результаты загружены для 4 из 6 школ региона (66,7{NBSP}%) за 2023/2024 по ВПР: «нижние 10{NBSP}% "
            f"региона» означают нижние 10{NBSP}% загруженных школ, а не всех школ региона.") in coverage.warnings


def test_a_school_with_results_its_kind_denies_still_counts(muni_a, muni_b, methodologist_a):
    """The registry's kind is wrong, not the result: a НОШ with ОГЭ results is one of the schools with results and of
    those that could have them (the share never passes 100 %)."""
    _sosh, nosh = small_region(muni_a, muni_b)
    result(nosh, 2024, "oge", "math", 9, 12, mark2=1, mean_score=14)
    oge = cell(selectors.run_coverage(make_run(muni_a, methodologist_a)), 2024, "oge")
    assert (oge.with_results, oge.eligible) == (3, 6)


def test_coverage_takes_a_fixed_number_of_queries(low_run, muni_b, django_assert_num_queries):
    run = Run.objects.select_related("school_year").get(pk=low_run.pk)
    run.data_years  # noqa: B018 — the window is read from the run's own snapshot and year
    with django_assert_num_queries(2):
        small = selectors.run_coverage(run)
    for i in range(15):
        school = SchoolFactory(municipality=muni_b, kind=SchoolKind.LYCEUM)
        result(school, 2024, "vpr", "math", 5, 40, mark2=1, mean_score=12 + i)
        result(school, 2024, "ege", "math", 11, 20, mark2=1, mean_score=70)
    with django_assert_num_queries(2):
        large = selectors.run_coverage(run)
    assert cell(large, 2024, "vpr").eligible == cell(small, 2024, "vpr").eligible + 15
    assert cell(large, 2024, "ege").with_results == 17


def test_run_page_warns_under_the_level_and_shows_the_table(client_for, low_run, methodologist_a, head_a):
    page = client_for(methodologist_a).get(low_run.get_absolute_url()).content.decode()
    assert 'id="coverage-warning"' in page
    assert f"Результаты загружены для 2 из 5 школ региона (40,0{NBSP}%) за 2024/2025 по ОГЭ" in page
    assert f"2 из 4 (50,0{NBSP}%)" in page and f"5 из 6 (83,3{NBSP}%)" in page  # the table: ЕГЭ, ВПР of 2024
    assert "не загружены" in page  # ОГЭ and ЕГЭ of 2022 and 2023
    assert "Понимаю, что региональное сравнение" not in page  # no approval form for a methodologist
    approver_page = client_for(head_a).get(low_run.get_absolute_url()).content.decode()
    assert f"Понимаю, что региональное сравнение опирается на 40,0{NBSP}% школ региона" in approver_page


def test_run_page_without_warning_when_the_region_is_covered(client_for, muni_a, methodologist_a, head_a):
    sosh = [SchoolFactory(municipality=muni_a, kind=SchoolKind.SOSH) for _ in range(3)]
    for i, school in enumerate(sosh):
        for year in (2022, 2023, 2024):
            result(school, year, "vpr", "math", 5, 40, mark2=2, mean_score=10 + i)
    run = make_run(muni_a, methodologist_a)
    coverage = selectors.run_coverage(run)
    assert not coverage.is_low and cell(coverage, 2024, "vpr").share == 100.0
    page = client_for(head_a).get(run.get_absolute_url()).content.decode()
    assert "Охват региона" in page and f"3 из 3 (100,0{NBSP}%)" in page
    assert 'id="coverage-warning"' not in page and "Понимаю, что региональное сравнение" not in page
    services.approve_run(actor=head_a, run=run, **ORDER)  # no confirmation asked
    run.refresh_from_db()
    assert run.is_approved and run.coverage_confirmed_pct is None


def test_approval_refused_without_confirmation_and_recorded_with_it(low_run, head_a):
    with pytest.raises(ValidationError) as exc:
        services.approve_run(actor=head_a, run=low_run, **ORDER)
    assert "подтвердите" in exc.value.message_dict["coverage_confirmed"][0]
    assert f"40,0{NBSP}%" in exc.value.message_dict["coverage_confirmed"][0]
    low_run.refresh_from_db()
    assert low_run.state == Run.State.DONE and low_run.coverage_confirmed_pct is None
    assert not SchoolStatus.objects.exists()
    with pytest.raises(ValidationError):
        services.check_approval(actor=head_a, run=low_run, **ORDER)
    services.approve_run(actor=head_a, run=low_run, coverage_confirmed=True, **ORDER)
    low_run.refresh_from_db()
    assert low_run.is_approved and low_run.coverage_confirmed_pct == Decimal("40.0")
    assert SchoolStatus.objects.filter(run=low_run).count() == low_run.schools.filter(lrs_included=True).count() + (
        low_run.schools.filter(dsc_included=True).count())
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(low_run).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict["coverage_confirmed_pct"][1] == "40.0"


def test_the_level_is_a_setting(low_run, head_a, settings):
    settings.IDENTIFICATION_MIN_COVERAGE_PCT = 30
    assert not selectors.run_coverage(low_run).is_low
    services.approve_run(actor=head_a, run=low_run, **ORDER)
    low_run.refresh_from_db()
    assert low_run.is_approved and low_run.coverage_confirmed_pct is None


def test_approval_page_refuses_at_the_field_then_confirms(client_for, low_run, head_a):
    client = client_for(head_a)
    url = reverse("identification:approve", args=[low_run.pk])
    page = client.post(url, {"order_number": "245-р", "order_date": "02.09.2025"}).content.decode()
    assert 'id="coverage-warning"' in page
    assert "Чтобы утвердить список, подтвердите" in page and "Подтвердите утверждение" not in page
    assert 'value="245-р"' in page  # what was typed is kept
    # the confirmation's post without the box (a tampered form) is refused too: nothing changes
    client.post(url, {"order_number": "245-р", "order_date": "2025-09-02", "confirm": "1"})
    assert Run.objects.get(pk=low_run.pk).state == Run.State.DONE and not SchoolStatus.objects.exists()
    step = client.post(url, {"order_number": "245-р", "order_date": "02.09.2025", "coverage_confirmed": "on"})
    step = step.content.decode()
    assert "Подтвердите утверждение" in step and 'name="coverage_confirmed" value="on"' in step
    response = client.post(url, {"order_number": "245-р", "order_date": "2025-09-02", "coverage_confirmed": "on",
                                 "confirm": "1"})
    assert response.status_code == 302
    run = Run.objects.get(pk=low_run.pk)
    assert run.is_approved and run.coverage_confirmed_pct == Decimal("40.0")
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'id="coverage-confirmed"' in page and f"опиралось на 40,0{NBSP}% школ региона" in page


def test_confirmation_gives_no_one_else_the_right_to_approve(client_for, low_run, methodologist_a, director_a1):
    form = {"order_number": "245-р", "order_date": "2025-09-02", "coverage_confirmed": "on", "confirm": "1"}
    url = reverse("identification:approve", args=[low_run.pk])
    assert client_for(methodologist_a).post(url, form).status_code == 403
    assert client_for(director_a1).post(url, form).status_code == 404
    with pytest.raises(PermissionDenied):
        services.approve_run(actor=methodologist_a, run=low_run, coverage_confirmed=True, **ORDER)
    assert Run.objects.get(pk=low_run.pk).state == Run.State.DONE and not SchoolStatus.objects.exists()


def test_api_shows_the_confirmation_and_approves_nothing(low_run, head_a):
    """The API only reads runs: no request approves a list past the confirmation; the share confirmed is readable."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(head_a)
    url = reverse("api:identification-run-detail", args=[low_run.pk])
    assert api.get(url).json()["coverage_confirmed_pct"] is None
    for method in (api.post, api.patch):
        assert method(url, {"state": "approved"}, format="json").status_code == 405
    assert Run.objects.get(pk=low_run.pk).state == Run.State.DONE
    services.approve_run(actor=head_a, run=low_run, coverage_confirmed=True, **ORDER)
    assert api.get(url).json()["coverage_confirmed_pct"] == "40.0"


def test_order_and_confirmation_refused_together(client_for, low_run, head_a):
    page = client_for(head_a).post(reverse("identification:approve", args=[low_run.pk]),
                                   {"order_number": "245-р", "order_date": "02.09.2030"}).content.decode()
    assert "Чтобы утвердить список, подтвердите" in page and "Дата приказа не может быть в будущем" in page
    assert "Подтвердите утверждение" not in page
    with pytest.raises(ValidationError) as exc:
        services.check_approval(actor=head_a, run=low_run, order_number="", order_date=None)
    assert {"order_number", "coverage_confirmed"} <= set(exc.value.message_dict)
