"""Each criterion kind on hand-made data with known answers."""

import pytest

from identification.criteria import KINDS, EvidenceView, RunContext
from schools.models import STUDENT_SUBSET_FIELDS

from ..factories import V3, MethodologyFactory, SchoolFactory, SchoolYearDataFactory, result

PARAMS = {c["code"]: c["params"] for c in V3.CRITERIA_V3}


def ctx(muni, year=2024, **kw):
    return RunContext(year=year, region_id=muni.region_id, municipality_id=muni.pk, **kw)


# ---- failing share ----------------------------------------------------------------------------

def failing(muni, **kw):
    return KINDS["failing_share"].evaluate(ctx(muni, **kw), {**PARAMS["C1"], **kw.pop("params", {})})


def test_exactly_30_percent_counts(school_a1, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=12)  # 30.0 %
    result(school_a1, 2024, "vpr", "russian", 5, 40, mark2=12)
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "met" and ev.value == 2
    assert "ВПР математика 5 кл., 2024/2025: 30,0\u00a0% (n = 40)" in ev.details


def test_just_below_threshold_is_not_met(school_a1, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=11)  # 27.5 %
    result(school_a1, 2024, "vpr", "russian", 5, 40, mark2=12)  # 30 %
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "not_met" and ev.value == 1


def test_same_procedure_two_years_running(school_a1, muni_a):
    result(school_a1, 2023, "oge", "math", 9, 25, mark2=10)
    result(school_a1, 2024, "oge", "math", 9, 25, mark2=9)
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "met" and ev.value == 1
    assert ev.years == [2023, 2024]


def test_missing_previous_year_breaks_the_run(school_a1, muni_a):
    result(school_a1, 2022, "oge", "math", 9, 25, mark2=10)  # outside the 2-year window
    result(school_a1, 2024, "oge", "math", 9, 25, mark2=9)
    assert failing(muni_a)[school_a1.pk].outcome == "not_met"


def test_small_samples_are_not_judged(school_a1, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 9, mark2=9)  # 100 % but 9 participants
    result(school_a1, 2024, "vpr", "russian", 5, 9, mark2=9)
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "no_data"
    assert ev.unreliable
    assert ev.details == ["Не оценивались — меньше 10 участников: 2 результата за 2024/2025"]


def test_unreliable_sample_is_marked(school_a1, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 15, mark2=6)
    result(school_a1, 2024, "vpr", "russian", 5, 15, mark2=6)
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "met" and ev.unreliable
    assert "малая выборка" in ev.details[0]


def test_ege_below_minimum_counts_as_failing(school_a1, muni_a):
    result(school_a1, 2023, "ege", "russian", 11, 20, mark2=6, mean_score=51)
    result(school_a1, 2024, "ege", "russian", 11, 20, mark2=7, mean_score=49)
    ev = failing(muni_a)[school_a1.pk]
    assert ev.outcome == "met"
    assert ev.details[0].startswith("ЕГЭ русский язык 11 кл., 2024/2025: 35,0\u00a0%")


def test_school_without_results_has_no_evidence_row(school_a1, school_a2, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=1)
    out = failing(muni_a)
    assert school_a2.pk not in out  # the engine turns absence into "not enough data"


def test_other_municipality_is_not_in_scope(school_a1, school_b1, muni_a):
    result(school_b1, 2024, "vpr", "math", 5, 40, mark2=30)
    assert school_b1.pk not in failing(muni_a)


# ---- bottom of the distribution ----------------------------------------------------------------

def ten_schools(muni, scores_by_year, subject="math", procedure="vpr", grade=5, participants=30):
    schools = [SchoolFactory(municipality=muni) for _ in range(10)]
    for year, scores in scores_by_year.items():
        for school, score in zip(schools, scores, strict=True):
            if score is not None:
                result(school, year, procedure, subject, grade, participants, mean_score=score)
    return schools


def bottom(muni, **params):
    return KINDS["bottom_distribution"].evaluate(ctx(muni), {**PARAMS["C2"], **params})


