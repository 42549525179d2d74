"""Every workbook the portal writes keeps dates as date cells shown 01.09.2025 and shares as numbers with a percent
format (core/exports.py): never the strings «01.09.2025» or «12,5 %». The walk below opens every export, template and
the annual report's workbook of the demo; a guard makes a new writer join the walk."""

import datetime
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from core.exports import DATE_FORMAT, DATETIME_FORMAT, PERCENT_FORMAT, Percent, build_workbook
from core.imports import IMPORTERS
from identification.models import SchoolStatus
from roadmaps.models import Roadmap
from schools.models import Municipality, SchoolYear, Teacher

DATE_TEXT = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}( \d{1,2}:\d\d)?")
PERCENT_TEXT = re.compile(r"[+−-]?\d+([.,]\d+)?\s?%")

# the modules that write workbooks (through core.exports); a new one must be walked below
WRITERS = {"core/exports.py", "core/imports/services.py", "roadmaps/exports.py", "monitoring/reports/xlsx.py",
           "partnerships/views.py", "mentoring/views/coverage.py", "identification/views/official.py",
           "schools/views/registry.py"}


def _cells(content: bytes):
    for ws in load_workbook(BytesIO(content)).worksheets:
        for row in ws.iter_rows():
            yield from row


def check(content: bytes) -> dict:
    """Asserts the rules on every cell; returns what was seen (date and percent cells) for the caller's checks."""
    seen = {"dates": 0, "percents": 0}
    for cell in _cells(content):
        value = cell.value
        if isinstance(value, str):
            assert not DATE_TEXT.fullmatch(value.strip()), f"{cell.coordinate}: a date as text «{value}»"
            assert not PERCENT_TEXT.fullmatch(value.strip()), f"{cell.coordinate}: a percent as text «{value}»"
        if isinstance(value, datetime.datetime | datetime.date):
            assert cell.number_format in (DATE_FORMAT, DATETIME_FORMAT), (cell.coordinate, cell.number_format)
            seen["dates"] += 1
        if "%" in cell.number_format:
            assert isinstance(value, int | float) or value is None, (cell.coordinate, value)
            seen["percents"] += value is not None
    return seen


def test_the_writer_types_dates_and_percents():
    moment = timezone.make_aware(datetime.datetime(2025, 9, 1, 14, 30))
    content = build_workbook([("Лист", ["Дата", "Момент", "Доля", "Нет доли", "Число", "Текст"],
                               [[datetime.date(2025, 9, 1), moment, Percent(12.5), Percent(None), Decimal("2.5"),
                                 "=1+1"]])])
    ws = load_workbook(BytesIO(content)).active
    day, when, share, unknown, number, text = ws[2]
    assert day.value == datetime.datetime(2025, 9, 1) and day.number_format == "DD.MM.YYYY"
    assert when.value == datetime.datetime(2025, 9, 1, 14, 30) and when.number_format == "DD.MM.YYYY HH:MM"
    assert share.value == 0.125 and share.number_format == PERCENT_FORMAT == "0.0 %"
    assert unknown.value is None  # unknown stays empty, never 0 %
    assert number.value == 2.5 and text.value == "=1+1" and text.data_type == "s"


def test_every_writer_is_walked():
    """Any module that writes a workbook (calls the core writer) is in WRITERS, so the walk below covers it."""
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"\b(xlsx_response|build_xlsx|build_workbook|workbook_bytes)\(")
    found = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".venv/", "tests/", "bench/", "scripts/")) or "/migrations/" in rel:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.add(rel)
    assert found == WRITERS


@pytest.fixture
def admin(client):
    client.force_login(User.objects.get(email="admin@demo.ru"))
    return client


def test_every_export_of_the_demo_keeps_dates_and_percents(demo_db, admin):
    status = SchoolStatus.objects.select_related("school_year").order_by("-school_year__start_year").first()
    roadmap = Roadmap.objects.filter(activities__isnull=False).first()
    teacher = Teacher.objects.first()
    urls = {
        "schools": reverse("schools:school_list_export"),
        "municipalities": reverse("schools:municipality_list_export"),
        "yearly": reverse("schools:yearly_data_export"),
        "teachers": reverse("schools:teacher_export", args=[teacher.school_id]),
        "designations": reverse("partnerships:designation_export"),
        "agreements": reverse("partnerships:agreement_export"),
        "coverage": reverse("mentoring:coverage_export"),
        "official": reverse("identification:official_list_xlsx", args=[status.school_year.start_year]),
        "roadmap": reverse("roadmaps:roadmap_xlsx", args=[roadmap.pk]),
        **{f"template {kind}": reverse("imports:template", args=[kind, "xlsx"]) for kind in IMPORTERS},
    }
    seen = {}
    for name, url in urls.items():
        response = admin.get(url)
        assert response.status_code == 200 and response.content.startswith(b"PK"), name
        seen[name] = check(response.content)
    for name in ("designations", "agreements", "official", "roadmap", "template roadmap", "template diagnostics"):
        assert seen[name]["dates"], f"{name}: no date cell"


def test_the_annual_report_workbook_keeps_dates_and_percents(demo_db, monkeypatch):
    from monitoring.reports import services, xlsx

    monkeypatch.setattr(services, "html_to_pdf_pages", lambda html: (b"%PDF-1.7 fake", 1))
    muni = Municipality.objects.get(code="dinskoy")
    year = SchoolYear.objects.order_by("-start_year").first()
    report = services.request_report(actor=None, territory=muni, school_year=year, enqueue=False)
    report = services.build(report)
    seen = check(report.xlsx.read())
    assert seen["dates"] and seen["percents"]
    content = services.compose(report)
    percent_columns = sum(k == "pct" for s in content for t in s.tables for k in t.kinds)
    assert percent_columns  # the report has shares; each is a number with the percent format
    assert xlsx.sheets(report, content)[0][2][4][1] == report.data_as_of
