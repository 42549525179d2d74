"""The school list for the day's work: ШНОР/ШССУ columns and a status filter added by
identification through core.registries (one query per page for the values), names in natural number order on
SQLite and PostgreSQL, sort options and codes shown in Russian, wide selects and people shown with their school."""

import re
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.natural import NaturalKey, natural_key
from schools.models import School
from schools.registries import school_columns, school_filters
from schools.selectors import with_list_order

from ..factories import SchoolFactory, SchoolStatusFactory, SchoolYearFactory

TODAY = "2024-10-15 12:00 +0300"  # the school year 2024/2025 is under way


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def listed(muni_a, school_a1, school_a2):
    """A1: ШНОР on the 2024/2025 list and the 2023/2024 one, and ШССУ in 2024/2025; A2: ШНОР in 2023/2024 only (it
    left the list); a third school never on it."""
    y23, y24 = SchoolYearFactory(start_year=2023), SchoolYearFactory(start_year=2024)
    last = SchoolStatusFactory(school=school_a1, status="lrs", school_year=y23)
    SchoolStatusFactory(school=school_a2, status="lrs", school_year=y23, run=last.run)
    now = SchoolStatusFactory(school=school_a1, status="lrs", school_year=y24)
    SchoolStatusFactory(school=school_a1, status="dsc", school_year=y24, run=now.run)
    return SchoolFactory(municipality=muni_a, code="230003", short_name="МБОУ СОШ № 3 ст. Динской")


