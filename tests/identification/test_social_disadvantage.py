"""ШССУ by the presence of disadvantage (`social_disadvantage`): absolute thresholds per factor, a weighted sum and a
bar — no ranking, so no quota; unknown factors are left out, never read as 0."""

import pytest
from django.core.exceptions import ValidationError

from identification.criteria import KINDS, RunContext, validate_params
from identification.criteria.social_disadvantage import DEFAULT_DISADVANTAGE_PARAMS, THRESHOLDS
from identification.forms import MethodologyForm
from identification.methodology import validate_methodology
from identification.models import Methodology
from schools.models import OPTIONAL_FIELDS, STUDENT_SUBSET_FIELDS

from ..factories import MunicipalityFactory, SchoolFactory, SchoolYearDataFactory

KIND = KINDS["social_disadvantage"]
PARAMS = DEFAULT_DISADVANTAGE_PARAMS
NBSP = "\u00a0"


def ctx(muni, year=2024):
    return RunContext(year=year, region_id=muni.region_id, municipality_id=muni.pk)


def yearly(school, students=100, teachers=20, young_specialists=0, vacancies=0, **counts):
    """A school's year with no disadvantage unless told: every share 0, staff complete."""
    zeros = dict.fromkeys(STUDENT_SUBSET_FIELDS, 0)
    return SchoolYearDataFactory(school=school, school_year__start_year=2024, students=students, teachers=teachers,
                                 young_specialists=young_specialists, vacancies=vacancies, **{**zeros, **counts})


# what a well-off city gymnasium looks like, and a school in difficult conditions (per 100 pupils, 20 teachers)
WELL_OFF = {"students_low_income": 5, "students_single_parent": 15, "students_parents_no_higher_ed": 30,
            "students_non_native": 1, "students_disabled": 2, "students_preventive_register": 0,
            "students_unexcused_absences": 1, "young_specialists": 2, "vacancies": 0}
DIFFICULT = {"students_low_income": 35, "students_single_parent": 40, "students_parents_no_higher_ed": 75,
             "students_non_native": 3, "students_disabled": 4, "students_preventive_register": 4,
             "students_unexcused_absences": 2, "young_specialists": 6, "vacancies": 3}


def test_a_gymnasium_without_disadvantage_is_not_met(muni_a):
    gymnasium = SchoolFactory(municipality=muni_a, kind="gymnasium", location="urban")
    yearly(gymnasium, **WELL_OFF)
    ev = KIND.evaluate(ctx(muni_a), PARAMS)[gymnasium.pk]
    assert ev.outcome == "not_met" and ev.value == 0
    assert all(flag == 0 for _value, flag in ev.data["factors"])
    lines = KIND.explain(ev.as_dict(), PARAMS)
    assert lines[0] == "вес факторов за порогом 0,0 из 9,0, планка 3,0 — не достигнута"
    assert f"из малоимущих семей: 5,0{NBSP}% (порог 20,0{NBSP}%) — не за порогом" in lines
    assert "сельская местность: нет (сельская местность) — не за порогом" in lines


def test_a_school_over_the_bar_is_met_and_says_why(muni_a):
    school = SchoolFactory(municipality=muni_a, location="rural")
    yearly(school, **DIFFICULT)  # low income, single parent, no higher ed., register, vacancies 3/23, young 30 %, rural
    ev = KIND.evaluate(ctx(muni_a), PARAMS)[school.pk]
    assert ev.outcome == "met"
    assert ev.value == 6.0  # 1 + 1 + 1 + 1 + 1 (vacancies) + 0,5 (young) + 0,5 (rural)
    assert ev.data["factors"][7] == [13.0, 1]  # vacancies: 3 of 23 posts = 13,0 % ≥ 10 %
    lines = KIND.explain(ev.as_dict(), PARAMS)
    assert lines[0] == "вес факторов за порогом 6,0 из 9,0, планка 3,0 — достигнута"
    assert f"из малоимущих семей: 35,0{NBSP}% (порог 20,0{NBSP}%) — за порогом, вес 1,0" in lines
    assert f"с ОВЗ: 4,0{NBSP}% (порог 10,0{NBSP}%) — не за порогом" in lines
    assert "сельская местность: да (сельская местность) — за порогом, вес 0,5" in lines
    assert KIND.value_text(ev.as_dict(), PARAMS) == "за порогом 7 факторов, вес 6,0 при планке 3,0"
    sentence = KIND.sentence(ev.as_dict(), PARAMS)
    assert sentence.startswith("у школы в 2024/2025 7 признаков социального неблагополучия или нехватки ресурсов: "
                               f"«из малоимущих семей» не меньше 20,0{NBSP}%")
    assert sentence.endswith("школа в сельской местности")
    assert "z" not in sentence and "C6" not in sentence


