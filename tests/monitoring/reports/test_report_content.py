"""The report's content: the demo municipality's PDF holds the right figures (text extracted with pdftotext, figures
recomputed here from the rows), a territory without data says so section by section, and the XLSX companion keeps
every table with numbers as numbers."""

import datetime
from io import BytesIO

import pytest
from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook

from core.formats import school_year_of
from core.templatetags.portal import ru_plural
from identification.models import SchoolStatus
from mentoring.models import Event
from monitoring.reports import services
from partnerships.models import Agreement
from roadmaps.models import Activity
from schools.models import Municipality, School, SchoolYear

from .conftest import pdf_text


def _num(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def test_demo_municipality_report_holds_the_right_figures(demo_db):
    muni = Municipality.objects.get(code="dinskoy")
    year = SchoolYear.objects.get(start_year=school_year_of(timezone.localdate()))
    report = services.request_report(actor=None, territory=muni, school_year=year, enqueue=False)
    report = services.build(report)
    assert report.is_done and report.pages >= 10 and report.size == len(report.pdf.read())
    text = pdf_text(report.pdf.path)

    # the cover, the approval block, the running header, the table of contents with page numbers
    assert "УТВЕРЖДАЮ" in text and "Начальник управления образования" in text
    assert f"за {year.name} учебный год" in text
    assert f"Динской район · отчёт об эффективности работы с ШНОР и ШССУ за {year.name} учебный год" in text
    for number, title in enumerate(["Краткие итоги", "Выявление ШНОР и ШССУ", "Инфраструктура сопровождения",
                                    "Дорожные карты и программы перехода", "Наставничество и методическая работа",
                                    "Показатели эффективности", "Эффект программы", "Адресные рекомендации"], 1):
        assert f"{number}. {title} ." in text  # the leader dots, then the page number
    assert f"Страница 2 из {report.pages}" in text

    schools = School.objects.filter(municipality=muni, is_active=True)
    listed = set(SchoolStatus.objects.filter(school__in=schools, school_year=year).values_list("school_id", flat=True))
    assert listed, "the demo has an approved list for the year"
    share = f"{100 * len(listed) / schools.count():.1f}".replace(".", ",")
    schools_word = ru_plural(len(listed), "школа,школы,школ")
    assert f"В списке {len(listed)} {schools_word} из {schools.count()} ({share} %)" in text

    start, end = datetime.date(year.start_year, 9, 1), datetime.date(year.start_year + 1, 8, 31)
    agreements = Agreement.objects.filter(Q(supported_school__in=schools) | Q(designation__school__in=schools),
                                          start__lte=end, end__gte=start).exclude(state="draft").distinct().count()
    assert f"соглашений о сопровождении — {agreements}." in text

    activities = Activity.objects.filter(roadmap__municipality=muni, roadmap__school_year=year).exclude(
        status=Activity.Status.CANCELLED)
    total, done = activities.count(), activities.filter(status=Activity.Status.DONE).count()
    assert total
    done_share = f"{100 * done / total:.1f}".replace(".", ",")
    assert f"мероприятий (без отменённых) выполнено {done} ({done_share} %)" in text
    assert f"Выполнено {done} из {total} ({done_share} %) мероприятий дорожных карт" in text  # the summary

    events = Event.objects.filter(status=Event.Status.HELD, date__gte=start, date__lte=end).filter(
        Q(municipality=muni) | Q(target_schools__in=schools)).distinct().count()
    assert f"Проведено {events} мероприят" in text

    # a section without data says so; small groups are marked
    assert "* — малая группа" in text
    workbook = load_workbook(BytesIO(report.xlsx.read()))
    assert workbook.sheetnames[0] == "Параметры"
    listing = next(ws for ws in workbook.worksheets if "Список ШНОР" in ws.title)
    assert listing.max_row == 1 + SchoolStatus.objects.filter(school__in=schools, school_year=year).count()
    assert isinstance(listing["A2"].value, int) and isinstance(listing["E2"].value, int)
    directions = next(ws for ws in workbook.worksheets if "По направлениям" in ws.title)
    assert sum(directions.cell(row=r, column=2).value for r in range(2, directions.max_row + 1)) == total
    assert sum(directions.cell(row=r, column=3).value for r in range(2, directions.max_row + 1)) == done


@pytest.mark.django_db
def test_a_territory_without_data_says_so_in_every_section(muni_a, school_a1, school_a2, year, head_a):
    report = services.request_report(actor=head_a, territory=muni_a, school_year=year, enqueue=False)
    report = services.build(report)
    text = pdf_text(report.pdf.path)
    assert "На территории 2 действующие школы." in text
    assert "Утверждённого списка ШНОР и ШССУ на 2024/2025 учебный год нет" in text
    assert "статусов школ-лидеров и стажировочных площадок и партнёрских соглашений нет" in text
    assert "Дорожных карт и программ перехода на 2024/2025 учебный год нет" in text
    assert "Эффект программы оценить нельзя" in text or "Оценить эффект" in text or "эффекта в каталоге нет" in text
    assert "Рекомендаций на 2024/2025 учебный год нет" in text
    assert head_a.display_name in text  # the approval block names the department head


@pytest.mark.django_db
def test_xlsx_companion_has_every_table_with_numbers_as_numbers(muni_a, school_a1, year, fake_pdf):
    report = services.request_report(actor=None, territory=muni_a, school_year=year, enqueue=False)
    report = services.build(report)
    content = services.compose(report)
    tables = [t for s in content for t in s.tables]
    workbook = load_workbook(BytesIO(report.xlsx.read()))
    assert len(workbook.sheetnames) == 1 + len(tables)
    for table, ws in zip(tables, workbook.worksheets[1:], strict=True):
        assert ws.title.startswith(f"{table.number}. ")
        for r, row in enumerate(table.rows, start=2):
            for c, kind in enumerate(table.kinds, start=1):
                if kind == "int" and row[c - 1] is not None:
                    assert isinstance(ws.cell(row=r, column=c).value, int)


@pytest.mark.django_db
def test_a_region_report_sums_by_municipality_and_keeps_school_tables_in_the_workbook(region, muni_a, muni_b,
                                                                                      school_a1, school_a2,
                                                                                      school_b1, year, fake_pdf):
    report = services.build(services.request_report(actor=None, territory=region, school_year=year, enqueue=False))
    content = services.compose(report)
    tables = {t.key: t for s in content for t in s.tables}
    municipalities = tables["Муниципалитеты"]
    assert municipalities.pdf and [row[:2] for row in municipalities.rows] == [[muni_a.name, 2], [muni_b.name, 1]]
    assert not tables["Школы"].pdf and len(tables["Школы"].rows) == 3
    html = fake_pdf[-1]
    assert f"Таблица {tables['Школы'].number}. Сводная таблица по школам (3 строки) — в книге Excel к отчёту" in html
    assert f"({school_b1.municipality.name})" not in html  # no per-school table laid out in the PDF
    workbook = load_workbook(BytesIO(report.xlsx.read()))
    assert f"{tables['Школы'].number}. Школы" in workbook.sheetnames
