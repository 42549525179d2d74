"""Plain words: C1 counts results and says so; why a criterion is met and why a school could not be judged, in
sentences without codes or statistics; «не оценена» on the why page, the run page and the command line."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from scipy.stats import beta

from identification import selectors, services
from identification.criteria import KINDS, CriterionKind
from identification.criteria.base import pct
from identification.models import Methodology, Run, RunSchool

from ..factories import V3, SchoolFactory, SchoolYearDataFactory, result
from .test_runs import struggling_municipality

# the kinds' own words are tested with version 3's parameters (its rank and threshold kinds); the selector, the
# pages and the command below run the default methodology (version 4)
PARAMS = {c["code"]: c["params"] for c in V3.CRITERIA_V3}
SAMPLE = {"min_participants": 10, "reliable_participants": 20, "year": 2024}
NBSP = "\u00a0"


def ctx(muni, year=2024):
    from identification.criteria import RunContext

    return RunContext(year=year, region_id=muni.region_id, municipality_id=muni.pk)


def plain_only(text: str) -> None:
    """A sentence a director reads: no criterion codes, z-scores or «м. в.»."""
    for word in ("C1", "C2", "C6", "z =", "z-", "м. в.", "процедурах", "≥"):
        assert word not in text, (word, text)


# ---- C1 says «результат» --------------------------------------------------------------------------------------

def test_failing_share_counts_results_and_says_so(school_a1, muni_a):
    kind = KINDS["failing_share"]
    assert kind.describe(PARAMS["C1"]) == (f"доля «2» ≥ 30,0{NBSP}% в ≥ 2 результатах года или в одном результате "
                                           "2 года подряд")
    assert "процедур" not in kind.describe({**PARAMS["C1"], "min_procedures": 1})
    assert "в ≥ 1 результате года" in kind.describe({**PARAMS["C1"], "min_procedures": 1})
    assert [str(p.label) for p in kind.params][1:3] == ["Результатов за год не меньше",
                                                        "Или в одном результате лет подряд"]
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=16)  # 40 %
    result(school_a1, 2024, "vpr", "russian", 5, 40, mark2=14)  # 35 %
    result(school_a1, 2024, "vpr", "math", 6, 40, mark2=13)  # 32,5 %
    result(school_a1, 2024, "oge", "math", 9, 40, mark2=2)  # 5 %: judged, not flagged
    ev = kind.evaluate(ctx(muni_a), PARAMS["C1"])[school_a1.pk]
    assert ev.outcome == "met" and ev.value == 3
    assert ev.value_text == "3 результата в 2024/2025"
    sentence = kind.sentence(ev.as_dict(), PARAMS["C1"])
    assert sentence == (f"в 2024/2025 доля «2» не меньше 30,0{NBSP}% в 3 результатах (ВПР, математика, 5 класс — "
                        f"40,0{NBSP}%; ВПР, русский язык, 5 класс — 35,0{NBSP}%; ВПР, математика, 6 класс — "
                        f"32,5{NBSP}%)")  # the worst first
    plain_only(sentence)


def test_failing_share_sentence_for_a_result_bad_years_running(school_a1, muni_a):
    result(school_a1, 2023, "oge", "math", 9, 25, mark2=10)
    result(school_a1, 2024, "oge", "math", 9, 25, mark2=9)
    ev = KINDS["failing_share"].evaluate(ctx(muni_a), PARAMS["C1"])[school_a1.pk]
    assert KINDS["failing_share"].sentence(ev.as_dict(), PARAMS["C1"]) == (
        f"доля «2» не меньше 30,0{NBSP}% 2 года подряд в одном и том же результате (ОГЭ, математика, 9 класс)")


def test_failing_share_says_why_it_could_not_judge(school_a1, school_a2, muni_a):
    kind = KINDS["failing_share"]
    result(school_a1, 2024, "vpr", "math", 5, 9, mark2=9)
    result(school_a1, 2024, "vpr", "russian", 5, 8, mark2=0)
    result(school_a2, 2023, "vpr", "math", 5, 30, mark2=0)  # only the year before the last
    out = kind.evaluate(ctx(muni_a), PARAMS["C1"])
    assert out[school_a1.pk].outcome == "no_data" and out[school_a2.pk].outcome == "no_data"
    assert kind.unjudged_reason(out[school_a1.pk].as_dict(), PARAMS["C1"], SAMPLE) == (
        "за 2024/2025 у школы 2 результата, и в каждом меньше 10 участников")
    assert kind.unjudged_reason(out[school_a2.pk].as_dict(), PARAMS["C1"], SAMPLE) == (
        "нет результатов ВПР, ОГЭ, ЕГЭ за 2024/2025")
    # no row at all (the engine stores only the outcome): the run's last year from the sample
    assert kind.unjudged_reason({"outcome": "no_data"}, {**PARAMS["C1"], "procedures": ["oge"]}, SAMPLE) == (
        "нет результатов ОГЭ за 2024/2025")


# ---- the other kinds ------------------------------------------------------------------------------------------

def bottom(**kw):
    """Stored evidence of the bottom of the distribution: [year, position %, place, size, participants, units]."""
    return {"outcome": "met", "layout": 2, "value": 2, "sample": 40, "unreliable": False, "reason": None,
            "min_n": 10, "units": [], **kw}


@pytest.mark.django_db
def test_bottom_distribution_in_words():
    kind, params = KINDS["bottom_distribution"], PARAMS["C2"]
    ev = bottom(series=[[2022, 4.0, 1, 20, 40, 1], [2023, 30.0, 6, 20, 40, 1], [2024, 9.0, 2, 20, 40, 1]])
    sentence = kind.sentence(ev, params)
    assert sentence == (f"средний балл ВПР по предмету «математика» — среди 10,0{NBSP}% самых низких у школ региона "
                        "в 2 годах из последних 3 (2022/2023, 2024/2025)")
    plain_only(sentence)
    grade = kind.sentence(ev, {**PARAMS["C4"], "group": "municipality"})
    assert grade.startswith("средний балл ОГЭ по предмету «математика», 9 класс — среди") and "муниципалитета" in grade
    no_data = {**ev, "outcome": "no_data", "series": []}
    assert kind.unjudged_reason({**no_data, "reason": "small"}, params, SAMPLE) == (
        "во всех классах меньше 10 участников, а такие результаты не сравниваются")
    assert kind.unjudged_reason({**no_data, "reason": "schools"}, params, SAMPLE) == (
        f"недостаточно школ для сравнения: нижние 10,0{NBSP}% выделяются среди не меньше чем 10 школ с "
        "результатами за год")
    assert kind.unjudged_reason({**no_data, "reason": "years", "series": [[2024, 50.0, 5, 12, 30, 1]]}, params,
                                SAMPLE) == "оценённых лет — 1 из последних 3, а нужно не меньше 2"
    assert kind.unjudged_reason({"outcome": "no_data"}, PARAMS["C4"], SAMPLE) == (
        "нет результатов ОГЭ по этому предмету за 2022/2023–2024/2025")


def test_objectivity_in_words():
    kind, params = KINDS["objectivity"], PARAMS["C5"]
    ev = {"outcome": "met", "value": 40.0, "sample": 60, "year": 2024, "unreliable": False, "small": 0, "min_n": 10,
          "procedures": [["vpr", 10.0, 40.0, 50.0, 40, 1], ["oge", 5.0, 90.0, 5.0, 20, 0]]}
    sentence = kind.sentence(ev, params)
    assert sentence == (f"в ВПР отметку из журнала подтвердили только 40,0{NBSP}% участников (меньше 50,0{NBSP}%) и "
                        f"получили отметку выше журнальной 50,0{NBSP}% участников (не меньше 15,0{NBSP}%)")
    plain_only(sentence)
    assert kind.unjudged_reason({"outcome": "no_data", "year": 2024, "small": 2, "min_n": 10, "procedures": []},
                                params, SAMPLE) == (
        "за 2024/2025 во всех классах со сравнением отметок с журналом меньше 10 участников")
    assert kind.unjudged_reason({"outcome": "no_data"}, params, SAMPLE) == (
        "нет сравнения отметок ВПР и ОГЭ с журналом за 2024/2025")


def test_social_index_in_words(muni_a):
    kind, params = KINDS["social_index"], PARAMS["C6"]
    schools = [SchoolFactory(municipality=muni_a) for _ in range(4)]
    for i, school in enumerate(schools):
        SchoolYearDataFactory(school=school, school_year__start_year=2024, students=200,
                              students_low_income=100 if i == 0 else 10 + i, teachers=20)
    out = kind.evaluate(ctx(muni_a), params)
    ev = out[schools[0].pk]
    assert ev.outcome == "met"
    sentence = kind.sentence(ev.as_dict(), params)
    assert sentence.startswith(f"по данным о контингенте и кадрах за 2024/2025 школа среди 25,0{NBSP}% наименее "
                               "благополучных школ муниципалитета (1-е место из 4, считая от наименее благополучной)")
    assert f"доля обучающихся из малоимущих семей — 50,0{NBSP}%" in sentence
    plain_only(sentence)
    few = {"outcome": "no_data", "value": 0, "sample": 200, "year": 2024,
           "data": {"rank_pct": 0, "size": 0, "place": 0,
                    "factors": [[None, 0]] * (len(params["weights"]) - 1) + [[10.0, 0]]}}
    reason = kind.unjudged_reason(few, params, SAMPLE)
    assert reason.startswith("нет данных о 9 показателях (из малоимущих семей, ")
    assert ": известны факторы с весом 0,5 из " in reason and reason.endswith(f"меньше 50,0{NBSP}% общего веса")
    assert kind.unjudged_reason({"outcome": "no_data"}, params, SAMPLE) == (
        "нет данных о контингенте и кадрах за 2024/2025")
    assert kind.unjudged_reason({"outcome": "no_data"}, {**params, "min_students": 50}, SAMPLE) == (
        "нет данных о контингенте и кадрах за 2024/2025 или в школе меньше 50 обучающихся")


# ---- the selector: judged or not ------------------------------------------------------------------------------

def small_school(muni):
    """A rural school too small to judge even with its three years pooled: 6 participants of ВПР in mathematics and
    3 in Russian in all — under the default methodology's minimum of 10 pupils."""
    school = SchoolFactory(municipality=muni, short_name="МБОУ ООШ № 40 х. Малый")
    for year in (2022, 2023, 2024):
        result(school, year, "vpr", "math", 5, 2, mark2=1, mark3=1, mean_score=9)
        result(school, year, "vpr", "russian", 5, 1, mark3=1, mean_score=20)
    return school


