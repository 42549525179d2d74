"""Each role signs in, lands on the start page «Мои задачи» and completes one item from it: the methodologist
returns a submitted programme, the head approves a roadmap, the director reports progress on an overdue activity,
leader-school staff open their agreement and their plan's activity."""

import datetime

from playwright.sync_api import expect

from roadmaps import services
from roadmaps.models import Activity, Roadmap
from roadmaps.selectors import current_start_year

from ..factories import ActivityFactory, AgreementFactory, DesignationFactory, RoadmapFactory, SchoolYearFactory


def _year():
    return SchoolYearFactory(start_year=current_start_year())


def _approved(roadmap, author, head):
    services.submit(actor=author, roadmap=roadmap)
    services.approve(actor=head, roadmap=roadmap, order_number="100", order_date=roadmap.period_start)
    return roadmap


def _activity(roadmap, title, due_in_days):
    due = datetime.date.today() + datetime.timedelta(days=due_in_days)
    return ActivityFactory(roadmap=roadmap, title=title, start=due - datetime.timedelta(days=5), due=due)


def _tasks(page, title):
    """The start page's group with this heading."""
    return page.locator("section.task-group", has=page.get_by_role("heading", name=title, exact=True))


def test_methodologist_returns_a_submitted_programme(reference_rows, sign_in, page, live_server, methodologist_a,
                                                     school_a1):
    programme = RoadmapFactory(school=school_a1, school_year=_year(), title="Программа перехода СОШ № 1",
                               status=Roadmap.Status.SUBMITTED)
    sign_in(methodologist_a.email)
    expect(page.get_by_role("heading", name="Мои задачи")).to_be_visible()
    review = _tasks(page, "Проверка программ и отчётов")
    review.get_by_role("link", name=f"Программа перехода школы: {school_a1.short_name}").click()
    page.wait_for_url(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_label("Что доработать").fill("Добавьте мероприятие по работе с родителями")
    page.get_by_role("button", name="Вернуть на доработку").click()
    expect(page.get_by_text("Дорожная карта возвращена на доработку.")).to_be_visible()

    page.get_by_role("link", name="Мои задачи").click()
    expect(_tasks(page, "Проверка программ и отчётов").get_by_text(
        "Программ, планов и отчётов на проверке нет")).to_be_visible()
    programme.refresh_from_db()
    assert programme.is_returned


def test_head_approves_a_roadmap_from_the_start_page(reference_rows, sign_in, page, live_server, head_a,
                                                     methodologist_a, school_a1):
    programme = RoadmapFactory(school=school_a1, school_year=_year(), title="Программа перехода СОШ № 1")
    services.submit(actor=methodologist_a, roadmap=programme)
    sign_in(head_a.email)
    waiting = _tasks(page, "Дорожные карты на утверждение")
    expect(waiting.get_by_text("ждёт вашего утверждения")).to_be_visible()
    expect(_tasks(page, "Списки ШНОР/ШССУ на утверждение").get_by_text("Списков на утверждение нет.")).to_be_visible()
    waiting.get_by_role("link", name=f"Программа перехода школы: {school_a1.short_name}").click()
    page.get_by_label("Номер приказа").fill("215")
    page.get_by_label("Дата приказа").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("Дорожная карта утверждена.")).to_be_visible()

    page.get_by_role("link", name="Мои задачи").click()
    expect(_tasks(page, "Дорожные карты на утверждение").get_by_text("Дорожных карт на утверждение нет.")
           ).to_be_visible()
    programme.refresh_from_db()
    assert (programme.is_approved, programme.order_number) == (True, "215")


def test_director_reports_progress_on_an_overdue_activity(reference_rows, sign_in, page, live_server, director_a1,
                                                          head_a, school_a1):
    programme = RoadmapFactory(school=school_a1, school_year=_year(), activities=0)
    late = _activity(programme, "Индивидуальные образовательные маршруты", -3)
    _activity(programme, "Взаимопосещение уроков", 4)
    _approved(programme, director_a1, head_a)
    sign_in(director_a1.email)
    own = _tasks(page, "Программа перехода школы")
    expect(own.locator("li.task-bad", has_text="Индивидуальные образовательные маршруты")).to_contain_text(
        "просрочено")
    own.get_by_role("link", name="1. Индивидуальные образовательные маршруты").click()
    page.wait_for_url(f"{live_server.url}{late.get_absolute_url()}")
    page.get_by_label("Статус").select_option(label="выполнено")
    page.get_by_label("Отчёт о выполнении").fill("Маршруты составлены для 12 обучающихся")
    page.get_by_role("button", name="Сохранить ход выполнения").click()
    expect(page.get_by_text("Ход выполнения сохранён.")).to_be_visible()

    page.get_by_role("link", name="Мои задачи").click()
    own = _tasks(page, "Программа перехода школы")
    expect(own.get_by_role("link", name="2. Взаимопосещение уроков")).to_be_visible()
    expect(own.get_by_role("link", name="1. Индивидуальные образовательные маршруты")).to_have_count(0)
    late.refresh_from_db()
    assert late.status == Activity.Status.DONE


def test_leader_staff_open_their_agreement_and_plan(reference_rows, sign_in, page, live_server, leader_staff_a2,
                                                    head_a, school_a1, school_a2):
    year = _year()
    designation = DesignationFactory(school=school_a2, start=datetime.date(year.start_year, 9, 1),
                                     end=datetime.date(year.start_year + 2, 8, 31))
    agreement = AgreementFactory(designation=designation, supported_school=school_a1, number="ЛД-7", active=True,
                                 start=designation.start, end=datetime.date(year.start_year + 1, 8, 31))
    plan = RoadmapFactory(site=True, designation=designation, school_year=year, activities=0)
    lessons = _activity(plan, "Открытые уроки для учителей ШНОР", 2)
    _approved(plan, leader_staff_a2, head_a)

    sign_in(leader_staff_a2.email)
    _tasks(page, "Соглашения школы-лидера").get_by_role(
        "link", name=f"Соглашение № ЛД-7 с {school_a1.short_name}").click()
    page.wait_for_url(f"{live_server.url}{agreement.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Соглашение № ЛД-7")).to_be_visible()

    page.get_by_role("link", name="Мои задачи").click()
    _tasks(page, "План школы-лидера").get_by_role("link", name="1. Открытые уроки для учителей ШНОР").click()
    page.wait_for_url(f"{live_server.url}{lessons.get_absolute_url()}")
    page.get_by_label("Статус").select_option(label="выполняется")
    page.get_by_label("Отчёт о выполнении").fill("Проведено 2 урока из 4")
    page.get_by_role("button", name="Сохранить ход выполнения").click()
    expect(page.get_by_text("Ход выполнения сохранён.")).to_be_visible()
    lessons.refresh_from_db()
    assert lessons.status == Activity.Status.IN_PROGRESS
