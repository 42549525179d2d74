"""The estimated criteria of methodology version 4 (criteria/estimates.py, core/stats.py) on data with a known truth:
the shrinkage recovers what was simulated, every school with results gets a value with an interval, a criterion is
met only when the evidence is strong enough, and the run keeps the number expected to be labelled by chance."""

import numpy as np
import pytest

from core import stats
from identification import services
from identification.criteria import KINDS, RunContext
from identification.methodology import DEFAULT_CRITERIA
from identification.models import Methodology

from ..factories import SchoolFactory, SchoolYearDataFactory, result

PARAMS = {c["code"]: c["params"] for c in DEFAULT_CRITERIA}


# ---- the statistics themselves, on simulated data ------------------------------------------------------------

def test_beta_binomial_prior_is_recovered_and_intervals_cover_the_truth():
    rng = np.random.default_rng(7)
    truth = rng.beta(3.0, 15.0, size=3000)
    n = rng.integers(5, 400, size=3000)
    k = rng.binomial(n, truth)
    prior = stats.fit_beta_prior(k, n)
    assert prior.mean == pytest.approx(3 / 18, abs=0.01)
    assert 12 < prior.a + prior.b < 26  # the prior's strength (18) within the noise of 3,000 schools
    est = stats.shrink_shares(k, n, prior, threshold=0.3)
    covered = np.mean((est.low <= truth) & (truth <= est.high))
    assert 0.92 <= covered <= 0.98  # a 95 % interval covers the truth about 95 % of the time
    # the smaller the school, the more its share is pulled toward the region's
    small, large = n < 20, n > 300
    assert np.mean(np.abs(est.mean - k / n)[small]) > 5 * np.mean(np.abs(est.mean - k / n)[large])


def test_shares_of_none_or_all_still_give_a_proper_prior():
    """Every «2» in one school and none in the others: the likelihood grows as a, b → 0, where the all-«2» school's
    posterior is undefined (its interval and probability were NaN, which SQLite's JSON refused). The prior keeps
    the fitted mean at the smallest proper strength, and every school gets finite figures."""
    k, n = np.array([0] * 11 + [102]), np.array([180] * 11 + [102])
    prior = stats.fit_beta_prior(k, n)
    assert min(prior.a, prior.b) == pytest.approx(stats.MIN_AB)
    assert prior.mean == pytest.approx(1 / 12, rel=1e-3)  # the fitted mean: one school in twelve is all «2»
    est = stats.shrink_shares(k, n, prior, threshold=0.3)
    for column in (est.mean, est.low, est.high, est.p_above):
        assert np.isfinite(column).all()
    assert est.p_above[-1] > 0.999 and est.p_above[:-1].max() < 1e-6


def test_normal_prior_is_recovered_and_probabilities_are_calibrated():
    rng = np.random.default_rng(11)
    theta = rng.normal(0.1, 0.35, size=4000)
    v = rng.uniform(0.002, 0.2, size=4000)
    y = theta + rng.normal(0, np.sqrt(v))
    prior = stats.fit_normal_prior(y, v)
    assert prior.mu == pytest.approx(0.1, abs=0.02) and prior.tau2 == pytest.approx(0.35 ** 2, rel=0.1)
    est = stats.shrink_levels(y, v, prior)
    cut = prior.quantile(0.10)
    p = est.p_below(cut)
    sure = p >= 0.9
    # of the schools called «in the bottom 10 %» with probability ≥ 90 %, at least 90 % truly are
    assert sure.sum() > 20 and np.mean(theta[sure] < cut) >= 0.88


def test_nearest_leaves_the_school_itself_out_and_skips_the_excluded():
    features = np.array([[0.0, 0], [0.1, 0], [5, 5], [0.2, 0], [np.nan, 0]])
    peers = stats.nearest(features, 2, among=np.array([True, True, True, False, True]))
    assert peers.shape == (5, 2)
    assert all(i not in row for i, row in enumerate(peers))
    assert 3 not in peers  # not allowed as a neighbour
    assert set(peers[0]) == {1, 4}  # an unknown feature sits at the column's mean


# ---- the kinds on a built region -----------------------------------------------------------------------------

def ctx(muni, year=2024):
    return RunContext(year=year, region_id=muni.region_id, municipality_id=muni.pk)


