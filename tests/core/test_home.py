"""The start page «Мои задачи» (`/`): each role's items with their counts on hand-made data, every link opens for
that user, refusals, and a fixed number of queries whatever the amount of data."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ImportJob
from identification.models import Run, RunSchool, SchoolStatus
from roadmaps import services as roadmap_services
from roadmaps.models import Level, ProgressReport, Roadmap, WorkflowEvent

from ..factories import (
    ActivityFactory,
    AgreementFactory,
    DesignationFactory,
    RoadmapFactory,
    RunFactory,
    SchoolFactory,
    SchoolYearFactory,
)

D = datetime.date
TODAY = D(2024, 11, 15)  # school year 2024/2025; «III квартал 2024» has ended, «IV квартал 2024» is under way


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        yield


def days(n: int) -> D:
    return TODAY + datetime.timedelta(days=n)


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def groups(html: str) -> dict[str, str]:
    """Heading → the group's HTML."""
    parts = re.split(r'<section class="card task-group"', html)[1:]
    out = {}
    for part in parts:
        title = unescape(re.search(r"<h2[^>]*>(.*?)</h2>", part, re.S).group(1).strip())
        out[title] = part.split("</section>")[0]
    return out


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def links(html: str) -> list[str]:
    body = html.split('<div class="task-groups">', 1)[1].split("<footer", 1)[0]
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', body)]


def assert_links_open(client, html: str) -> None:
    hrefs = links(html)
    assert hrefs
    for href in hrefs:
        response = client.get(href.split("#")[0])
        assert response.status_code == 200, (href, response.status_code)


# ---- the world of the tests -------------------------------------------------------------------------------------

@pytest.fixture
def approved_run(muni_a, year, methodologist_a):
    return RunFactory(municipality=muni_a, school_year=year, approved=True, requested_by=methodologist_a,
                      order_number="17", order_date=D(2024, 8, 30))


def give_status(school, run, status="lrs") -> SchoolStatus:
    RunSchool.objects.update_or_create(run=run, school=school, defaults={
        "proposed": [status], f"{status}_included": True})
    return SchoolStatus.objects.create(school=school, status=status, school_year=run.school_year, run=run,
                                       order_number=run.order_number, order_date=run.order_date)


def approve(roadmap, author, head):
    roadmap_services.submit(actor=author, roadmap=roadmap)
    roadmap_services.approve(actor=head, roadmap=roadmap, order_number="100", order_date=D(2024, 10, 1))


@pytest.fixture
def designation_a2(school_a2):
    return DesignationFactory(school=school_a2, end=D(2026, 8, 31))


# ---- refusals and the page itself -----------------------------------------------------------------------------