@pytest.fixture
def run_with_small(muni_a, methodologist_a):
    schools = struggling_municipality(muni_a)
    small = small_school(muni_a)
    run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=muni_a, start_year=2025)
    run = services.compute_run(run=Run.objects.get(pk=run.pk))
    run.test_schools, run.small = schools, small
    return run


SPAN = "2022/2023–2024/2025"
SMALL_LRS = (f"Доля «2» по ВПР, ОГЭ и ЕГЭ за три года — всего 9 результатов участников за {SPAN} — меньше 10; "
             f"ВПР, математика: нижние 10 % школ региона — всего 6 участников ВПР (математика) за {SPAN} — меньше "
             f"10; ВПР, русский язык: нижние 10 % школ региона — всего 3 участника ВПР (русский язык) за {SPAN} — "
             "меньше 10; ОГЭ, математика: нижние 10 % школ региона — нет результатов ОГЭ (математика) за последние "
             "3 года")
NO_YEARLY = ("Социальное неблагополучие и ресурсные дефициты — школа не внесла данные о контингенте и кадрах за "
             "последний год")


def test_a_school_with_no_criterion_judged_is_not_judged_with_reasons(run_with_small):
    run = run_with_small
    small = run.schools.get(school=run.small)
    [lrs, dsc] = selectors.judgements(small)
    assert (lrs.status, lrs.label, lrs.judged) == ("lrs", "ШНОР", False)
    assert lrs.reason_text == SMALL_LRS
    assert [title for title, _reason in lrs.reasons] == [c["title"] for c in run.snapshot["criteria"][:4]]
    assert (dsc.judged, dsc.reason_text) == (False, NO_YEARLY)  # no yearly data in the municipality
    first = run.schools.get(school=run.test_schools[0])
    assert [j.status for j in selectors.not_judged(first)] == ["dsc"]  # ШНОР judged: one criterion is enough
    ids = selectors.unjudged_ids(run)
    assert ids["lrs"] == {small.pk} and len(ids["dsc"]) == 11
    assert selectors.unjudged_counts(run) == [("lrs", "ШНОР", 1), ("dsc", "ШССУ", 11)]


