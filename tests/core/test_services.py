"""The core layer's shared services: letters after commit, the task base, registries, PDF, API errors."""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, transaction
from rest_framework.test import APIRequestFactory

from accounts.models import Role
from core import api, pdf, registries
from core import mail as core_mail
from core.imports import services as import_services
from core.jobs.tasks import FAILURE_MESSAGE
from core.models import ImportJob

from ..factories import make_user

CSV = "Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность\n"


# ---- mail --------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_letters_go_after_commit_and_not_at_all_on_rollback():
    with transaction.atomic():
        assert core_mail.send_after_commit("Тема\nс переводом строки", "Текст", ["b@x.ru", "a@x.ru", "", "a@x.ru"])
        assert mail.outbox == []  # not from inside the transaction
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["a@x.ru", "b@x.ru"] and letter.subject == "Тема с переводом строки"
    with pytest.raises(RuntimeError), transaction.atomic():
        core_mail.send_after_commit("Откат", "…", ["a@x.ru"])
        raise RuntimeError
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_muted_and_empty_letters_are_not_sent():
    with core_mail.muted():
        assert not core_mail.send_after_commit("Демо", "…", ["a@x.ru"])
    assert not core_mail.send_after_commit("Никому", "…", ["", None])
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_is_logged_not_raised(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        core_mail.send_after_commit("Тема", "Текст", ["a@x.ru"])
    assert "was not sent" in caplog.text


# ---- tasks: progress in one shape, failure only when final ---------------------------------------------

def _job(user):
    upload = SimpleUploadedFile("s.csv", (CSV + "555;dinskoy;А;Б;СОШ;городская\n").encode())
    with transaction.atomic():
        return import_services.start_job(actor=user, kind="schools", upload=upload)


@pytest.mark.django_db(transaction=True)
def test_a_transient_error_is_retried_without_marking_the_job_failed(monkeypatch, muni_a):
    user = make_user(Role.METHODOLOGIST, municipality=muni_a)
    real, calls, seen = import_services.validate_job, [], []

    def flaky(job, progress=lambda d, t: None):
        calls.append(1)
        seen.append(ImportJob.objects.get(pk=job.pk).state)
        if len(calls) == 1:
            raise OperationalError("connection lost")
        return real(job, progress)

    monkeypatch.setattr(import_services, "validate_job", flaky)
    job = _job(user)
    job.refresh_from_db()
    assert len(calls) == 2 and ImportJob.State.FAILED not in seen
    assert job.state == ImportJob.State.READY


@pytest.mark.django_db(transaction=True)
def test_a_final_failure_marks_the_job_failed_in_russian_without_the_exception(monkeypatch, muni_a):
    user = make_user(Role.METHODOLOGIST, municipality=muni_a)

    def broken(job, progress=lambda d, t: None):
        raise KeyError("secret internal detail")

    monkeypatch.setattr(import_services, "validate_job", broken)
    with pytest.raises(KeyError):  # eager Celery propagates; a worker would log it
        _job(user)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert job.error == str(FAILURE_MESSAGE)
    assert "secret" not in job.error + str(job.errors) and "KeyError" not in job.error + str(job.errors)


# ---- registries --------------------------------------------------------------------------------

def test_beat_schedule_is_filled_by_the_apps():
    from config.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["partnerships-daily-lifecycle"]["task"] == "partnerships.tasks.daily_lifecycle"
    assert schedule["roadmaps-daily-digest"]["task"] == "roadmaps.tasks.daily_digest"
    assert set(registries.beat_schedule()) <= set(schedule)


@pytest.mark.django_db
def test_menu_items_follow_each_apps_predicate(muni_a, school_a1):
    def labels(user):
        return [str(i.label) for i in registries.menu_items(user)]

    methodologist = make_user(Role.METHODOLOGIST, municipality=muni_a)
    head = make_user(Role.DEPARTMENT_HEAD, municipality=muni_a)
    director = make_user(Role.SCHOOL_DIRECTOR, school=school_a1)
    assert labels(methodologist) == ["Мои задачи", "Школы", "Муниципалитеты", "Выявление", "Сопровождение",
                                     "Дорожные карты", "Методработа", "Мониторинг", "Годовой отчёт", "Импорт",
                                     "Пользователи"]
    assert labels(head) == ["Мои задачи", "Школы", "Муниципалитеты", "Выявление", "Сопровождение", "Дорожные карты",
                            "Методработа", "Мониторинг", "Годовой отчёт", "Пользователи"]
    assert labels(director) == ["Мои задачи", "Школы", "Муниципалитеты", "Списки ШНОР/ШССУ", "Сопровождение",
                                "Дорожные карты", "Методработа", "Мониторинг", "Годовой отчёт"]


def test_card_sections_and_demo_steps_come_in_layer_order():
    steps = [s.__module__ for s in registries.demo_steps()]
    assert steps == ["schools.demo.seed", "accounts.demo", "identification.demo", "partnerships.demo",
                     "roadmaps.demo", "mentoring.demo", "monitoring.demo", "monitoring.reports.demo"]
    from schools import registries as school_registries

    sections = [s.__module__ for _o, s in school_registries._SECTIONS]
    assert sections == ["identification.card", "partnerships.card", "roadmaps.card", "mentoring.card",
                        "monitoring.card"]


# ---- PDF and API errors ------------------------------------------------------------------------

def test_every_pdf_uses_the_print_stylesheet():
    data = pdf.render_pdf("core/print_base.html", {})
    assert data.startswith(b"%PDF-")
    from django.template.loader import get_template

    for name in ("roadmaps/roadmap_pdf.html", "identification/official_list_pdf.html"):
        source = get_template(name).template.source
        assert source.startswith('{% extends "core/print_base.html" %}'), name


def test_service_errors_map_to_drf_answers():
    request = APIRequestFactory().get("/")
    response = api.exception_handler(DjangoValidationError({"end": ["Конец раньше начала."]}), {"request": request})
    assert response.status_code == 400 and response.data == {"end": ["Конец раньше начала."]}
    response = api.exception_handler(DjangoValidationError("Нельзя."), {"request": request})
    assert response.status_code == 400 and response.data == ["Нельзя."]
    response = api.exception_handler(DjangoPermissionDenied("Только методист."), {"request": request})
    assert response.status_code == 403 and response.data == {"detail": "Только методист."}


def test_upload_check_names_the_rule():
    with pytest.raises(DjangoValidationError, match="xlsx"):
        import_services.check_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    with pytest.raises(DjangoValidationError, match="пуст"):
        import_services.check_upload(SimpleUploadedFile("a.csv", b""))
    import_services.check_upload(SimpleUploadedFile("a.csv", io.BytesIO(b"x").read()))


# ---- the shared pieces every app's services use ------------------------------------------------------------

def test_check_file_recognises_documents_by_content_and_names_the_file():
    from core.uploads import PDF_ONLY, check_file

    check_file(SimpleUploadedFile("Приказ.pdf", b"%PDF-1.7 ..."), PDF_ONLY)
    check_file(SimpleUploadedFile("фото.JPEG", b"\xff\xd8\xff\xe0..."))
    with pytest.raises(DjangoValidationError, match="«отчёт.exe»: загрузите PDF, JPG, PNG, DOCX, XLSX или PPTX"):
        check_file(SimpleUploadedFile("отчёт.exe", b"MZ"))
    with pytest.raises(DjangoValidationError, match="содержимое файла не соответствует расширению"):
        check_file(SimpleUploadedFile("a.pdf", b"MZ not a pdf"))
    with pytest.raises(DjangoValidationError, match="файл пуст"):
        check_file(SimpleUploadedFile("a.pdf", b""))
    with pytest.raises(DjangoValidationError, match="файл больше 1 МБ"):
        check_file(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2**20), max_bytes=2**20)
    with pytest.raises(DjangoValidationError, match="^.*только PDF.*$"):
        check_file(SimpleUploadedFile("a.docx", b"PK\x03\x04"), PDF_ONLY, wrong_kind="только PDF")