def test_bottom_10_percent_in_two_of_three_years(muni_a):
    schools = ten_schools(muni_a, {
        2022: [10, 20, 21, 22, 23, 24, 25, 26, 27, 28],
        2023: [29, 11, 21, 22, 23, 24, 25, 26, 27, 28],
        2024: [9, 20, 21, 22, 23, 24, 25, 26, 27, 28],
    })
    out = bottom(muni_a)
    assert out[schools[0].pk].outcome == "met" and out[schools[0].pk].value == 2
    assert out[schools[1].pk].outcome == "not_met" and out[schools[1].pk].value == 1
    assert out[schools[9].pk].outcome == "not_met"
    assert [p[0] for p in out[schools[0].pk].series] == [2022, 2023, 2024]


def test_tied_schools_at_the_cut_are_all_in(muni_a):
    # two schools tie at the bottom of ten: the bottom 10 % is place 1, and a school whose result equals that of a
    # school in it is in it too (an earlier rule left both out: 2 of 10 "at or below" is 20 %)
    schools = ten_schools(muni_a, {y: [10, 10, 21, 22, 23, 24, 25, 26, 27, 28] for y in (2022, 2023, 2024)})
    out = bottom(muni_a, group="municipality")
    assert out[schools[0].pk].outcome == "met" and out[schools[1].pk].outcome == "met"
    assert out[schools[0].pk].series[-1][2:4] == [1, 10]  # both at place 1 of 10
    assert out[schools[2].pk].outcome == "not_met" and out[schools[2].pk].series[-1][2] == 3


def test_one_year_of_data_is_not_enough(muni_a):
    schools = ten_schools(muni_a, {2024: [5, 20, 21, 22, 23, 24, 25, 26, 27, 28]})
    ev = bottom(muni_a)[schools[0].pk]
    assert ev.outcome == "no_data" and ev.reason == "years"


def test_small_school_is_not_ranked(muni_a):
    schools = ten_schools(muni_a, {y: [5, 20, 21, 22, 23, 24, 25, 26, 27, 28] for y in (2023, 2024)},
                          participants=8)
    ev = bottom(muni_a)[schools[0].pk]
    # every unit under the minimum: not enough data, and the units are shown as such
    assert ev.outcome == "no_data" and ev.reason == "small" and ev.unreliable and ev.series == []
    assert ev.value_text == "во всех классах меньше 10 участников"
    assert "— 5 кл.: средний балл 5,00, n = 8 — меньше 10 участников, не учитывается" in ev.details


def test_region_group_compares_with_other_municipalities(muni_a, muni_b):
    low = ten_schools(muni_a, {y: [15, 15, 15, 15, 15, 16, 16, 16, 16, 16] for y in (2023, 2024)})
    ten_schools(muni_b, {y: [30] * 10 for y in (2023, 2024)})
    out = bottom(muni_a, group="region", bottom_pct=50.0)
    assert all(out[s.pk].outcome == "met" for s in low)
    # within their own municipality only the five at 15 are the bottom half
    out = bottom(muni_a, group="municipality", bottom_pct=50.0)
    assert [out[s.pk].outcome for s in low] == ["met"] * 5 + ["not_met"] * 5


# ---- objectivity ------------------------------------------------------------------------------

def objectivity(muni, **params):
    return KINDS["objectivity"].evaluate(ctx(muni), {**PARAMS["C5"], **params})


def test_objectivity_signal_on_low_confirmation(school_a1, school_a2, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 40, lowered=4, confirmed=16, raised=20)  # 40 % confirmed
    result(school_a2, 2024, "vpr", "math", 5, 40, lowered=8, confirmed=30, raised=2)  # 75 %, 5 % raised
    out = objectivity(muni_a)
    assert out[school_a1.pk].outcome == "met" and out[school_a1.pk].value == 40.0
    assert "повысили 50,0\u00a0%" in KINDS["objectivity"].explain(out[school_a1.pk].as_dict(), PARAMS["C5"])[0]
    assert out[school_a2.pk].outcome == "not_met"


def test_objectivity_raised_boundary(school_a1, muni_a):
    result(school_a1, 2024, "vpr", "math", 5, 40, lowered=0, confirmed=34, raised=6)  # raised exactly 15 %
    assert objectivity(muni_a)[school_a1.pk].outcome == "met"


