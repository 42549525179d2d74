"""Jobs that never stick (docs/jobs.md): time limits, a final failure marked with a Russian message, stale jobs
failed by the beat task and restartable, the broker down answered at once without an orphan job, the cache down not
stopping sign-in, /healthz naming the part that is down."""

import datetime
import time

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from core.imports import services as import_services
from core.jobs import tasks
from core.models import ImportJob
from core.registries import beat_schedule
from identification import services as run_services
from identification.models import Methodology, Run

from ..factories import RunFactory

SCHOOLS_CSV = ("Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность\r\n"
               "555;dinskoy;А;А полное;СОШ;сельская\r\n").encode()
CLOSED_PORT = "redis://127.0.0.1:1/0"


def upload():
    return SimpleUploadedFile("schools.csv", SCHOOLS_CSV)


def test_every_task_has_time_limits_below_the_visibility_timeout():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.JOB_STALE_MINUTES * 60 > settings.CELERY_TASK_TIME_LIMIT
    assert (app.conf.task_soft_time_limit, app.conf.task_time_limit) == (
        settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT)
    assert beat_schedule()["core-fail-stale-jobs"]["task"] == "core.jobs.tasks.fail_stale_jobs"
    # a lost broker connection lets the running task finish (its redelivery would wait for the visibility timeout)
    assert app.conf.task_acks_late and app.conf.worker_cancel_long_running_tasks_on_connection_loss is False


# ---- a task that fails for good --------------------------------------------------------------------------------

