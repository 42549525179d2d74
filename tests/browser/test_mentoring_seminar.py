"""A leader-school employee logs a seminar for the school their school supports — five participants, attendance
marked — in one form (the clicks of README «Внести мероприятие»), and the methodologist's coverage table shows it."""

import datetime
import re

from playwright.sync_api import expect

from mentoring.models import Event, Participation
from partnerships.models import Agreement

from ..factories import AgreementFactory, DesignationFactory, TeacherFactory


def test_leader_logs_a_seminar_and_coverage_shows_it(reference_rows, sign_in, live_server, leader_staff_a2,
                                                     methodologist_a, school_a1, school_a2):
    today = datetime.date.today()
    designation = DesignationFactory(school=school_a2, start=today - datetime.timedelta(days=200),
                                     end=today + datetime.timedelta(days=400))
    AgreementFactory(designation=designation, supported_school=school_a1, start=today - datetime.timedelta(days=100),
                     end=today + datetime.timedelta(days=200), state=Agreement.State.ACTIVE)
    teachers = [TeacherFactory(school=school_a1, full_name=f"Педагог Сопровождаемой {i}") for i in range(6)]

    page = sign_in("leader.a2@example.ru")
    page.get_by_role("navigation", name="Основное меню").get_by_text("Ещё").click()  # the menu's rest
    page.get_by_role("link", name="Методработа").click()
    page.get_by_role("link", name="Внести мероприятие").click()
    page.get_by_label("Вид мероприятия").select_option(label="Модельный семинар")
    page.get_by_label("Тема").fill("Анализ результатов ВПР и коррекция рабочих программ")
    page.get_by_label(re.compile(r"^Дата")).fill(today.isoformat())
    page.get_by_label("Время").fill("14:30")
    # the one supported school is already ticked, and its teachers are listed under it
    expect(page.get_by_label(school_a1.short_name)).to_be_checked()
    for t in teachers[:5]:
        page.get_by_label(f"присутствовал: {t.full_name}").check()
    expect(page.get_by_label(f"участник: {teachers[0].full_name}")).to_be_checked()  # «был» ticks «участник»
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("участников — 5, присутствовали — 5")).to_be_visible()
    event = Event.objects.get()
    assert event.is_held and event.designation == designation
    assert set(Participation.objects.filter(event=event, attended=True).values_list("teacher__full_name", flat=True)
               ) == {t.full_name for t in teachers[:5]}
    page.get_by_role("button", name="Выйти").click()

    page = sign_in("metod.a@example.ru")
    page.goto(f"{live_server.url}/mentoring/coverage/")
    row = page.locator(f"tr[data-school='{school_a1.pk}']")
    expect(row.locator("td[data-key='events']")).to_have_text("1")
    expect(row.locator("td[data-key='teachers']")).to_contain_text("6")