def test_anonymous_goes_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_sign_in_lands_on_the_start_page(client, director_a1):
    response = client.post(reverse("account_login"), {"login": director_a1.email, "password": "pass-12345"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/"
    html = response.content.decode()
    assert "<h1>Мои задачи</h1>" in html and "Сегодня 15.11.2024" in html
    assert 'aria-current="page">Мои задачи</a>' in html


def test_user_without_roles_is_told_what_to_do(client, no_role_user):
    html = page(client, no_role_user)
    assert "У вас пока нет ролей на портале" in html and not groups(html)


def test_menu_marks_the_start_page_only_on_itself(client, methodologist_a):
    client.force_login(methodologist_a)
    html = client.get(reverse("schools:school_list")).content.decode()
    assert 'aria-current="page">Мои задачи' not in html and 'href="/">Мои задачи</a>' in html


# ---- methodologist --------------------------------------------------------------------------------------------

def test_methodologist_sees_reviews_deadlines_and_gaps(client, methodologist_a, head_a, muni_a, muni_b, year,
                                                      approved_run, designation_a2, school_a1):
    next_year = SchoolYearFactory(start_year=year.start_year + 1)
    # the next year's list waits; a second list of the approved year cannot be approved and does not
    RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE, requested_by=methodologist_a)
    open_run = RunFactory(municipality=muni_a, school_year=next_year, state=Run.State.DONE,
                          requested_by=methodologist_a)
    RunFactory(municipality=muni_b, school_year=year, state=Run.State.DONE)  # another municipality's: not theirs
    RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE, is_what_if=True)  # never approved
    RunFactory(municipality=muni_a, school_year=year, state=Run.State.FAILED)
    covered, bare = SchoolFactory(municipality=muni_a, short_name="МБОУ СОШ № 7"), SchoolFactory(
        municipality=muni_a, short_name="МБОУ СОШ № 9")
    give_status(covered, approved_run)
    give_status(bare, approved_run, "dsc")
    ahead = SchoolFactory(municipality=muni_a, short_name="МБОУ СОШ № 11")  # its programme is of the next year
    give_status(ahead, approved_run)
    RoadmapFactory(school=ahead, school_year=SchoolYearFactory(start_year=2025))
    ending_designation = DesignationFactory(school=SchoolFactory(municipality=muni_a), end=days(20))
    ending_agreement = AgreementFactory(designation=designation_a2, supported_school=covered, active=True,
                                        end=days(10))
    AgreementFactory(designation=designation_a2, supported_school=school_a1)  # a draft
    submitted = RoadmapFactory(school=covered, school_year=year, status=Roadmap.Status.SUBMITTED)
    RoadmapFactory(school=SchoolFactory(municipality=muni_b), school_year=year, status=Roadmap.Status.SUBMITTED)
    plan = RoadmapFactory(site=True, designation=designation_a2, school_year=year, status=Roadmap.Status.APPROVED)
    report = ProgressReport.objects.create(roadmap=plan, period_start=D(2024, 7, 1), period_end=D(2024, 9, 30),
                                           label="III квартал 2024", summary="Итоги",
                                           status=ProgressReport.Status.SUBMITTED)
    municipal = RoadmapFactory(municipal=True, municipality=muni_a, school_year=year, activities=0)
    late = ActivityFactory(roadmap=municipal, title="Анализ результатов ВПР", start=D(2024, 10, 1), due=days(-5))
    approve(municipal, methodologist_a, head_a)
    job = ImportJob.objects.create(kind="schools", original_name="школы.xlsx", requested_by=methodologist_a,
                                   state=ImportJob.State.INVALID)

    html = page(client, methodologist_a)
    g = groups(html)
    assert list(g) == ["Выявление ШНОР/ШССУ", "Сопровождение: сроки и партнёры", "Проверка программ и отчётов",
                       "Муниципальная дорожная карта", "Годовой отчёт", "Загрузка таблиц"]
    runs = g["Выявление ШНОР/ШССУ"]
    assert open_run.get_absolute_url() in runs and text(runs).count("ждёт проверки и решений") == 1
    assert "Расчёты со сбоем за 30 дней: запустите заново" in text(runs)
    support = text(g["Сопровождение: сроки и партнёры"])
    assert ending_designation.get_absolute_url() in g["Сопровождение: сроки и партнёры"]
    assert f"заканчивается {days(20):%d.%m.%Y}" in support
    assert ending_agreement.get_absolute_url() in g["Сопровождение: сроки и партнёры"]
    assert f"заканчивается {days(10):%d.%m.%Y}" in support
    assert "1 Черновики соглашений" in support
    assert "2 ШНОР/ШССУ без действующего партнёрского соглашения по списку 2024/2025" in support  # № 9 and № 11
    review = g["Проверка программ и отчётов"]
    assert submitted.get_absolute_url() in review and text(review).count("на согласовании") == 1
    assert report.get_absolute_url() in review
    assert "МБОУ СОШ № 9: нет программы перехода ШССУ в списке ШНОР/ШССУ на 2024/2025" in text(review)
    assert "МБОУ СОШ № 7: нет" not in text(review) and "МБОУ СОШ № 11: нет" not in text(review)
    own = g["Муниципальная дорожная карта"]
    assert late.get_absolute_url() in own and "просрочено: срок был 10.11.2024" in text(own)
    assert "Отчёт о ходе выполнения за III квартал 2024" in text(own) and "не подан" in text(own)
    assert job.get_absolute_url() in g["Загрузка таблиц"] and "отклонён: есть ошибки" in text(g["Загрузка таблиц"])
    assert_links_open(client, html)


