"""A real Celery worker computes a run sent through the Redis broker (CI stage 3 starts the worker)."""

import os
import time

import pytest
from django.conf import settings

from identification import services
from identification.models import Methodology, Run

from ..factories import MunicipalityFactory, RegionFactory, SchoolFactory, result

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(os.environ.get("CELERY_WORKER_TESTS") != "1",
                       reason="нужен запущенный Celery worker: .ci/run, стадия 3 (CELERY_WORKER_TESTS=1)"),
]


def test_worker_computes_a_run_sent_on_commit(reference_rows):
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "в этой стадии задачи должны уходить брокеру"
    muni = MunicipalityFactory(region=RegionFactory(code="W1"))
    schools = [SchoolFactory(municipality=muni) for _ in range(5)]
    for year in (2023, 2024):
        for i, school in enumerate(schools):
            result(school, year, "vpr", "math", 5, 40, mark2=20 if i == 0 else 1, mean_score=10 + i)
            result(school, year, "vpr", "russian", 5, 40, mark2=20 if i == 0 else 1, mean_score=10 + i)
    from accounts.models import Role

    from ..factories import make_user

    actor = make_user(Role.METHODOLOGIST, municipality=muni)
    run = services.create_run(actor=actor, methodology=Methodology.objects.get(is_default=True),
                              region=muni.region, municipality=muni, start_year=2024)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.state in (Run.State.DONE, Run.State.FAILED):
            break
        time.sleep(0.3)
    assert run.state == Run.State.DONE, f"state={run.state} error={run.error}"
    assert run.school_count == 5
    assert "C1" in run.schools.get(school=schools[0]).met