def test_a_kind_added_later_is_judged_through_its_hooks(muni_a, school_a1, year):
    class Later(CriterionKind):
        code = "later"

        def unjudged_reason(self, evidence, params, sample):
            return f"нет новых данных (порог {params['n']}, год {sample['year']})"

    methodology = Methodology.objects.get(is_default=True)
    snapshot = {**methodology.snapshot(),
                "criteria": [{"code": "N1", "kind": "later", "title": "Новый критерий", "params": {"n": 3}}],
                "rules": {"lrs": {"criteria": ["N1"], "min_met": 1}}}
    run = Run.objects.create(methodology=methodology, region=muni_a.region, municipality=muni_a, school_year=year,
                             snapshot=snapshot)
    unjudged = RunSchool.objects.create(run=run, school=school_a1, legacy_evidence={"N1": {"outcome": "no_data"}})
    judged = RunSchool.objects.create(run=run, school=SchoolFactory(municipality=muni_a),
                                      legacy_evidence={"N1": {"outcome": "not_met"}})
    KINDS["later"] = Later()
    try:
        [j] = selectors.judgements(RunSchool.objects.select_related("run__school_year").get(pk=unjudged.pk))
        assert not j.judged
        assert j.reason_text == f"Новый критерий — нет новых данных (порог 3, год {year.start_year - 1})"
        assert selectors.judgements(RunSchool.objects.get(pk=judged.pk))[0].judged
        assert selectors.unjudged_ids(run) == {"lrs": {unjudged.pk}}  # a status without a rule is not asked
    finally:
        del KINDS["later"]