def test_methodologist_with_nothing_waiting_is_told_what_next(client, methodologist_a):
    html = page(client, methodologist_a)
    g = groups(html)
    # mid-November: this year's list is in force, the next computation is in September (no «start one now»)
    assert "Расчётов, ожидающих проверки, нет" in text(g["Выявление ШНОР/ШССУ"])
    assert "Список на 2024/2025 — в официальных списках" in text(g["Выявление ШНОР/ШССУ"])
    assert reverse("identification:official_list") in g["Выявление ШНОР/ШССУ"]
    assert reverse("identification:run_create") not in g["Выявление ШНОР/ШССУ"]
    assert "муниципальной дорожной карты на 2024/2025 нет" in text(g["Муниципальная дорожная карта"])
    assert "Загрузок, которые ждут вашего действия, нет." in text(g["Загрузка таблиц"])
    assert "срочных дел нет" not in html  # the missing municipal roadmap is one
    assert_links_open(client, html)


@pytest.mark.parametrize(("day", "phrase", "url"), [
    (D(2025, 9, 2), "время запустить расчёт выявления на 2025/2026", "identification:run_create"),
    (D(2025, 10, 31), "время запустить расчёт выявления на 2025/2026", "identification:run_create"),
    (D(2025, 12, 7), "Список на 2025/2026 — в официальных списках", "identification:official_list"),
    (D(2026, 3, 31), "Список на 2025/2026 — в официальных списках", "identification:official_list"),
    (D(2026, 4, 1), "загрузите их, чтобы в сентябре запустить расчёт", "imports:start"),
    (D(2026, 8, 31), "загрузите их, чтобы в сентябре запустить расчёт", "imports:start"),
])
def test_the_idle_identification_hint_follows_the_school_year(day, phrase, url):
    from identification.start_page import idle_hint

    hint, link, _label = idle_hint(day)
    assert phrase in hint
    assert link == reverse(url)


def test_a_later_successful_upload_clears_a_rejected_one(client, methodologist_a):
    ImportJob.objects.create(kind="schools", original_name="старый.xlsx", requested_by=methodologist_a,
                             state=ImportJob.State.INVALID)
    ImportJob.objects.create(kind="schools", original_name="новый.xlsx", requested_by=methodologist_a,
                             state=ImportJob.State.DONE)
    assert "старый.xlsx" not in page(client, methodologist_a)


# ---- department head ------------------------------------------------------------------------------------------

def test_head_sees_lists_and_roadmaps_waiting_for_approval(client, head_a, muni_a, muni_b, year, school_a1):
    open_run = RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE)
    RunFactory(municipality=muni_b, school_year=year, state=Run.State.DONE)
    waiting = RoadmapFactory(school=school_a1, school_year=year, status=Roadmap.Status.SUBMITTED)
    RoadmapFactory(school=SchoolFactory(municipality=muni_b), school_year=year, status=Roadmap.Status.SUBMITTED)
    RoadmapFactory(school=SchoolFactory(municipality=muni_a), school_year=year)  # a draft: not yet theirs

    html = page(client, head_a)
    g = groups(html)
    assert list(g) == ["Списки ШНОР/ШССУ на утверждение", "Дорожные карты на утверждение", "Годовой отчёт"]
    lists, roadmaps = g["Списки ШНОР/ШССУ на утверждение"], g["Дорожные карты на утверждение"]
    assert open_run.get_absolute_url() in lists and text(lists).count("список ждёт вашего утверждения") == 1
    assert waiting.get_absolute_url() in roadmaps and text(roadmaps).count("ждёт вашего утверждения") == 1
    assert "ждут вашего действия: 2 пункта" in html
    assert_links_open(client, html)


