"""Overdue (computed, in Europe/Moscow), progress filing with evidence, reports, the digest, risk profiles."""

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from roadmaps import access, notify, selectors, services
from roadmaps.models import Activity, DigestLog, Evidence, ProgressReport, RiskFactor, Roadmap
from roadmaps.periods import periods

from ..factories import make_user
from .conftest import D, add_activity

pytestmark = pytest.mark.usefixtures("directions")


ORDER_DAY = D(2024, 10, 1)


def approve(roadmap, author, head, on=ORDER_DAY):
    services.submit(actor=author, roadmap=roadmap)
    services.approve(actor=head, roadmap=roadmap, order_number="100", order_date=on)


# ---- overdue ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("moment", "late"), [
    ("2024-10-31 23:59 +0300", False),  # the last minute of the due day in Moscow
    ("2024-10-31 21:00 +0000", True),  # 00:00 on 1 November in Moscow, still 31 October in UTC
    ("2024-10-31 20:59 +0000", False),  # 23:59 in Moscow
])
def test_overdue_turns_at_midnight_in_moscow(programme, moment, late):
    activity = programme.activities.get(number=1)  # due 31.10.2024
    with time_machine.travel(moment, tick=False):
        assert activity.is_overdue() is late
        assert programme.activities.filter(pk=activity.pk).filter(
            selectors._open_overdue(selectors.timezone.localdate())).exists() is late
        assert selectors.with_progress(Roadmap.objects.filter(pk=programme.pk)).get().n_overdue == int(late)


def test_done_cancelled_and_not_done_are_never_overdue(programme, director_a1):
    activity = programme.activities.get(number=1)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        for status, report in (("done", "Проведён, 14 участников"), ("cancelled", "Перенесён организатором"),
                               ("not_done", "Не набралась группа")):
            services.file_progress(actor=director_a1, activity=activity, status=status, percent=0, report=report)
            assert not activity.is_overdue()
        services.file_progress(actor=director_a1, activity=activity, status="in_progress", percent=50, report="")
        assert activity.is_overdue()


# ---- progress ----------------------------------------------------------------------------------------

def test_progress_rules_and_evidence(programme, director_a1, director_b1, methodologist_a):
    activity = programme.activities.get(number=1)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        with pytest.raises(ValidationError) as exc:
            services.file_progress(actor=director_a1, activity=activity, status="done", percent=10, report="")
        assert "опишите результат" in str(exc.value)
        with pytest.raises(ValidationError) as exc:
            services.file_progress(actor=director_a1, activity=activity, status="cancelled", percent=0, report="")
        assert "почему" in str(exc.value)
        fake = SimpleUploadedFile("protocol.pdf", b"MZ\x90\x00 not a pdf")
        with pytest.raises(ValidationError) as exc:
            services.file_progress(actor=director_a1, activity=activity, status="done", percent=100, report="",
                                   files=[fake])
        assert "не соответствует расширению" in str(exc.value)
        assert not Evidence.objects.exists()
        with pytest.raises(PermissionDenied):
            services.file_progress(actor=director_b1, activity=activity, status="in_progress", percent=10, report="")
        pdf = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol")
        services.file_progress(actor=director_a1, activity=activity, status="done", percent=40, report="",
                               files=[pdf])
    activity.refresh_from_db()
    assert (activity.status, activity.percent, activity.completed_on) == ("done", 100, D(2024, 11, 15))
    assert activity.evidence.get().original_name == "protocol.pdf"


