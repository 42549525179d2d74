"""The official list counts a school once when it holds both statuses: one row on the page and in
the spreadsheet with both statuses, the total says so; the order's annex keeps a section per status and gives the
total of schools."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..factories import SchoolFactory, SchoolStatusFactory, SchoolYearFactory


@pytest.fixture
def official(muni_a, school_a1, school_a2):
    """2024/2025: A1 both ШНОР and ШССУ, A2 ШНОР, «№ 10» ШССУ — three schools, four statuses."""
    year = SchoolYearFactory(start_year=2024)
    run = SchoolStatusFactory(school=school_a1, status="lrs", school_year=year).run
    SchoolStatusFactory(school=school_a1, status="dsc", school_year=year, run=run)
    SchoolStatusFactory(school=school_a2, status="lrs", school_year=year, run=run)
    tenth = SchoolFactory(municipality=muni_a, code="230010", short_name="МБОУ СОШ № 10 ст. Динской")
    SchoolStatusFactory(school=tenth, status="dsc", school_year=year, run=run)
    return tenth


def test_page_counts_each_school_once(client_for, methodologist_a, official, school_a1, school_a2):
    html = client_for(methodologist_a).get(reverse("identification:official_list_year", args=[2024])).content.decode()
    assert ("В списке 2 школы ШНОР и 2 школы ШССУ — всего 3 школы (у 1 школы оба статуса, она учтена один раз)."
            in html)
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    assert len(rows) == 3
    numbers = [re.search(r'data-label="№">(\d+)<', r).group(1) for r in rows]
    assert numbers == ["1", "2", "3"]
    a1 = next(r for r in rows if school_a1.short_name in r)
    assert re.findall(r'<span class="badge badge-bad">([^<]+)</span>', a1) == ["ШНОР", "ШССУ"]
    # names in natural order: № 1, № 2, № 10
    assert [n for n in (school_a1.short_name, school_a2.short_name, official.short_name) if n in body] == [
        school_a1.short_name, school_a2.short_name, official.short_name]
    assert body.index(school_a2.short_name) < body.index(official.short_name)


def test_spreadsheet_has_one_row_per_school(client_for, methodologist_a, official, school_a1):
    response = client_for(methodologist_a).get(reverse("identification:official_list_xlsx", args=[2024]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    assert [r[0] for r in rows] == [1, 2, 3]
    a1 = next(r for r in rows if r[3] == school_a1.short_name)
    assert a1[1] == "ШНОР, ШССУ" and a1[5] == "ШНОР: 1; ШССУ: 1"


def test_filtered_by_one_status_the_school_is_there_once(client_for, methodologist_a, official, school_a1):
    html = client_for(methodologist_a).get(reverse("identification:official_list_year", args=[2024]),
                                           {"status": "dsc"}).content.decode()
    assert "всего 2 школы" in html and "оба статуса" not in html


def test_annex_keeps_a_section_per_status_and_gives_the_total(client_for, methodologist_a, official, monkeypatch):
    captured = {}

    def fake_render(template, context):
        from django.template.loader import render_to_string

        captured["html"] = render_to_string(template, context)
        return b"%PDF-1.4 test"

    monkeypatch.setattr("identification.views.official.render_pdf", fake_render)
    client_for(methodologist_a).get(reverse("identification:official_list_pdf", args=[2024]))
    html = captured["html"]
    assert ("Всего в списке 3 организации; 1 из них — в обоих разделах (ШНОР и ШССУ), в общем числе учтены один раз."
            in html)
    assert "<h2>ШНОР: 2</h2>" in html and "<h2>ШССУ: 2</h2>" in html
