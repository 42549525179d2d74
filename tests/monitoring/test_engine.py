"""Each computed indicator on hand-made data, small-n marking, aggregates by group, progress and idempotence."""

from decimal import Decimal

import pytest

from monitoring import engine
from monitoring.models import Aggregate, Group, Progress, Value
from tests.factories import SchoolFactory, result

from .conftest import status


def values_of(school, year) -> dict[str, Value]:
    return {v.indicator.code: v for v in Value.objects.filter(school=school, school_year=year).select_related(
        "indicator")}


@pytest.fixture
def results(school_a1, years):
    # 2023: ОГЭ 40 participants, 8 «2»; 2024: ОГЭ russian 30 (3 «2», journal: 24 confirmed of 30) + math 20 (2 «2»)
    result(school_a1, 2023, "oge", "russian", 9, 20, mark2=4, mark3=16)
    result(school_a1, 2023, "oge", "math", 9, 20, mark2=4, mark3=16)
    result(school_a1, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27, lowered=3, confirmed=24, raised=3)
    result(school_a1, 2024, "oge", "math", 9, 20, mark2=2, mark3=18)
    # ЕГЭ: 8 participants (under the minimum of 10)
    result(school_a1, 2024, "ege", "russian", 11, 8, mark2=1, mean_score=60)
    # ВПР: grade 5 counts, grade 10 (outside 4–8) and history (another subject) do not
    result(school_a1, 2024, "vpr", "math", 5, 25, mark2=5, mark3=20, lowered=2, confirmed=20, raised=3)
    result(school_a1, 2024, "vpr", "math", 10, 100, mark2=90, mark3=10)
    result(school_a1, 2024, "vpr", "history", 5, 100, mark2=90, mark3=10)


def test_result_indicators_from_hand_made_results(results, school_a1, years, no_teachers):
    engine.compute_year(school_year=years[2024])
    v = values_of(school_a1, years[2024])
    assert v["oge_dynamics"].value == Decimal("90.00")  # (50 − 5) / 50
    assert v["oge_dynamics"].n == 50 and v["oge_dynamics"].reliable
    assert v["oge_dynamics"].change == Decimal("10.00")  # 2023: 32 / 40 = 80 %
    assert v["oge_dynamics"].data["previous"] == "80.00"
    assert v["oge_match"].value == Decimal("80.00") and v["oge_match"].n == 30  # only rows with a journal mark
    assert v["ege_dynamics"].value == Decimal("87.50") and v["ege_dynamics"].n == 8
    assert not v["ege_dynamics"].reliable  # n = 8 < 10
    assert "ege_match" not in v  # no journal marks for ЕГЭ: no value at all
    assert v["vpr_dynamics"].value == Decimal("80.00") and v["vpr_dynamics"].n == 25  # grade 10 and history ignored
    assert v["vpr_match"].value == Decimal("80.00")
    assert v["vpr_dynamics"].change is None  # no ВПР the year before


def test_teacher_indicators_through_the_mentoring_contract(school_a1, years, no_teachers):
    no_teachers[school_a1.pk] = {
        "teachers": 40, "teachers_experience_known": 40, "teachers_judged": 30, "teachers_low_results": 8,
        "low_results_diagnosed": 6, "diagnosed": 10,
        "diagnosed_twice": 4,
        "positive_dynamics": 3, "low_results_mentored": 2, "mentored": 5, "young_specialists": 5,
        "young_mentored": 4, "trained_quality": 10, "in_communities": 30, "communities": 3, "events": 2,
        "event_participants": 12, "has_mentoring_system": 1}
    engine.compute_year(school_year=years[2024])
    v = values_of(school_a1, years[2024])
    expected = {"teachers_low_results": ("20.00", 40), "diagnosed": ("75.00", 8), "positive_dynamics": ("75.00", 4),
                "low_results_mentored": ("25.00", 8), "young_share": ("12.50", 40), "young_mentored": ("80.00", 5),
                "trained_quality": ("25.00", 40), "in_communities": ("75.00", 40)}
    for code, (value, n) in expected.items():
        assert (v[code].value, v[code].n) == (Decimal(value), n), code
    assert v["communities"].value == 3
    assert v["mentoring_system"].value == 1
    assert v["positive_dynamics"].reliable and v["diagnosed"].reliable  # minimum 3
    assert v["teachers_low_results"].data == {"teachers_low_results": 8, "teachers": 40}

    # half the teachers without an entered experience: the young share is of the 20 whose experience is known
    no_teachers[school_a1.pk] |= {"teachers_experience_known": 20}
    engine.compute_year(school_year=years[2024])
    young = values_of(school_a1, years[2024])["young_share"]
    assert (young.value, young.n) == (Decimal("25.00"), 20)

    # no class results of the year before: the share of low-results teachers is unknown, not a green «0 %»
    no_teachers[school_a1.pk] |= {"teachers_judged": 0, "teachers_low_results": 0}
    engine.compute_year(school_year=years[2024])
    assert "teachers_low_results" not in values_of(school_a1, years[2024])


