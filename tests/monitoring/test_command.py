import pytest
from django.core.management import CommandError, call_command

from monitoring.models import ComputeRun, Value
from tests.factories import result


def test_compute_indicators_command(school_a1, years, region, capsys):
    result(school_a1, 2024, "oge", "russian", 9, 30, mark2=3, mark3=27)
    call_command("compute_indicators", "--year", "2024/2025", "--region", region.code)
    out = capsys.readouterr().out
    assert "Учебный год 2024/2025: школ 1," in out
    assert Value.objects.filter(school=school_a1, indicator__code="oge_dynamics").exists()
    assert ComputeRun.objects.get().state == ComputeRun.State.DONE
    with pytest.raises(CommandError, match="не распознан"):
        call_command("compute_indicators", "--year", "2024/2026")
    with pytest.raises(CommandError, match="Региона с кодом"):
        call_command("compute_indicators", "--year", "2024/2025", "--region", "nope")


def test_nightly_beat_is_registered():
    from core.registries import beat_schedule

    assert beat_schedule()["monitoring-nightly-compute"]["task"] == "monitoring.tasks.nightly_compute"


def test_a_run_that_lost_its_worker_is_failed(years):
    import datetime

    from django.utils import timezone

    from core.jobs.tasks import fail_stale_jobs

    stuck = ComputeRun.objects.create(school_year=years[2024], state=ComputeRun.State.RUNNING, progress=40)
    ComputeRun.objects.filter(pk=stuck.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=2))
    fresh = ComputeRun.objects.create(school_year=years[2024], state=ComputeRun.State.RUNNING)
    assert fail_stale_jobs()["monitoring-runs"] == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == ComputeRun.State.FAILED and "Запустите её снова" in stuck.error
    assert fresh.state == ComputeRun.State.RUNNING
