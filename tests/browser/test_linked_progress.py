"""A seminar linked to a site plan's activity leaves the activity open with its attendance shown; a director reaches
the owed indicator values from the start page in one click and saves them one by one."""

import datetime

from playwright.sync_api import expect

from monitoring.catalogue import ensure_catalogue
from monitoring.models import Indicator, ReportValue, Rule
from partnerships.models import Agreement
from roadmaps.models import Activity, ProgressReport
from roadmaps.selectors import current_start_year

from ..factories import (
    ActivityFactory,
    AgreementFactory,
    DesignationFactory,
    RoadmapFactory,
    SchoolYearFactory,
    TeacherFactory,
)


def test_seminar_linked_to_an_activity_leaves_it_open(reference_rows, sign_in, live_server, leader_staff_a2,
                                                      school_a1, school_a2):
    today = datetime.date.today()
    designation = DesignationFactory(school=school_a2, start=today - datetime.timedelta(days=200),
                                     end=today + datetime.timedelta(days=400))
    AgreementFactory(designation=designation, supported_school=school_a1, start=today - datetime.timedelta(days=100),
                     end=today + datetime.timedelta(days=200), state=Agreement.State.ACTIVE)
    teachers = [TeacherFactory(school=school_a1, full_name=f"Педагог Сопровождаемой {i:02}") for i in range(21)]
    plan = RoadmapFactory(site=True, designation=designation, school_year=SchoolYearFactory(
        start_year=current_start_year()), activities=0, status="approved")
    activity = ActivityFactory(roadmap=plan, title="Мастер-классы для педагогов сопровождаемых школ",
                               indicator="доля педагогов — участников", target_value="не менее 80 %",
                               start=plan.period_start, due=plan.period_end)

    page = sign_in("leader.a2@example.ru")
    page.goto(f"{live_server.url}/mentoring/events/new/")
    page.get_by_label("Вид мероприятия").select_option(label="Модельный семинар")
    page.get_by_label("Тема").fill("Формирующее оценивание на уроке")
    page.get_by_label("Время").fill("14:30")
    page.get_by_label("Мероприятие плана площадки").select_option(label=str(activity))
    for t in teachers[:5]:
        page.get_by_label(f"присутствовал: {t.full_name}").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("участников — 5, присутствовали — 5")).to_be_visible()

    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.locator(".props")).to_contain_text("выполняется")
    work = page.locator("#linked-work")
    expect(work).to_contain_text("Формирующее оценивание на уроке")
    expect(work).to_contain_text("5 / 5")
    expect(work).to_contain_text("Охвачено педагогов: 5 из 21")
    activity.refresh_from_db()
    # 5 of 21 teachers = 23,8 %, against the target of 80 %: 29 % of the way; open until a person closes it
    assert (activity.status, activity.percent, activity.completed_on) == (Activity.Status.IN_PROGRESS, 29, None)
    # the form's percent follows «выполнено»
    page.get_by_label("Статус").select_option(label="выполнено")
    expect(page.get_by_label("Выполнено, %")).to_have_value("100")


def test_director_reaches_owed_indicators_in_one_click(reference_rows, sign_in, live_server, director_a1,
                                                       school_a1):
    ensure_catalogue(Indicator, Rule)  # the flushed live-server database lost the built-in indicators
    year = SchoolYearFactory(start_year=current_start_year())
    programme = RoadmapFactory(school=school_a1, school_year=year, status="approved")
    report = ProgressReport.objects.create(
        roadmap=programme, period_start=datetime.date(year.start_year, 9, 1),
        period_end=datetime.date(year.start_year, 11, 30), label=f"I квартал {year.start_year}", summary="Итоги")

    page = sign_in(director_a1.email)
    owed = page.locator("section.task-group", has=page.get_by_role(
        "heading", name=f"Показатели мониторинга за {year.name}", exact=True))
    expect(owed).to_contain_text(f"срок — 31.08.{year.start_year + 1}")
    owed.get_by_role("link", name="Уроков, посещённых администрацией").click()
    page.wait_for_url(f"{live_server.url}{report.get_absolute_url()}#ind-lessons_visited")

    form = page.locator("#ind-lessons_visited")
    form.get_by_label("Уроков, посещённых администрацией").fill("42")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("сохранён")).to_be_visible()
    # no yearly data: only the share of teachers waits for it, with the way to enter it
    expect(page.locator("#ind-inschool_control").get_by_role("link", name="Внести данные школы за год")
           ).to_be_visible()
    form = page.locator("#ind-risk_group")
    form.get_by_label("Обучающихся в группе риска").fill("12")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("сохранён")).to_be_visible()
    assert {v.indicator.code: v.data["entered"] for v in ReportValue.objects.filter(report=report)} == {
        "lessons_visited": "42", "risk_group": 12}
    expect(page.locator("#ind-lessons_visited input[name=lessons_visited]")).to_have_value("42")
