"""One execution at a time (docs/jobs.md, «Захват и пульс»): the claim a task takes on its job, what a redelivered
or superseded message does, the heartbeat, recording a final failure until the database answers, the stale sweep's
two thresholds and the restart offered as soon as a held job's heartbeat stops."""

import datetime

import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from config.celery import app
from core.jobs import tasks as job_tasks
from core.jobs.models import JobLost, JobState
from core.jobs.tasks import Heartbeat, claim_refusal, fail_stale_jobs
from core.registries import beat_schedule
from monitoring.reports import services as report_services
from monitoring.reports.models import AnnualReport
from monitoring.reports.tasks import build_report

from .test_jobs import KINDS, make_job, restart_url

STARTS = (JobState.QUEUED, JobState.RUNNING)


def _ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def _row(state=JobState.RUNNING, task_id="m1", claim="", beat=0.0) -> dict:
    return {"state": state, "task_id": task_id, "claim": claim, "heartbeat_at": _ago(beat)}


def _break_the_build(monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("the build must not run")

    monkeypatch.setattr(report_services, "build", broken)


def _fake_build(monkeypatch, calls):
    def build(report, **kwargs):
        calls.append(report.pk)
        report.mark_running(stage="показатели", attempts=report.attempts + 1)
        report.report(50)
        report.mark_finished(pages=3)
        return report

    monkeypatch.setattr(report_services, "build", build)


# ---- the claim's rule ------------------------------------------------------------------------------------------

def test_claim_rule():
    stale = settings.JOB_HEARTBEAT_STALE_SECONDS + 30
    assert claim_refusal(None, STARTS, "m1", "0:a") == "no such job"
    assert claim_refusal(_row(state=JobState.DONE), STARTS, "m1", "0:a") == "job is done"
    assert claim_refusal(_row(state=JobState.FAILED), STARTS, "m1", "0:a") == "job is failed"
    # a restart sent a newer message: the old one does nothing, even when the job is free
    assert "newer message" in claim_refusal(_row(state=JobState.QUEUED, task_id="m2"), STARTS, "m1", "0:a")
    assert claim_refusal(_row(state=JobState.QUEUED), STARTS, "m1", "0:a") == ""
    # held by a live execution: the same message delivered again does nothing
    assert claim_refusal(_row(claim="0:b"), STARTS, "m1", "0:a") == "a live execution holds the job"
    # ... but the eager retry loop (the same execution) and Celery's retry of that message go on
    assert claim_refusal(_row(claim="0:a"), STARTS, "m1", "0:a") == ""
    assert claim_refusal(_row(claim="0:b"), STARTS, "m1", "1:c") == ""
    assert claim_refusal(_row(claim="2:b"), STARTS, "m1", "1:c") == "a live execution holds the job"
    # the holder's heartbeat stopped: its worker is gone, the job is resumed
    assert claim_refusal(_row(claim="0:b", beat=stale), STARTS, "m1", "0:a") == ""
    # a task called without a message (a command, a test) is not refused for its missing id
    assert claim_refusal(_row(state=JobState.QUEUED), STARTS, None, "0:a") == ""


# ---- what a message does ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_redelivered_message_of_a_job_held_by_a_live_execution_does_nothing(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.RUNNING, progress=40,
                      task_id="m1", claim="0:live", attempts=1)
    _break_the_build(monkeypatch)
    before = AnnualReport.objects.filter(pk=report.pk).values().get()
    assert build_report.apply(args=[report.pk], task_id="m1").get() is None
    assert AnnualReport.objects.filter(pk=report.pk).values().get() == before


@pytest.mark.django_db
def test_an_old_message_of_a_restarted_job_does_nothing(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.FAILED, error="Сбой")
    with monkeypatch.context() as patch:
        patch.setattr(job_tasks.transaction, "on_commit", lambda send: None)  # the restart's own message not sent
        from core.jobs.services import restart_job

        restart_job(report)
    row = AnnualReport.objects.get(pk=report.pk)
    assert row.state == JobState.QUEUED and row.task_id and row.claim == ""
    _break_the_build(monkeypatch)
    assert build_report.apply(args=[report.pk], task_id="the-killed-workers-message").get() is None
    assert AnnualReport.objects.get(pk=report.pk).state == JobState.QUEUED
    calls = []
    _fake_build(monkeypatch, calls)
    build_report.apply(args=[report.pk], task_id=row.task_id)  # the restart's message builds it
    row = AnnualReport.objects.get(pk=report.pk)
    assert calls == [report.pk] and row.is_done and row.claim == ""


