"""What a page offers is what the rules allow (a user's-eye review of the roadmaps):

- the start page never asks a user to accept a report they sent, or to approve a roadmap they submitted (the same
  `access` rule the buttons use), and the report and roadmap pages say why those buttons are missing;
- a progress report names the school (or municipality) it is about;
- the report form on a roadmap page offers only periods without a report, and says so when there are none;
- the school card offers «Составить программу перехода» only when the school has no programme of the year, and the
  new-roadmap form offers a director only what a director can create;
- the start page writes percentages as the rest of the portal does (`core.formats.ru_percent`)."""

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from roadmaps import access, services
from roadmaps.models import Activity, Level, ProgressReport, Roadmap

from ..factories import make_user
from .conftest import PERIOD, D, add_activity

ORDER = {"order_number": "17-р", "order_date": D(2024, 9, 20)}
Q3, Q4 = D(2024, 7, 1), D(2024, 10, 1)  # «III квартал 2024» (over), «IV квартал 2024» (under way)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        yield


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def get(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def group(html: str, title: str) -> str:
    return html.split(title, 1)[1].split("</section>", 1)[0]


def review_group(html: str) -> str:
    return group(html, "Проверка программ и отчётов")


def approve(roadmap, author, head):
    services.submit(actor=author, roadmap=roadmap)
    services.approve(actor=head, roadmap=roadmap, **ORDER)
    roadmap.refresh_from_db()


def send_report(roadmap, sender, period_start=Q3) -> ProgressReport:
    report = services.save_report(actor=sender, roadmap=roadmap, period_start=period_start, summary="Итоги квартала")
    return services.submit_report(actor=sender, report=report)


@pytest.fixture
def methodologist_a2(muni_a):
    return make_user(Role.METHODOLOGIST, municipality=muni_a, email="metod2.a@example.ru")


# ---- 1. no task the rule refuses; the pages say why --------------------------------------------------------------

def test_the_sender_of_a_report_is_not_asked_to_review_it(client, programme, director_a1, methodologist_a,
                                                          methodologist_a2, head_a):
    approve(programme, director_a1, head_a)
    report = send_report(programme, methodologist_a)  # the methodologist filed it for the school
    url = report.get_absolute_url()

    mine = review_group(get(client, methodologist_a, "/"))
    assert url not in mine and "примите или верните" not in mine
    theirs = review_group(get(client, methodologist_a2, "/"))
    assert url in theirs and "Отчёт за III квартал 2024: МБОУ СОШ № 1 ст. Динской" in text(theirs)

    page = get(client, methodologist_a, url)
    assert "Принять" not in page and "Вернуть на доработку" not in page
    assert ("Вы сами отправили этот отчёт: принимает или возвращает его другой методист или начальник управления "
            "образования.") in text(page)
    assert access.report_review_refusal(methodologist_a, report) in text(page)
    other = get(client, methodologist_a2, url)
    assert "Принять" in other and "Вы сами отправили" not in other
    # the refusal is the service's too, in the same words
    client.force_login(methodologist_a)
    response = client.post(reverse("roadmaps:report_review", args=[report.pk]), {"decision": "accept"})
    assert response.status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED


def test_a_report_of_the_municipal_roadmap_is_for_the_head(client, municipal_plan, methodologist_head_a, head_a):
    plan = municipal_plan
    approve(plan, methodologist_head_a, head_a)
    report = send_report(plan, methodologist_head_a)
    page = text(get(client, methodologist_head_a, report.get_absolute_url()))
    assert "Вы сами отправили этот отчёт: принимает или возвращает его начальник управления образования." in page
    assert "Принять" not in page


def test_once_reviewed_the_report_page_says_the_decision_not_the_refusal(client, programme, director_a1,
                                                                         methodologist_a, methodologist_a2, head_a):
    approve(programme, director_a1, head_a)
    report = send_report(programme, methodologist_a)
    services.review_report(actor=methodologist_a2, report=report, accept=True)
    page = text(get(client, methodologist_a, report.get_absolute_url()))
    assert "Вы сами отправили" not in page and "принят" in page


def test_reviewable_reports_is_can_review_report(programme, designation_a2, leader_staff_a2, director_a1,
                                                 methodologist_a, methodologist_a2, methodologist_head_a, head_a,
                                                 methodologist_b, admin_user, year, directions):
    """The start page's queryset and the page's predicate answer alike, for every user and report."""
    approve(programme, director_a1, head_a)
    plan = services.save_roadmap(actor=leader_staff_a2, roadmap=Roadmap(), data={
        "level": Level.SITE, "designation": designation_a2, "school_year": year, "title": "План площадки",
        "goal": "Методическая помощь", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    add_activity(plan, leader_staff_a2, directions["methodical"])
    approve(plan, leader_staff_a2, head_a)
    reports = [send_report(programme, methodologist_a), send_report(programme, director_a1, Q4),
               send_report(plan, methodologist_head_a)]
    draft = services.save_report(actor=leader_staff_a2, roadmap=plan, period_start=Q4, summary="Черновик")
    users = [director_a1, leader_staff_a2, methodologist_a, methodologist_a2, methodologist_head_a, head_a,
             methodologist_b, admin_user]
    for user in users:
        listed = set(access.reviewable_reports(user).values_list("pk", flat=True))
        assert listed == {r.pk for r in [*reports, draft] if access.can_review_report(user, r)}, user.email
    assert set(access.reviewable_reports(methodologist_a).values_list("pk", flat=True)) == {reports[1].pk,
                                                                                              reports[2].pk}


def test_the_head_is_not_asked_to_approve_what_they_submitted(client, municipal_plan_submitted, methodologist_head_a,
                                                              head_a):
    plan = municipal_plan_submitted
    to_approve = "Дорожные карты на утверждение"
    assert to_approve in get(client, methodologist_head_a, "/")
    assert plan.get_absolute_url() not in group(get(client, methodologist_head_a, "/"), to_approve)
    assert plan.get_absolute_url() in group(get(client, head_a, "/"), to_approve)
    assert set(access.approvable_roadmaps(methodologist_head_a)) == set()
    assert set(access.approvable_roadmaps(head_a)) == {plan}
    page = get(client, methodologist_head_a, plan.get_absolute_url())
    assert "Утвердить" not in page
    assert ("Вы сами отправили эту дорожную карту на согласование: утверждает её другой руководитель управления "
            "образования.") in text(page)
    assert "Вы сами отправили" not in get(client, head_a, plan.get_absolute_url())


def test_the_head_is_told_of_the_reports_no_methodologist_may_accept(client, programme, director_a1,
                                                                     methodologist_a, head_a):
    """A report a methodologist sent (the demo's school reports) waits for the head: it is on the head's start page,
    a director's report is not (a methodologist accepts it)."""
    approve(programme, director_a1, head_a)
    by_methodologist = send_report(programme, methodologist_a)
    by_director = send_report(programme, director_a1, Q4)
    assert set(access.reports_left_to_head(head_a)) == {by_methodologist}
    waiting = group(get(client, head_a, "/"), "Дорожные карты на утверждение")
    assert by_methodologist.get_absolute_url() in waiting and by_director.get_absolute_url() not in waiting
    assert "принять или вернуть можете только вы" in text(waiting)
    assert set(access.reports_left_to_head(methodologist_a)) == set()  # not a head: nothing left to them


@pytest.fixture
def municipal_plan_submitted(municipal_plan, methodologist_head_a):
    services.submit(actor=methodologist_head_a, roadmap=municipal_plan)
    return municipal_plan


# ---- 2. the report names its school ----------------------------------------------------------------------------------

def test_the_report_page_names_the_school(client, programme, director_a1, head_a, school_a1):
    approve(programme, director_a1, head_a)
    report = send_report(programme, director_a1)
    html = get(client, head_a, report.get_absolute_url())
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    crumbs = text(re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1))
    assert "Отчёт за III квартал 2024: МБОУ СОШ № 1 ст. Динской" in title
    assert crumbs == f"Дорожные карты › МБОУ СОШ № 1 ст. Динской: {programme.title}"
    assert school_a1.get_absolute_url() in html.split('class="report-owner"', 1)[1].split("</p>", 1)[0]


# ---- 3. the report form offers only periods without a report -------------------------------------------------------

def period_options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="period"[^>]*>(.*?)</select>', html, re.S)
    if select is None:
        return []
    return [(unescape(label), "selected" in attrs)
            for attrs, label in re.findall(r"<option([^>]*)>(.*?)</option>", select.group(1))]


def test_the_report_form_skips_periods_already_reported(client, programme, director_a1, head_a):
    approve(programme, director_a1, head_a)
    assert [label for label, _s in period_options(get(client, director_a1, programme.get_absolute_url()))] == [
        "III квартал 2024", "IV квартал 2024"]
    send_report(programme, director_a1)  # III квартал: на проверке
    html = get(client, director_a1, programme.get_absolute_url())
    assert period_options(html) == [("IV квартал 2024", False)]  # the only option: the one the browser sends
    assert [p.label for p in services.unreported_periods(programme)] == ["IV квартал 2024"]
    client.post(reverse("roadmaps:report_save", args=[programme.pk]),
                {"period": Q4.isoformat(), "summary": "Итоги IV квартала"})
    assert ProgressReport.objects.get(roadmap=programme, period_start=Q4).status == ProgressReport.Status.DRAFT

    html = get(client, director_a1, programme.get_absolute_url())
    save = reverse("roadmaps:report_save", args=[programme.pk])
    assert period_options(html) == [] and f'action="{save}"' not in html
    note = text(html.split('class="muted report-note">', 1)[1].split("</p>", 1)[0])
    assert note == ("Отчёты за все начавшиеся периоды уже есть. Черновик или возвращённый отчёт измените и "
                    "отправьте на его странице. Следующий отчётный период — I квартал 2025, с 01.01.2025.")


# ---- 4. the school card and the new-roadmap form ---------------------------------------------------------------------

def test_the_card_offers_a_programme_only_when_one_can_be_made(client, director_a1, methodologist_a, head_a,
                                                               school_a1, year):
    card = get(client, director_a1, school_a1.get_absolute_url())
    assert "Составить программу перехода" in card
    assert access.can_start_programme(director_a1, school_a1, year)
    assert access.can_start_programme(methodologist_a, school_a1, year)
    assert not access.can_start_programme(head_a, school_a1, year)

    programme = services.save_roadmap(actor=director_a1, roadmap=Roadmap(), data={
        "level": Level.SCHOOL, "school": school_a1, "school_year": year, "title": "Программа перехода",
        "goal": "Переход в эффективный режим", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    assert not access.can_start_programme(director_a1, school_a1, year)
    assert not access.can_start_programme(methodologist_a, school_a1, year)
    for user in (director_a1, methodologist_a):
        card = get(client, user, school_a1.get_absolute_url())
        assert "Составить программу перехода" not in card
        link = re.search(r'<a class="btn btn-secondary" href="([^"]+)">Программа перехода на 2024/2025</a>', card)
        assert link and link.group(1) == programme.get_absolute_url()


def test_the_card_of_another_school_offers_the_director_nothing(director_a1, school_b1, year):
    assert not access.can_start_programme(director_a1, school_b1, year)


def form_fields(html: str) -> set[str]:
    form = html.split("<form", 2)[-1]
    return set(re.findall(r'<(?:select|input|textarea)[^>]*name="([^"]+)"', form)) - {"csrfmiddlewaretoken"}


def test_a_directors_form_offers_only_their_schools_programme(client, director_a1, school_a1, year):
    html = get(client, director_a1, reverse("roadmaps:roadmap_create"))
    assert {"municipality", "designation"}.isdisjoint(form_fields(html))
    form = text(html.split('<form method="post" class="card"', 1)[1].split("</form>", 1)[0])
    assert "Муниципалитет" not in form and "Статус школы-лидера" not in form and "Уровень" in form
    levels = re.search(r'<select name="level"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"', levels) == ["school"]
    school = re.search(r'<select name="school"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(rf'<option value="{school_a1.pk}" selected>', school)
    client.post(reverse("roadmaps:roadmap_create"), {
        "level": "school", "school": school_a1.pk, "school_year": year.pk, "title": "Программа",
        "goal": "Цель", "period_start": "2024-09-01", "period_end": "2025-08-31", "report_period": "quarter"})
    assert Roadmap.objects.get().school == school_a1


def test_leader_staff_are_offered_the_plan_and_methodologists_every_level(client, leader_staff_a2, designation_a2,
                                                                         methodologist_a):
    html = get(client, leader_staff_a2, reverse("roadmaps:roadmap_create"))
    assert {"municipality", "school"}.isdisjoint(form_fields(html)) and "designation" in form_fields(html)
    levels = re.search(r'<select name="level"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"[^>]*>', levels) == ["site"] and "selected" in levels
    html = get(client, methodologist_a, reverse("roadmaps:roadmap_create"))
    assert {"level", "municipality", "school", "designation"} <= form_fields(html)


# ---- 5. one way to write a percentage -----------------------------------------------------------------------------

def test_the_start_page_and_the_list_write_the_same_percent(client, programme, director_a1, head_a, directions):
    add_activity(programme, director_a1, directions["methodical"], title="Взаимопосещение уроков")
    approve(programme, director_a1, head_a)
    for activity, percent in zip(Activity.objects.filter(roadmap=programme).order_by("pk"), (33, 50, 50),
                                 strict=True):
        services.file_progress(actor=director_a1, activity=activity, status="in_progress", percent=percent,
                               report="")
    start = get(client, director_a1, "/")
    overview = get(client, director_a1, reverse("roadmaps:overview"))
    assert "выполнено 44,3\u00a0%" in unescape(start) and "44,3\u00a0%" in unescape(overview)
    assert "выполнено 44 %" not in text(start)


def test_the_start_page_does_not_ask_to_check_ones_own_submission(client, programme, methodologist_a,
                                                                  methodologist_a2):
    """A programme a methodologist sent is another methodologist's to check (she may still return it: a withdrawal)."""
    services.submit(actor=methodologist_a, roadmap=programme)
    to_check = "Проверка программ и отчётов"
    assert programme.get_absolute_url() not in group(get(client, methodologist_a, "/"), to_check)
    assert programme.get_absolute_url() in group(get(client, methodologist_a2, "/"), to_check)


def test_a_draft_report_is_changed_for_its_own_period_only(client, programme, director_a1, head_a):
    """The draft's page edits that report: its period is the only choice (another period is another report)."""
    approve(programme, director_a1, head_a)
    draft = services.save_report(actor=director_a1, roadmap=programme, period_start=Q3, summary="Черновик")
    html = get(client, director_a1, draft.get_absolute_url())
    assert period_options(html) == [("III квартал 2024", True)]