def test_figures_do_not_depend_on_the_order_of_the_weights(muni_a):
    """PostgreSQL's jsonb hands a methodology's weights back in an order of its own: the run computed from the
    methodology in memory and the page reading the stored snapshot must pair the same values with the same factors."""
    school = SchoolFactory(municipality=muni_a)
    yearly(school, **DIFFICULT)
    shuffled = {**PARAMS, "weights": dict(reversed(list(PARAMS["weights"].items())))}
    ev = KIND.evaluate(ctx(muni_a), shuffled)[school.pk]
    lines = KIND.explain(ev.as_dict(), PARAMS)
    assert f"из малоимущих семей: 35,0{NBSP}% (порог 20,0{NBSP}%) — за порогом, вес 1,0" in lines
    assert KIND.explain(ev.as_dict(), shuffled) == lines


def test_the_threshold_is_inclusive_and_exact(muni_a):
    """20 of 100 is «не меньше 20 %»; 19 of 100 is not. Three social factors exactly at the bar: met."""
    at, below = SchoolFactory(municipality=muni_a), SchoolFactory(municipality=muni_a)
    yearly(at, students_low_income=20, students_single_parent=30, students_non_native=10)
    yearly(below, students_low_income=19, students_single_parent=30, students_non_native=10)
    out = KIND.evaluate(ctx(muni_a), PARAMS)
    assert (out[at.pk].outcome, out[at.pk].value) == ("met", 3.0)
    assert (out[below.pk].outcome, out[below.pk].value) == ("not_met", 2.0)
    # the same school on 2 900 pupils: 580 is exactly 20 % (no floating-point slip at the edge)
    big = SchoolFactory(municipality=muni_a)
    yearly(big, students=2900, students_low_income=580)
    assert KIND.evaluate(ctx(muni_a), PARAMS)[big.pk].data["factors"][0] == [20.0, 1]


def test_no_quota_every_school_or_none(region):
    fine, poor = MunicipalityFactory(region=region), MunicipalityFactory(region=region)
    fine_schools = [SchoolFactory(municipality=fine, location="urban") for _ in range(8)]
    poor_schools = [SchoolFactory(municipality=poor, location="rural") for _ in range(8)]
    for i, school in enumerate(fine_schools):
        yearly(school, **{**WELL_OFF, "students_low_income": 2 + i})  # they differ, yet none is disadvantaged
    for i, school in enumerate(poor_schools):
        yearly(school, **{**DIFFICULT, "students_low_income": 30 + i})
    fine_out = KIND.evaluate(ctx(fine), PARAMS)
    poor_out = KIND.evaluate(ctx(poor), PARAMS)
    assert [fine_out[s.pk].outcome for s in fine_schools] == ["not_met"] * 8  # a quota would name 2
    assert [poor_out[s.pk].outcome for s in poor_schools] == ["met"] * 8  # a quota would name 2
    # the whole region at once: the same answers (nothing is relative to the other schools)
    region_ctx = RunContext(year=2024, region_id=region.pk, municipality_id=None)
    both = KIND.evaluate(region_ctx, PARAMS)
    assert {both[s.pk].outcome for s in fine_schools} == {"not_met"}
    assert {both[s.pk].outcome for s in poor_schools} == {"met"}