@pytest.mark.django_db
def test_a_job_whose_holder_stopped_beating_is_resumed_once(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.RUNNING, progress=40,
                      task_id="m1", claim="0:dead", attempts=1)
    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=_ago(settings.JOB_HEARTBEAT_STALE_SECONDS + 5))
    calls = []
    _fake_build(monkeypatch, calls)
    build_report.apply(args=[report.pk], task_id="m1")
    build_report.apply(args=[report.pk], task_id="m1")  # delivered once more: the report is done
    row = AnnualReport.objects.get(pk=report.pk)
    assert calls == [report.pk] and row.is_done and row.attempts == 2
    assert AnnualReport.objects.filter(territory_key=row.territory_key, school_year=row.school_year).count() == 1


@pytest.mark.django_db
def test_an_execution_that_lost_its_claim_stops_without_writing(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.QUEUED, task_id="m1")

    def taken_over_midway(job, **kwargs):
        job.mark_running(stage="показатели")
        # meanwhile its heartbeat stopped and someone restarted it: another message holds it now
        AnnualReport.objects.filter(pk=job.pk).update(state=JobState.QUEUED, claim="", task_id="m2", progress=0)
        job.report(60)
        raise AssertionError("not reached")

    monkeypatch.setattr(report_services, "build", taken_over_midway)
    assert build_report.apply(args=[report.pk], task_id="m1").get() is None
    row = AnnualReport.objects.get(pk=report.pk)
    assert (row.state, row.progress, row.task_id, row.error) == (JobState.QUEUED, 0, "m2", "")


@pytest.mark.django_db
def test_a_write_without_the_claim_raises_job_lost(head_a, muni_a, year):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.RUNNING, claim="0:b")
    report.claim = "0:a"
    with pytest.raises(JobLost):
        report.report(70)
    assert AnnualReport.objects.get(pk=report.pk).progress == 0


# ---- the heartbeat ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_heartbeat_moves_only_while_its_execution_holds_the_job(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.RUNNING, claim="0:a")
    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=_ago(100))
    assert Heartbeat(AnnualReport, report.pk, "0:a").beat() is True
    assert AnnualReport.objects.get(pk=report.pk).heartbeat_at > _ago(5)
    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=_ago(100))
    assert Heartbeat(AnnualReport, report.pk, "0:other").beat() is False  # taken over: the thread ends
    assert AnnualReport.objects.get(pk=report.pk).heartbeat_at < _ago(90)

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    reconnected = []
    monkeypatch.setattr(job_tasks, "_reconnect", lambda: reconnected.append(1))
    monkeypatch.setattr(AnnualReport.objects, "filter", down)
    assert Heartbeat(AnnualReport, report.pk, "0:a").beat() is True and reconnected == [1]  # skipped, not ended


def test_the_heartbeat_and_its_thresholds_agree_with_the_time_limits():
    beat, stale = settings.JOB_HEARTBEAT_SECONDS, settings.JOB_HEARTBEAT_STALE_SECONDS
    assert 0 < 3 * beat <= stale <= 5 * 60  # a few beats missed, and a lost job is seen within minutes
    assert stale < settings.CELERY_TASK_TIME_LIMIT < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # a killed worker's message is handed out again only after the sweep has failed its job
    assert stale + 2 * 60 < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert app.conf.task_acks_late is True and app.conf.task_reject_on_worker_lost is False
    sweep = beat_schedule()["core-fail-stale-jobs"]
    assert str(sweep["schedule"]._orig_minute) == "*" and sweep["options"]["expires"] < 60


# ---- recording a final failure ---------------------------------------------------------------------------------

def test_the_failure_record_is_retried_for_minutes_with_growing_pauses():
    pauses = job_tasks.FAILURE_RECORD_PAUSES
    assert list(pauses) == sorted(pauses) and 120 <= sum(pauses) <= 300


