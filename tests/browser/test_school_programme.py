"""A director fills the risk profile, drafts a programme with two activities and submits it; the methodologist
returns it with a comment; the director fixes and resubmits; the head approves; the director marks an activity
done with evidence."""

import datetime
import re

from playwright.sync_api import expect

from roadmaps.models import Activity, Roadmap
from roadmaps.selectors import current_start_year

from ..factories import SchoolYearFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_programme_from_draft_to_done(reference_rows, sign_in, page, live_server, director_a1, methodologist_a,
                                      head_a, school_a1, tmp_path):
    start_year = current_start_year()
    SchoolYearFactory(start_year=start_year)
    day = lambda month, d: datetime.date(start_year + (month < 9), month, d).isoformat()  # noqa: E731
    evidence = tmp_path / "protocol.pdf"
    evidence.write_bytes(PDF)

    # the director: risk profile first
    sign_in(director_a1.email)
    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}")
    page.get_by_role("link", name="Заполнить рисковый профиль").click()
    page.get_by_label("актуален: Низкий уровень вовлечённости родителей").check()
    page.get_by_label("уровень: Низкий уровень вовлечённости родителей").select_option(label="высокий")
    page.get_by_label("меры: Низкий уровень вовлечённости родителей").fill("Родительский клуб")
    page.get_by_role("button", name="Сохранить профиль").click()
    expect(page.get_by_text("Рисковый профиль сохранён.")).to_be_visible()

    # a programme with two activities
    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}")
    page.get_by_role("link", name="Составить программу перехода").click()
    page.get_by_label("Название").fill("Программа перехода в эффективный режим")
    page.get_by_label("Цель").fill("Повысить качество образовательных результатов")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Дорожная карта сохранена.")).to_be_visible()
    expect(page.get_by_text("Актуальные факторы риска без мероприятий")).to_be_visible()
    for title, direction, factor, start, due in (
            ("Семинар для учителей математики", "Информационно-методическое", "", day(9, 10), day(9, 20)),
            ("Родительский клуб", "Имиджевое", "Низкий уровень вовлечённости родителей", day(10, 1), day(5, 31))):
        page.get_by_role("link", name="Добавить мероприятие").click()
        page.get_by_label("Мероприятие").fill(title)
        page.get_by_label("Направление").select_option(label=direction)
        if factor:
            page.get_by_label("Фактор риска").select_option(label=factor)
        page.get_by_label("Начало").fill(start)
        page.get_by_label("Срок исполнения").fill(due)
        page.get_by_label("Ответственные", exact=True).fill("заместитель директора по УВР")
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_text("Актуальные факторы риска без мероприятий")).to_have_count(0)
    page.get_by_role("button", name="Отправить на согласование").click()
    expect(page.get_by_text("Дорожная карта отправлена на согласование.")).to_be_visible()
    roadmap = Roadmap.objects.get()
    url = f"{live_server.url}{roadmap.get_absolute_url()}"

    # the methodologist returns it
    page.context.clear_cookies()
    sign_in(methodologist_a.email)
    page.goto(url)
    page.get_by_label("Что доработать").fill("Перенесите семинар на октябрь")
    page.get_by_role("button", name="Вернуть на доработку").click()
    expect(page.get_by_text("Дорожная карта возвращена на доработку.")).to_be_visible()

    # the director fixes and resubmits
    page.context.clear_cookies()
    sign_in(director_a1.email)
    page.goto(url)
    expect(page.get_by_text("Перенесите семинар на октябрь")).to_be_visible()
    page.get_by_role("link", name="Семинар для учителей математики").click()
    page.get_by_role("link", name="Изменить план").click()
    page.get_by_label("Начало").fill(day(10, 5))
    page.get_by_label("Срок исполнения").fill(day(10, 15))
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name="Отправить повторно").click()
    expect(page.get_by_text("Дорожная карта отправлена на согласование.")).to_be_visible()

    # the head approves
    page.context.clear_cookies()
    sign_in(head_a.email)
    page.goto(url)
    page.get_by_label("Номер приказа").fill("215")
    page.get_by_label("Дата приказа").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("Дорожная карта утверждена.")).to_be_visible()

    # the director marks the seminar done with evidence
    page.context.clear_cookies()
    sign_in(director_a1.email)
    page.goto(url)
    page.get_by_role("link", name="Семинар для учителей математики").click()
    expect(page.get_by_role("link", name="Изменить план")).to_have_count(0)
    page.get_by_label("Статус").select_option(label="выполнено")
    page.get_by_label("Отчёт о выполнении").fill("Проведён, 14 участников")
    page.get_by_label("Подтверждающие файлы").set_input_files(str(evidence))
    page.get_by_role("button", name="Сохранить ход выполнения").click()
    expect(page.get_by_text("Ход выполнения сохранён.")).to_be_visible()
    expect(page.get_by_role("link", name="protocol.pdf")).to_be_visible()
    seminar = Activity.objects.get(title="Семинар для учителей математики")
    assert (seminar.status, seminar.percent, seminar.evidence.count()) == ("done", 100, 1)
    roadmap.refresh_from_db()
    assert (roadmap.status, roadmap.order_number, roadmap.revisions.count()) == ("approved", "215", 1)
    assert re.search(r"Проведён, 14 участников", page.content())
