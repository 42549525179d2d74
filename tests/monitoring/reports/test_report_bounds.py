"""What one text and one table may put into the annual report (core/limits.py): a text put in around the forms is
quoted cut, with a note where to read it whole; a per-school table lists its first rows and names the rest, which
stay whole in the workbook."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core import limits
from monitoring.models import Audience, Recommendation
from monitoring.reports import services

HUGE = 1_000_000


@pytest.fixture
def huge_recommendation(muni_a, school_a1, year):
    """A 1,000,000-character recommendation with an as long decision, written by the ORM (no form lets it in)."""
    return Recommendation.objects.create(
        municipality=muni_a, school_year=year, audience=Audience.DEPARTMENT, text="Ъ" * HUGE,
        state=Recommendation.State.ADOPTED, order_number="5-р", order_date=datetime.date(2025, 2, 1),
        decision="Ы" * HUGE)


@pytest.mark.django_db
def test_a_huge_text_contributes_only_the_quoted_bound_to_the_report(huge_recommendation, muni_a):
    report = services.request_report(actor=None, territory=muni_a, school_year=huge_recommendation.school_year,
                                     enqueue=False)
    html = services.render_html(report, services.compose(report))
    assert html.count("Ъ") == limits.REPORT_QUOTE and html.count("Ы") == limits.REPORT_QUOTE
    assert "Ъ… (полный текст — в портале: «Мониторинг» → «Рекомендации»)" in html
    assert "Ы… (полный текст — в портале" in html
    assert len(html) < 200_000  # the report of a territory with one recommendation, not a megabyte


@pytest.mark.django_db
def test_the_workbook_keeps_no_more_of_a_text_than_a_form_takes(huge_recommendation, muni_a, fake_pdf):
    report = services.build(services.request_report(actor=None, territory=muni_a,
                                                    school_year=huge_recommendation.school_year, enqueue=False))
    workbook = load_workbook(BytesIO(report.xlsx.read()), read_only=True)
    sheet = next(workbook[name] for name in workbook.sheetnames if name.endswith("Рекомендации"))
    texts = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts == ["Ъ" * limits.LONG_TEXT + "…"]


@pytest.mark.django_db
def test_a_long_table_lists_its_first_rows_and_names_the_rest(monkeypatch, muni_a, school_a1, school_a2, year,
                                                              fake_pdf):
    from tests.factories import SchoolFactory

    SchoolFactory(municipality=muni_a, code="230003", short_name="МБОУ СОШ № 3 ст. Динской")
    monkeypatch.setattr(limits, "REPORT_TABLE_ROWS", 2)
    report = services.build(services.request_report(actor=None, territory=muni_a, school_year=year, enqueue=False))
    html = fake_pdf[-1]
    tables = {t.key: t for s in services.compose(report) for t in s.tables}
    schools = tables["Школы"]
    assert schools.pdf and len(schools.rows) == 3 and len(schools.display_rows()) == 2
    assert f"и ещё 1 школа — полный список в XLSX, лист «{schools.number}. Школы»." in html
    assert "МБОУ СОШ № 1 ст. Динской" in html and "МБОУ СОШ № 3 ст. Динской" not in html
    sheet = load_workbook(BytesIO(report.xlsx.read()))[f"{schools.number}. Школы"]
    assert sheet.max_row == 1 + 3  # the workbook keeps every school


@pytest.mark.django_db
def test_a_short_table_has_no_line_about_the_rest(muni_a, school_a1, year, fake_pdf):
    services.build(services.request_report(actor=None, territory=muni_a, school_year=year, enqueue=False))
    assert "и ещё" not in fake_pdf[-1].split("Приложение")[-1]


def test_the_worker_replaces_a_child_that_grew_too_large(settings):
    from config.celery import app

    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD >= 500_000  # kilobytes: room for one regional build
    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
