"""The programme's effect on synthetic data: a known effect is recovered within its 95 % interval, no effect gives
an interval that covers 0, too few schools give «недостаточно школ для оценки»; the selector on stored values."""

import random
from decimal import Decimal

import pytest

from monitoring import selectors
from monitoring.effect import MIN_SCHOOLS, NOT_ENOUGH, did, match
from monitoring.models import Indicator, Source, Value
from schools.models import SchoolYear
from tests.factories import SchoolFactory

from .conftest import status


def synthetic(effect: float, *, supported: int = 40, others: int = 120, seed: int = 7):
    """Supported schools start lower (selection on results) and both groups share a common trend of +2."""
    rnd = random.Random(seed)
    before, after, features, sup = {}, {}, {}, set()
    for i in range(supported + others):
        level = rnd.uniform(55, 90)
        if i < supported:
            level -= 12
            sup.add(i)
        before[i] = level + rnd.gauss(0, 2)
        after[i] = level + 2 + (effect if i in sup else 0) + rnd.gauss(0, 2)
        features[i] = (before[i], level + rnd.gauss(0, 2), rnd.uniform(10, 40))
    return before, after, sup, features


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_known_effect_is_recovered_within_its_interval(seed):
    e = did(*synthetic(6.0, seed=seed))
    assert e.low < 6.0 < e.high
    assert e.low > 0  # and told apart from no effect
    assert e.supported == 40 and e.comparison >= MIN_SCHOOLS and e.n == e.supported + e.comparison
    assert e.improved >= 35


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_effect_gives_an_interval_that_covers_zero(seed):
    e = did(*synthetic(0.0, seed=seed))
    assert e.low < 0 < e.high
    assert not e.significant


def test_matching_ignores_the_selection_on_levels():
    """A naive difference of levels would show −12; the matched difference in differences does not."""
    before, after, sup, features = synthetic(0.0, seed=11)
    naive = sum(after[i] for i in sup) / len(sup) - sum(after[i] for i in after if i not in sup) / (len(after) - 40)
    assert naive < -5
    assert abs(did(before, after, sup, features).estimate) < 1.5


def test_too_few_schools():
    before, after, sup, features = synthetic(6.0, supported=MIN_SCHOOLS - 1, others=50)
    e = did(before, after, sup, features)
    assert e.estimate is None and e.note == NOT_ENOUGH and e.supported == MIN_SCHOOLS - 1
    before, after, sup, features = synthetic(6.0, supported=20, others=MIN_SCHOOLS - 1)
    assert did(before, after, sup, features).note == NOT_ENOUGH


def test_nearest_neighbours_with_replacement():
    treated = {1: (10.0, 10.0, 5.0), 2: (50.0, 50.0, 5.0)}
    pool = {3: (11.0, 10.0, 5.0), 4: (12.0, 10.0, 5.0), 5: (49.0, 50.0, 5.0), 6: (90.0, 90.0, 5.0)}
    assert match(treated, pool, k=2) == {1: [3, 4], 2: [5, 4]}


def test_effectiveness_reads_stored_values(muni_a, years):
    """Supported schools (status of 2024) against the region's others: improved count, left list, 3+ years."""
    ind = Indicator.objects.get(code="oge_dynamics")
    schools = [SchoolFactory(municipality=muni_a) for _ in range(24)]
    rnd = random.Random(5)
    rows = []
    for k, school in enumerate(schools):
        helped = k < 8
        for year, delta in ((years[2022], 0), (years[2023], 1), (years[2024], 2 + (5 if helped else 0))):
            value = Decimal(str(round(60 + (k % 8) * 3 + delta + rnd.uniform(-1, 1), 2)))
            rows.append(Value(indicator=ind, school=school, school_year=year, value=value, n=40, reliable=True,
                              source=Source.COMPUTED))
        if helped:
            status(school, years[2024])
            status(school, years[2023])
            if k < 2:
                status(school, years[2022])
            if k == 0:  # four years running: more than three, highlighted (school 1 has three: not yet)
                status(school, SchoolYear.objects.get_or_create(start_year=2021)[0])
            if k == 2:  # four years with a gap (2022 missing): two running, not highlighted
                status(school, SchoolYear.objects.get_or_create(start_year=2021)[0])
                status(school, SchoolYear.objects.get_or_create(start_year=2020)[0])
    status(schools[20], years[2023])  # left the list in 2024
    Value.objects.bulk_create(rows)
    data = selectors.effectiveness(muni_a, years[2024])
    row = next(r for r in data["rows"] if r["code"] == "oge_dynamics")
    e = row["effect"]
    assert data["supported"] == 8 and e.supported == 8 and e.improved == 8
    assert e.low < 5 < e.high
    assert [s.pk for s in data["left"]] == [schools[20].pk]
    assert [(s.pk, n) for s, n in data["long_status"]] == [(schools[0].pk, 4)]  # the official list's rule
    other = next(r for r in data["rows"] if r["code"] == "ege_dynamics")
    assert other["effect"].note == NOT_ENOUGH  # no ЕГЭ values at all