def results_for(school, share2: float, per_class: int, years=(2022, 2023, 2024), grades=(5, 6, 7, 8),
                subjects=("math", "russian"), level: float = 0.0):
    """ВПР results whose «2» share is `share2` and whose other marks follow `level` (−1 … 1)."""
    for year in years:
        for grade in grades:
            for subject in subjects:
                m2 = round(per_class * share2)
                rest = per_class - m2
                m5 = max(0, min(rest, round(rest * (0.25 + 0.2 * level))))
                m4 = max(0, min(rest - m5, round(rest * (0.35 + 0.1 * level))))
                result(school, year, "vpr", subject, grade, per_class, mark2=m2, mark3=rest - m5 - m4, mark4=m4,
                       mark5=m5)


@pytest.fixture
def region_schools(muni_a, muni_b):
    """Thirty ordinary schools across two municipalities (the reference), levels spread around the region's."""
    rng = np.random.default_rng(3)
    schools = []
    for i in range(30):
        school = SchoolFactory(municipality=muni_a if i % 2 else muni_b)
        results_for(school, share2=float(np.clip(rng.normal(0.15, 0.04), 0.02, 0.4)), per_class=22,
                    level=float(rng.normal(0, 0.4)))
        schools.append(school)
    return schools


def test_a_small_school_is_judged_with_a_wider_interval(region_schools, muni_a):
    tiny = SchoolFactory(municipality=muni_a, short_name="МБОУ ООШ № 40 х. Малый")
    results_for(tiny, share2=0.6, per_class=5)  # 5 pupils a class: the old rule never judged it
    ev = KINDS["failing_estimate"].evaluate(ctx(muni_a), PARAMS["C1"])
    small, large = ev[tiny.pk], ev[region_schools[1].pk]
    assert small.outcome == "met" and small.n == 120 and small.k == 72
    assert small.high - small.low > 2 * (large.high - large.low)
    assert small.estimate < small.observed  # pulled toward the region
    assert "95 % интервал" in " ".join(small.details)
    assert "почти наверняка" in KINDS["failing_estimate"].sentence(small.raw, PARAMS["C1"])


def test_below_the_stated_number_of_pupils_the_school_is_not_judged_with_its_reason(region_schools, muni_a):
    tiny = SchoolFactory(municipality=muni_a)
    result(tiny, 2024, "vpr", "math", 5, 4, mark2=4, mark3=0, mark4=0, mark5=0)
    result(tiny, 2024, "vpr", "russian", 5, 4, mark2=4, mark3=0, mark4=0, mark5=0)
    kind = KINDS["failing_estimate"]
    ev = kind.evaluate(ctx(muni_a), PARAMS["C1"])[tiny.pk]
    assert ev.outcome == "no_data"
    assert kind.unjudged_reason(ev.raw, PARAMS["C1"], {}) == "всего 8 результатов участников за 2024/2025 — меньше 10"


def test_a_share_near_the_threshold_is_not_enough_on_little_evidence(region_schools, muni_a):
    borderline = SchoolFactory(municipality=muni_a)
    results_for(borderline, share2=0.32, per_class=6, years=(2024,), grades=(5,))
    ev = KINDS["failing_estimate"].evaluate(ctx(muni_a), PARAMS["C1"])[borderline.pk]
    assert ev.outcome == "not_met" and ev.probability < 90


def test_a_clearly_low_school_is_in_the_bottom_with_certainty(region_schools, muni_a):
    low = SchoolFactory(municipality=muni_a)
    results_for(low, share2=0.4, per_class=20, level=-1.0)
    kind = KINDS["score_estimate"]
    ev = kind.evaluate(ctx(muni_a), PARAMS["C2"])
    assert ev[low.pk].outcome == "met" and ev[low.pk].probability >= 90
    assert ev[low.pk].estimate < 10
    met = [school_id for school_id, e in ev.items() if e.outcome == "met"]
    assert met == [low.pk]  # no fixed number: the ordinary schools are not pushed into the bottom 10 %
    assert "школ региона" in kind.sentence(ev[low.pk].raw, PARAMS["C2"])


def test_similar_schools_are_the_nearest_in_context_and_never_the_school_itself(region_schools, muni_a):
    for school in region_schools:
        SchoolYearDataFactory(school=school, school_year__start_year=2024)
    ev = KINDS["similar_schools"].evaluate(ctx(muni_a), PARAMS["C7"])
    school = region_schools[1]
    peers = ev[school.pk].peer_ids
    assert len(peers) == 7  # 20 wanted, but at most a quarter of the 30 judged schools
    assert school.pk not in peers and len(set(peers)) == 7
    assert ev[school.pk].low <= ev[school.pk].difference <= ev[school.pk].high


