"""The task pattern signal on a built region: worse than the region on basic ВПР tasks and better on hard ones, beyond
z standard errors — met; the same pattern within chance — not met; too few pupils or region schools — not judged."""

import pytest

from identification.criteria import KINDS, RunContext
from schools.models import SchoolYear, Subject, TaskResult

from ..factories import SchoolFactory

KIND = KINDS["task_pattern"]
PARAMS = {"z": 1.96, "min_region_schools": 5}


def tasks(school, n, basic_points, hard_points, *, grade=5, year=2024, levels=("Б", "П")):
    """Two basic tasks of 1 point and two hard tasks of 2 points, written by n pupils; points split evenly."""
    school_year, _ = SchoolYear.objects.get_or_create(start_year=year)
    subject = Subject.objects.get(code="math")
    basic, hard = levels
    half_b, half_h = basic_points // 2, hard_points // 2
    for task, level, max_points, points in (("1", basic, 1, half_b), ("2", basic, 1, basic_points - half_b),
                                             ("3", hard, 2, half_h), ("4", hard, 2, hard_points - half_h)):
        TaskResult.objects.create(school=school, school_year=school_year, subject=subject, grade=grade, task=task,
                                  level=level, max_points=max_points, points=points, participants=n)


@pytest.fixture
def built_region(muni_a, muni_b):
    pattern = SchoolFactory(municipality=muni_a)
    tasks(pattern, 40, 40, 104)  # basic 50 %, hard 65 %
    normal = [SchoolFactory(municipality=muni_a) for _ in range(4)] + [SchoolFactory(municipality=muni_b)]
    for school in normal:
        tasks(school, 40, 56, 64)  # basic 70 %, hard 40 %
    chance = SchoolFactory(municipality=muni_a)
    tasks(chance, 50, 64, 94)  # basic 64 %, hard 47 %: the pattern, but within chance
    small = SchoolFactory(municipality=muni_a)
    tasks(small, 8, 4, 20)  # the pattern, but 8 pupils
    unlevelled = SchoolFactory(municipality=muni_a)
    tasks(unlevelled, 40, 20, 150, levels=("", ""))  # no levels: not read at all
    # region: basic (40 + 5·56 + 64 + 4) / (80 + 5·80 + 100 + 16) = 388/596 = 65,1 %; hard 538/1192 = 45,1 %
    return {"pattern": pattern, "normal": normal, "chance": chance, "small": small, "unlevelled": unlevelled}


def evaluate(muni, **params):
    return KIND.evaluate(RunContext(year=2024, region_id=muni.region_id, municipality_id=muni.pk), {**PARAMS, **params})


def test_pattern_beyond_chance_is_signalled_with_its_figures(built_region, muni_a):
    out = evaluate(muni_a)
    ev = out[built_region["pattern"].pk]
    assert ev.outcome == "met" and ev.value == 35.0 and ev.sample == 40
    assert ev.details == ["ВПР, математика, 5 кл.: базовые задания — школа 50,0\u00a0%, регион 65,1\u00a0%; сложные — "
                          "школа 65,0\u00a0%, регион 45,1\u00a0% (n = 40); разница разниц +35,0 п. п. при пороге "
                          "21,4 п. п. — сигнал"]
    assert KIND.sentence(ev.as_dict(), PARAMS) == (
        "в ВПР, математика, 5 кл. за 2024/2025 ученики справились с базовыми заданиями хуже, чем в среднем по "
        "региону (50,0\u00a0% против 65,1\u00a0%), а со сложными — лучше (65,0\u00a0% против 45,1\u00a0%)")
    assert ev.value_text == "наибольшая разница разниц +35,0 п. п.; сигнал в 1 работе"


def test_normal_and_within_chance_are_not_met(built_region, muni_a):
    out = evaluate(muni_a)
    assert [out[s.pk].outcome for s in built_region["normal"][:4]] == ["not_met"] * 4
    chance = out[built_region["chance"].pk]
    assert chance.outcome == "not_met" and chance.value == 3.0  # (47 − 45,1) − (64 − 65,1) ≈ 3 points: chance
    assert chance.details[0].endswith("п. п.") and "сигнал" not in chance.details[0]
    # a looser margin (1 standard error) still does not reach it; a region school outside the run is not listed
    assert evaluate(muni_a, z=1.0)[built_region["chance"].pk].outcome == "not_met"
    assert built_region["normal"][4].pk not in out
    assert built_region["unlevelled"].pk not in out  # tasks without a level: no data for the signal