def _rows(html: str) -> dict[str, list[str]]:
    """School name → its cells (text without tags)."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", td)).strip()
                 for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows[cells[1]] = cells
    return rows


def test_registry_knows_the_status_columns_without_naming_identification():
    assert [c for group in school_columns() for c in group.columns] == [("lrs", "ШНОР"), ("dsc", "ШССУ")]
    assert [f.key for f in school_filters()] == ["status"]
    source = Path("schools/views/registry.py").read_text() + Path("templates/schools/school_list.html").read_text()
    assert "identification" not in source and "ШССУ<" not in source and "lrs" not in source


def test_status_columns_show_the_latest_list(client_for, methodologist_a, listed, school_a1, school_a2):
    html = client_for(methodologist_a).get(reverse("schools:school_list")).content.decode()
    assert "<th>ШНОР</th><th>ШССУ</th>" in html
    rows = _rows(html)
    assert rows[school_a1.short_name][-2:] == ["2024/2025 2-й год подряд", "2024/2025"]
    assert rows[school_a2.short_name][-2:] == ["—", "—"]  # on last year's list only
    assert rows[listed.short_name][-2:] == ["—", "—"]


@pytest.mark.parametrize(("value", "expected"), [
    ("lrs", {"a1"}), ("dsc", {"a1"}), ("any", {"a1"}), ("both", {"a1"}), ("none", {"a2", "3"}), ("", {"a1", "a2", "3"}),
    ("nonsense", {"a1", "a2", "3"})])
def test_status_filter(client_for, methodologist_a, listed, school_a1, school_a2, value, expected):
    names = {"a1": school_a1.short_name, "a2": school_a2.short_name, "3": listed.short_name}
    response = client_for(methodologist_a).get(reverse("schools:school_list"), {"status": value})
    assert {s.short_name for s in response.context["schools"]} == {names[k] for k in expected}
    html = response.content.decode()
    assert '<label for="id_status">ШНОР/ШССУ</label>' in html
    if value in ("lrs", "none"):
        assert f'<option value="{value}" selected>' in html


def test_status_filter_and_columns_in_the_export(client_for, methodologist_a, listed, school_a1):
    response = client_for(methodologist_a).get(reverse("schools:school_list_export"), {"status": "dsc"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("ШНОР", "ШССУ")
    assert [r[1] for r in rows[1:]] == [school_a1.short_name]
    assert rows[1][-2:] == ("2024/2025 (2-й год подряд)", "2024/2025")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "?status=any", "?status=none&ordering=-name"])
def test_list_with_status_columns_runs_constant_queries(client_for, methodologist_a, muni_a, school_a1, school_a2,
                                                        query):
    client = client_for(methodologist_a)
    url = reverse("schools:school_list") + query
    year = SchoolYearFactory(start_year=2024)
    first = SchoolStatusFactory(school=school_a1, school_year=year)
    few = _count(client, url)
    run = first.run
    SchoolStatusFactory(school=school_a2, school_year=year, run=run, status="dsc")
    earlier = SchoolStatusFactory(school=school_a2, school_year=SchoolYearFactory(start_year=2023)).run
    SchoolFactory.create_batch(5, municipality=muni_a)  # never on a list
    for school in SchoolFactory.create_batch(60, municipality=muni_a):
        SchoolStatusFactory(school=school, school_year=year, run=run, status="lrs")
        SchoolStatusFactory(school=school, school_year=earlier.school_year, run=earlier, status="dsc")
    assert _count(client, url) == few


# ---- natural order ----------------------------------------------------------------------------------------------

NAMES = ["МБОУ СОШ № 11 п. Найдорф", "МБОУ СОШ № 2 ст. Динская", "МБОУ СОШ №1", "МАОУ гимназия № 10",
         "МАОУ гимназия № 9", "МБОУ СОШ № 2 ст. Калининская", "МБОУ ООШ № 100"]
NATURAL = ["МАОУ гимназия № 9", "МАОУ гимназия № 10", "МБОУ ООШ № 100", "МБОУ СОШ №1", "МБОУ СОШ № 2 ст. Динская",
           "МБОУ СОШ № 2 ст. Калининская", "МБОУ СОШ № 11 п. Найдорф"]


def test_natural_key_in_python_and_in_the_database(muni_a):
    assert natural_key("№ 2 и 11") == "№ 0000000002 и 0000000011"
    for i, name in enumerate(NAMES):
        SchoolFactory(municipality=muni_a, code=f"77{i}", short_name=name)
    keys = dict(School.objects.annotate(k=NaturalKey("short_name")).values_list("short_name", "k"))
    assert keys == {name: natural_key(name) for name in NAMES}  # the same key on SQLite and PostgreSQL


def test_list_orders_names_by_their_numbers(client_for, methodologist_a, muni_a):
    for i, name in enumerate(NAMES):
        SchoolFactory(municipality=muni_a, code=f"77{i}", short_name=name)
    client = client_for(methodologist_a)
    names = [s.short_name for s in client.get(reverse("schools:school_list")).context["schools"]]
    by_space = [n for n in NATURAL if n != "МБОУ СОШ №1"]  # «№1» sorts by its text before «№ 2»
    assert [n for n in names if n in by_space] == by_space
    assert names.index("МБОУ СОШ № 2 ст. Динская") < names.index("МБОУ СОШ № 11 п. Найдорф")
    reverse_names = [s.short_name for s in client.get(reverse("schools:school_list"), {"ordering": "-name"}
                                                      ).context["schools"]]
    assert reverse_names == names[::-1]
    assert [s.short_name for s in with_list_order(School.objects.filter(short_name__in=by_space))] == by_space


def test_kind_ordering_follows_the_levels_not_the_codes(client_for, methodologist_a, muni_a):
    for kind in ("lyceum", "nosh", "sosh", "gymnasium"):
        SchoolFactory(municipality=muni_a, kind=kind)
    schools = client_for(methodologist_a).get(reverse("schools:school_list"), {"ordering": "kind"}).context["schools"]
    assert [s.kind for s in schools] == ["nosh", "sosh", "gymnasium", "lyceum"]


def test_sort_options_are_russian(client_for, methodologist_a, school_a1):
    html = client_for(methodologist_a).get(reverse("schools:school_list")).content.decode()
    select = html[html.index('id="id_ordering"'):]
    labels = re.findall(r"<option[^>]*>([^<]+)</option>", select[:select.index("</select>")])
    assert labels[0] == "по наименованию (А–Я)" and len(labels) == 10
    assert not [label for label in labels if re.search(r"[A-Za-z]", label)], labels