def test_high_vpr_unconfirmed_by_oge_is_a_signal(region_schools, muni_a):
    rng = np.random.default_rng(5)
    for school in region_schools:
        for year in (2022, 2023, 2024):
            m2 = int(rng.integers(2, 6))
            result(school, year, "oge", "math", 9, 25, mark2=m2, mark3=10, mark4=8, mark5=25 - m2 - 18)
    inflated = SchoolFactory(municipality=muni_a)
    results_for(inflated, share2=0.0, per_class=25, level=1.0, subjects=("math",))
    for year in (2022, 2023, 2024):
        result(inflated, year, "oge", "math", 9, 25, mark2=8, mark3=12, mark4=4, mark5=1)
    kind = KINDS["unconfirmed_high"]
    ev = kind.evaluate(ctx(muni_a), PARAMS["C8"])
    assert ev[inflated.pk].outcome == "met"
    assert [s for s in ev if ev[s].outcome == "met"] == [inflated.pk]
    assert kind.value_text(ev[inflated.pk].raw, PARAMS["C8"]) == "математика"
    assert "не подтверждаются ОГЭ" in kind.sentence(ev[inflated.pk].raw, PARAMS["C8"])


def test_a_run_keeps_its_priors_and_the_number_expected_by_chance(region_schools, muni_a, region):
    low = SchoolFactory(municipality=muni_a)
    results_for(low, share2=0.45, per_class=20, level=-1.0)
    methodology = Methodology.objects.get(is_default=True)
    run = services.create_run(actor=None, methodology=methodology, region=region, municipality=None,
                              start_year=2025, enqueue=False)
    run = services.compute_run(run=run)
    assert set(run.estimates) >= {"C1", "C2", "C3", "C7", "C8"}
    assert run.estimates["C1"]["labelled"] >= 1 and 0 <= run.estimates["C1"]["expected_by_chance"] < 1
    assert run.estimates["C2"]["prior"]["tau2"] > 0
    rows = {rs.school_id: rs for rs in run.schools.all()}
    assert "lrs" in rows[low.pk].proposed
    # every school with results has a value on the result criteria
    assert all(rs.evidence["C1"]["outcome"] != "no_data" for rs in rows.values())


def test_a_run_stores_finite_figures_when_the_shares_are_all_or_none(muni_a):
    """The region of the prior above, through the engine: the run is computed on every database (SQLite stores the
    staged figures as JSON, which has no NaN) and the all-«2» school is met with finite figures."""
    schools = [SchoolFactory(municipality=muni_a) for _ in range(11)]
    for school in schools:
        for year in (2022, 2023, 2024):
            result(school, year, "vpr", "math", 5, 30, mark3=10, mark4=12, mark5=8)
    every = SchoolFactory(municipality=muni_a)
    for year in (2022, 2023, 2024):
        result(every, year, "vpr", "math", 5, 9, mark2=9)
    run = services.compute_run(run=services.create_run(
        actor=None, methodology=Methodology.objects.get(is_default=True), region=muni_a.region, municipality=muni_a,
        start_year=2025, enqueue=False))
    c1 = run.schools.get(school=every).evidence["C1"]
    assert c1["outcome"] == "met" and (c1["n"], c1["k"]) == (27, 27)
    assert all(np.isfinite(c1[name]) for name in ("estimate", "low", "high", "probability"))
    assert run.schools.get(school=schools[0]).evidence["C1"]["outcome"] == "not_met"


def test_a_region_of_one_school_computes_and_says_it_cannot_compare(school_a1, region):
    # no group to compare with: the similar-schools figures are unknown (NaN staged), stored and read as unknown
    results_for(school_a1, share2=0.2, per_class=20)
    run = services.create_run(actor=None, methodology=Methodology.objects.get(is_default=True), region=region,
                              municipality=None, start_year=2025, enqueue=False)
    run = services.compute_run(run=run)
    ev = run.schools.get(school=school_a1).evidence["C7"]
    assert ev["outcome"] == "no_data" and ev["peers"] is None
    assert KINDS["similar_schools"].value_text(ev, PARAMS["C7"]) == ""


def test_a_prior_without_spread_keeps_its_mean():
    # identical shares everywhere: the likelihood grows toward an infinitely strong prior; its mean must stay put
    n = np.full(500, 1000)
    prior = stats.fit_beta_prior(np.full(500, 200), n)
    assert prior.mean == pytest.approx(0.2, abs=0.005) and prior.a + prior.b <= 1e6 + 1