# ---- pages and the command line -------------------------------------------------------------------------------

def test_why_page_starts_with_plain_sentences(client_for, methodologist_a, run_with_small):
    run = run_with_small
    client = client_for(methodologist_a)
    html = client.get(reverse("identification:why", args=[run.pk, run.test_schools[0].pk])).content.decode()
    opening = html.split('id="summary"')[1].split("</section>")[0]
    # 90 «2» of 240 pupils over three years; the probability from the run's stored prior, Beta(a + 90, b + 150)
    prior = run.estimates["C1"]["prior"]
    chance = 100 * beta.sf(0.30, prior["a"] + 90, prior["b"] + 150)
    assert chance >= 90
    assert (f"Школа включена в список ШНОР, потому что доля «2» за {SPAN} — 37,5{NBSP}% (90 из 240), и почти "
            f"наверняка (вероятность {pct(chance)}) она не ниже 30,0{NBSP}%, даже с учётом случайности; по ВПР "
            f"(математика) за {SPAN} результаты школы ниже, чем у ") in opening
    assert f"по ВПР (русский язык) за {SPAN} результаты школы ниже, чем у " in opening
    assert opening.count(f"школа среди нижних 10,0{NBSP}%") == 2  # C2 and C3; no ОГЭ: C4 not met
    assert f"Школа не оценена для списка ШССУ: {NO_YEARLY}." in opening
    plain_only(opening)
    # codes, thresholds and statistics are still there, behind «подробнее»
    before, details = html.split('<details id="more">')
    assert "<b>C1</b>" not in before and "<b>C1</b>" in details
    assert "ШНОР: выполнено не меньше 2 из C1, C2, C3, C4" in details
    small = client.get(reverse("identification:why", args=[run.pk, run.small.pk])).content.decode()
    assert f"Школа не оценена для списка ШНОР: {SMALL_LRS}." in small
    fine = client.get(reverse("identification:why", args=[run.pk, run.test_schools[5].pk])).content.decode()
    assert "Школа не включена в список ШНОР: ни одно из условий методики не выполнено." in fine


def test_why_page_asks_for_review_in_words(client_for, methodologist_a, muni_a):
    schools = struggling_municipality(muni_a)
    result(schools[3], 2024, "vpr", "math", 6, 40, mark2=2, mean_score=14, lowered=0, confirmed=10, raised=30)
    run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=muni_a, start_year=2025)
    run = services.compute_run(run=Run.objects.get(pk=run.pk))
    assert run.schools.get(school=schools[3]).needs_review
    html = client_for(methodologist_a).get(reverse("identification:why", args=[run.pk, schools[3].pk])).content
    assert (f"Требует проверки: в ВПР получили отметку выше журнальной 40,0{NBSP}% участников (не меньше "
            f"15,0{NBSP}%). Сам по себе этот сигнал не включает школу в список.") in html.decode()