def test_evidence_is_served_only_within_scope(client_for, programme, director_a1, director_b1, methodologist_a):
    activity = programme.activities.get(number=1)
    evidence = services.add_evidence(actor=director_a1, activity=activity,
                                     upload=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nimage"))
    url = reverse("roadmaps:evidence_download", args=[evidence.pk])
    response = client_for(methodologist_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(director_b1).get(url).status_code == 404


def test_activity_page_files_progress_and_comments(client_for, programme, director_a1, methodologist_a):
    activity = programme.activities.get(number=2)
    client = client_for(director_a1)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        response = client.post(activity.get_absolute_url(), {"p-status": "done", "p-percent": "100",
                                                             "p-report": "", "p-completed_on": ""})
        assert "опишите результат" in response.content.decode()  # shown next to the field, nothing saved
        activity.refresh_from_db()
        assert activity.status == "planned"
        response = client.post(activity.get_absolute_url(), {
            "p-status": "done", "p-percent": "100", "p-report": "Маршруты составлены для 12 обучающихся",
            "p-completed_on": "2024-11-14", "files": [SimpleUploadedFile("list.xlsx", b"PK\x03\x04xlsx")]})
        assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done" and activity.evidence.count() == 1
    client_for(methodologist_a).post(reverse("roadmaps:activity_comment", args=[activity.pk]),
                                     {"text": "Приложите, пожалуйста, приказ"})
    page = client_for(director_a1).get(activity.get_absolute_url()).content.decode()
    assert "Приложите, пожалуйста, приказ" in page and "list.xlsx" in page


# ---- progress reports ----------------------------------------------------------------------------------

def test_report_periods():
    quarters = periods(D(2024, 9, 1), D(2025, 8, 31), "quarter")
    assert [p.label for p in quarters] == ["III квартал 2024", "IV квартал 2024", "I квартал 2025",
                                           "II квартал 2025", "III квартал 2025"]
    assert quarters[1].start == D(2024, 10, 1) and quarters[1].end == D(2024, 12, 31)
    halves = periods(D(2024, 9, 1), D(2025, 8, 31), "half_year")
    assert [(p.label, p.end) for p in halves] == [("II полугодие 2024", D(2024, 12, 31)),
                                                  ("I полугодие 2025", D(2025, 6, 30)),
                                                  ("II полугодие 2025", D(2025, 12, 31))]


def test_progress_report_submit_return_resubmit_accept(programme, director_a1, methodologist_a, head_a,
                                                       django_capture_on_commit_callbacks):
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        with pytest.raises(ValidationError, match="утверждённой"):
            services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1), summary="Итоги")
        approve(programme, director_a1, head_a)
        with pytest.raises(ValidationError) as exc:  # a quarter that has not begun
            services.save_report(actor=director_a1, roadmap=programme, period_start=D(2025, 1, 1), summary="Итоги")
        assert "уже начался" in str(exc.value)
        report = services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1),
                                      summary="Семинар проведён частично")
        assert report.label == "IV квартал 2024"
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_report(actor=director_a1, report=report)
        assert methodologist_a.email in mail.outbox[-1].to
        assert report.snapshot[0]["overdue"] is True  # due 31.10, still planned
        with pytest.raises(PermissionDenied):
            services.review_report(actor=director_a1, report=report, accept=True)
        with pytest.raises(ValidationError, match="не более 2000 символов"):  # core/limits.py, COMMENT
            services.review_report(actor=methodologist_a, report=report, accept=False, comment="я" * 2001)
        assert ProgressReport.objects.get(pk=report.pk).is_submitted
        with django_capture_on_commit_callbacks(execute=True):
            services.review_report(actor=methodologist_a, report=report, accept=False, comment="Добавьте итоги")
        assert mail.outbox[-1].to == [director_a1.email] and "Добавьте итоги" in mail.outbox[-1].body
        services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1),
                             summary="Семинар проведён, итоги приложены")
        report.refresh_from_db()
        services.submit_report(actor=director_a1, report=report)
        services.review_report(actor=methodologist_a, report=report, accept=True)
        with pytest.raises(ValidationError, match="уже отправлен"):
            services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1), summary="Ещё")
    assert ProgressReport.objects.get().status == ProgressReport.Status.ACCEPTED


# ---- the daily digest ------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)  # letters go after commit
def test_digest_goes_once_a_day_to_executors_and_the_responsible(programme, director_a1, head_a, methodologist_a,
                                                                  directions):
    add_activity(programme, director_a1, directions["image"], title="Собрание", start=D(2024, 11, 1),
                 due=D(2024, 11, 20), responsible_user=methodologist_a)
    add_activity(programme, director_a1, directions["image"], title="Далёкое", start=D(2025, 3, 1),
                 due=D(2025, 3, 20))
    approve(programme, director_a1, head_a)
    mail.outbox.clear()  # the approval letters
    with time_machine.travel("2024-11-15 07:00 +0300", tick=False):
        first = notify.send_digest()
        sent = {m.to[0]: m for m in mail.outbox}
        assert first["sent"] == 2 and set(sent) == {director_a1.email, methodologist_a.email}
        body = sent[director_a1.email].body
        assert "Просрочены:" in body and "Семинар для учителей — срок 31.10.2024" in body
        assert "Собрание — срок 20.11.2024" in body and "Далёкое" not in body
        assert "Семинар" not in sent[methodologist_a.email].body  # only what they answer for
        assert notify.send_digest()["sent"] == 0  # the task ran twice: nothing new
        assert len(mail.outbox) == 2
    with time_machine.travel("2024-11-16 07:00 +0300", tick=False):
        assert notify.send_digest()["sent"] == 2
    assert DigestLog.objects.count() == 4


