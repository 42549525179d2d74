"""The department head asks for the annual report, watches its progress advance (the bar survives a reload while a
worker builds it) and downloads the PDF."""

from playwright.sync_api import expect

from monitoring.reports import services
from monitoring.reports.models import AnnualReport
from monitoring.reports.tasks import build_report

from ..factories import SchoolYearFactory


def test_head_asks_for_the_report_sees_progress_and_downloads_it(sign_in, page, live_server, head_a, muni_a,
                                                                 school_a1, monkeypatch):
    year = SchoolYearFactory(start_year=2024)
    queued = []
    monkeypatch.setattr(build_report, "apply_async",  # a worker takes it later: the page waits for it
                        lambda args, task_id: queued.append(args[0]))
    sign_in(head_a.email)
    page.get_by_role("navigation", name="Основное меню").get_by_text("Ещё").click()  # the menu's rest
    page.get_by_role("link", name="Годовой отчёт").first.click()
    page.get_by_label("Территория").select_option(label=muni_a.name)
    page.get_by_label("Учебный год").select_option(label=year.name)
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_role("heading", name="Отчёт формируется…")).to_be_visible()
    report = AnnualReport.objects.get()
    assert queued == [report.pk]
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "0")

    # the worker is half way: the bar follows without a reload, and after a reload it is still there
    AnnualReport.objects.filter(pk=report.pk).update(state="running", progress=45, stage="показатели")
    expect(bar).to_have_attribute("aria-valuenow", "45")
    expect(page.get_by_text("45 % — показатели")).to_be_visible()
    page.reload()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "45")

    # the worker finishes: the page reloads itself and offers the files
    services.build(AnnualReport.objects.get(pk=report.pk))
    expect(page.get_by_role("link", name="Скачать PDF")).to_be_visible(timeout=15000)
    expect(page.get_by_text("Страниц")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename == f"{report.file_stem()}.pdf"
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