@pytest.mark.django_db
def test_a_final_failure_is_recorded_once_the_database_answers_again(head_a, muni_a, year, monkeypatch):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.QUEUED)
    real_fail, calls, pauses, reconnected = AnnualReport.fail, [], [], []

    def down_for_a_while(jobs, message):
        calls.append(message)
        if len(calls) <= 6:  # about 15 s of a PostgreSQL restart, past the task's own retries
            raise OperationalError("could not connect to server: Connection refused")
        return real_fail(jobs, message)

    monkeypatch.setattr(AnnualReport, "fail", down_for_a_while)
    monkeypatch.setattr(job_tasks.time, "sleep", pauses.append)
    monkeypatch.setattr(job_tasks, "_reconnect", lambda: reconnected.append(1))
    assert build_report.record_failure(report.pk, "Сбой обработки.") is True
    row = AnnualReport.objects.get(pk=report.pk)
    assert row.is_failed and row.error == "Отчёт не сформирован. Сбой обработки." and row.can_restart
    assert pauses == list(job_tasks.FAILURE_RECORD_PAUSES[:6]) and len(reconnected) == 6


# ---- the sweep and the restart ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_sweep_judges_a_held_job_by_its_heartbeat_within_minutes(kind, methodologist_a, muni_a, year):
    stale = settings.JOB_HEARTBEAT_STALE_SECONDS
    lost = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING, claim="0:a")
    beating = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.RUNNING, claim="0:b")
    waiting = make_job(kind, user=methodologist_a, muni=muni_a, year=year, state=JobState.QUEUED)
    model = type(lost)
    model.objects.filter(pk=lost.pk).update(heartbeat_at=_ago(stale + 10))
    model.objects.filter(pk=beating.pk).update(heartbeat_at=_ago(stale - 30))
    # a queued job waits behind others: it is not lost for as long as JOB_STALE_MINUTES
    model.objects.filter(pk=waiting.pk).update(heartbeat_at=_ago(stale + 10))
    assert model.objects.get(pk=lost.pk).is_stale and not model.objects.get(pk=waiting.pk).is_stale

    assert fail_stale_jobs()[kind] == 1
    states = dict(model.objects.values_list("pk", "state"))
    assert states == {lost.pk: "failed", beating.pk: "running", waiting.pk: "queued"}
    failed = model.objects.get(pk=lost.pk)
    minutes = round(stale / 60)
    assert failed.error == f"Обработка прервалась: больше {minutes} мин без движения. Запустите её снова."
    assert failed.claim == "" and failed.can_restart

    model.objects.filter(pk=waiting.pk).update(heartbeat_at=_ago(settings.JOB_STALE_MINUTES * 60 + 10))
    assert fail_stale_jobs()[kind] == 1 and model.objects.get(pk=waiting.pk).is_failed


@pytest.mark.django_db
def test_the_restart_is_offered_as_soon_as_the_heartbeat_stops(client_for, head_a, muni_a, year, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    report = make_job("annual-reports", user=head_a, muni=muni_a, year=year, state=JobState.RUNNING, progress=40,
                      task_id="m1", claim="0:killed")
    client = client_for(head_a)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Сформировать заново" not in page and "похоже, она прервалась" not in page
    refused = client.post(restart_url(report), follow=True).content.decode()
    assert "Заново формируется только отчёт" in refused
    assert AnnualReport.objects.get(pk=report.pk).claim == "0:killed"

    # the worker was killed: no beat for JOB_HEARTBEAT_STALE_SECONDS, and the sweep has not run yet
    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=_ago(settings.JOB_HEARTBEAT_STALE_SECONDS + 5))
    assert client.get(f"/monitoring/reports/{report.pk}/status/").json()["restartable"] is True
    page = client.get(report.get_absolute_url()).content.decode()
    assert "похоже, она прервалась" in page
    assert f'action="{restart_url(report)}"' in page and "Сформировать заново" in page
    calls = []
    _fake_build(monkeypatch, calls)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(restart_url(report)).status_code == 302
    row = AnnualReport.objects.get(pk=report.pk)
    assert calls == [report.pk] and row.is_done and row.task_id not in ("", "m1")
    # the killed worker's message, delivered again later, finds another message's job
    assert build_report.apply(args=[report.pk], task_id="m1").get() is None
    assert calls == [report.pk]