def test_digest_ignores_drafts(programme, director_a1):
    with time_machine.travel("2024-11-15 07:00 +0300", tick=False):
        assert notify.send_digest() == {"activities": 0, "sent": 0, "skipped": 0}
    assert not mail.outbox


# ---- risk profiles -----------------------------------------------------------------------------------

def _items(relevant: dict):
    return {f.pk: {"relevant": f.code in relevant, "level": relevant.get(f.code, ""), "measures": "меры"}
            for f in RiskFactor.objects.all()}


def test_risk_catalogue_is_seeded_with_the_500_plus_factors():
    names = list(RiskFactor.objects.values_list("name", flat=True))
    assert len(names) == 11 and "Низкий уровень вовлечённости родителей" in names
    assert "Дефицит педагогических кадров" in names


def test_risk_profile_flags_relevant_factors_without_activities(programme, director_a1, year, directions):
    with pytest.raises(ValidationError) as exc:
        services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year,
                                   items=_items({"parents": ""}))
    assert "уровень" in str(exc.value)
    services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year,
                               items=_items({"parents": "high", "competence": "medium"}))
    assert [f.code for f in selectors.uncovered_factors(programme)] == ["competence", "parents"]
    add_activity(programme, director_a1, directions["image"], title="Родительский всеобуч",
                 risk_factor=RiskFactor.objects.get(code="parents"))
    assert [f.code for f in selectors.uncovered_factors(programme)] == ["competence"]


def test_director_edits_the_profile_only_while_the_programme_is_a_draft(programme, director_a1, director_b1,
                                                                       methodologist_a, head_a, year):
    assert access.can_edit_risk_profile(director_a1, programme.school, year)
    assert not access.can_edit_risk_profile(director_b1, programme.school, year)
    services.submit(actor=director_a1, roadmap=programme)
    with pytest.raises(PermissionDenied):
        services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year,
                                   items=_items({"parents": "high"}))
    services.save_risk_profile(actor=methodologist_a, school=programme.school, school_year=year,
                               items=_items({"parents": "high"}))


def test_risk_profile_page(client_for, programme, director_a1, director_b1, year, school_a2):
    url = reverse("roadmaps:risk_profile", args=[programme.school_id, year.start_year])
    factor = RiskFactor.objects.get(code="parents")
    response = client_for(director_a1).post(url, {f"relevant_{factor.pk}": "on", f"level_{factor.pk}": ""})
    assert response.status_code == 200 and "Укажите уровень актуального фактора" in response.content.decode()
    assert not programme.school.risk_profiles.exists()
    client_for(director_a1).post(url, {f"relevant_{factor.pk}": "on", f"level_{factor.pk}": "high",
                                       f"measures_{factor.pk}": "Родительский клуб"})
    item = programme.school.risk_profiles.get().items.get(factor=factor)
    assert (item.relevant, item.level, item.measures) == (True, "high", "Родительский клуб")
    page = client_for(director_a1).get(programme.get_absolute_url()).content.decode()
    assert "Актуальные факторы риска без мероприятий" in page and "Низкий уровень вовлечённости родителей" in page
    assert client_for(director_b1).get(url).status_code == 404  # another municipality
    neighbour = make_user(Role.SCHOOL_DIRECTOR, school=school_a2, email="director.a2@example.ru")
    assert client_for(neighbour).get(url).status_code == 403  # visible in the registry, private data


def test_overdue_filter_on_the_roadmap_page(client_for, programme, director_a1):
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        page = client_for(director_a1).get(programme.get_absolute_url() + "?overdue=1").content.decode()
    assert "Семинар для учителей" in page and "Индивидуальные маршруты" not in page
    assert Activity.objects.count() == 2