def test_too_few_pupils_or_region_schools_is_not_enough_data(built_region, muni_a):
    small = evaluate(muni_a)[built_region["small"].pk]
    assert small.outcome == "no_data" and small.units == []
    assert small.details == ["Не оценивались — меньше 10 участников: 1 работа за 2024/2025"]
    assert KIND.unjudged_reason(small.as_dict(), PARAMS, {}) == (
        "за 2024/2025 ни одна работа не оценена: меньше 10 участников в 1 работе")
    few = evaluate(muni_a, min_region_schools=20)
    assert {ev.outcome for ev in few.values()} == {"no_data"}
    assert KIND.unjudged_reason(few[built_region["pattern"].pk].as_dict(), PARAMS, {}) == (
        "за 2024/2025 ни одна работа не оценена: в регионе меньше 20 школ с результатами заданий для 1 работы")
    assert "нет результатов заданий ВПР" in KIND.unjudged_reason({"outcome": "no_data"}, PARAMS, {})


def test_other_years_are_not_read(muni_a):
    schools = [SchoolFactory(municipality=muni_a) for _ in range(6)]
    tasks(schools[0], 40, 40, 104, year=2023)
    for school in schools[1:]:
        tasks(school, 40, 56, 64, year=2023)
    assert evaluate(muni_a) == {}


def test_the_kind_is_a_signal_and_says_its_rule():
    assert KIND.labels_schools is False and KIND.statuses == ()
    text = " ".join(KIND.plain(PARAMS, {"min_participants": 10}))
    assert "не меньше 1,96 стандартной ошибки" in text and "меньше 10 учеников" in text and "5 школ" in text


def test_a_run_marks_the_pattern_for_review_and_refuses_it_in_a_rule(built_region, muni_a, methodologist_a):
    from django.core.exceptions import ValidationError

    from identification import services
    from identification.methodology import DEFAULT_SAMPLE
    from identification.models import Run

    from ..factories import V3

    # version 3 with the signal added as C7 (version 4 has it as C9; here it is a methodology's own choice)
    criteria, rules = [*V3.CRITERIA_V3, {"code": "C7", "kind": "task_pattern", "params": PARAMS}], V3.RULES_V3
    methodology = services.create_methodology_version(actor=methodologist_a, base=None, family="tasks", name="Задания",
                                                      criteria=criteria, rules=rules, sample=DEFAULT_SAMPLE)
    run = services.create_run(actor=methodologist_a, methodology=methodology, region=muni_a.region,
                              municipality=muni_a, start_year=2025, is_what_if=True)  # reads 2024/2025
    rows = {r.school_id: r for r in services.compute_run(run=Run.objects.get(pk=run.pk)).schools.all()}
    pattern = rows[built_region["pattern"].pk]
    assert "C7" in pattern.met and pattern.needs_review and not pattern.proposed
    assert pattern.evidence["C7"]["units"][0][2:7] == [50.0, 65.1, 65.0, 45.1, 40]
    assert not rows[built_region["chance"].pk].needs_review
    assert rows[built_region["unlevelled"].pk].evidence["C7"]["outcome"] == "no_data"
    with pytest.raises(ValidationError):
        services.create_methodology_version(actor=methodologist_a, base=None, family="bad", name="x", criteria=criteria,
                                            rules={**rules, "lrs": {"criteria": ["C7"], "min_met": 1}},
                                            sample=DEFAULT_SAMPLE)


def test_the_demo_shows_the_pattern_at_its_one_school(demo_db):
    from django.utils import timezone

    from core.formats import school_year_of
    from schools.models import Region, School

    region = Region.objects.get(code="23")
    last = school_year_of(timezone.localdate()) - 1
    out = KIND.evaluate(RunContext(year=last, region_id=region.pk, municipality_id=None), PARAMS)
    assert len(out) >= 30  # every demo school with ВПР of 10 pupils or more is judged
    met = {School.objects.get(pk=pk).code: ev for pk, ev in out.items() if ev.outcome == "met"}
    assert list(met) == ["231002"]
    assert any(line.endswith("— сигнал") for line in met["231002"].details)
