"""A methodologist downloads the results template, uploads it untouched and is refused: its example row would have
overwritten a real school's results (docs/architecture.md, «Строки-примеры шаблона»)."""

from playwright.sync_api import expect

from core.models import ImportJob
from schools.models import AssessmentResult

from ..factories import SchoolFactory, result


def test_the_untouched_template_is_refused(sign_in, live_server, methodologist_a, muni_a, year, tmp_path):
    school = SchoolFactory(municipality=muni_a, code="231001", short_name="МБОУ СОШ № 4")
    stored = result(school, 2024, "vpr", "math", 5, 53, mark2=5, mark3=20, mark4=20, mark5=8)
    page = sign_in("metod.a@example.ru")
    page.get_by_role("navigation", name="Основное меню").get_by_text("Ещё").click()  # the menu's rest
    page.get_by_role("link", name="Импорт").click()
    row = page.get_by_role("row").filter(has_text="Результаты ВПР, ОГЭ, ЕГЭ по школам")
    with page.expect_download() as download:
        row.get_by_role("link", name="Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    page.get_by_label("Что загружаем").select_option(label="Результаты ВПР, ОГЭ, ЕГЭ по школам")
    page.get_by_label("Файл .xlsx или .csv").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_text("Это строки-примеры из шаблона")).to_be_visible()
    assert not ImportJob.objects.exists()
    assert AssessmentResult.objects.get(pk=stored.pk).participants == 53
