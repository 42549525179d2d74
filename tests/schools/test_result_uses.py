"""Changing results that an approved list of ШНОР/ШССУ was computed from needs an explicit confirmation naming them
(identification.selectors.approved_lists_using through schools.registries.register_result_uses), and the apply
is logged with what was confirmed; other results load as before."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.imports.services import confirm_job, start_job
from core.models import ImportJob
from identification.models import Run, RunSchool
from schools.models import AssessmentResult

from ..factories import RunFactory, result

HEADER = "Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл\n"
USE = ("Результаты МБОУ СОШ № 1 ст. Динской, ВПР математика 5 кл. 2023/2024 использованы в утверждённом списке "
       "ШНОР 2024/2025")


@pytest.fixture
def approved(muni_a, school_a1, year):
    """An approved list on 2024/2025 (it reads the results of 2023/2024) with school A1 in ШНОР."""
    run = RunFactory(approved=True, municipality=muni_a, school_year=year)
    RunSchool.objects.create(run=run, school=school_a1, lrs_included=True)
    return run


def _file(school, start_year, participants):
    line = f"{school.code};{start_year}/{start_year + 1};ВПР;математика;5;{participants};4;20;10;6;\n"
    return SimpleUploadedFile("r.csv", (HEADER + line).encode("utf-8"))


def _checked(user, upload, capture):
    with capture(execute=True):
        job = start_job(actor=user, kind="results", upload=upload)
    job.refresh_from_db()
    return job


def test_a_change_the_approved_list_relies_on_needs_confirmation(client_for, methodologist_a, school_a1, approved,
                                                                  django_capture_on_commit_callbacks):
    stored = result(school_a1, 2023, "vpr", "math", 5, 53, mark2=4, mark3=20, mark4=20, mark5=9)
    job = _checked(methodologist_a, _file(school_a1, 2023, 40), django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.READY
    [use] = job.summary["uses"]
    assert use.startswith(USE) and f"приказ № {approved.order_number} от 01.09.2025" in use

    client = client_for(methodologist_a)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="confirm_uses"' in page and use in page

    # without the checkbox: refused with a message, nothing written
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:apply", args=[job.pk]), follow=True)
    assert "Отметьте, что вы подтверждаете изменение" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 53

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]), {"confirm_uses": "1"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.summary["uses"] == [use]
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 40
    entry = LogEntry.objects.get(object_id=stored.pk, action=LogEntry.Action.UPDATE)
    assert entry.actor == methodologist_a
    assert entry.additional_data == {"source": "import", "confirmed_uses": [use]}
    assert entry.changes["participants"] == ["53", "40"]


def test_the_service_refuses_an_unconfirmed_apply(methodologist_a, school_a1, approved,
                                                  django_capture_on_commit_callbacks):
    result(school_a1, 2023, "vpr", "math", 5, 53)
    job = _checked(methodologist_a, _file(school_a1, 2023, 40), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="подтверждаете"):
        confirm_job(job=job)


def test_a_list_approved_while_the_file_waited_is_not_overwritten(methodologist_a, school_a1, muni_a, year,
                                                                  django_capture_on_commit_callbacks):
    stored = result(school_a1, 2023, "vpr", "math", 5, 53)
    job = _checked(methodologist_a, _file(school_a1, 2023, 40), django_capture_on_commit_callbacks)
    assert "uses" not in job.summary
    run = RunFactory(approved=True, municipality=muni_a, school_year=year)
    RunSchool.objects.create(run=run, school=school_a1)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_job(job=job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID and "Пока файл ждал загрузки" in job.errors[0]["message"]
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 53


@pytest.mark.parametrize("case", ["other year", "other school", "what-if run", "not approved", "new result"])
def test_results_no_approved_list_relies_on_load_without_question(methodologist_a, school_a1, school_a2, muni_a,
                                                                  year, approved, case,
                                                                  django_capture_on_commit_callbacks):
    school, start_year = (school_a2, 2023) if case == "other school" else (school_a1, 2023)
    if case == "other year":
        start_year = 2024  # the list on 2024/2025 reads 2023/2024
    if case in ("what-if run", "not approved"):
        Run.objects.filter(pk=approved.pk).update(**({"is_what_if": True} if case == "what-if run" else
                                                    {"state": Run.State.DONE}))
    if case != "new result":
        result(school, start_year, "vpr", "math", 5, 53)
    job = _checked(methodologist_a, _file(school, start_year, 40), django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.READY and "uses" not in job.summary
    with django_capture_on_commit_callbacks(execute=True):
        confirm_job(job=job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert AssessmentResult.objects.get(school=school, school_year__start_year=start_year).participants == 40


def test_the_command_needs_confirm_uses(tmp_path, school_a1, approved):
    stored = result(school_a1, 2023, "vpr", "math", 5, 53)
    path = tmp_path / "r.csv"
    path.write_bytes(_file(school_a1, 2023, 40).read())
    err = StringIO()
    with pytest.raises(CommandError, match="Ничего не записано") as refused:
        call_command("import_file", "results", str(path), stdout=StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert USE in err.getvalue() and "--confirm-uses" in err.getvalue()
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 53
    out = StringIO()
    call_command("import_file", "results", str(path), "--confirm-uses", stdout=out)
    assert "изменено 1" in out.getvalue() and USE in out.getvalue()
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 40
    assert LogEntry.objects.get(object_id=stored.pk, action=LogEntry.Action.UPDATE).additional_data[
        "confirmed_uses"][0].startswith(USE)
