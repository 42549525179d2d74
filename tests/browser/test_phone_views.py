"""At 390 px (a phone): the school card's roadmap table, the timeline and the support network stay readable — no
page wider than the screen, whole activity names, the network as a list; a stacked table with a
footer keeps its values on the screen, the monitoring ranking fits, the card's results and teachers stay compact
tables, the official list's reasons wrap under their label. At 1280 px: a finished activity's bar is green."""

import datetime

from playwright.sync_api import expect

from identification.models import RunSchool
from monitoring.models import Progress
from roadmaps import services as roadmap_services
from roadmaps.models import Activity, Direction, Roadmap
from roadmaps.selectors import current_start_year

from ..factories import (
    AgreementFactory,
    DesignationFactory,
    SchoolFactory,
    SchoolStatusFactory,
    SchoolYearFactory,
    TeacherFactory,
    result,
)

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


LONG_SCHOOL = "МАОУ гимназия № 10 ст. Старомышастовская им. Героя Советского Союза И. Ф. Рощина"


def _outside(page, selector) -> list[str]:
    """The elements matched whose right edge is past the screen (a value a person cannot see)."""
    return page.evaluate("""sel => [...document.querySelectorAll(sel)]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1).map(el => el.outerHTML.slice(0, 80))""",
                         selector)


def test_phone_tables(reference_rows, sign_in, page, live_server, methodologist_a, muni_a, school_a1):
    year = SchoolYearFactory(start_year=current_start_year() - 1)
    schools = [SchoolFactory(municipality=muni_a, short_name=f"{LONG_SCHOOL} ({n})") for n in range(3)]
    for n, school in enumerate(schools):
        Progress.objects.create(school=school, school_year=year, improved=n, worsened=3 - n, compared=3,
                                score=n * 2.5 - 2)
    for grade in (5, 6, 7):
        result(school_a1, year.start_year, "vpr", "math", grade, 20, mark2=5, mark3=15, mean_score=11.5, confirmed=15)
    sign_in(methodologist_a.email)
    page.set_viewport_size({"width": 390, "height": 844})

    # coverage: a stacked table with a footer of totals; each value is on the screen next to its label
    page.goto(f"{live_server.url}/mentoring/coverage/?all=1")
    expect(page.locator("table.coverage tbody tr").first).to_be_visible()
    assert not _outside(page, "table.coverage td, table.coverage tfoot th")
    expect(page.locator("table.coverage tfoot th[data-label='Педагогов по реестру']")).to_be_visible()
    assert _fits(page)

    # the monitoring ranking's two tables with long school names
    page.goto(f"{live_server.url}/monitoring/?year={year.start_year}")
    expect(page.locator("#ranking").get_by_role("link", name=f"{LONG_SCHOOL} (2)").first).to_be_visible()
    assert not _outside(page, "#ranking table")
    assert _fits(page)

    # the school card's results: a table (one line a result), not a stack of labelled cards
    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}#results")
    rows = page.locator("#results table tbody tr:not(.group)")
    expect(rows).to_have_count(3)
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    assert rows.first.evaluate("tr => tr.getBoundingClientRect().height") < 40
    assert _fits(page)


def test_phone_teachers_and_official_list(reference_rows, sign_in, page, live_server, methodologist_a, school_a1):
    for surname in ("Александрова", "Белова", "Волкова", "Гончаренко", "Захарченко", "Кравченко", "Кузнецова",
                    "Лысенко", "Морозова", "Орлова", "Ткаченко", "Шевченко"):
        TeacherFactory(school=school_a1, full_name=f"{surname} Светлана Александровна",
                       position="заместитель директора по учебно-воспитательной работе",
                       subjects="история, обществознание, право")
    year = SchoolYearFactory(start_year=2024)
    run = SchoolStatusFactory(school=school_a1, status="lrs", school_year=year).run
    SchoolStatusFactory(school=school_a1, status="dsc", school_year=year, run=run)
    RunSchool.objects.create(run=run, school=school_a1, proposed=["lrs", "dsc"], met=["C1", "C2", "C4", "C6"],
                             lrs_included=True, dsc_included=True)
    sign_in(methodologist_a.email)
    page.set_viewport_size({"width": 390, "height": 844})

    # the school card's teachers: a table, a few lines a teacher (not a six-line card), the name kept in view while
    # the rest scrolls in a region the keyboard can reach
    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}#teachers")
    region = page.get_by_role("region", name="Педагоги по реестру: 12 работают")
    assert region.get_attribute("tabindex") == "0"
    rows = region.locator("tbody tr")
    expect(rows).to_have_count(12)
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    assert rows.first.evaluate("tr => tr.getBoundingClientRect().height") < 70  # a stacked card was ~170 px
    # position, subjects, experience, category, state: each on one line
    lines = rows.first.evaluate("""tr => [...tr.cells].slice(1).map(td => {
        const r = document.createRange(); r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; })""")
    assert lines == [1] * 5
    name = rows.first.locator("td").first
    assert name.evaluate("td => getComputedStyle(td).position") == "sticky"
    assert region.evaluate("w => w.scrollWidth > w.clientWidth")  # the other columns scroll sideways
    region.evaluate("w => w.scrollLeft = w.scrollWidth")
    assert name.evaluate("td => td.getBoundingClientRect().left >= 0")  # still in view
    assert _fits(page)

    # the official list: a school's several reasons one under another, on the screen
    page.goto(f"{live_server.url}/identification/list/2024/")
    reasons = page.locator("td[data-label='Основания'] > div")
    expect(reasons).to_have_count(4)
    expect(reasons.first).to_contain_text("ШНОР: C1")
    assert not _outside(page, "td[data-label='Основания'], td[data-label='Основания'] > div")
    tops = reasons.evaluate_all("els => els.map(el => el.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len(set(tops)) == 4
    assert _fits(page)


def test_finished_activity_is_green_on_the_timeline(reference_rows, sign_in, page, live_server, director_a1,
                                                    school_a1):
    roadmap = _programme(school_a1, director_a1)
    Activity.objects.filter(roadmap=roadmap).update(status=Activity.Status.DONE, percent=100)
    sign_in(director_a1.email)
    page.goto(f"{live_server.url}/roadmaps/{roadmap.pk}/timeline/")
    bar = page.locator(".gantt-bar.done")
    expect(bar).to_have_count(1)
    green = page.locator(".legend i").nth(1).evaluate("i => getComputedStyle(i).backgroundColor")
    assert bar.evaluate("b => getComputedStyle(b).backgroundColor") == green
    # the share bar inside is not painted over it
    assert bar.locator("span").evaluate("s => getComputedStyle(s).backgroundColor") == "rgba(0, 0, 0, 0)"
