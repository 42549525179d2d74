"""Bottom of the distribution: scores compared within procedure × subject × grade × year, the
small-sample rule per unit, the region as the reference population, ties at the cut, too few schools, exact ties
on every database, and runs stored before the method changed.

The suite runs on SQLite by default and on PostgreSQL in CI (DATABASE_URL): every test here runs on both, and the
exact-tie test pins the decisions both must reach to a hand computation."""

import pytest
from django.urls import reverse

from identification import services
from identification.criteria import KINDS, EvidenceView, RunContext
from identification.criteria.bottom_distribution import BottomDistribution
from identification.criteria.figures import ABSENT
from identification.methodology import DEFAULT_CRITERIA, DEFAULT_RULES, DEFAULT_SAMPLE
from identification.models import Methodology, Run, RunSchool
from schools.models import Subject

from ..factories import V3, MethodologyFactory, SchoolFactory, result

C2 = next(c["params"] for c in V3.CRITERIA_V3 if c["code"] == "C2")  # ВПР, математика, region, 10 %, 2 of 3


def evaluate(muni, year=2024, **params):
    ctx = RunContext(year=year, region_id=muni.region_id, municipality_id=muni.pk)
    return KINDS["bottom_distribution"].evaluate(ctx, {**C2, **params})


def schools_with(muni, means: list, grade=5, years=(2023, 2024), participants=30, subject="math"):
    """One school per mean, each with one unit (grade) per year."""
    schools = [SchoolFactory(municipality=muni) for _ in means]
    for school, mean in zip(schools, means, strict=True):
        for year in years:
            result(school, year, "vpr", subject, grade, participants, mean_score=mean)
    return schools


def test_default_methodology_compares_with_the_region_and_matches_the_code(db):
    methodology = Methodology.objects.get(is_default=True)
    assert (methodology.family, methodology.version) == ("default", 4)
    assert methodology.criteria == DEFAULT_CRITERIA
    assert methodology.rules == {str(k): v for k, v in DEFAULT_RULES.items()} and methodology.sample == DEFAULT_SAMPLE
    # version 3 keeps its region-wide rank criteria for the runs that used it
    v3 = Methodology.objects.get(family="default", version=3)
    assert all(c["params"]["group"] == "region" for c in v3.criteria if c["kind"] == "bottom_distribution")
    # version 1 keeps its municipality comparison for the runs that used it
    v1 = Methodology.objects.get(family="default", version=1)
    assert {c["params"]["group"] for c in v1.criteria if c["kind"] == "bottom_distribution"} == {"municipality"}
    # version 2 keeps ВПР alone in objectivity and the social factors alone in the index
    v2 = {c["code"]: c["params"] for c in Methodology.objects.get(family="default", version=2).criteria}
    assert "procedures" not in v2["C5"] and "vacancies" not in v2["C6"]["weights"]