def test_run_page_lists_the_schools_not_judged(client_for, methodologist_a, run_with_small, muni_b):
    from accounts.models import Role

    from ..factories import make_user

    run = run_with_small
    client = client_for(methodologist_a)
    url = reverse("identification:run_detail", args=[run.pk])
    html = client.get(url).content.decode()
    card = html.split('id="unjudged"')[1].split("</section>")[0]
    assert "ШНОР: <a href=\"?show=unjudged_lrs#schools\">1 школа</a>" in card
    assert "ШССУ: <a href=\"?show=unjudged_dsc#schools\">11 школ</a>" in card
    assert "Школ в списке: 11" in html
    only = client.get(url, {"show": "unjudged_lrs"})
    assert [rs.school_id for rs in only.context["rows"]] == [run.small.pk]
    page = only.content.decode()
    assert "Школ в списке: 1" in page and 'value="unjudged_lrs" selected' in page
    assert "не оценена</span> для ШНОР: Доля «2» по ВПР, ОГЭ и ЕГЭ за три года — всего 9 результатов участников" in page
    assert len(client.get(url, {"show": "unjudged"}).context["rows"]) == 11
    assert len(client.get(url, {"show": "unjudged_xyz"}).context["rows"]) == 11  # unknown: all schools
    # the filter is no way round the run's visibility
    other = client_for(make_user(Role.METHODOLOGIST, municipality=muni_b))
    assert other.get(url, {"show": "unjudged_lrs"}).status_code == 404


def test_command_prints_a_school_not_judged_with_its_reason(muni_a):
    schools = struggling_municipality(muni_a)
    small = small_school(muni_a)
    out = StringIO()
    call_command("run_identification", "--municipality", muni_a.code, "--year", "2025/2026", stdout=out)
    text = out.getvalue()
    # the output it always had
    assert f"{schools[0].code}\t{schools[0].short_name}\tШНОР" in text
    assert "C1 Доля «2» по ВПР, ОГЭ и ЕГЭ" in text
    assert text.rstrip().endswith("Предложено: ШНОР — 1, ШССУ — 0.")
    # and the schools not judged, each with its reason
    assert f"{small.code}\t{small.short_name}\tне оценена для ШНОР: {SMALL_LRS}\n" in text
    assert f"{schools[0].code}\t{schools[0].short_name}\tне оценена для ШССУ: {NO_YEARLY}\n" in text
    assert "Не оценены: ШНОР — 1, ШССУ — 11." in text


def test_registry_filter_finds_the_schools_not_judged_on_the_latest_list(client_for, methodologist_a, head_a,
                                                                         muni_a, muni_b):
    import datetime

    schools = struggling_municipality(muni_a)
    small = small_school(muni_a)
    for school in [*schools[1:], small]:  # schools[0] alone has no yearly data: not judged for ШССУ
        SchoolYearDataFactory(school=school, school_year__start_year=2024, students=300)
    SchoolFactory(municipality=muni_b)  # on no list at all: nothing to say about it
    run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=muni_a, start_year=2025)
    run = services.compute_run(run=Run.objects.get(pk=run.pk))
    client = client_for(methodologist_a)
    url = reverse("schools:school_list")
    assert selectors.unjudged_on_latest_lists() == set()  # computed, not approved: not a list yet
    services.approve_run(actor=head_a, run=run, order_number="12-р", order_date=datetime.date(2025, 9, 1))
    assert selectors.unjudged_on_latest_lists() == {schools[0].pk, small.pk}
    response = client.get(url, {"status": "unjudged"})
    html = response.content.decode()
    assert '<option value="unjudged" selected>не оценена в последнем списке</option>' in html
    shown = {school.pk for school in response.context["page_obj"].object_list}
    assert shown == {schools[0].pk, small.pk}


def test_methodology_page_says_what_not_judged_means(client_for, methodologist_a):
    methodology = Methodology.objects.get(is_default=True)
    html = client_for(methodologist_a).get(methodology.get_absolute_url()).content.decode()
    assert "школа для этого статуса не оценена: в список она не предлагается, но и не считается благополучной" in html