def test_soft_time_limit_marks_the_job_failed_with_its_message(methodologist_a, muni_a, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    def too_long(job, progress=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(import_services, "validate_job", too_long)
    with pytest.raises(SoftTimeLimitExceeded), django_capture_on_commit_callbacks(execute=True):
        job = import_services.start_job(actor=methodologist_a, kind="schools", upload=upload())
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert job.error.startswith("Обработка заняла больше 15 мин и остановлена.")


# ---- stale jobs --------------------------------------------------------------------------------------------------

def _age(queryset, minutes):
    queryset.update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_stale_jobs_are_failed_by_the_beat_task_and_restarted(client_for, methodologist_a, muni_a,
                                                              django_capture_on_commit_callbacks):
    stale = ImportJob.objects.create(kind="schools", original_name="a.csv", requested_by=methodologist_a,
                                     state=ImportJob.State.RUNNING, processed_rows=17, total_rows=100)
    stale.file.save("a.csv", upload(), save=True)
    fresh = ImportJob.objects.create(kind="schools", original_name="b.csv", requested_by=methodologist_a,
                                     state=ImportJob.State.APPLYING)
    ready = ImportJob.objects.create(kind="schools", original_name="c.csv", requested_by=methodologist_a,
                                     state=ImportJob.State.READY)
    stale_run = RunFactory(municipality=muni_a, state=Run.State.RUNNING, progress=40)
    pending_run = RunFactory(municipality=muni_a, state=Run.State.QUEUED)
    done_run = RunFactory(municipality=muni_a, state=Run.State.DONE)
    minutes = settings.JOB_STALE_MINUTES
    _age(ImportJob.objects.filter(pk__in=[stale.pk, ready.pk]), minutes + 1)
    _age(ImportJob.objects.filter(pk=fresh.pk), minutes - 1)
    _age(Run.objects.filter(pk__in=[stale_run.pk, pending_run.pk, done_run.pk]), minutes + 1)

    counts = tasks.fail_stale_jobs()  # every kind registered answers; only these had stale rows
    assert counts == {**dict.fromkeys(counts, 0), "imports": 1, "identification-runs": 2}
    message = f"Обработка прервалась: больше {minutes} мин без движения. Запустите её снова."
    stale.refresh_from_db()
    assert stale.state == ImportJob.State.FAILED and stale.error == message
    assert ImportJob.objects.get(pk=fresh.pk).state == ImportJob.State.APPLYING
    assert ImportJob.objects.get(pk=ready.pk).state == ImportJob.State.READY
    assert set(Run.objects.filter(error=message).values_list("pk", flat=True)) == {stale_run.pk, pending_run.pk}
    assert Run.objects.get(pk=done_run.pk).state == Run.State.DONE

    client = client_for(methodologist_a)
    page = client.get(stale.get_absolute_url()).content.decode()
    assert message in page and "Проверить файл заново" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:restart", args=[stale.pk]))
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.state == ImportJob.State.READY and stale.errors == [] and stale.error == ""
    # only a failed job is started again
    response = client.post(reverse("imports:restart", args=[stale.pk]), follow=True)
    assert "Запустить заново можно только прерванную обработку." in response.content.decode()


def test_a_failed_run_is_restarted_by_its_methodologist_only(client_for, methodologist_a, methodologist_b,
                                                             director_a1, muni_a, django_capture_on_commit_callbacks):
    run = RunFactory(municipality=muni_a, state=Run.State.FAILED, error="Сбой")
    page = client_for(methodologist_a).get(run.get_absolute_url()).content.decode()
    assert "Запустить расчёт заново" in page
    assert client_for(director_a1).post(reverse("identification:run_restart", args=[run.pk])).status_code in (403, 404)
    assert client_for(methodologist_b).post(reverse("identification:run_restart", args=[run.pk])).status_code == 404
    assert Run.objects.get(pk=run.pk).state == Run.State.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        client_for(methodologist_a).post(reverse("identification:run_restart", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == Run.State.DONE and run.error == ""


# ---- the broker down ---------------------------------------------------------------------------------------------

@pytest.fixture
def broker_down():
    """A broker configured but unreachable (a closed port), as in production with Redis stopped."""
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, CLOSED_PORT
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None


def test_import_with_the_broker_down_answers_at_once_and_leaves_no_orphan(client_for, methodologist_a, muni_a,
                                                                          broker_down,
                                                                          django_capture_on_commit_callbacks):
    client = client_for(methodologist_a)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:start"), {"kind": "schools", "file": upload()})
    assert time.monotonic() - started < 10
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.state == ImportJob.State.FAILED
    assert job.error == "Очередь задач недоступна, попробуйте позже."
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Очередь задач недоступна, попробуйте позже." in page and "Проверить файл заново" in page
    status = client.get(reverse("imports:status", args=[job.pk])).json()
    assert (status["state"], status["working"], status["error"]) == (
        "failed", False, "Очередь задач недоступна, попробуйте позже.")


def test_run_with_the_broker_down_is_failed_not_queued_forever(methodologist_a, muni_a, broker_down,
                                                               django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        run = run_services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                                      region=muni_a.region, municipality=muni_a, start_year=2025, is_what_if=True)
    assert time.monotonic() - started < 10
    run.refresh_from_db()
    assert (run.state, run.error) == (Run.State.FAILED, "Очередь задач недоступна, попробуйте позже.")


def test_indicator_recompute_with_the_broker_down_is_failed_at_once(methodologist_a, muni_a, year, broker_down,
                                                                      django_capture_on_commit_callbacks):
    from monitoring import services as monitoring_services
    from monitoring.models import ComputeRun

    with django_capture_on_commit_callbacks(execute=True):
        run = monitoring_services.start_compute(actor=methodologist_a, school_year=year, municipality=muni_a)
    run.refresh_from_db()
    assert (run.state, run.error) == (ComputeRun.State.FAILED, "Очередь задач недоступна, попробуйте позже.")


# ---- the cache down ------------------------------------------------------------------------------------------

@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": CLOSED_PORT,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}  # the counters live in the cache


def test_sign_in_works_with_the_cache_down(client, director_a1, cache_down):
    director_a1.set_password("pass-12345")
    director_a1.save()
    response = client.post(reverse("account_login"), {"login": director_a1.email, "password": "pass-12345"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_healthz_names_the_part_that_is_down(client, db, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "eager", "cache": "error: unavailable"}