def test_unknown_factors_are_left_out_and_named(muni_a):
    school = SchoolFactory(municipality=muni_a)
    # two social factors beyond, two unknown (weight 2): the known weight 7 of 9 is enough to judge
    yearly(school, students_low_income=30, students_single_parent=35, students_non_native=None,
           students_disabled=None)
    ev = KIND.evaluate(ctx(muni_a), PARAMS)[school.pk]
    assert ev.outcome == "not_met" and ev.value == 2.0 and ev.data["known"] == 7.0
    assert ev.data["factors"][3] == [None, None]
    lines = KIND.explain(ev.as_dict(), PARAMS)
    assert "русский язык не родной: нет данных — не входит в сумму (вес 1,0)" in lines
    assert lines[-1] == ("Неизвестные факторы (вес 2,0) могли бы довести сумму до планки: итог — по известным "
                         "факторам.")
    assert KIND.value_text(ev.as_dict(), PARAMS).endswith("; нет данных: 2 фактора")


def test_too_few_known_factors_is_not_judged_with_the_reason(muni_a):
    """A director who entered only the students and the teachers: the location (0,5) and nothing else known — under
    half the weight; the unknown factors are named."""
    school = SchoolFactory(municipality=muni_a, location="rural")
    yearly(school, students=80, teachers=9, **dict.fromkeys(OPTIONAL_FIELDS))
    ev = KIND.evaluate(ctx(muni_a), PARAMS)[school.pk]
    assert ev.outcome == "no_data" and ev.data["known"] == 0.5
    lines = KIND.explain(ev.as_dict(), PARAMS)
    assert lines[0] == f"не оценена: известны факторы с весом 0,5 из 9,0 — меньше 50,0{NBSP}%"
    assert sum("нет данных — не входит в сумму" in line for line in lines) == 9
    reason = KIND.unjudged_reason(ev.as_dict(), PARAMS, {})
    assert reason.startswith("нет данных о 9 показателях (из малоимущих семей, из неполных семей, ")
    assert reason.endswith(f"известное — меньше 50,0{NBSP}% (вес 0,5 из 9,0)")
    # a lower share of known weight judges it on what is known
    lowered = {**PARAMS, "min_known_pct": 5.0}
    assert KIND.evaluate(ctx(muni_a), lowered)[school.pk].outcome == "not_met"
    # no yearly data at all: no row (the engine says «недостаточно данных»), and the reason says so
    other = SchoolFactory(municipality=muni_a)
    assert other.pk not in KIND.evaluate(ctx(muni_a), PARAMS)
    assert KIND.unjudged_reason({"outcome": "no_data"}, PARAMS, {}) == (
        "школа не внесла данные о контингенте и кадрах за последний год")


def test_zero_denominators_are_unknown_not_zero(muni_a):
    school = SchoolFactory(municipality=muni_a)
    yearly(school, teachers=0, young_specialists=0, vacancies=0)
    ev = KIND.evaluate(ctx(muni_a), PARAMS)[school.pk]
    # no teachers and no vacancies: both staff shares unknown, not «0 %»
    assert ev.data["factors"][7] == [None, None] and ev.data["factors"][8] == [None, None]


def test_weights_thresholds_and_bar_are_parameters(muni_a):
    school = SchoolFactory(municipality=muni_a)
    yearly(school, students_low_income=15)
    assert KIND.evaluate(ctx(muni_a), PARAMS)[school.pk].outcome == "not_met"
    params = {**PARAMS, "threshold_students_low_income": 15.0, "bar": 1.0}
    assert KIND.evaluate(ctx(muni_a), params)[school.pk].outcome == "met"
    params = {**params, "weights": {**PARAMS["weights"], "students_low_income": 0.5}}
    assert KIND.evaluate(ctx(muni_a), params)[school.pk].outcome == "not_met"  # 0,5 < 1,0


def test_parameters_are_validated_in_russian():
    clean = validate_params(KIND, PARAMS)
    assert clean == PARAMS
    with pytest.raises(ValidationError) as exc:
        validate_params(KIND, {**PARAMS, "threshold_students_low_income": 150, "bar": "три", "min_known_pct": 0})
    messages = exc.value.message_dict
    assert messages["threshold_students_low_income"] == [
        "«Порог, %: из малоимущих семей»: значение должно быть от 0,1 до 100."]
    assert "недопустимое значение «три»" in messages["bar"][0]
    assert "min_known_pct" in messages
    with pytest.raises(ValidationError) as exc:
        validate_params(KIND, {**PARAMS, "bar": 9.5})  # more than all the weights together
    assert exc.value.message_dict["bar"] == [
        "«Планка»: больше суммы весов всех факторов (9,0) — ни одна школа не сможет её достичь."]
    with pytest.raises(ValidationError):
        validate_params(KIND, {**PARAMS, "weights": {"students_low_income": -1.0}})