def test_small_n_is_marked_unreliable(school_a1, years, no_teachers):
    no_teachers[school_a1.pk] = dict.fromkeys(engine.TEACHER_SHARES, 0) | {
        "teachers": 4, "teachers_experience_known": 4, "teachers_judged": 3, "young_specialists": 1,
        "young_mentored": 1, "teachers_low_results": 2, "low_results_diagnosed": 2}
    engine.compute_year(school_year=years[2024])
    v = values_of(school_a1, years[2024])
    assert not v["young_share"].reliable  # 4 teachers < 5
    assert not v["diagnosed"].reliable  # 2 < 3
    assert v["diagnosed"].value == Decimal("100.00")


def test_real_mentoring_figures_without_methodical_work(school_a1, years):
    """Wired through mentoring.selectors.school_figures (no monkeypatch): no teachers → shares without n are left
    out, the mentoring system «нет»."""
    engine.compute_year(school_year=years[2024])
    v = values_of(school_a1, years[2024])
    assert v["mentoring_system"].value == 0
    assert "young_share" not in v


def test_groups_progress_and_recompute_is_idempotent(results, school_a1, school_a2, years, no_teachers):
    result(school_a2, 2023, "oge", "russian", 9, 40, mark2=2, mark3=38)
    result(school_a2, 2024, "oge", "russian", 9, 40, mark2=10, mark3=30)
    status(school_a1, years[2024], "lrs")
    status(school_a1, years[2024], "dsc")
    engine.compute_year(school_year=years[2024])
    first = Value.objects.count()
    engine.compute_year(school_year=years[2024])
    assert Value.objects.count() == first
    agg = {(a.indicator.code, a.group): a for a in Aggregate.objects.filter(school_year=years[2024])
           .select_related("indicator")}
    assert agg[("oge_dynamics", Group.LRS)].value == Decimal("90.00")
    assert agg[("oge_dynamics", Group.DSC)].value == Decimal("90.00")  # a school with both statuses is in both
    assert agg[("oge_dynamics", Group.OTHER)].value == Decimal("75.00")
    assert agg[("oge_dynamics", Group.ALL)].value == Decimal("83.33")  # pooled: 75 / 90
    assert agg[("oge_dynamics", Group.ALL)].n == 90 and agg[("oge_dynamics", Group.ALL)].schools == 2
    assert agg[("oge_dynamics", Group.ALL)].median == Decimal("82.50")
    progress = {p.school_id: p for p in Progress.objects.filter(school_year=years[2024])}
    assert progress[school_a1.pk].improved == 1 and progress[school_a1.pk].score == Decimal("10.00")
    assert progress[school_a2.pk].worsened == 1 and progress[school_a2.pk].score == Decimal("-20.00")


def test_region_scope_leaves_other_regions_alone(results, school_a1, years, no_teachers):
    other = SchoolFactory()
    result(other, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27)
    engine.compute_year(school_year=years[2024], region=school_a1.municipality.region)
    assert not Value.objects.filter(school=other).exists()
    assert Value.objects.filter(school=school_a1).exists()