def test_objectivity_reads_oge_on_its_own_and_skips_missing_journal(school_a1, school_a2, muni_a):
    # ОГЭ with inflated annual marks; ВПР of the same school fine: signalled through ОГЭ, each procedure its own line
    result(school_a1, 2024, "oge", "math", 9, 40, lowered=0, confirmed=10, raised=30)
    result(school_a1, 2024, "vpr", "math", 5, 40, lowered=2, confirmed=36, raised=2)
    result(school_a1, 2024, "vpr", "russian", 5, 40)  # no journal comparison: not read
    result(school_a2, 2024, "vpr", "russian", 5, 40)
    out = objectivity(muni_a)
    ev = out[school_a1.pk]
    assert ev.outcome == "met" and ev.value == 25.0  # the lowest confirmed share of the procedures
    assert ev.details == ["ВПР: понизили 5,0\u00a0%, подтвердили 90,0\u00a0%, повысили 5,0\u00a0% (n = 40)",
                          "ОГЭ: понизили 0,0\u00a0%, подтвердили 25,0\u00a0%, повысили 75,0\u00a0% (n = 40) — сигнал"]
    assert school_a2.pk not in out
    # a methodology that names ВПР alone (as every one saved before ОГЭ was read) does not see the ОГЭ
    assert objectivity(muni_a, procedures=["vpr"])[school_a1.pk].outcome == "not_met"
    older = {k: v for k, v in PARAMS["C5"].items() if k != "procedures"}
    assert KINDS["objectivity"].evaluate(ctx(muni_a), older)[school_a1.pk].outcome == "not_met"


def test_objectivity_pools_units_of_one_procedure_but_never_small_ones(school_a1, school_a2, muni_a):
    # two ВПР units: 30 of 40 confirmed and 0 of 9 (under the minimum: listed, not counted) → 75 % confirmed
    result(school_a1, 2024, "vpr", "math", 5, 40, lowered=5, confirmed=30, raised=5)
    result(school_a1, 2024, "vpr", "math", 6, 9, lowered=0, confirmed=0, raised=9)
    # every unit under the minimum: not enough data, never a signal
    result(school_a2, 2024, "vpr", "math", 5, 9, lowered=0, confirmed=0, raised=9)
    out = objectivity(muni_a)
    assert out[school_a1.pk].outcome == "not_met" and out[school_a1.pk].value == 75.0
    assert out[school_a1.pk].details[-1] == "Не оценивались — меньше 10 участников: 1 результат за 2024/2025"
    assert out[school_a2.pk].outcome == "no_data" and out[school_a2.pk].procedures == []


# ---- social well-being index -----------------------------------------------------------------