def test_the_methodology_form_shows_the_refusal_next_to_the_field(db):
    from ..factories import MethodologyFactory

    base = MethodologyFactory()  # version 3's criteria: C1–C6, so the presence kind is added as C7
    criteria = [*base.criteria, {"code": "C7", "kind": "social_disadvantage", "title": "Неблагополучие",
                                 "params": PARAMS}]
    base.criteria = criteria
    form = MethodologyForm(base=base)
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({name: value for name, value in form.initial.items() if value is not None})
    data["rule_lrs__criteria"] = ["C1", "C2"]
    data["rule_dsc__criteria"] = ["C7"]
    bound = MethodologyForm({**data, "C7__bar": "12"}, base=base)
    assert not bound.is_valid()
    # each field within its bounds, wrong only together: the kind's check, next to the bar
    assert bound.errors["C7__bar"] == [
        "«Планка»: больше суммы весов всех факторов (9,0) — ни одна школа не сможет её достичь."]
    bound = MethodologyForm({**data, "C7__threshold_students_low_income": "0"}, base=base)
    assert not bound.is_valid()
    assert list(bound.errors) == ["C7__threshold_students_low_income"]
    bound = MethodologyForm(data, base=base)
    assert bound.is_valid(), bound.errors
    made = bound.to_methodology()
    criteria, rules, _sample = validate_methodology(**made)
    assert criteria[-1]["params"] == PARAMS and rules["dsc"]["criteria"] == ["C7"]


def test_every_factor_states_a_reason_and_the_default_leaves_pupils_per_teacher_out():
    assert all(len(str(t.reason)) > 40 for t in THRESHOLDS)
    assert "students_per_teacher" not in PARAMS["weights"]
    page = " ".join(KIND.plain(PARAMS, {}))
    for t in THRESHOLDS:
        assert str(t.reason) in page
    assert f"из малоимущих семей: не меньше 20,0{NBSP}% — вес 1,0" in page
    assert "число ШССУ в муниципалитете заранее не задано" in page
    assert "не меньше 3,0 из 9,0" in page


def test_the_quota_kind_warns_that_it_fixes_the_count():
    index = KINDS["social_index"]
    assert "заранее" in str(index.warning)
    assert str(index.warning) in index.plain({**index_params(), "weights": {"students_low_income": 1.0}}, {})[0]
    assert "квота" in str(index.describe(index_params()))
    assert not KIND.warning


def index_params():
    """The quota kind's parameters as version 3 (its last default) had them."""
    from ..factories import V3

    return next(c["params"] for c in V3.CRITERIA_V3 if c["kind"] == "social_index")


# ---- the engine against the page's text ---------------------------------------------------------

def presence_methodology():
    """The default methodology with its ШССУ criterion replaced by the presence of disadvantage (as recommended)."""
    from ..factories import MethodologyFactory

    methodology = MethodologyFactory()
    methodology.criteria = [c if c["code"] != "C6" else {
        "code": "C6", "kind": "social_disadvantage", "title": "Признаки неблагополучия", "params": PARAMS}
        for c in methodology.criteria]
    methodology.save()
    return methodology


def run_and_compare(methodology, region, munis, *, whole_region=False):
    from identification import services

    from .test_recompute import assert_agrees

    runs = [services.create_run(actor=None, methodology=methodology, region=region, municipality=muni,
                                start_year=2025, enqueue=False) for muni in munis]
    if whole_region:
        runs.append(services.create_run(actor=None, methodology=methodology, region=region, municipality=None,
                                        start_year=2025, enqueue=False))
    results = []
    for run in runs:
        services.compute_run(run=run)
        run.refresh_from_db()
        results.append((run, assert_agrees(run)))
    return results


