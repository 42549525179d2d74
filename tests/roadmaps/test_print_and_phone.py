"""Phone and print details of roadmaps: the school card's roadmap table stacks on a phone, the
timeline keeps whole names, the programme's PDF and export name the school, a risk profile that cannot be changed
reads as text."""

import re
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook

from roadmaps import exports, services
from roadmaps.models import RiskFactor, Roadmap

from .conftest import D, add_activity


def test_school_card_roadmap_table_stacks_on_a_phone(client_for, programme, director_a1):
    html = client_for(director_a1).get(programme.school.get_absolute_url()).content.decode()
    table = html[html.index('<section class="card" id="roadmaps">'):]
    table = table[:table.index("</table>")]
    assert '<table class="data responsive stacked card-roadmaps">' in table
    cells = re.findall(r"<td([^>]*)>", table)
    assert cells and all('data-label="' in attrs for attrs in cells)


def test_timeline_keeps_whole_names(client_for, programme, director_a1, directions):
    title = "Индивидуальные образовательные маршруты для обучающихся с рисками учебной неуспешности"
    add_activity(programme, director_a1, directions["social"], title=title)
    html = client_for(director_a1).get(reverse("roadmaps:roadmap_gantt", args=[programme.pk])).content.decode()
    assert f". {title}</a>" in html
    css = Path("static/css/portal.css").read_text()
    label_rule = re.search(r"\.gantt-label \{([^}]*)\}", css).group(1)
    assert "ellipsis" not in label_rule and "nowrap" not in label_rule
    assert ".gantt-row { grid-template-columns: minmax(0, 1fr); }" in css  # a phone: the name above its bar


def test_programme_pdf_and_export_name_the_school(programme, school_a1):
    school_a1.full_name = "Муниципальное бюджетное общеобразовательное учреждение средняя школа № 1 ст. Динской"
    school_a1.save()
    programme.refresh_from_db()
    html = exports.roadmap_pdf_html(programme)
    assert f'<div class="sub owner">{school_a1.full_name}</div>' in html
    rows = [r[0] for r in load_workbook(BytesIO(exports.roadmap_xlsx(programme))).active.iter_rows(values_only=True)]
    assert school_a1.full_name in rows
    assert rows.index(school_a1.full_name) < rows.index(programme.title)


def test_municipal_plan_names_the_municipality(methodologist_a, muni_a, year):
    roadmap = services.save_roadmap(actor=methodologist_a, roadmap=Roadmap(),
                                    data={"level": "municipal", "municipality": muni_a, "school_year": year,
                                          "title": "Муниципальная дорожная карта", "goal": "Цель",
                                          "period_start": D(2024, 9, 1), "period_end": D(2025, 8, 31)})
    assert "муниципальное образование Динской район" in exports.roadmap_pdf_html(roadmap)


def test_risk_profile_that_cannot_be_changed_reads_as_text(client_for, programme, director_a1, head_a, year):
    factor = RiskFactor.objects.get(code="parents")
    services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year,
                               items={factor.pk: {"relevant": True, "level": "high", "measures": "родительский клуб"}})
    url = reverse("roadmaps:risk_profile", args=[programme.school.pk, year.start_year])
    html = client_for(head_a).get(url).content.decode()
    body = html[html.index('<table class="data responsive risk-table risk-read">'):]
    body = body[:body.index("</table>")]
    assert "<input" not in body and "<select" not in body and "<textarea" not in body and "disabled" not in body
    row = re.search(r"Низкий уровень вовлечённости родителей</td>(.*?)</tr>", body, re.S).group(1)
    assert "<strong>да</strong>" in row and ">высокий<" in row and "родительский клуб" in row
    assert '<form method="post" class="card"' not in html and "Сохранить профиль" not in html
    # its director, while the programme is a draft, still gets the form
    html = client_for(director_a1).get(url).content.decode()
    assert f'name="level_{factor.pk}"' in html and "Сохранить профиль" in html