def test_social_index_bottom_quarter(muni_a):
    schools = [SchoolFactory(municipality=muni_a) for _ in range(8)]
    for i, school in enumerate(schools):
        # school 0 and 1 are the most disadvantaged on every factor
        share = 40 - 4 * i
        SchoolYearDataFactory(school=school, school_year__start_year=2024, students=100,
                              students_low_income=share, students_single_parent=share,
                              students_parents_no_higher_ed=share, students_non_native=share,
                              students_disabled=share // 4, students_preventive_register=share // 8,
                              students_unexcused_absences=share // 4)
    out = KINDS["social_index"].evaluate(ctx(muni_a), PARAMS["C6"])
    assert [out[s.pk].outcome for s in schools] == ["met", "met"] + ["not_met"] * 6
    assert out[schools[0].pk].value < out[schools[7].pk].value
    assert "из малоимущих семей: 40,0\u00a0% (z = +" in KINDS["social_index"].explain(
        out[schools[0].pk].as_dict(), PARAMS["C6"])[1]


def yearly(school, students=100, **counts):
    zeros = dict.fromkeys(STUDENT_SUBSET_FIELDS, 0)
    return SchoolYearDataFactory(school=school, school_year__start_year=2024, students=students,
                                 **{**zeros, **counts})


def test_social_index_weights_change_the_answer(muni_a):
    a, b, c, d = (SchoolFactory(municipality=muni_a) for _ in range(4))
    yearly(a, students_low_income=50)
    yearly(b, students_non_native=50)
    for s in (c, d):
        yearly(s, students_low_income=10, students_non_native=10)
    params = {**PARAMS["C6"], "weights": {"students_low_income": 1.0}}
    out = KINDS["social_index"].evaluate(ctx(muni_a), params)
    assert out[a.pk].outcome == "met" and out[b.pk].outcome == "not_met"
    params = {**PARAMS["C6"], "weights": {"students_non_native": 1.0}}
    out = KINDS["social_index"].evaluate(ctx(muni_a), params)
    assert out[b.pk].outcome == "met" and out[a.pk].outcome == "not_met"


def test_social_index_without_yearly_data(school_a1, muni_a):
    assert KINDS["social_index"].evaluate(ctx(muni_a), PARAMS["C6"]) == {}


def test_social_index_reads_resource_deficits(muni_a):
    """Four schools with the same families; one short of staff (vacancies, young specialists, many students per
    teacher): with the resource factors it is the least well-off, without them nobody stands out."""
    schools = [SchoolFactory(municipality=muni_a) for _ in range(4)]
    for i, school in enumerate(schools):
        short = i == 0
        yearly(school, students=300, students_low_income=30, teachers=12 if short else 25,
               young_specialists=6 if short else 2, vacancies=5 if short else 0)
    resources = {"vacancies": 1.0, "young_specialists": 1.0, "students_per_teacher": 1.0}
    out = KINDS["social_index"].evaluate(ctx(muni_a), {**PARAMS["C6"], "weights": resources})
    assert [out[s.pk].outcome for s in schools] == ["met", "not_met", "not_met", "not_met"]
    lines = KINDS["social_index"].explain(out[schools[0].pk].as_dict(), {"weights": resources})
    assert lines[0] == "столько же или хуже — у 25,0\u00a0% из 4 школ; место 1 от наименее благополучной"
    assert lines[1].startswith("незанятые ставки: вакансии от штата с вакансиями: 29,4\u00a0% (z = +")  # 5 of 17
    assert lines[2].startswith("молодые специалисты среди педагогов: 50,0\u00a0% (z = +")
    assert lines[3].startswith("обучающихся на одного педагога: 25,0 (z = +")
    # the default methodology weighs them at half a social factor
    assert {k: PARAMS["C6"]["weights"][k] for k in resources} == dict.fromkeys(resources, 0.5)
    social = {"students_low_income": 1.0}
    out = KINDS["social_index"].evaluate(ctx(muni_a), {**PARAMS["C6"], "weights": social})
    assert {out[s.pk].outcome for s in schools} == {"met"}  # all tied: all in (the rule of the bottom X %)


def test_social_index_without_teachers_leaves_the_staff_factors_out(muni_a):
    a, b = SchoolFactory(municipality=muni_a), SchoolFactory(municipality=muni_a)
    yearly(a, students=100, teachers=0, young_specialists=0)
    yearly(b, students=100, teachers=10, vacancies=2)
    weights = {"vacancies": 1.0, "students_per_teacher": 1.0}
    out = KINDS["social_index"].evaluate(ctx(muni_a), {**PARAMS["C6"], "weights": weights})
    assert out[a.pk].data["factors"][1] == [None, 0.0]  # no teachers: no ratio
    lines = KINDS["social_index"].explain(out[a.pk].as_dict(), {"weights": weights})
    assert "обучающихся на одного педагога: нет данных — не входит в индекс" in lines
    assert lines[0].endswith("индекс — по известным факторам, без 1 неизвестного")


def test_social_index_leaves_unknown_factors_out(muni_a):
    """An unknown share (NULL) is neither 0 nor the average: the school is indexed on its known factors, and the
    group's mean of that factor is taken over the schools that know it."""
    a, b, c = (SchoolFactory(municipality=muni_a) for _ in range(3))
    weights = {"students_low_income": 1.0, "students_single_parent": 1.0}
    yearly(a, students=100, students_low_income=40, students_single_parent=None)
    yearly(b, students=100, students_low_income=20, students_single_parent=10)
    yearly(c, students=100, students_low_income=0, students_single_parent=30)
    out = KINDS["social_index"].evaluate(ctx(muni_a), {**PARAMS["C6"], "weights": weights})
    # a: low income z = (0.4 − 0.2) / sd(0.4, 0.2, 0) = +1.22; single parent unknown — the index is that z alone
    assert out[a.pk].data["factors"][1] == [None, 0.0]
    assert out[a.pk].value == -1.22
    assert out[a.pk].data["place"] == 1 and out[a.pk].data["size"] == 3
    # b, c: single parent over the two schools that know it (mean 0.2, sd 0.1) — a's unknown is not read as 0
    assert out[b.pk].data["factors"][1] == [10.0, -1.0]
    lines = KINDS["social_index"].explain(out[a.pk].as_dict(), {"weights": weights})
    assert "из неполных семей: нет данных — не входит в индекс" in lines
    assert "нет данных: 1" in KINDS["social_index"].value_text(out[a.pk].as_dict(), {"weights": weights})


def test_social_index_with_too_few_known_factors_is_not_evaluated(muni_a):
    """A director who entered only the students and the teachers: one resource factor of weight 0,5 known out of
    8,5 — the school is «недостаточно данных» and does not count among the schools ranked."""
    a, b, c = (SchoolFactory(municipality=muni_a) for _ in range(3))
    unknown = dict.fromkeys((*STUDENT_SUBSET_FIELDS, "young_specialists", "vacancies"))
    yearly(a, students=300, teachers=20, **unknown)
    yearly(b, students=300, students_low_income=90, teachers=20)
    yearly(c, students=300, students_low_income=10, teachers=20)
    out = KINDS["social_index"].evaluate(ctx(muni_a), PARAMS["C6"])
    assert out[a.pk].outcome == "no_data"
    assert out[a.pk].data["size"] == 0
    assert out[b.pk].data["size"] == 2  # a is not counted among the schools ranked
    lines = KINDS["social_index"].explain(out[a.pk].as_dict(), PARAMS["C6"])
    assert lines[0] == "не оценена: известны факторы с весом 0,5 из 8,5 — меньше 50,0\u00a0%"
    assert sum("нет данных — не входит в индекс" in line for line in lines) == 9
    assert KINDS["social_index"].value_text(out[a.pk].as_dict(), PARAMS["C6"]).startswith("не оценена")
    # the parameter lowers the bar: with 5 % of the weight known, the school is indexed on that one factor
    out = KINDS["social_index"].evaluate(ctx(muni_a), {**PARAMS["C6"], "min_known_pct": 5.0})
    assert out[a.pk].outcome in ("met", "not_met")


# ---- parameters ---------------------------------------------------------------------------------

def test_parameters_are_validated_in_russian():
    from django.core.exceptions import ValidationError

    from identification.criteria import validate_params

    with pytest.raises(ValidationError) as exc:
        validate_params(KINDS["failing_share"], {"threshold_pct": 150, "min_procedures": "два",
                                                 "procedures": ["xyz"]})
    messages = exc.value.message_dict
    # the bound as set (0,1), not rounded to a misleading 0
    assert messages["threshold_pct"] == ["«Порог доли «2», %»: значение должно быть от 0,1 до 100."]
    assert "недопустимое значение «два»" in messages["min_procedures"][0]
    assert "procedures" in messages


# ---- evidence read back -------------------------------------------------------------------------

def test_evidence_words_are_made_on_display_and_old_runs_still_read(school_a1, muni_a):
    result(school_a1, 2023, "oge", "math", 9, 25, mark2=10)
    result(school_a1, 2024, "oge", "math", 9, 25, mark2=9)
    ev = failing(muni_a)[school_a1.pk]
    assert "value_text" not in ev.raw and "details" not in ev.raw  # stored compactly
    assert ev.value_text == "1 результат в 2024/2025; 2 года подряд в одном"
    assert ev.details == ["ОГЭ математика 9 кл., 2024/2025: 36,0\u00a0% (n = 25)",
                          "ОГЭ математика 9 кл., 2023/2024: 40,0\u00a0% (n = 25)"]
    # a run stored by the earlier engine kept ready words: they are shown as they were
    old = {"outcome": "met", "value": 2, "value_text": "2 процедуры в 2024/2025", "years": [2023, 2024],
           "details": ["ВПР математика 5 кл., 2024/2025: 35,0\u00a0% (n = 40)"]}
    view = EvidenceView(old, KINDS["failing_share"], PARAMS["C1"])
    assert (view.value_text, view.years, view.details) == (old["value_text"], [2023, 2024], old["details"])


def test_run_over_the_engine_equals_the_criteria_on_their_own(school_a1, school_a2, muni_a, year):
    from identification import services
    from identification.models import Methodology

    for school, share in ((school_a1, 12), (school_a2, 2)):
        for y in (2023, 2024):
            marks = {"mark2": share, "mark3": 20 - share, "mark4": 12, "mark5": 8}
            result(school, y, "vpr", "math", 5, 40, mean_score=10 + share, **marks)
            result(school, y, "vpr", "russian", 5, 40, mean_score=12 + share, **marks)
    # version 3's criteria (the rank and threshold kinds this file tests); the default's after them
    run = services.create_run(actor=None, methodology=MethodologyFactory(), region=muni_a.region,
                              municipality=muni_a, start_year=2025, enqueue=False)  # reads 2024/2025 and before
    run = services.compute_run(run=run)
    stored = {rs.school_id: rs for rs in run.schools.all()}
    assert set(stored) == {school_a1.pk, school_a2.pk}
    c1 = failing(muni_a)
    for school_id, rs in stored.items():
        assert rs.evidence["C1"] == c1[school_id].raw
        assert rs.evidence["C6"] == {"outcome": "no_data"}  # no yearly data: absence becomes "not enough data"
    assert stored[school_a1.pk].met == ["C1"] and stored[school_a2.pk].met == []
    # every criterion's part of the stored figures reads back as the criterion evaluated on its own
    context = ctx(muni_a)
    for criterion in run.snapshot["criteria"]:
        alone = KINDS[criterion["kind"]].evaluate(context, criterion["params"])
        for school_id, rs in stored.items():
            expected = alone[school_id].raw if school_id in alone else {"outcome": "no_data"}
            assert rs.evidence[criterion["code"]] == expected, criterion["code"]
    # [year, position %, place from the bottom, schools compared, participants, units]: the better of two schools
    assert stored[school_a1.pk].evidence["C2"]["series"] == [[2023, 100.0, 2, 2, 40, 1], [2024, 100.0, 2, 2, 40, 1]]
    assert stored[school_a1.pk].evidence["C2"]["reason"] == "schools"  # two schools: no bottom 10 % among them
    from identification.criteria.figures import flatten
    assert all(isinstance(x, int | float | None) for x in flatten(stored[school_a1.pk].figures))  # numbers only
    # the default methodology's computed kinds too: the staged rows read back as each kind evaluated on its own
    run = services.compute_run(run=services.create_run(
        actor=None, methodology=Methodology.objects.get(is_default=True), region=muni_a.region, municipality=muni_a,
        start_year=2025, enqueue=False))
    stored = {rs.school_id: rs for rs in run.schools.all()}
    for criterion in run.snapshot["criteria"]:
        alone = KINDS[criterion["kind"]].evaluate(context, criterion["params"])
        for school_id, rs in stored.items():
            expected = alone[school_id].raw if school_id in alone else {"outcome": "no_data"}
            assert rs.evidence[criterion["code"]] == expected, criterion["code"]
    c1 = stored[school_a1.pk].evidence["C1"]
    assert (c1["outcome"], c1["n"], c1["k"]) == ("not_met", 160, 48)  # 30 % observed: not surely at least 30 %


def test_run_schools_stored_before_figures_keep_their_json(school_a1, muni_a, year):
    from identification.models import Methodology, Run, RunSchool

    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=muni_a.region,
                             municipality=muni_a, school_year=year,
                             snapshot=Methodology.objects.get(is_default=True).snapshot())
    old = {"C1": {"outcome": "met", "value": 2, "value_text": "2 процедуры в 2024/2025"}}
    RunSchool.objects.create(run=run, school=school_a1, legacy_evidence=old)
    assert RunSchool.objects.get(run=run).evidence == old