def test_head_with_nothing_waiting(client, head_a):
    html = page(client, head_a)
    assert "Списков на утверждение нет." in html and "Дорожных карт на утверждение нет." in html
    assert "срочных дел нет" in html
    assert_links_open(client, html)


# ---- school director ------------------------------------------------------------------------------------------

def test_director_sees_status_why_activities_and_reports(client, director_a1, head_a, school_a1, year,
                                                         approved_run):
    give_status(school_a1, approved_run)
    programme = RoadmapFactory(school=school_a1, school_year=year, activities=0)
    overdue = ActivityFactory(roadmap=programme, title="Индивидуальные маршруты", start=D(2024, 10, 1),
                              due=days(-3))
    soon = ActivityFactory(roadmap=programme, title="Взаимопосещение уроков", start=D(2024, 10, 1), due=days(4))
    later = ActivityFactory(roadmap=programme, title="Предметная неделя", start=D(2024, 10, 1), due=days(30))
    done = ActivityFactory(roadmap=programme, title="Самодиагностика", start=D(2024, 9, 2), due=days(-20))
    approve(programme, director_a1, head_a)
    roadmap_services.file_progress(actor=director_a1, activity=done, status="done", percent=100, report="Проведена")

    html = page(client, director_a1)
    g = groups(html)
    assert list(g) == ["Статус школы", "Программа перехода школы", "Показатели мониторинга за 2024/2025"]
    owed = text(g["Показатели мониторинга за 2024/2025"])
    assert "Уроков, посещённых администрацией" in owed and "срок — 31.08.2025" in owed
    status = g["Статус школы"]
    assert reverse("identification:why", args=[approved_run.pk, school_a1.pk]) in status
    assert "Почему школа в списке ШНОР на 2024/2025" in text(status) and "приказ № 17 от 30.08.2024" in text(status)
    own = g["Программа перехода школы"]
    assert programme.get_absolute_url() in own and "утверждена" in text(own)
    assert overdue.get_absolute_url() in own and "просрочено: срок был 12.11.2024" in text(own)
    assert soon.get_absolute_url() in own and "срок 19.11.2024" in text(own)
    assert later.get_absolute_url() not in own and done.get_absolute_url() not in own
    assert "Отчёт о ходе выполнения за III квартал 2024" in text(own)
    assert_links_open(client, html)


def test_director_sees_what_was_returned(client, director_a1, methodologist_a, school_a1, year):
    programme = RoadmapFactory(school=school_a1, school_year=year)
    roadmap_services.submit(actor=director_a1, roadmap=programme)
    roadmap_services.return_for_rework(actor=methodologist_a, roadmap=programme,
                                       comment="Добавьте мероприятие по фактору «родители»")
    assert WorkflowEvent.objects.filter(roadmap=programme, action="returned").exists()
    html = page(client, director_a1)
    own = text(groups(html)["Программа перехода школы"])
    assert "возвращена на доработку" in own and "Замечания: Добавьте мероприятие по фактору «родители»" in own
    assert "Отчёт о ходе" not in own  # not in force: nothing to report yet
    assert_links_open(client, html)


def test_director_of_a_listed_school_without_programme_is_asked_to_write_one(client, director_a1, school_a1,
                                                                             approved_run):
    give_status(school_a1, approved_run, "dsc")
    html = page(client, director_a1)
    own = groups(html)["Программа перехода школы"]
    assert "МБОУ СОШ № 1 ст. Динской: нет программы перехода" in text(own)
    assert "Школа в списке ШНОР/ШССУ на 2024/2025." in text(own)
    assert reverse("roadmaps:roadmap_create") + f"?level=school&amp;school={school_a1.pk}" in own
    assert_links_open(client, html)