def test_primary_school_at_the_grade_4_average_is_not_ranked_lowest(muni_a):
    # twelve schools with grades 4 and 7 (a grade-4 test has fewer points), and a primary school (НОШ, grade 4 only)
    # exactly in the middle of grade 4; pooling raw scores over grades put it lowest of all
    full = [SchoolFactory(municipality=muni_a) for _ in range(12)]
    for i, school in enumerate(full):
        for year in (2023, 2024):
            result(school, year, "vpr", "math", 4, 25, mean_score=10 + i)  # 10 … 21
            result(school, year, "vpr", "math", 7, 25, mean_score=30 + i)  # 30 … 41
    primary = SchoolFactory(municipality=muni_a)
    for year in (2023, 2024):
        result(primary, year, "vpr", "math", 4, 25, mean_score="15.50")
    out = evaluate(muni_a)
    ev = out[primary.pk]
    # grade 4: 6 of the 12 full schools score lower (10 … 15), so 7 of 13 schools score the same or lower
    assert ev.units[-1] == [2024, 4, 15.5, 25, 7, 13, 2]
    assert ev.series[-1][1] == pytest.approx(100 * (7 * 1_000_000 // 13) / 1_000_000)  # 53.8461 %
    assert ev.outcome == "not_met" and ev.value == 0
    assert ev.series[-1][2] > 1  # not at the bottom
    # the school lowest in both grades is at the bottom: 1 of 13 in grade 4, 1 of 12 in grade 7
    lowest = out[full[0].pk]
    assert lowest.outcome == "met" and lowest.series[-1][2:4] == [1, 13]
    assert lowest.series[-1][1] == pytest.approx((25 * (1_000_000 // 13) + 25 * (1_000_000 // 12)) // 50 / 10_000)
    assert "— 4 кл.: средний балл 15,50; столько же или меньше — у 7 из 13 школ (53,8\u00a0%), n = 25" in ev.details


def test_school_with_every_unit_under_the_minimum_is_never_labelled(muni_a, methodologist_a):
    schools = schools_with(muni_a, [30 + i for i in range(11)], years=(2022, 2023, 2024))
    for s in schools:
        for year in (2022, 2023, 2024):
            result(s, year, "vpr", "russian", 5, 30, mean_score=30)
    tiny = SchoolFactory(municipality=muni_a)
    for year in (2022, 2023, 2024):
        for subject in ("math", "russian"):  # the lowest means and every mark «2», but 8 and 9 participants
            result(tiny, year, "vpr", subject, 5, 8, mark2=8, mean_score=1)
            result(tiny, year, "vpr", subject, 6, 9, mark2=9, mean_score=1)
    run = services.create_run(actor=methodologist_a, methodology=MethodologyFactory(),  # version 3's criteria
                              region=muni_a.region, municipality=muni_a, start_year=2025, enqueue=False)
    row = services.compute_run(run=run).schools.get(school=tiny)
    assert row.proposed == [] and row.met == []
    for code in ("C1", "C2", "C3"):
        assert row.evidence[code]["outcome"] == "no_data", code
    c2 = row.evidence["C2"]
    assert c2["reason"] == "small" and c2["series"] == [] and all(u[-1] == 0 for u in c2["units"])
    view = EvidenceView(c2, KINDS["bottom_distribution"], C2)
    assert view.value_text == "во всех классах меньше 10 участников"
    assert view.details[:3] == ["2022/2023: не оценивается — во всех классах меньше 10 участников",
                                "— 5 кл.: средний балл 1,00, n = 8 — меньше 10 участников, не учитывается",
                                "— 6 кл.: средний балл 1,00, n = 9 — меньше 10 участников, не учитывается"]
    # the school next to it is judged as usual: its units under the minimum take no part in anyone's ranking
    assert run.schools.get(school=schools[0]).evidence["C2"]["series"][-1][2:4] == [1, 11]


def test_unit_under_the_minimum_is_left_out_of_the_pooled_position(muni_a):
    schools = schools_with(muni_a, [20 + i for i in range(10)])
    mixed = schools[0]
    for year in (2023, 2024):  # a tiny grade 6 with a high mean must not lift the school
        result(mixed, year, "vpr", "math", 6, 5, mean_score=99)
    ev = evaluate(mixed.municipality)[mixed.pk]
    assert ev.outcome == "met" and ev.series[-1][1:] == [10.0, 1, 10, 30, 1]
    assert [u[1:] for u in ev.units if u[0] == 2024] == [[5, 20.0, 30, 1, 10, 2], [6, 99.0, 5, 0, 0, 0]]


def test_municipality_of_eight_schools_is_compared_with_the_region(muni_a, muni_b):
    small = schools_with(muni_a, [10, 21, 22, 23, 24, 25, 26, 27])
    schools_with(muni_b, [20 + i for i in range(12)])
    out = evaluate(muni_a)  # the region: 20 schools, the bottom 10 % are places 1–2
    assert out[small[0].pk].outcome == "met" and out[small[0].pk].series[-1][2:4] == [1, 20]
    assert [out[s.pk].outcome for s in small[1:]] == ["not_met"] * 7
    # against its own municipality alone the bottom 10 % of 8 schools holds none: not enough schools to compare
    ev = evaluate(muni_a, group="municipality")[small[0].pk]
    assert ev.outcome == "no_data" and ev.reason == "schools"
    assert ev.value_text == "недостаточно школ для сравнения"
    assert ev.details[0] == ("Недостаточно школ для сравнения: нижние 10,0\u00a0% выделяются среди не меньше чем "
                             "10 школ с результатами за год.")
    assert "2024/2025: позиция школы 12,5\u00a0% (1 класс, n = 30); недостаточно школ для сравнения — 8 школ, " \
           "нужно не меньше 10" in ev.details


@pytest.mark.parametrize("bottom_pct, needed", [(10.0, 10), (25.0, 4), (30.0, 4), (50.0, 2)])
def test_too_few_schools_for_the_percentage(muni_a, bottom_pct, needed):
    schools = schools_with(muni_a, [10 + i for i in range(needed - 1)])
    ev = evaluate(muni_a, group="municipality", bottom_pct=bottom_pct)[schools[0].pk]
    assert ev.outcome == "no_data" and ev.reason == "schools"
    schools_with(muni_a, [50])  # one school more: enough
    ev = evaluate(muni_a, group="municipality", bottom_pct=bottom_pct)[schools[0].pk]
    assert ev.outcome == "met" and ev.reason is None


def test_all_schools_tied_at_the_cut_are_in(muni_a):
    # 20 schools, the bottom 10 % are places 1–2: the lowest, then four tied for place 2 — all five are in
    schools = schools_with(muni_a, [10, 12, 12, 12, 12] + [20 + i for i in range(15)])
    out = evaluate(muni_a)
    assert [out[s.pk].outcome for s in schools[:6]] == ["met"] * 5 + ["not_met"]
    assert [out[s.pk].series[-1][2] for s in schools[:6]] == [1, 2, 2, 2, 2, 6]
    assert out[schools[3].pk].details[0].endswith("место 2 снизу из 20 школ — в нижних 10,0\u00a0% (места 1–2 и "
                                                  "равные им)")
    assert out[schools[5].pk].details[0].endswith("место 6 снизу из 20 школ — не в нижних 10,0\u00a0% (места 1–2 и "
                                                  "равные им)")


def test_exact_ties_are_the_same_on_every_database(muni_a):
    """Pooled positions that are equal as numbers tie on PostgreSQL and SQLite alike.

    School A is lowest of 10 in grade 5 (1/10, 30 participants) and third of 10 in grade 6 (3/10, 10 participants):
    (30 · 0.1 + 10 · 0.3) / 40 = 0.15. School B is third of 20 in grade 7 (3/20 = 0.15, 40 participants). In floating
    point A comes out 0.15000000000000002 and would rank above B; in millionths both are 150000 and tie at place 3
    of 30, and places 1–3 are the bottom 10 %: both are in."""
    year = 2024
    a = SchoolFactory(municipality=muni_a, short_name="A")
    fillers = [SchoolFactory(municipality=muni_a) for _ in range(9)]  # grades 5 and 6 with A
    for i, school in enumerate(fillers):  # grade 5: 2nd … 10th; grade 6: the last two fillers first, the rest 4th …
        result(school, year, "vpr", "math", 5, 20, mean_score=20 + i)
        result(school, year, "vpr", "math", 6, 20, mean_score={7: 5, 8: 6}.get(i, 20 + i))
    result(a, year, "vpr", "math", 5, 30, mean_score=10)
    result(a, year, "vpr", "math", 6, 10, mean_score=7)
    seventh = [SchoolFactory(municipality=muni_a) for _ in range(20)]  # grade 7 only; B is the third
    for i, school in enumerate(seventh):
        result(school, year, "vpr", "math", 7, 40, mean_score=10 + i)
    b = seventh[2]
    out = evaluate(muni_a, min_years=1, window_years=1)
    met = {pk for pk, ev in out.items() if ev.outcome == "met"}
    assert met == {seventh[0].pk, seventh[1].pk, a.pk, b.pk}
    assert out[a.pk].series == [[2024, 15.0, 3, 30, 40, 2]]
    assert out[b.pk].series == [[2024, 15.0, 3, 30, 40, 1]]
    # grade 6 has 10 participants: judged, a small sample (state 1)
    assert out[a.pk].units == [[2024, 5, 10.0, 30, 1, 10, 2], [2024, 6, 7.0, 10, 3, 10, 1]]
    assert out[b.pk].units == [[2024, 7, 12.0, 40, 3, 20, 2]]
    # the next school up is out: fourth of 20 in grade 7, at place 5
    assert out[seventh[3].pk].outcome == "not_met" and out[seventh[3].pk].series[0][1:3] == [20.0, 5]
    # the fillers pool their two grades: lowest of them the one 9th in grade 5 and 1st in grade 6 — (0.9 + 0.1) / 2
    assert min(out[f.pk].series[0][1] for f in fillers) == 30.0 and out[fillers[7].pk].series[0][1] == 50.0


def test_run_stored_before_the_method_changed_still_reads_and_renders(client_for, methodologist_a, muni_a,
                                                                     school_a1, year):
    """Evidence laid out by the earlier figures (pooled raw scores: [year, mean, % at or below, n, size]) and the
    version-1 snapshot still decode, explain and show on the why page; so does the failing share stored before it
    counted the units under the minimum."""
    v1 = Methodology.objects.get(family="default", version=1)
    run = Run.objects.create(methodology=v1, region=muni_a.region, municipality=muni_a, school_year=year,
                             snapshot=v1.snapshot(), state=Run.State.DONE)
    # C1 and C2 in the earlier layouts: C1 met (one flagged unit, ВПР math grade 5 in 2023: 14 «2» of 40), C2 met
    # (2 years of 3 in the bottom), C3–C6 absent
    math = Subject.objects.get(code="math").pk
    c1 = [3, 1, 2, 40, 2023, 35.0, 0, 1, 0, math, 5, 2023, 14, 40, 0]
    c2 = [3, 2, 0, 3, 2021, 2022, 2023, 15.5, 16.0, 14.25, 5.0, 10.0, 12.5, 40, 42, 38, 20, 20, 24]
    RunSchool.objects.create(run=run, school=school_a1, proposed=["lrs"], met=["C1", "C2"],
                             figures=[*c1, *c2, ABSENT, ABSENT, ABSENT, ABSENT])
    evidence = RunSchool.objects.get(run=run).evidence
    assert evidence["C1"] == {"outcome": "met", "value": 1, "longest": 2, "sample": 40, "worst": [2023, 35.0],
                              "unreliable": False, "units": [["vpr", math, 5, [[2023, 14, 40, 0]]]]}
    c1_view = EvidenceView(evidence["C1"], KINDS["failing_share"], v1.criteria[0]["params"])
    assert c1_view.details == ["ВПР математика 5 кл., 2023/2024: 35,0\u00a0% (n = 40)"]
    assert evidence["C2"] == {"outcome": "met", "value": 2, "sample": 38, "unreliable": False,
                              "series": [[2021, 15.5, 5.0, 40, 20], [2022, 16.0, 10.0, 42, 20],
                                         [2023, 14.25, 12.5, 38, 24]]}
    assert evidence["C3"] == evidence["C6"] == {"outcome": "no_data"}
    params = v1.criteria[1]["params"]
    view = EvidenceView(evidence["C2"], KINDS["bottom_distribution"], params)
    assert view.value_text == "2 года из 3"
    assert view.details[0] == "2021/2022: средний балл 15,50; столько же или меньше — у 5,0\u00a0% из 20 школ " \
                              "(n = 40); в нижней части"
    assert view.years == [2021, 2022, 2023]
    assert BottomDistribution.chart_points(evidence["C2"]) == {2021: 5.0, 2022: 10.0, 2023: 12.5}
    response = client_for(methodologist_a).get(reverse("identification:why", args=[run.pk, school_a1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "средний балл 15,50; столько же или меньше — у 5,0\u00a0% из 20 школ" in html
    assert "ВПР математика 5 кл., 2023/2024: 35,0\u00a0% (n = 40)" in html


def test_run_with_the_current_method_renders_its_units(client_for, methodologist_a, muni_a):
    schools = schools_with(muni_a, [10 + i for i in range(10)], years=(2022, 2023, 2024))
    run = services.create_run(actor=methodologist_a, methodology=MethodologyFactory(),  # version 3's criteria
                              region=muni_a.region, municipality=muni_a, start_year=2025, enqueue=False)
    run = services.compute_run(run=run)
    assert run.schools.get(school=schools[0]).evidence["C2"]["outcome"] == "met"
    html = client_for(methodologist_a).get(reverse("identification:why", args=[run.pk, schools[0].pk])).content.decode()
    assert "место 1 снизу из 10 школ — в нижних 10,0\u00a0% (место 1 и равные ему)" in html
    assert "— 5 кл.: средний балл 10,00; столько же или меньше — у 1 из 10 школ (10,0\u00a0%), n = 30" in html


def test_social_index_ties_do_not_depend_on_the_last_bits_of_arithmetic(muni_a):
    """Three schools with the same three shares in a different order are equally disadvantaged (every factor has
    the same values across them), but their sums of z-scores, added in different orders, differ in the last bits
    (−0.3347295000023978, −0.33472950000239715, −0.3347295000023962 in double precision): ranked by the raw sums
    they got 100 %, 75 % and 50 %; compared to nine decimal places they tie, on every database."""

    from schools.models import STUDENT_SUBSET_FIELDS

    from ..factories import SchoolYearDataFactory

    fields = ("students_low_income", "students_single_parent", "students_non_native")
    values = (43, 55, 20)
    schools = [SchoolFactory(municipality=muni_a) for _ in range(4)]
    for i, school in enumerate(schools):
        shares = values[i:] + values[:i] if i < 3 else (60, 60, 60)  # the fourth: the most disadvantaged
        SchoolYearDataFactory(school=school, school_year__start_year=2024, students=100,
                              **{**dict.fromkeys(STUDENT_SUBSET_FIELDS, 0), **dict(zip(fields, shares, strict=True))})
    params = {"bottom_pct": 25.0, "group": "municipality", "min_students": 1, "weights": dict.fromkeys(fields, 1.0)}
    ctx = RunContext(year=2024, region_id=muni_a.region_id, municipality_id=muni_a.pk)
    out = KINDS["social_index"].evaluate(ctx, params)
    assert out[schools[3].pk].outcome == "met" and out[schools[3].pk].data["rank_pct"] == 25.0
    assert [out[s.pk].data["rank_pct"] for s in schools[:3]] == [100.0] * 3
    assert [out[s.pk].outcome for s in schools[:3]] == ["not_met"] * 3
