"""At 390 px (a phone): the school card's roadmap table, the timeline and the support network stay readable — no
page wider than the screen, whole activity names, the network as a list (issue 12, part 8)."""

import datetime

from playwright.sync_api import expect

from roadmaps import services as roadmap_services
from roadmaps.models import Activity, Direction, Roadmap
from roadmaps.selectors import current_start_year

from ..factories import AgreementFactory, DesignationFactory, SchoolYearFactory

LONG = "Индивидуальные образовательные маршруты для обучающихся с рисками учебной неуспешности"


def _programme(school, director):
    start_year = current_start_year()
    year = SchoolYearFactory(start_year=start_year)
    roadmap = roadmap_services.save_roadmap(actor=director, roadmap=Roadmap(), data={
        "level": "school", "school": school, "school_year": year, "title": "Программа перехода в эффективный режим",
        "goal": "Цель", "period_start": datetime.date(start_year, 9, 1),
        "period_end": datetime.date(start_year + 1, 8, 31)})
    roadmap_services.save_activity(actor=director, activity=Activity(roadmap=roadmap), data={
        "title": LONG, "direction": Direction.objects.get(code="social"), "start": datetime.date(start_year, 10, 1),
        "due": datetime.date(start_year, 12, 20), "responsible_text": "заместитель директора"})
    return roadmap


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_views(reference_rows, sign_in, page, live_server, director_a1, methodologist_a, school_a1, school_a2):
    roadmap = _programme(school_a1, director_a1)
    AgreementFactory(designation=DesignationFactory(school=school_a2), supported_school=school_a1, active=True)
    sign_in(methodologist_a.email)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}#roadmaps")
    expect(page.locator("#roadmaps").get_by_role("link", name=roadmap.title)).to_be_visible()
    assert _fits(page)

    page.goto(f"{live_server.url}/roadmaps/{roadmap.pk}/timeline/")
    label = page.locator(".gantt-label").filter(has_text=LONG)
    expect(label).to_be_visible()
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().width > 300")
    assert _fits(page)

    page.goto(f"{live_server.url}/partnerships/network/")
    expect(page.locator(".network-graph svg")).to_be_hidden()
    expect(page.locator("ul.network-list").get_by_role("link", name=school_a1.short_name)).to_be_visible()
    assert _fits(page)