def test_a_generated_region_agrees_with_the_page(db):
    from io import StringIO

    from django.core.management import call_command

    from schools.models import Municipality, Region, SchoolYearData

    call_command("generate_dataset", "--schools", "160", "--years", "3", "--seed", "11", stdout=StringIO())
    region = Region.objects.get(code="SYN")
    munis = list(Municipality.objects.filter(region=region).order_by("code"))
    schools = list(munis[0].schools.order_by("code")[:4])
    last = SchoolYearData.objects.filter(school_year__start_year=2024)
    last.filter(school=schools[0]).update(**dict.fromkeys(OPTIONAL_FIELDS))  # not judged
    last.filter(school=schools[1]).update(students_low_income=None, students_single_parent=None)  # judged on the rest
    last.filter(school=schools[2]).update(teachers=0, young_specialists=0, vacancies=0)  # staff shares unknown
    # exactly at a threshold: 20 % low income
    row = last.get(school=schools[3])
    last.filter(school=schools[3]).update(students=500, students_low_income=100, students_single_parent=150,
                                          students_non_native=50, students_disabled=0,
                                          students_preventive_register=0, students_unexcused_absences=0,
                                          students_parents_no_higher_ed=0, vacancies=0, young_specialists=0)
    assert row.pk
    totals = {}
    for run, expected in run_and_compare(presence_methodology(), region, munis[:2], whole_region=True):
        for outcome in expected["criteria"]["C6"].values():
            totals[outcome] = totals.get(outcome, 0) + 1
        if run.municipality_id is None:
            c6 = expected["criteria"]["C6"]
            assert c6[schools[0].code] == "no_data" and c6[schools[1].code] != "no_data"
            assert c6[schools[3].code] == "met"  # 20 + 30 + 10 % exactly: three at their thresholds
    assert totals.get("met") and totals.get("not_met") and totals.get("no_data"), totals


