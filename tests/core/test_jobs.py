"""The one job system (docs/jobs.md) over its four kinds: the same status JSON, staleness judged by the heartbeat,
the generic restart, redelivered messages ignored once a job is over, a final failure recorded even when the database
fails once, and services and tasks without import circles."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from core.jobs import tasks as job_tasks
from core.jobs.models import Job, JobState
from core.jobs.services import restart_job
from core.jobs.tasks import fail_stale_jobs, job_models, kind_of
from core.models import ImportJob
from identification.models import Run
from monitoring.models import ComputeRun
from monitoring.reports.models import AnnualReport
from schools.models import SchoolYear

from ..factories import RunFactory

KINDS = ["imports", "identification-runs", "monitoring-runs", "annual-reports"]
BASE_KEYS = {"state", "state_label", "percent", "working", "text", "error", "stage", "stale", "restartable"}
ROOT = Path(__file__).resolve().parents[2]


def make_job(kind, *, user, muni, year, **values) -> Job:
    """One job of the kind, in the municipality, asked for by `user`."""
    if kind == "imports":
        return ImportJob.objects.create(kind="schools", original_name="a.csv", file="imports/a.csv",
                                        requested_by=user, **values)
    if kind == "identification-runs":
        return RunFactory(municipality=muni, school_year=year, requested_by=user, **values)
    if kind == "monitoring-runs":
        return ComputeRun.objects.create(school_year=year, municipality=muni, requested_by=user, **values)
    # a territory builds one version of a year's report at a time: each job here is of another year
    other_year = SchoolYear.objects.get_or_create(start_year=year.start_year - AnnualReport.objects.count())[0]
    return AnnualReport.objects.create(level="municipality", region=muni.region, municipality=muni,
                                       school_year=other_year, territory_key=f"municipality:{muni.pk}",
                                       version=1, requested_by=user, **values)


def status_url(job) -> str:
    name = {ImportJob: "imports:status", Run: "identification:run_status", ComputeRun: "monitoring:run_status",
            AnnualReport: "monitoring_reports:report_status"}[type(job)]
    return reverse(name, args=[job.pk])


def restart_url(job) -> str:
    name = {ImportJob: "imports:restart", Run: "identification:run_restart", ComputeRun: "monitoring:run_restart",
            AnnualReport: "monitoring_reports:report_restart"}[type(job)]
    return reverse(name, args=[job.pk])


def _quiet_for(job, minutes):
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_every_kind_is_a_job_with_the_shared_states():
    models = {kind_of(model): model for model in job_models()}
    assert set(models) == set(KINDS)
    for model in models.values():
        values = {value for value, _label in model.State.choices}
        assert {JobState.QUEUED, JobState.RUNNING, JobState.DONE, JobState.FAILED} <= values, model
        assert model.task_name and model.State.QUEUED == JobState.QUEUED


# ---- one JSON shape ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_status_json_has_one_shape_for_every_kind(kind, client_for, methodologist_a, muni_a, year):
    job = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING, progress=40,
                   stage="этап 2")
    client = client_for(methodologist_a)
    data = client.get(status_url(job)).json()
    assert set(data) >= BASE_KEYS
    assert (data["state"], data["percent"], data["working"], data["error"], data["stage"], data["stale"],
            data["restartable"]) == ("running", 40, True, "", "этап 2", False, False)
    assert data["state_label"] == str(type(job).State("running").label)
    if kind == "imports":  # the import's own extras: rows
        assert {data["processed"], data["total"]} == {0} and data["text"] == "0 из 0 строк"
    else:
        assert data["text"] == "40\u00a0% — этап 2"

    type(job).objects.filter(pk=job.pk).update(state=JobState.FAILED, error="Сбой обработки.")
    data = client.get(status_url(job)).json()
    assert (data["state"], data["working"], data["error"], data["restartable"]) == (
        "failed", False, "Сбой обработки.", True)


@pytest.mark.parametrize("kind", KINDS)
def test_every_job_page_uses_the_one_progress_include(kind, client_for, methodologist_a, head_a, muni_a, year):
    user = head_a if kind == "annual-reports" else methodologist_a
    job = make_job(kind, user=user, muni=muni_a, year=year, state=JobState.RUNNING, progress=40)
    html = client_for(user).get(job.get_absolute_url()).content.decode()
    assert f'data-status-url="{status_url(job)}"' in html and 'aria-valuenow="40"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html and "js/progress.js" in html
    assert "похоже, она прервалась" not in html


# ---- staleness by the heartbeat ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_staleness_is_judged_by_the_heartbeat_for_every_kind(kind, methodologist_a, muni_a, year):
    minutes = settings.JOB_STALE_MINUTES
    long_ago = timezone.now() - datetime.timedelta(minutes=minutes * 3)
    quiet = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING)
    beating = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING)
    queued = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.QUEUED)
    finished = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.DONE)
    model = type(quiet)
    # old rows by their creation and last change: only the heartbeat counts
    model.objects.update(created_at=long_ago, updated_at=long_ago)
    for job in (quiet, queued, finished):
        _quiet_for(job, minutes + 1)
    _quiet_for(beating, minutes - 1)
    assert model.objects.get(pk=quiet.pk).is_stale and not model.objects.get(pk=beating.pk).is_stale

    counts = fail_stale_jobs()
    assert counts == {**dict.fromkeys(KINDS, 0), kind: 2}
    states = dict(model.objects.values_list("pk", "state"))
    assert states == {quiet.pk: "failed", queued.pk: "failed", beating.pk: "running", finished.pk: "done"}
    failed = model.objects.get(pk=quiet.pk)
    assert failed.error.startswith("Обработка прервалась") and failed.finished_at is not None


@pytest.mark.parametrize("kind", KINDS)
def test_progress_moves_the_heartbeat(kind, methodologist_a, muni_a, year):
    job = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING)
    _quiet_for(job, 60)
    job.refresh_from_db()
    assert job.is_stale
    job.report(55, stage="дальше")
    job = type(job).objects.get(pk=job.pk)
    assert (job.progress, job.stage, job.is_stale) == (55, "дальше", False)


# ---- restart ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_restart_is_offered_for_a_failed_or_stalled_job_only(kind, methodologist_a, muni_a, year, monkeypatch):
    sent = []
    monkeypatch.setattr(job_tasks, "enqueue", lambda name, job: sent.append((name, job.pk)))
    monkeypatch.setattr("core.jobs.services.enqueue", lambda name, job: sent.append((name, job.pk)))
    working = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING, progress=30)
    with pytest.raises(Exception, match="Запустить заново|Заново формируется"):
        restart_job(working)
    _quiet_for(working, settings.JOB_STALE_MINUTES + 1)
    working.refresh_from_db()
    assert working.can_restart
    restart_job(working)
    failed = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.FAILED, error="Сбой",
                      progress=70, finished_at=timezone.now())
    restart_job(failed)
    model = type(working)
    for job in (working, failed):
        row = model.objects.get(pk=job.pk)
        assert (row.state, row.progress, row.error, row.finished_at, row.is_stale) == ("queued", 0, "", None, False)
    assert sent == [(model.task_name, working.pk), (model.task_name, failed.pk)]


def test_a_stalled_recompute_is_offered_and_restarted_from_its_page(client_for, methodologist_a, muni_a, year,
                                                                    django_capture_on_commit_callbacks):
    run = make_job("monitoring-runs", user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING,
                   progress=30)
    _quiet_for(run, settings.JOB_STALE_MINUTES + 1)
    client = client_for(methodologist_a)
    html = client.get(run.get_absolute_url()).content.decode()
    assert "похоже, она прервалась" in html and "Пересчитать заново" in html and 'data-stale="1"' in html
    assert client.get(status_url(run)).json()["stale"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(restart_url(run))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.is_done and run.progress == 100 and run.started_at and run.finished_at


def test_a_recompute_is_restarted_only_by_who_may_recompute(client_for, methodologist_a, director_b1, muni_a, year):
    run = make_job("monitoring-runs", user=methodologist_a, muni=muni_a, year=year, state=JobState.FAILED)
    assert "Пересчитать заново" in client_for(methodologist_a).get(run.get_absolute_url()).content.decode()
    assert client_for(director_b1).post(restart_url(run)).status_code == 404
    assert ComputeRun.objects.get(pk=run.pk).is_failed


# ---- the task base ----------------------------------------------------------------------------------------------

def _task(kind):
    from core.tasks import validate_import
    from identification.tasks import compute_run
    from monitoring.reports.tasks import build_report
    from monitoring.tasks import compute_indicators

    return {"imports": validate_import, "identification-runs": compute_run, "monitoring-runs": compute_indicators,
            "annual-reports": build_report}[kind]


def _break_the_services(monkeypatch, error=None):
    def broken(*args, **kwargs):
        raise error or AssertionError("the service must not run")

    monkeypatch.setattr("core.imports.services.validate_job", broken)
    monkeypatch.setattr("identification.services.compute_run", broken)
    monkeypatch.setattr("monitoring.services.run_compute", broken)
    monkeypatch.setattr("monitoring.reports.services.build", broken)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", [JobState.DONE, JobState.FAILED])
def test_a_redelivered_message_for_a_finished_job_does_nothing(kind, state, methodologist_a, muni_a, year,
                                                               monkeypatch):
    job = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=state, progress=100, error="было")
    _break_the_services(monkeypatch)
    before = type(job).objects.filter(pk=job.pk).values().get()
    assert _task(kind).apply(args=[job.pk]).get() is None
    assert type(job).objects.filter(pk=job.pk).values().get() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_final_failure_is_recorded_even_when_the_database_fails_once(kind, methodologist_a, muni_a, year,
                                                                       monkeypatch):
    job = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.QUEUED)
    model = type(job)
    _break_the_services(monkeypatch, KeyError("secret internal detail"))
    real_fail, calls, pauses = model.fail, [], []

    def flaky_fail(jobs, message):
        calls.append(message)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_fail(jobs, message)

    monkeypatch.setattr(model, "fail", flaky_fail)
    monkeypatch.setattr(job_tasks.time, "sleep", pauses.append)
    with pytest.raises(KeyError):
        _task(kind).apply(args=[job.pk])
    row = model.objects.get(pk=job.pk)
    assert row.is_failed and len(calls) == 2 and pauses == [job_tasks.FAILURE_RECORD_PAUSES[0]]
    assert "Сбой обработки." in row.error and "secret" not in row.error and row.finished_at is not None


def test_a_failure_that_cannot_be_recorded_leaves_the_job_to_the_sweep(methodologist_a, muni_a, year, monkeypatch):
    job = make_job("monitoring-runs", user=methodologist_a, muni=muni_a, year=year, state=JobState.QUEUED)

    def down(jobs, message):
        raise OperationalError("the database is down")

    monkeypatch.setattr(ComputeRun, "fail", down)
    monkeypatch.setattr(job_tasks.time, "sleep", lambda seconds: None)
    assert _task("monitoring-runs").record_failure(job.pk, "Сбой") is False
    assert ComputeRun.objects.get(pk=job.pk).state == JobState.QUEUED


# ---- no import circles ------------------------------------------------------------------------------------------

SERVICES_AND_TASKS = ["core/imports/services.py", "core/tasks.py", "core/jobs/services.py", "core/jobs/tasks.py",
                      "identification/services.py", "identification/tasks.py", "monitoring/services.py",
                      "monitoring/tasks.py", "monitoring/reports/services.py", "monitoring/reports/tasks.py"]


@pytest.mark.parametrize("path", SERVICES_AND_TASKS)
def test_services_and_tasks_import_each_other_only_at_the_top(path):
    tree = ast.parse((ROOT / path).read_text())
    hidden = [node.module or "." for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(fn) if isinstance(node, ast.ImportFrom)
              and any(part in (node.module or "") or part in {a.name for a in node.names}
                      for part in ("services", "tasks"))]
    assert hidden == [], f"{path} imports a service or a task inside a function: {hidden}"