def test_figures_read_the_same_from_postgresql_and_sqlite_shapes():
    from identification.criteria.base import decode
    from identification.criteria.figures import ABSENT, Layout, flatten

    layout = Layout(scalars=("value",), lists=(("series", ("year", "n")),))
    flat = [3, 2.0, 2, 2023, 2024, 30, 40]  # met, value 2, two rows: (2023, 30), (2024, 40)
    nested = [[3, 2.0], [[2], [2023, 2024], [30, 40]]]  # json_array(json(head), json(tail)) on SQLite
    expected = {"outcome": "met", "value": 2.0, "series": [[2023, 30], [2024, 40]]}
    assert layout.read(flat, 0) == layout.read(flatten(nested), 0) == (expected, 7)
    assert layout.read([ABSENT, 9], 0) == (None, 1)  # a school the criterion returned no row for
    criteria = [{"code": "C5", "kind": "objectivity", "params": PARAMS["C5"]},
                {"code": "C6", "kind": "social_index", "params": PARAMS["C6"]}]
    assert decode([3, 40, 2024, 0, 10.0, 40.0, 50.0, ABSENT], criteria) == {
        "C5": {"outcome": "met", "value": 40.0, "sample": 40, "year": 2024, "unreliable": False,
               "data": {"lowered": 10.0, "confirmed": 40.0, "raised": 50.0}},
        "C6": {"outcome": "no_data"}}