def test_the_demo_agrees_with_the_page_and_its_well_off_gymnasia_are_not_ssu(demo_db):
    from schools.models import Municipality, Region, School

    region = Region.objects.get(code="23")
    munis = list(Municipality.objects.filter(region=region).order_by("code"))
    well_off, met, counts = set(), set(), []
    for run, expected in run_and_compare(presence_methodology(), region, munis):
        c6 = expected["criteria"]["C6"]
        assert all(outcome != "no_data" for outcome in c6.values())  # every demo school is judged
        here = {code for code, outcome in c6.items() if outcome == "met"}
        counts.append((len(here), len(c6) // 4))
        met |= here
        well_off |= set(School.objects.filter(municipality=run.municipality, kind__in=("gymnasium", "lyceum"),
                                              location="urban").values_list("code", flat=True))
    # the city gymnasia and lyceums of the demo have no disadvantage: none is ШССУ
    assert well_off and not well_off & met
    # no quota: the count follows the schools' conditions, not a quarter of each municipality
    assert all(n for n, _quarter in counts) and any(n != quarter for n, quarter in counts), counts


# ---- the pages ------------------------------------------------------------------------------------

def test_pages_warn_of_the_quota_and_state_every_threshold(client_for, methodologist_a):
    from django.urls import reverse

    from ..html import text_of

    client = client_for(methodologist_a)
    warning = " ".join(str(KINDS["social_index"].warning).split())
    from ..factories import MethodologyFactory

    quota = MethodologyFactory()  # version 3's criteria: its ШССУ criterion is the index (a quota)
    assert warning not in text_of(client.get(reverse(
        "identification:methodology_detail", args=[Methodology.objects.get(is_default=True).pk])))  # not the default
    page = text_of(client.get(reverse("identification:methodology_detail", args=[quota.pk])))
    assert page.count(warning) == 2  # beside the criteria and first in its plain words
    assert "(квота: число ШССУ задано заранее)" in page
    form_page = text_of(client.get(reverse("identification:methodology_new_version", args=[quota.pk])))
    assert warning in form_page
    presence = presence_methodology()
    page = text_of(client.get(reverse("identification:methodology_detail", args=[presence.pk])))
    assert warning not in page
    assert "из малоимущих семей: не меньше 20,0 % — вес 1,0 (примерно вдвое выше общероссийского" in page
    assert "сельская местность: школа в сельской местности — вес 0,5" in page
    assert "Школа выполняет критерий, если сумма не меньше 3,0 из 9,0 возможных" in page
    # the form: a threshold's reason next to it; a bar no school can reach refused next to the bar, nothing saved
    url = reverse("identification:methodology_new_version", args=[presence.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = client.post(url, {**data, "C6__bar": "9,5"})
    assert response.status_code == 200
    assert response.context["form"].errors["C6__bar"] == [
        "«Планка»: больше суммы весов всех факторов (9,0) — ни одна школа не сможет её достичь."]
    html = response.content.decode()
    assert "каждый двадцатый ученик систематически пропускает" in html
    assert Methodology.objects.filter(family=presence.family).count() == 1
    response = client.post(url, {**data, "C6__bar": "2,5", "C6__threshold_students_low_income": "25"})
    assert response.status_code == 302, response.context["form"].errors
    new = Methodology.objects.get(family=presence.family, version=2)
    assert new.criteria[-1]["params"]["bar"] == 2.5
    assert new.criteria[-1]["params"]["threshold_students_low_income"] == 25.0


def test_the_quota_kind_says_its_place_and_its_unknowns_in_plain_words(muni_a):
    index, params = KINDS["social_index"], index_params()
    schools = [SchoolFactory(municipality=muni_a) for _ in range(4)]
    for i, school in enumerate(schools):
        yearly(school, students_low_income=40 - 10 * i, students_single_parent=30 - 5 * i)
    blank = SchoolFactory(municipality=muni_a)
    yearly(blank, **dict.fromkeys(OPTIONAL_FIELDS))
    out = index.evaluate(ctx(muni_a), params)
    # the words of the quota kind's sentence as test_plain_words has them: the place, then the factors furthest above
    assert index.sentence(out[schools[0].pk].as_dict(), params) == (
        f"по данным о контингенте и кадрах за 2024/2025 школа среди 25,0{NBSP}% наименее благополучных школ "
        "муниципалитета (1-е место из 4, считая от наименее благополучной); выше всего относительно других школ: "
        f"доля обучающихся из неполных семей — 30,0{NBSP}%, доля обучающихся из малоимущих семей — 40,0{NBSP}%")
    reason = index.unjudged_reason(out[blank.pk].as_dict(), params, {})
    assert reason.startswith("нет данных о 9 показателях (из малоимущих семей, ")
    assert reason.endswith(f"): известны факторы с весом 0,5 из 8,5 — меньше 50,0{NBSP}% общего веса")


def test_the_data_check_warns_when_the_yearly_data_is_missing(muni_a):
    from identification import selectors

    from ..factories import result

    result(SchoolFactory(municipality=muni_a), 2024, "vpr", "math", 5, 40)
    check = selectors.data_check(criteria=presence_methodology().criteria, region=muni_a.region,
                                 municipality=muni_a, start_year=2025)
    assert check.warnings[-1] == ("Нет данных о контингенте и социальном контексте школ за 2024/2025 (Динской "
                                  "район): критерий ШССУ по этим данным не будет рассчитан.")


def test_the_run_and_why_pages_show_the_factors(client_for, methodologist_a, muni_a):
    from django.urls import reverse

    from identification import services

    from ..factories import result
    from ..html import text_of

    poor, fine = SchoolFactory(municipality=muni_a, location="rural"), SchoolFactory(municipality=muni_a)
    yearly(poor, **DIFFICULT)
    yearly(fine, **WELL_OFF)
    result(poor, 2024, "vpr", "math", 5, 20)  # an official run needs the year's results
    run = services.create_run(actor=methodologist_a, methodology=presence_methodology(), region=muni_a.region,
                              municipality=muni_a, start_year=2025, enqueue=False)
    services.compute_run(run=run)
    stored = {rs.school_id: rs for rs in run.schools.all()}
    assert "dsc" in stored[poor.pk].proposed and "dsc" not in stored[fine.pk].proposed
    client = client_for(methodologist_a)
    assert client.get(reverse("identification:run_detail", args=[run.pk])).status_code == 200
    page = text_of(client.get(reverse("identification:why", args=[run.pk, poor.pk])))
    assert "за порогом 7 факторов, вес 6,0 при планке 3,0" in page
    assert "из малоимущих семей: 35,0 % (порог 20,0 %) — за порогом, вес 1,0" in page
