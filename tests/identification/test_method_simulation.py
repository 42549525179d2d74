"""The simulation study (bench/method_simulation.py) on a tiny region: the generator records its truth, both
methodologies are run by the engine and tabulated, and the last line keeps its contract. The figures themselves are
not asserted here — they belong to the methodology being measured — except where version 3 is frozen."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.db.models import Sum

from schools.models import AssessmentResult, SchoolYearData

PATH = Path(__file__).resolve().parents[2] / "bench" / "method_simulation.py"
spec = importlib.util.spec_from_file_location("method_simulation", PATH)
sim = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sim)

SUMMARY = re.compile(r"^simulation: recall min [01]\.\d\d, average wrongly labelled \d+\.\d %, not judged \d+$")


@pytest.fixture(scope="module")
def plan():
    return sim.plan_region(60, seed=7)


def test_the_planted_low_schools_are_recorded_in_every_size_band(plan):
    assert len(plan) == 60
    for band in sim.BANDS:
        members = [s for s in plan if s.band == band]
        low = [s for s in members if s.planted]
        assert low, band
        assert len(low) == max(1, round(len(members) * sim.LOW_SHARE))
        assert all(s.theta <= -sim.LOW_DEPTH[0] * sim.TAU for s in low)
        assert not any(s.average for s in low)
    # «average»: not planted, within one τ of the mean — the unplanted tails are neither low nor average
    assert all(abs(s.theta) <= sim.TAU for s in plan if s.average)
    assert any(not s.planted and not s.average for s in plan)


def test_the_plan_is_deterministic_and_sizes_are_realistic(plan):
    again = sim.plan_region(60, seed=7)
    assert [(s.theta, s.grades) for s in again] == [(s.theta, s.grades) for s in plan]
    assert [s.theta for s in sim.plan_region(60, seed=8)] != [s.theta for s in plan]
    for s in plan:
        sizes = [s.grades[(year, grade)] for year in sim.DATA_YEARS for grade in range(4, 10)]
        low, high = {"small": (4, 16), "medium": (15, 50), "large": (75, 150)}[s.band]
        assert low <= min(sizes) and max(sizes) <= high, (s.band, sizes)
        assert s.basic == all(s.grades[(year, grade)] == 0 for year in sim.DATA_YEARS for grade in (10, 11))
    assert {s.location for s in plan if s.band == "small"} == {"rural"}
    assert "4–16 учеников в классе" in sim.BANDS["small"]["text"]  # the table's words say the sizes drawn


@pytest.mark.django_db
def test_both_methodologies_are_tabulated_by_size_band():
    lines = []
    result = sim.simulate(60, seed=7, log=lines.append)
    plan = result["plan"]
    results = AssessmentResult.objects.filter(school__municipality__region=result["region"])
    written = results.count()
    assert written > 0
    assert results.filter(procedure="ege").exists() and results.filter(procedure="oge").exists()
    # fixed cut-offs give a regional share «2» near 15 % (ЕГЭ below the minimum near 5 %)
    vpr = results.exclude(procedure="ege").aggregate(m=Sum("mark2"), n=Sum("participants"))
    assert 0.10 < vpr["m"] / vpr["n"] < 0.20
    assert 0 < result["shares"]["ege"] < 10
    assert SchoolYearData.objects.filter(school__municipality__region=result["region"]).count() == 60 * 3
    for key in ("previous", "current"):
        rows = result["tables"][key]
        assert [r["band"] for r in rows] == ["small", "medium", "large", "total"]
        total = rows[-1]
        assert total["schools"] == 60 == sum(r["schools"] for r in rows[:-1])
        assert total["low"] == sum(s.planted for s in plan) == sum(r["low"] for r in rows[:-1])
        assert total["average"] == sum(s.average for s in plan)
        for r in rows:
            assert 0 <= r["found"] <= r["low"] and 0 <= r["wrong"] <= r["average"]
            assert r["not_judged"] <= r["schools"] and r["found"] + r["wrong"] <= r["labelled"]
    # version 3 is frozen: it cannot judge small schools (every class under 10 pupils) and judges all others
    previous = result["tables"]["previous"]
    assert previous[0]["not_judged"] > 0 and previous[1]["not_judged"] == previous[2]["not_judged"] == 0
    text = "\n".join(lines)
    assert "Прежняя базовая методика (версия 3" in text and "малые" in text and "крупные" in text
    assert "Доля «2» в регионе" in text
    assert SUMMARY.match(sim.summary(result["tables"]["current"]))
    # seeded: the same arguments give the same region and the same tables (the region is replaced, not added)
    again = sim.simulate(60, seed=7, log=lambda line: None)
    assert again["tables"] == result["tables"]
    assert AssessmentResult.objects.filter(school__code__startswith="sim").count() == written


def test_the_summary_line_reads_the_current_tables():
    rows = [{"band": "small", "recall": 0.5}, {"band": "medium", "recall": 0.875}, {"band": "large", "recall": 1.0},
            {"band": "total", "recall": 0.7, "wrong_pct": 4.24, "not_judged": 3}]
    assert sim.summary(rows) == "simulation: recall min 0.50, average wrongly labelled 4.2 %, not judged 3"


def test_a_region_too_small_for_every_band_is_refused(capsys):
    with pytest.raises(SystemExit):
        sim.parse_args(["12"])
    assert "не меньше 30" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        sim.parse_args(["--low-depth", "0.5", "2"])  # planted low schools would overlap the average ones
    assert "--low-depth" in capsys.readouterr().err
    args = sim.parse_args([])
    assert (args.schools, args.low_depth) == (sim.DEFAULT_SCHOOLS, sim.LOW_DEPTH)
    assert sim.parse_args(["100", "--low-depth", "2", "3"]).low_depth == (2.0, 3.0)


def test_a_shallower_planted_depth_is_honoured():
    plan = sim.plan_region(60, seed=7, depth=(2.0, 2.2))
    assert all(-2.2 * sim.TAU <= s.theta <= -2.0 * sim.TAU for s in plan if s.planted)
