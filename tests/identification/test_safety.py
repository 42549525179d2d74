"""Identification safety: the run form's year and the data it needs, one approved list a year,
approval confirmed with a summary, the order date inside the school year's window, decisions that change
nothing, leader schools flagged when proposed; and the why page's charts (part 6)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.charts import line_chart
from identification import access, selectors, services
from identification.models import Methodology, Override, Run, RunSchool, SchoolStatus
from schools.models import SchoolYear
from schools.registries import school_flags

from ..factories import DesignationFactory, MethodologyFactory, SchoolFactory, result
from .test_runs import run_for, struggling_municipality

D = datetime.date


@pytest.fixture
def methodology(db):
    return Methodology.objects.get(is_default=True)


def _state():
    """Everything identification writes."""
    return (list(Run.objects.order_by("pk").values_list("pk", "state", "order_number", "order_date")),
            list(RunSchool.objects.order_by("pk").values_list("pk", "lrs_included", "dsc_included")),
            list(Override.objects.order_by("pk").values_list("pk", "action", "reason")),
            SchoolStatus.objects.count(), SchoolYear.objects.count())


# ---- the data a run needs ------------------------------------------------------------------------------------

def test_an_official_run_without_the_results_it_rests_on_is_refused(muni_a, muni_b, methodologist_a, methodology):
    struggling_municipality(muni_a)  # results of 2022/2023–2024/2025
    result(SchoolFactory(municipality=muni_b), 2025, "vpr", "math", 5, 40)  # another municipality's do not count
    before = _state()
    with pytest.raises(ValidationError) as exc:
        services.create_run(actor=methodologist_a, methodology=methodology, region=muni_a.region,
                            municipality=muni_a, start_year=2026, enqueue=False)
    assert exc.value.message_dict == {"start_year": [
        "Нет результатов оценочных процедур за 2025/2026 учебный год (Динской район), а список на 2026/2027 "
        "строится по ним. Официальный расчёт без них не запускается: загрузите результаты, выберите другой "
        "учебный год или отметьте «Пробный расчёт»."]}
    assert _state() == before and not SchoolYear.objects.filter(start_year=2026).exists()
    # a what-if run may go ahead, and so may the list whose year has results
    what_if = services.create_run(actor=methodologist_a, methodology=methodology, region=muni_a.region,
                                  municipality=muni_a, start_year=2026, is_what_if=True, enqueue=False)
    assert what_if.is_what_if and what_if.school_year.start_year == 2026
    assert not run_for(muni_a, methodology, methodologist_a).is_what_if


def test_the_data_check_names_missing_years_and_context(muni_a, methodology):
    school = SchoolFactory(municipality=muni_a)
    result(school, 2024, "vpr", "math", 5, 40)
    check = selectors.data_check(criteria=methodology.criteria, region=muni_a.region, municipality=muni_a,
                                 start_year=2025)
    assert (check.first, check.last, check.missing_last, check.missing_earlier) == (2022, 2024, False, [2022, 2023])
    assert check.warnings == [
        "Нет результатов за 2022/2023, 2023/2024 (Динской район): критерии, которые смотрят на несколько лет, "
        "оценят школы по остальным годам, у части школ будет «недостаточно данных».",
        "Нет данных о контингенте и социальном контексте школ за 2024/2025 (Динской район): критерий ШССУ по этим "
        "данным не будет рассчитан."]
    region_wide = selectors.data_check(criteria=methodology.criteria, region=muni_a.region, municipality=None,
                                       start_year=2026)
    assert region_wide.missing_last and region_wide.territory == "Краснодарский край"


def test_the_run_form_proposes_the_year_its_data_allows(client_for, methodologist_a, muni_a, muni_b):
    client = client_for(methodologist_a)
    form = client.get(reverse("identification:run_create")).context["form"]
    assert "Результатов оценочных процедур пока нет" in str(form.fields["start_year"].help_text)
    struggling_municipality(muni_a)  # the latest results: 2024/2025
    result(SchoolFactory(municipality=muni_b), 2025, "vpr", "math", 5, 40)  # not the methodologist's
    response = client.get(reverse("identification:run_create"))
    form = response.context["form"]
    assert form.fields["start_year"].initial == 2025
    assert re.search(r'<option value="2025" selected>2025/2026</option>', response.content.decode())
    assert str(form.fields["start_year"].help_text) == (
        "Список на учебный год строится по результатам предыдущего года и лет до него. Последние загруженные "
        "результаты (Динской район) — за 2024/2025, поэтому предложен 2025/2026.")


def test_the_run_form_refuses_an_official_run_at_the_year_and_lets_a_what_if_run_go(
        client_for, methodologist_a, muni_a, methodology):
    struggling_municipality(muni_a)  # nothing before 2022/2023: a list on 2022/2023 has no data
    client = client_for(methodologist_a)
    url = reverse("identification:run_create")
    data = {"methodology": methodology.pk, "start_year": 2022, "municipality": muni_a.pk}
    before = _state()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and _state() == before
    assert response.context["form"].errors == {"start_year": [
        "Нет результатов оценочных процедур за 2021/2022 учебный год (Динской район), а список на 2022/2023 "
        "строится по ним. Официальный расчёт без них не запускается: загрузите результаты, выберите другой "
        "учебный год или отметьте «Пробный расчёт»."]}
    assert html.count("Официальный расчёт без них не запускается") == 1
    assert '<ul class="errorlist"><li>Нет результатов оценочных процедур за 2021/2022' in html
    response = client.post(url, {**data, "is_what_if": "on"}, follow=True)
    run = Run.objects.get()
    assert run.is_what_if and response.redirect_chain[-1][0] == run.get_absolute_url()
    html = response.content.decode()
    assert "Пробный расчёт запущен." in html
    assert "Нет результатов оценочных процедур за 2021/2022 учебный год (Динской район), по которым строится " \
           "список на 2022/2023" in html


def test_an_official_run_with_earlier_years_missing_goes_ahead_with_a_warning(
        client_for, methodologist_a, muni_a, methodology):
    for school in [SchoolFactory(municipality=muni_a) for _ in range(3)]:
        result(school, 2024, "vpr", "math", 5, 40)
    response = client_for(methodologist_a).post(reverse("identification:run_create"), {
        "methodology": methodology.pk, "start_year": 2025, "municipality": muni_a.pk}, follow=True)
    run = Run.objects.get()
    assert not run.is_what_if
    html = response.content.decode()
    assert "Расчёт запущен." in html and "Нет результатов за 2022/2023, 2023/2024 (Динской район)" in html


# ---- one approved list a year --------------------------------------------------------------------------------

@pytest.fixture
def year_approved(muni_a, methodologist_a, head_a, methodology):
    struggling_municipality(muni_a)
    first = run_for(muni_a, methodology, methodologist_a)
    services.approve_run(actor=head_a, run=first, order_number="245-р", order_date=D(2025, 9, 1))
    second = run_for(muni_a, methodology, methodologist_a)
    return first, second


def test_once_a_list_is_approved_other_runs_of_the_year_say_so_and_offer_no_approval(
        client_for, head_a, methodologist_a, year_approved, methodology, muni_a):
    first, second = year_approved
    assert second.year_approved_run == first and not second.is_open_for_approval
    assert second.is_open_for_decisions  # decisions stay possible; only approval is closed
    assert not access.can_approve_now(head_a, second)
    what_if = run_for(muni_a, methodology, methodologist_a, is_what_if=True)
    for run in (second, what_if):
        html = client_for(head_a).get(run.get_absolute_url()).content.decode()
        assert ("Список на 2025/2026 уже утверждён приказом № 245-р от 01.09.2025 — "
                f'<a href="{first.get_absolute_url()}">расчёт № {first.pk}</a>') in html
        assert "Утвердить список" not in html and 'name="order_number"' not in html
        assert reverse("identification:approve", args=[run.pk]) not in html
    html = client_for(head_a).get(first.get_absolute_url()).content.decode()
    assert "уже утверждён приказом" not in html  # the approved run itself shows its own order


def test_the_approval_page_of_an_approved_year_refuses_and_writes_nothing(client_for, head_a, year_approved):
    _first, second = year_approved
    url = reverse("identification:approve", args=[second.pk])
    html = client_for(head_a).get(url).content.decode()
    assert "Список на 2025/2026 уже утверждён приказом № 245-р от 01.09.2025" in html
    assert 'name="order_number"' not in html
    before = _state()
    response = client_for(head_a).post(url, {"order_number": "246-р", "order_date": "2025-09-02", "confirm": "1"})
    assert response.status_code == 200 and _state() == before


def test_a_list_of_another_territory_or_year_does_not_close_approval(muni_b, methodologist_a, head_a, year_approved,
                                                                     methodology):
    from accounts.models import Role

    from ..factories import make_user

    struggling_municipality(muni_b)
    other = run_for(muni_b, methodology, make_user(Role.METHODOLOGIST, municipality=muni_b))
    assert other.year_approved_run is None and other.is_open_for_approval
    next_year = services.compute_run(run=services.create_run(
        actor=methodologist_a, methodology=methodology, region=year_approved[0].region,
        municipality=year_approved[0].municipality, start_year=2024, enqueue=False))
    assert next_year.year_approved_run is None and access.can_approve_now(head_a, next_year)


# ---- approval: confirmation with a summary, the order's date ------------------------------------------------

@pytest.fixture
def with_previous(muni_a, methodologist_a, head_a, methodology):
    """The list on 2024/2025 approved (school 0); on 2025/2026 school 0 is excluded and school 3 included."""
    schools = struggling_municipality(muni_a)
    previous = services.compute_run(run=services.create_run(
        actor=methodologist_a, methodology=methodology, region=muni_a.region, municipality=muni_a, start_year=2024,
        enqueue=False))
    services.approve_run(actor=head_a, run=previous, order_number="100", order_date=D(2024, 9, 2))
    run = run_for(muni_a, methodology, methodologist_a)
    services.set_override(actor=methodologist_a, run_school=run.schools.get(school=schools[0]), status="lrs",
                          include=False, reason="Школа присоединена к соседней с 01.09.2025")
    services.set_override(actor=methodologist_a, run_school=run.schools.get(school=schools[3]), status="lrs",
                          include=True, reason="Результаты муниципальной диагностики резко снизились")
    run.test_schools = schools
    return run


def test_approval_asks_for_confirmation_with_a_summary_first(client_for, head_a, with_previous):
    run, schools = with_previous, with_previous.test_schools
    url = reverse("identification:approve", args=[run.pk])
    data = {"order_number": "245-р", "order_date": "2025-09-01"}
    before = _state()
    response = client_for(head_a).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["confirming"] and _state() == before
    summary = response.context["summary"]
    assert (summary.totals["lrs"], summary.totals["dsc"], summary.totals["changed"]) == (1, 0, 2)
    assert [s.short_name for s, _st in summary.comparison.entered] == [schools[3].short_name]
    assert [s.short_name for s, _st in summary.comparison.left] == [schools[0].short_name]
    assert "<b>вошли 1</b>, <b>вышли 1</b>, остались 0" in html and "приказ № 100 от 02.09.2024" in html
    assert "Подтвердите утверждение" in html and "№ 245-р от 01.09.2025" in html
    assert 'name="order_date" value="2025-09-01"' in html and 'name="confirm"' in html
    # «change» goes back to the fields with what was typed, still writing nothing
    response = client_for(head_a).post(url, {**data, "edit": "1"})
    assert not response.context["confirming"] and 'value="245-р"' in response.content.decode()
    assert _state() == before
    response = client_for(head_a).post(url, {**data, "confirm": "1"})
    assert response["Location"] == reverse("identification:official_list_year", args=[2025])
    assert list(SchoolStatus.objects.filter(run=run).values_list("school_id", "order_number")) == [
        (schools[3].pk, "245-р")]


@pytest.mark.parametrize("step", [{}, {"confirm": "1"}], ids=["first step", "confirmed"])
@pytest.mark.parametrize("data, field, message", [
    ({"order_number": "1", "order_date": "2024-09-01"}, "order_date",
     "Приказ на 2025/2026 учебный год должен быть датирован с 01.05.2025 по 31.08.2026."),
    ({"order_number": "1", "order_date": "2026-09-01"}, "order_date",
     "Приказ на 2025/2026 учебный год должен быть датирован с 01.05.2025 по 31.08.2026."),
    ({"order_number": "  ", "order_date": "2025-09-01"}, "order_number", "Обязательное поле."),
    ({"order_number": "1", "order_date": "31.02.2025"}, "order_date", "Введите правильную дату."),
])
def test_approval_errors_stand_at_their_fields_once_and_nothing_is_written(client_for, head_a, with_previous, step,
                                                                           data, field, message):
    if data["order_date"] == "2026-09-01" and D(2026, 9, 1) > timezone.localdate():
        message = "Дата приказа не может быть в будущем."  # the future is refused before the window is asked
    before = _state()
    response = client_for(head_a).post(reverse("identification:approve", args=[with_previous.pk]), {**data, **step})
    html = response.content.decode()
    assert response.status_code == 200 and not response.context["confirming"] and _state() == before
    assert response.context["form"].errors == {field: [message]}
    assert html.count(message) == 1 and f"<li>{message}</li>" in html
    assert 'class="messages"' not in html  # not repeated above the page


def test_the_service_checks_the_order_date_against_the_school_year(head_a, with_previous):
    before = _state()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for day in (D(2025, 4, 30), D(2024, 9, 1), tomorrow):
        with pytest.raises(ValidationError) as exc:
            services.approve_run(actor=head_a, run=with_previous, order_number="1", order_date=day)
        assert list(exc.value.message_dict) == ["order_date"]
        with pytest.raises(ValidationError):
            services.check_approval(actor=head_a, run=with_previous, order_number="1", order_date=day)
    assert _state() == before
    services.check_approval(actor=head_a, run=with_previous, order_number="1", order_date=D(2025, 5, 1))
    assert _state() == before  # the check writes nothing
    services.approve_run(actor=head_a, run=with_previous, order_number="1", order_date=D(2025, 5, 1))
    assert Run.objects.get(pk=with_previous.pk).is_approved


# ---- decisions that change nothing -------------------------------------------------------------------------

def test_a_decision_equal_to_the_proposal_saves_nothing(muni_a, methodologist_a, methodology):
    schools = struggling_municipality(muni_a)
    run = run_for(muni_a, methodology, methodologist_a)
    proposed, other = run.schools.get(school=schools[0]), run.schools.get(school=schools[1])
    before = _state()
    for run_school, include in ((proposed, True), (other, False)):
        with pytest.raises(ValidationError) as exc:
            services.set_override(actor=methodologist_a, run_school=run_school, status="lrs", include=include,
                                  reason="Подтверждаю предложение методики")
        assert exc.value.message_dict == {"include": ["Это решение совпадает с предложением методики — "
                                                      "сохранять нечего."]}
    assert _state() == before
    # against the proposal, then back to it: the earlier decision is withdrawn
    services.set_override(actor=methodologist_a, run_school=proposed, status="lrs", include=False,
                          reason="Школа присоединена к соседней с 01.09.2025")
    services.set_override(actor=methodologist_a, run_school=RunSchool.objects.get(pk=proposed.pk), status="lrs",
                          include=True, reason="Присоединение отменено решением учредителя")
    assert not Override.objects.exists() and RunSchool.objects.get(pk=proposed.pk).lrs_included


def test_the_why_page_says_a_decision_equal_to_the_proposal_saves_nothing(client_for, methodologist_a, muni_a,
                                                                           methodology):
    schools = struggling_municipality(muni_a)
    run = run_for(muni_a, methodology, methodologist_a)
    url = reverse("identification:why", args=[run.pk, schools[0].pk])
    client = client_for(methodologist_a)
    before = _state()
    response = client.post(url, {"status": "lrs", "include": "1", "reason": "Подтверждаю предложение методики"})
    html = response.content.decode()
    message = "Это решение совпадает с предложением методики — сохранять нечего."
    assert response.status_code == 200 and response.context["form"].errors == {"include": [message]}
    assert html.count(message) == 1 and "Решение сохранено" not in html and _state() == before
    client.post(url, {"status": "lrs", "include": "0", "reason": "Школа присоединена к соседней с 01.09.2025"})
    response = client.post(url, {"status": "lrs", "include": "1", "reason": "Присоединение отменено"}, follow=True)
    assert "Решение вопреки предложению отменено: действует предложение методики." in response.content.decode()
    assert not Override.objects.exists()


# ---- leader schools and sites flagged when proposed ------------------------------------------------------------

def _in_force(school, **kw):
    return DesignationFactory(school=school, start=timezone.localdate() - datetime.timedelta(days=30),
                              end=timezone.localdate() + datetime.timedelta(days=300), **kw)


def test_a_proposed_leader_school_is_flagged(client_for, methodologist_a, muni_a, methodology):
    from partnerships.models import Designation

    schools = struggling_municipality(muni_a)
    leader = _in_force(schools[0])
    _in_force(schools[1])  # a leader school the methodology does not propose: nothing to flag
    ended = DesignationFactory(school=schools[0], end=timezone.localdate() - datetime.timedelta(days=1))
    _in_force(schools[0], state=Designation.State.TERMINATED)
    label = f"школа-лидер до {leader.end:%d.%m.%Y}"
    assert school_flags([schools[0].pk, schools[1].pk, schools[2].pk]) == {schools[0].pk: [label],
                                                                           schools[1].pk: [label]}
    assert ended.school_id == schools[0].pk  # an ended or terminated designation is no flag
    run = run_for(muni_a, methodology, methodologist_a)
    client = client_for(methodologist_a)
    html = client.get(run.get_absolute_url()).content.decode()
    assert html.count(f"сама {label}") == 1
    html = client.get(reverse("identification:why", args=[run.pk, schools[0].pk])).content.decode()
    assert f"Школа сама имеет действующий статус: {label}." in html
    html = client.get(reverse("identification:why", args=[run.pk, schools[1].pk])).content.decode()
    assert "Школа сама имеет действующий статус" not in html
    assert [(s.pk, labels) for s, labels in selectors.approval_summary(run).flagged] == [(schools[0].pk, [label])]


def test_flags_cost_one_query_per_page_whatever_the_number_of_schools(client_for, methodologist_a, muni_a,
                                                                       methodology):
    schools = struggling_municipality(muni_a)
    _in_force(schools[0])
    run = run_for(muni_a, methodology, methodologist_a)
    client = client_for(methodologist_a)
    client.get(run.get_absolute_url())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(run.get_absolute_url()).content.decode()
        return html.count("сама школа-лидер"), len(captured.captured_queries)

    one, small = queries()
    added = [SchoolFactory(municipality=muni_a) for _ in range(12)]
    for school in added:
        _in_force(school)
    services.compute_run(run=run)
    RunSchool.objects.filter(run=run, school__in=added).update(proposed=["lrs"], lrs_included=True)
    many, large = queries()
    assert (one, many) == (1, 13) and large == small
    with CaptureQueriesContext(connection) as captured:
        assert school_flags([]) == {}
    assert not captured.captured_queries


# ---- the why page's charts ---------------------------------------------------------------------------------

def test_charts_show_first_what_met_or_nearly_met_the_threshold(client_for, methodologist_a, muni_a, school_a1,
                                                                methodology):
    methodology = MethodologyFactory()  # the per-unit charts are version 3's rank and threshold kinds'
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=14)  # 35 %: met
    result(school_a1, 2024, "vpr", "russian", 5, 40, mark2=10)  # 25 %: near (from 24 %)
    result(school_a1, 2023, "vpr", "math", 6, 40, mark2=2)  # 5 %
    result(school_a1, 2023, "vpr", "world", 4, 40, mark2=4)  # 10 %
    result(school_a1, 2024, "vpr", "russian", 6, 5, mark2=3)  # 60 % of 5 participants: not judged
    run = run_for(muni_a, methodology, methodologist_a)  # 2025/2026: reads 2022/2023–2024/2025
    [chart] = selectors.result_series(run, run.schools.get(school=school_a1))
    assert [(s["name"], s["state"]) for s in chart["key"]] == [("ВПР математика 5 кл.", "met"),
                                                               ("ВПР русский язык 5 кл.", "near")]
    assert [s["note"] for s in chart["key"]] == ["порог достигнут: 2024/25", "близко к порогу: 25,0\u00a0% в 2024/25"]
    assert [s["name"] for s in chart["more"]] == ["ВПР математика 6 кл.", "ВПР окружающий мир 4 кл.",
                                                  "ВПР русский язык 6 кл."]
    assert [label for label, _v in chart["key"][0]["points"]] == ["2022/23", "2023/24", "2024/25"]
    html = client_for(methodologist_a).get(reverse("identification:why", args=[run.pk, school_a1.pk])
                                           ).content.decode()
    shown, hidden = html.split('<details class="chart-more"><summary>ещё 3 ряда</summary>')
    assert "<span>ВПР математика 5 кл.</span>" in shown and "<span>ВПР русский язык 5 кл.</span>" in shown
    assert "ВПР окружающий мир" not in shown
    assert "<span>ВПР окружающий мир 4 кл.</span>" in hidden  # the legend's names are whole (no cut at 22)
    first_svg = shown[shown.index("<svg"):shown.index("</svg>")]
    assert ">2024/25</text>" in first_svg and ">2023/24</text>" not in first_svg  # no year without data
    assert ">2022/23</text>" not in html and "2025/26" not in html.split("Результаты по годам")[1]


def test_charts_that_come_nowhere_near_a_threshold_wait_behind_a_disclosure(client_for, methodologist_a, muni_a,
                                                                            methodology):
    methodology = MethodologyFactory()  # the per-unit charts are version 3's rank and threshold kinds'
    schools = struggling_municipality(muni_a)
    run = run_for(muni_a, methodology, methodologist_a)
    client = client_for(methodologist_a)
    html = client.get(reverse("identification:why", args=[run.pk, schools[5].pk])).content.decode()
    assert "На графиках ни один показатель не достиг порога и не подошёл к нему близко." in html
    assert '<details class="chart-more"><summary>ещё 3 графика без приближения к порогу</summary>' in html
    html = client.get(reverse("identification:why", args=[run.pk, schools[0].pk])).content.decode()
    charts = html.split("Результаты по годам")[1]
    assert "На графиках ни один показатель" not in charts and "<details" not in charts
    assert charts.count("<svg") == 3  # the failing share (two series at the threshold), C2 and C3, all shown
    assert "порог достигнут: 2022/23, 2023/24, 2024/25" in charts and "в нижней части: 2022/23, 2023/24, 2024/25" \
        in charts


def test_line_chart_leaves_out_years_without_data_and_fits_its_axis():
    svg = line_chart([("A", [("2022/23", None), ("2023/24", 35.0), ("2024/25", None)]),
                      ("B", [("2022/23", None), ("2023/24", None), ("2024/25", 20.0)])], threshold=30,
                     threshold_label="порог 30 %")
    assert ">2022/23</text>" not in svg and ">2023/24</text>" in svg and ">2024/25</text>" in svg
    assert ">40 %</text>" in svg and ">100 %</text>" not in svg  # 35 % and the threshold: an axis up to 40 %
    assert line_chart([("A", [("2022/23", None)])]) == ""


def test_the_command_line_refuses_the_same_and_warns_a_what_if_run(muni_a):
    from io import StringIO

    from django.core.management import CommandError, call_command

    struggling_municipality(muni_a)  # results of 2022/2023–2024/2025
    before = _state()
    with pytest.raises(CommandError, match=r"Нет результатов оценочных процедур за 2025/2026 .* добавьте --what-if"):
        call_command("run_identification", "--municipality", muni_a.code, "--year", "2026/2027")
    assert _state() == before
    err = StringIO()
    call_command("run_identification", "--municipality", muni_a.code, "--year", "2026/2027", "--what-if",
                 stdout=StringIO(), stderr=err)
    assert "Нет результатов оценочных процедур за 2025/2026 учебный год (Динской район)" in err.getvalue()
    assert Run.objects.get().is_what_if


def test_lists_open_for_approval_in_one_query(year_approved, muni_b, methodology):
    from accounts.models import Role

    from ..factories import make_user

    first, second = year_approved
    struggling_municipality(muni_b)
    other = run_for(muni_b, methodology, make_user(Role.METHODOLOGIST, municipality=muni_b))
    with CaptureQueriesContext(connection) as captured:
        open_runs = list(selectors.open_for_approval(Run.objects.all()))
    assert open_runs == [other] and len(captured.captured_queries) == 1
    assert [Run.objects.get(pk=r.pk).is_open_for_approval for r in (first, second, other)] == [False, False, True]