@pytest.mark.parametrize("raw, expected", [
    ("15.04.2025", datetime.date(2025, 4, 15)), ("2025-04-15", datetime.date(2025, 4, 15)),
    ("15.04.25", datetime.date(2025, 4, 15)), ("15/04/2025", datetime.date(2025, 4, 15)),
    ("2025-04-15 00:00:00", datetime.date(2025, 4, 15)),
    (datetime.datetime(2025, 4, 15, 9), datetime.date(2025, 4, 15)),
])
def test_parse_date_reads_what_people_and_spreadsheets_write(raw, expected):
    from core.formats import parse_date

    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "31.02.2025", "15.04.2025 и ещё", "9" * 5000, "1E+5000000"])
def test_parse_date_refuses_the_rest_in_russian(raw):
    from core.formats import parse_date

    with pytest.raises(ValueError, match="Дата записывается как 01.09.2025"):
        parse_date(raw)


def test_require_refuses_and_the_system_actor_is_trusted():
    from core.services import require, require_actor

    require(True, "нет")
    with pytest.raises(DjangoPermissionDenied, match="нет прав"):
        require(False, "нет прав")
    require_actor(None, lambda actor: False, "нет")
    with pytest.raises(DjangoPermissionDenied):
        require_actor(object(), lambda actor: False, "нет")
