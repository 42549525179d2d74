"""The report's job: sent on commit, progress by section on the row (what the progress bar polls), idempotent builds
that replace the files atomically, a killed build that leaves no half file and completes when retried, transient
errors retried, a clear failure message with a way to build again, earlier versions kept, the yearly schedule with
its letter to the department head, and the build_report command."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from celery import current_app
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import override_settings

from monitoring.reports import schedule, sections, services
from monitoring.reports.models import AnnualReport
from monitoring.reports.tasks import build_report
from schools.models import SchoolYear


def _request(territory, year, actor=None):
    return services.request_report(actor=actor, territory=territory, school_year=year, enqueue=False)


def _leftovers(report) -> list[Path]:
    folder = Path(report.pdf.path).parent
    return [p for p in folder.iterdir() if p.name.startswith(f".{report.file_stem()}")]


@pytest.mark.django_db
def test_the_task_is_sent_on_commit_and_builds_the_report(head_a, muni_a, school_a1, year, fake_pdf,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.request_report(actor=head_a, territory=muni_a, school_year=year)
    assert AnnualReport.objects.get(pk=report.pk).state == AnnualReport.State.QUEUED and len(callbacks) == 1
    callbacks[0]()  # the commit: the (eager) task runs
    report.refresh_from_db()
    assert report.is_done and report.progress == 100 and report.pages == 4 and report.requested_by == head_a
    assert report.data_as_of and report.finished_at and report.size == len(b"%PDF-1.7 fake build 1")


@pytest.mark.django_db
def test_progress_by_section_is_kept_on_the_row(client, head_a, muni_a, school_a1, year, fake_pdf, monkeypatch):
    report = _request(muni_a, year, head_a)
    client.force_login(head_a)
    queued = client.get(f"/monitoring/reports/{report.pk}/status/").json()
    assert queued["working"] is True and queued["percent"] == 0 and queued["state_label"] == "в очереди"
    seen, real_mentoring = {}, sections.mentoring

    def mentoring(scope, number):  # the build is in its fourth section: what does the page poll?
        seen["row"] = AnnualReport.objects.get(pk=report.pk)
        seen["json"] = client.get(f"/monitoring/reports/{report.pk}/status/").json()
        return real_mentoring(scope, number)

    monkeypatch.setattr(sections, "mentoring", mentoring)
    percents = []
    services.build(report, progress=percents.append)
    assert percents == sorted(percents) and percents[-1] == 100 and len(set(percents)) >= 10
    assert seen["row"].state == AnnualReport.State.RUNNING and 0 < seen["row"].progress < 100
    assert seen["row"].stage == "наставничество и методическая работа"
    assert seen["json"]["working"] is True and seen["json"]["text"].endswith("наставничество и методическая работа")
    page = client.get(f"/monitoring/reports/{report.pk}/")
    assert "Скачать PDF" in page.content.decode()
    done = client.get(f"/monitoring/reports/{report.pk}/status/").json()
    assert done == {**done, "working": False, "percent": 100, "state": "done"}


@pytest.mark.django_db
def test_the_page_of_a_report_being_built_shows_the_progress_bar(client, head_a, muni_a, year):
    report = _request(muni_a, year, head_a)
    AnnualReport.objects.filter(pk=report.pk).update(state="running", progress=45, stage="показатели")
    client.force_login(head_a)
    html = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="45"' in html and "45\u00a0% — показатели" in html
    assert "js/progress.js" in html and '<meta http-equiv="refresh"' in html and "Скачать PDF" not in html


@pytest.mark.django_db
def test_building_again_replaces_the_files_atomically(muni_a, school_a1, year, fake_pdf):
    report = services.build(_request(muni_a, year))
    first_name, first = report.pdf.name, Path(report.pdf.path).read_bytes()
    again = services.build(AnnualReport.objects.get(pk=report.pk))
    assert again.pdf.name == first_name and AnnualReport.objects.count() == 1
    assert Path(again.pdf.path).read_bytes() != first == b"%PDF-1.7 fake build 1"
    assert Path(again.pdf.path).read_bytes() == b"%PDF-1.7 fake build 2"
    assert not _leftovers(again) and again.attempts == 2


@pytest.mark.django_db
def test_a_build_killed_while_writing_leaves_the_old_file_and_completes_when_retried(muni_a, school_a1, year,
                                                                                      fake_pdf, monkeypatch):
    report = services.build(_request(muni_a, year))
    path = Path(report.pdf.path)
    stale = path.parent / f".{path.name}.killedworker.tmp"  # what a SIGKILLed worker leaves behind
    stale.write_bytes(b"%PDF-1.7 half")

    def killed(src, dst):
        raise SystemExit("worker lost")  # the process is ended between writing the temporary file and the move

    monkeypatch.setattr(services.os, "replace", killed)
    with pytest.raises(SystemExit):
        services.build(AnnualReport.objects.get(pk=report.pk))
    assert path.read_bytes() == b"%PDF-1.7 fake build 1"  # the old file, whole
    assert not _leftovers(report)  # its own temporary file removed, the stale one too
    assert AnnualReport.objects.get(pk=report.pk).state == AnnualReport.State.RUNNING
    monkeypatch.undo()
    monkeypatch.setattr(services, "html_to_pdf_pages", lambda html: (b"%PDF-1.7 retried", 4))
    build_report.apply(args=[report.pk])  # the message redelivered to another worker
    report.refresh_from_db()
    assert report.is_done and path.read_bytes() == b"%PDF-1.7 retried"


def test_the_task_acknowledges_late_and_a_lost_pool_process_does_not_requeue_it():
    # a requeued copy would find the report held by a fresh heartbeat; the sweep fails it instead (docs/jobs.md)
    assert build_report.acks_late is True and build_report.reject_on_worker_lost is False


@pytest.mark.django_db
def test_transient_database_errors_are_retried(muni_a, school_a1, year, fake_pdf, monkeypatch):
    report = _request(muni_a, year)
    real, calls = services.build, []

    def flaky(report, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(report, **kwargs)

    monkeypatch.setattr(services, "build", flaky)
    build_report.delay(report.pk)
    report.refresh_from_db()
    assert len(calls) == 2 and report.is_done and not report.error


@pytest.mark.django_db
def test_a_build_that_cannot_finish_says_so_in_russian_and_can_be_built_again(client, head_a, muni_a, school_a1,
                                                                               year, fake_pdf, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    report = _request(muni_a, year, head_a)

    def broken(*args, **kwargs):
        raise ValueError("template exploded at line 42")

    monkeypatch.setattr(services, "compose", broken)
    with pytest.raises(ValueError):
        build_report.delay(report.pk)
    report.refresh_from_db()
    assert report.is_failed and report.error.startswith("Отчёт не сформирован. Сбой обработки.")
    assert "exploded" not in report.error and not report.pdf
    client.force_login(head_a)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Отчёт не сформирован. Сбой обработки." in page and "Сформировать заново" in page
    assert client.get(f"/monitoring/reports/{report.pk}/pdf/").status_code == 404
    monkeypatch.undo()
    monkeypatch.setattr(services, "html_to_pdf_pages", lambda html: (b"%PDF-1.7 second try", 5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/monitoring/reports/{report.pk}/restart/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_done and report.pages == 5 and not report.error and report.version == 1


@pytest.mark.django_db
def test_asking_again_makes_the_next_version_and_keeps_the_earlier(client, head_a, muni_a, school_a1, year, fake_pdf):
    first = services.build(_request(muni_a, year, head_a))
    second = services.build(_request(muni_a, year, head_a))
    assert (first.version, second.version) == (1, 2)
    assert Path(first.pdf.path).exists() and Path(second.pdf.path).exists() and first.pdf.name != second.pdf.name
    client.force_login(head_a)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Все версии" in page and first.get_absolute_url() in page
    other = SchoolYear.objects.get_or_create(start_year=2019)[0]
    assert _request(muni_a, other).version == 1  # versions are counted per territory and year


@pytest.mark.django_db
def test_the_yearly_schedule_builds_every_municipality_and_writes_to_the_head(head_a, muni_a, muni_b, school_a1,
                                                                              fake_pdf,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reports = services.schedule_annual(today=datetime.date(2025, 6, 30))
    assert {r.municipality_id for r in reports} == {muni_a.pk, muni_b.pk}
    for report in reports:
        report.refresh_from_db()
        assert report.is_done and report.scheduled and report.requested_by is None
        assert report.school_year.start_year == 2024
    letters = [m for m in mail.outbox if head_a.email in m.to]
    assert len(letters) == 1 and "2024/2025" in letters[0].subject
    mine = next(r for r in reports if r.municipality_id == muni_a.pk)
    assert f"/monitoring/reports/{mine.pk}/" in letters[0].body


def test_the_beat_entry_follows_the_configured_date():
    entry = current_app.conf.beat_schedule["monitoring-annual-reports"]
    assert entry["task"] == "monitoring.reports.tasks.build_annual_reports"
    with override_settings(ANNUAL_REPORT_DATE="15.07", ANNUAL_REPORT_HOUR=5):
        cron = schedule.annual_crontab()
        assert cron.day_of_month == {15} and cron.month_of_year == {7} and cron.hour == {5}
    for bad in ("31.02", "2025-06-30", "июнь"):
        with override_settings(ANNUAL_REPORT_DATE=bad), pytest.raises(ImproperlyConfigured):
            schedule.annual_crontab()


@pytest.mark.django_db
def test_build_report_command_uses_the_same_service(muni_a, school_a1, year, fake_pdf, tmp_path):
    out = StringIO()
    call_command("build_report", municipality="dinskoy", year="2024/2025", out=str(tmp_path / "r.pdf"), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == str(tmp_path / "r.pdf") and "страниц: 4" in lines and lines[-1].startswith("время: ")
    assert (tmp_path / "r.pdf").read_bytes() == b"%PDF-1.7 fake build 1" and (tmp_path / "r.xlsx").exists()
    report = AnnualReport.objects.get()
    assert report.is_done and report.level == "municipality"
    with pytest.raises(CommandError, match="не найдена"):
        call_command("build_report", municipality="nowhere", year="2024/2025", stdout=StringIO())
    with pytest.raises(CommandError, match="2024/2025"):
        call_command("build_report", municipality="dinskoy", year="24/25", stdout=StringIO())


@pytest.mark.django_db
def test_a_report_whose_worker_was_lost_for_good_is_marked_failed_by_the_stale_job_beat(muni_a, year):
    import datetime as dt

    from django.utils import timezone

    from core.jobs.tasks import fail_stale_jobs

    other = SchoolYear.objects.get_or_create(start_year=year.start_year - 1)[0]  # one build per territory and year
    stuck, fresh = _request(muni_a, year), _request(muni_a, other)
    AnnualReport.objects.filter(pk=stuck.pk).update(state="running", progress=40,
                                                    heartbeat_at=timezone.now() - dt.timedelta(hours=3))
    AnnualReport.objects.filter(pk=fresh.pk).update(state="running", progress=40)
    counts = fail_stale_jobs()
    assert counts["annual-reports"] == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.is_failed and stuck.error.startswith("Обработка прервалась") and fresh.state == "running"


def test_the_form_asks_by_default_for_the_year_the_schedule_last_reported_on():
    import datetime

    from monitoring.reports.schedule import report_year

    D = datetime.date
    assert report_year(D(2026, 11, 29)) == 2025  # 2026/2027 has just begun: the last year that is over
    assert report_year(D(2027, 6, 29)) == 2025
    assert report_year(D(2027, 6, 30)) == 2026  # ANNUAL_REPORT_DATE: the ending year is reported on
    assert report_year(D(2027, 8, 31)) == 2026
    assert report_year(D(2027, 9, 1)) == 2026
    with override_settings(ANNUAL_REPORT_DATE="15.09"):  # a date in the autumn of the year after
        assert report_year(D(2027, 9, 14)) == 2025 and report_year(D(2027, 9, 15)) == 2026


@pytest.mark.django_db
def test_a_second_request_while_one_is_being_built_joins_it(client, head_a, methodologist_a, muni_a, school_a1,
                                                            year, fake_pdf):
    first = _request(muni_a, year, head_a)  # queued, not built yet
    again = _request(muni_a, year, methodologist_a)
    assert again.pk == first.pk and again.joined and not first.joined
    assert AnnualReport.objects.filter(territory_key=first.territory_key).count() == 1
    # the database holds the rule too: two requests at the very same moment cannot both start a build
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(territory_key=first.territory_key, school_year=year, version=2,
                                    level=first.level, region=first.region, municipality=muni_a)
    services.build(first)
    assert _request(muni_a, year, head_a).version == 2  # once built, asking again makes the next version
    client.force_login(head_a)
    page = client.post("/monitoring/reports/new/", {"territory": f"m:{muni_a.pk}", "year": year.start_year},
                       follow=True)
    assert "Эта версия уже формируется" in page.content.decode()


@pytest.mark.django_db
@override_settings(ANNUAL_REPORT_VERSIONS_PER_DAY=2)
def test_a_person_asks_for_a_bounded_number_of_versions_a_day(head_a, muni_a, school_a1, year, fake_pdf):
    from django.core.exceptions import ValidationError

    for _ in range(2):
        services.build(_request(muni_a, year, head_a))
    with pytest.raises(ValidationError, match="уже запросили 2 версий годового отчёта"):
        _request(muni_a, year, head_a)
    assert AnnualReport.objects.count() == 2
    assert _request(muni_a, year, None).version == 3  # the yearly schedule is not bounded