def test_leader_staff_carry_out_their_site_plan_only(designation_a2, leader_staff_a2, methodologist_a, head_a,
                                                     programme, year, directions):
    site = services.save_roadmap(actor=leader_staff_a2, roadmap=Roadmap(), data={
        "level": "site", "designation": designation_a2, "school_year": year, "title": "План площадки",
        "goal": "Распространение практик", "period_start": D(2024, 9, 1), "period_end": D(2025, 8, 31),
        "report_period": "half_year"})
    assert site.school_id == designation_a2.school_id and site.municipality_id == designation_a2.school.municipality_id
    seminar = add_activity(site, leader_staff_a2, directions["methodical"], title="Мастер-класс")
    approve(site, leader_staff_a2, head_a)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        services.file_progress(actor=leader_staff_a2, activity=seminar, status="done", percent=100,
                               report="Проведён для 12 учителей")
        report = services.save_report(actor=leader_staff_a2, roadmap=site, period_start=D(2024, 7, 1),
                                      summary="Проведены мастер-классы")
        assert report.label == "II полугодие 2024"
        services.submit_report(actor=leader_staff_a2, report=report)
        services.review_report(actor=methodologist_a, report=report, accept=True)
        with pytest.raises(PermissionDenied):  # not the supported school's programme
            services.file_progress(actor=leader_staff_a2, activity=programme.activities.first(), status="done",
                                   percent=100, report="чужое")
    assert ProgressReport.objects.get(roadmap=site).status == ProgressReport.Status.ACCEPTED


def test_roadmap_form_shows_errors_next_to_fields_and_saves_nothing(client_for, director_a1, school_a1, year):
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_create"), {
        "level": "school", "school": school_a1.pk, "school_year": year.pk, "title": "", "goal": "Цель",
        "period_start": "2025-08-31", "period_end": "2024-09-01", "report_period": "quarter"})
    form = response.context["form"]
    assert response.status_code == 200 and not Roadmap.objects.exists()
    assert "title" in form.errors and "раньше начала" in form.errors["period_end"][0]
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_create"), {
        "level": "municipal", "school_year": year.pk, "title": "Чужая", "goal": "Цель",
        "period_start": "2024-09-01", "period_end": "2025-08-31", "report_period": "quarter"})
    assert response.status_code == 200 and not Roadmap.objects.exists()  # a director has no municipal level
    assert "level" in response.context["form"].errors


def test_programme_for_a_school_without_status_is_saved_with_a_warning(client_for, director_a1, school_a1, year,
                                                                       methodologist_a):
    from identification.models import Methodology, Run, SchoolStatus

    data = {"level": "school", "school": school_a1.pk, "school_year": year.pk, "title": "Программа",
            "goal": "Цель", "period_start": "2024-09-01", "period_end": "2025-08-31", "report_period": "quarter"}
    page = client_for(director_a1).post(reverse("roadmaps:roadmap_create"), data, follow=True).content.decode()
    assert "нет статуса ШНОР или ШССУ" in page and Roadmap.objects.count() == 1
    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=school_a1.municipality.region,
                             municipality=school_a1.municipality, school_year=year)
    SchoolStatus.objects.create(school=school_a1, status="lrs", school_year=year, run=run, order_number="1",
                                order_date=D(2024, 9, 1))
    assert services.status_warning(Roadmap.objects.get()) is None


def test_report_pages_refuse_by_role(client_for, programme, director_a1, director_b1, head_a, methodologist_a):
    approve(programme, director_a1, head_a)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        report = services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1),
                                      summary="Итоги")
        services.submit_report(actor=director_a1, report=report)
        review = reverse("roadmaps:report_review", args=[report.pk])
        assert client_for(director_b1).get(report.get_absolute_url()).status_code == 404
        assert client_for(director_b1).post(review, {"decision": "accept"}).status_code == 404
        assert client_for(director_a1).post(review, {"decision": "accept"}).status_code == 403
        page = client_for(methodologist_a).post(review, {"decision": "return", "comment": ""}, follow=True)
        assert "Напишите, что нужно доработать" in page.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED and report.reviewed_by is None