def test_director_of_a_school_outside_the_list(client, director_a1, school_a1, approved_run):
    RunSchool.objects.create(run=approved_run, school=school_a1, proposed=[])
    html = page(client, director_a1)
    g = groups(html)
    assert "Школа не в списке ШНОР/ШССУ на 2024/2025" in text(g["Статус школы"])
    assert "её составляют школы из списка ШНОР/ШССУ" in text(g["Программа перехода школы"])
    assert "срочных дел нет" in html
    assert_links_open(client, html)


def test_director_never_sees_another_schools_things(client, director_b1, muni_a, year, approved_run, school_a1):
    give_status(school_a1, approved_run)
    RoadmapFactory(school=school_a1, school_year=year, status=Roadmap.Status.SUBMITTED)
    html = page(client, director_b1)
    assert school_a1.short_name not in html
    assert "Утверждённого списка ШНОР/ШССУ с вашей школой пока нет." in html


# ---- leader-school staff --------------------------------------------------------------------------------------

def test_leader_staff_see_agreements_plan_and_supported_schools(client, leader_staff_a2, head_a, methodologist_a,
                                                                designation_a2, school_a1, year):
    agreement = AgreementFactory(designation=designation_a2, supported_school=school_a1, active=True,
                                 end=D(2025, 8, 31))
    AgreementFactory(designation=DesignationFactory(school=SchoolFactory()), active=True)  # another leader's
    plan = RoadmapFactory(site=True, designation=designation_a2, school_year=year, activities=0)
    due = ActivityFactory(roadmap=plan, title="Открытые уроки", start=D(2024, 10, 1), due=days(-2))
    approve(plan, leader_staff_a2, head_a)
    programme = RoadmapFactory(school=school_a1, school_year=year, activities=0)
    ActivityFactory(roadmap=programme, start=D(2024, 10, 1), due=days(-1))
    approve(programme, methodologist_a, head_a)

    html = page(client, leader_staff_a2)
    g = groups(html)
    assert list(g) == ["Соглашения школы-лидера", "План школы-лидера", "Программы сопровождаемых школ",
                       "Методические мероприятия"]
    agreements = g["Соглашения школы-лидера"]
    assert agreement.get_absolute_url() in agreements and text(agreements).count("Соглашение №") == 1
    assert f"с {school_a1.short_name}" in text(agreements) and "действует до 31.08.2025" in text(agreements)
    own = g["План школы-лидера"]
    assert plan.get_absolute_url() in own and due.get_absolute_url() in own
    supported = g["Программы сопровождаемых школ"]
    assert programme.get_absolute_url() in supported and "просрочено мероприятий: 1" in text(supported)
    assert_links_open(client, html)


def test_leader_staff_without_agreements_or_plan(client, leader_staff_a2, designation_a2, year):
    html = page(client, leader_staff_a2)
    g = groups(html)
    assert "Действующих соглашений нет" in text(g["Соглашения школы-лидера"])
    plan = g["План школы-лидера"]
    assert "плана работы на 2024/2025 нет" in text(plan)
    assert reverse("roadmaps:roadmap_create") + f"?level=site&amp;designation={designation_a2.pk}" in plan
    assert_links_open(client, html)


# ---- administrator --------------------------------------------------------------------------------------------

def test_admin_sees_counts_of_every_territory(client, admin_user, muni_a, muni_b, year):
    RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE)
    RunFactory(municipality=muni_b, school_year=year, state=Run.State.DONE)
    RoadmapFactory(school=SchoolFactory(municipality=muni_b), school_year=year, status=Roadmap.Status.SUBMITTED)
    html = page(client, admin_user)
    g = groups(html)
    assert "2 Списки ждут проверки и утверждения" in text(g["Выявление: все территории"])
    assert "1 Дорожные карты на согласовании" in text(g["Дорожные карты: все территории"])
    assert_links_open(client, html)


def test_superuser_sees_everyones_failed_uploads(client, admin_user, methodologist_a):
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    ImportJob.objects.create(kind="schools", original_name="a.xlsx", requested_by=methodologist_a,
                             state=ImportJob.State.FAILED)
    html = page(client, admin_user)
    assert "1 Сбои обработки файлов у всех пользователей за 7 дней" in text(groups(html)["Загрузка таблиц"])
    assert_links_open(client, html)


