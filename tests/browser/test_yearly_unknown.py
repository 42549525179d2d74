"""A director enters only the required counts of the yearly data (students, teachers): the card shows every other
factor as unknown («нет данных»), not 0, and the school's social index leaves the school unrated, naming them."""

from django.utils import timezone
from playwright.sync_api import expect

from core.formats import school_year_name, school_year_of
from identification.criteria import KINDS, RunContext
from schools.models import OPTIONAL_FIELDS, SchoolYearData

from ..factories import V3, SchoolFactory, SchoolYearDataFactory


def test_director_enters_only_the_teachers_and_the_rest_is_unknown(sign_in, live_server, director_a1, school_a1):
    current = school_year_of(timezone.localdate())
    name = school_year_name(current)
    page = sign_in("director.a1@example.ru")
    page.goto(f"{live_server.url}{school_a1.get_absolute_url()}")
    page.get_by_role("link", name="Внести данные за год").click()
    year = page.get_by_label("Учебный год")
    expect(year).to_have_value(str(current))  # a select with the current school year chosen, nothing to type
    expect(page.get_by_label("Из малоимущих семей")).to_have_value("")  # empty, not 0
    page.get_by_label("Обучающихся").fill("300")
    page.locator("#id_teachers").fill("20")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text(f"Данные за {name} учебный год сохранены.")).to_be_visible()

    row = page.locator("#yearly tr", has_text="Из малоимущих семей")
    expect(row.locator("td.num")).to_have_text("нет данных")
    expect(page.locator("#yearly tr", has_text="Вакансий").locator("td.num")).to_have_text("нет данных")
    expect(page.locator("#yearly tr", has_text="Педагогов").first.locator("td.num")).to_have_text("20")
    expect(page.get_by_text(f"За {name} не внесены (нет данных): из них с ОВЗ, из малоимущих семей")).to_be_visible()
    record = SchoolYearData.objects.get(school=school_a1)
    assert all(getattr(record, f) is None for f in OPTIONAL_FIELDS)

    # the social index (C6) reads the same record: the school is not rated on one staff factor, and says why
    for i in range(2):
        SchoolYearDataFactory(school=SchoolFactory(municipality=school_a1.municipality), school_year=record.school_year,
                              students=300, students_low_income=30 * (i + 1), teachers=20)
    params = next(c["params"] for c in V3.CRITERIA_V3 if c["kind"] == "social_index")
    evidence = KINDS["social_index"].evaluate(RunContext(year=current, region_id=school_a1.municipality.region_id,
                                                         municipality_id=school_a1.municipality_id), params)
    mine = evidence[school_a1.pk]
    assert mine.outcome == "no_data"
    assert mine.details[1] == "из малоимущих семей: нет данных — не входит в индекс"
    assert all(not line.endswith(": 0,0\u00a0% (z = +0,00)") for line in mine.details)