# ---- a fixed number of queries ----------------------------------------------------------------------------------

def add_world(k, *, muni_a, year, run, designation, programme, plan, municipal, methodologist, n):
    """k more of everything every role's page counts or lists."""
    for i in range(k):
        tag = f"{n}-{i}"
        bare = SchoolFactory(municipality=muni_a, short_name=f"МБОУ СОШ без программы {tag}")
        give_status(bare, run)
        supported = SchoolFactory(municipality=muni_a, short_name=f"МБОУ СОШ на согласовании {tag}")
        give_status(supported, run, "dsc")
        AgreementFactory(designation=designation, supported_school=supported, active=True, end=days(10 + i))
        AgreementFactory(designation=designation, supported_school=bare)
        DesignationFactory(school=SchoolFactory(municipality=muni_a), end=days(20 + i))
        RoadmapFactory(school=supported, school_year=year, status=Roadmap.Status.SUBMITTED, activities=1)
        reported = RoadmapFactory(school=SchoolFactory(municipality=muni_a), school_year=year,
                                  status=Roadmap.Status.APPROVED, activities=0)
        ProgressReport.objects.create(roadmap=reported, period_start=D(2024, 7, 1), period_end=D(2024, 9, 30),
                                      label="III квартал 2024", summary="Итоги",
                                      status=ProgressReport.Status.SUBMITTED)
        RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE)
        RunFactory(municipality=muni_a, school_year=year, state=Run.State.FAILED)
        for roadmap in (programme, plan, municipal):
            ActivityFactory(roadmap=roadmap, start=D(2024, 10, 1), due=days(-1 - i))
            ActivityFactory(roadmap=roadmap, start=D(2024, 10, 1), due=days(i % 7))
        ImportJob.objects.create(kind=f"kind-{tag}", original_name=f"{tag}.xlsx", requested_by=methodologist,
                                 state=ImportJob.State.INVALID)


def count_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_data(client, muni_a, year, approved_run, designation_a2, school_a1,
                                           methodologist_a, head_a, director_a1, leader_staff_a2, admin_user):
    give_status(school_a1, approved_run)
    programme = RoadmapFactory(school=school_a1, school_year=year, activities=1)
    approve(programme, director_a1, head_a)
    plan = RoadmapFactory(site=True, designation=designation_a2, school_year=year, activities=1)
    approve(plan, leader_staff_a2, head_a)
    municipal = RoadmapFactory(municipal=True, municipality=muni_a, school_year=year, activities=1)
    approve(municipal, methodologist_a, head_a)
    returned = RoadmapFactory(level=Level.SCHOOL, school=SchoolFactory(municipality=muni_a), school_year=year)
    roadmap_services.submit(actor=methodologist_a, roadmap=returned)
    roadmap_services.return_for_rework(actor=head_a, roadmap=returned, comment="Уточните сроки")
    world = {"muni_a": muni_a, "year": year, "run": approved_run, "designation": designation_a2,
             "programme": programme, "plan": plan, "municipal": municipal, "methodologist": methodologist_a}
    users = [methodologist_a, head_a, director_a1, leader_staff_a2, admin_user]

    add_world(2, n=1, **world)
    few = {u.email: count_queries(client, u) for u in users}
    add_world(10, n=2, **world)
    many = {u.email: count_queries(client, u) for u in users}
    assert many == few
    assert max(few.values()) <= 40, few


def test_each_app_registers_its_part_once_in_layer_order():
    from core import registries

    before = list(registries._TASKS)
    registries.register_tasks(30, before[0][1])  # again: nothing changes
    assert before == registries._TASKS
    assert [p.__module__ for _o, p in before] == ["accounts.start_page", "identification.start_page",
                                                  "partnerships.start_page",
                                                  "roadmaps.start_page", "mentoring.start_page",
                                                  "monitoring.start_page", "monitoring.reports.start_page",
                                                  "core.start_page"]
