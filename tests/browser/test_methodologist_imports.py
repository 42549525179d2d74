"""A methodologist uploads a file, sees the check's progress and preview, applies it and sees the result."""

from playwright.sync_api import expect

from core.models import ImportJob
from schools.models import School

CSV = ("Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность\r\n"
       "777001;dinskoy;МБОУ СОШ № 77;Муниципальное бюджетное общеобразовательное учреждение СОШ № 77;СОШ;сельская\r\n"
       "777002;dinskoy;МБОУ ООШ № 78;Муниципальное бюджетное общеобразовательное учреждение ООШ № 78;ООШ;сельская\r\n")


def test_methodologist_imports_schools(sign_in, live_server, methodologist_a, muni_a, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes(CSV.encode("cp1251"))
    page = sign_in("metod.a@example.ru")
    page.get_by_role("navigation", name="Основное меню").get_by_text("Ещё").click()  # the menu's rest
    page.get_by_role("link", name="Импорт").click()
    page.get_by_label("Что загружаем").select_option(label="Школы")
    page.get_by_label("Файл .xlsx или .csv").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_text("Файл проверен: ошибок нет")).to_be_visible()
    expect(page.get_by_text("777001 — МБОУ СОШ № 77")).to_be_visible()
    assert not School.objects.filter(code="777001").exists()
    page.get_by_role("button", name="Загрузить в реестр").click()
    expect(page.get_by_text("Загрузка завершена: добавлено 2, изменено 0, без изменений 0.")).to_be_visible()
    assert School.objects.filter(code__in=["777001", "777002"]).count() == 2


def test_progress_bar_follows_the_job(sign_in, live_server, methodologist_a):
    """While a worker checks the file the page shows a progress bar and reloads itself when it is done."""
    job = ImportJob.objects.create(kind="schools", original_name="big.csv", requested_by=methodologist_a,
                                   state=ImportJob.State.RUNNING, total_rows=1000, processed_rows=250,
                                   progress=25)  # the job writes its rows and percent together
    page = sign_in("metod.a@example.ru")
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "25")
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=700, progress=70)
    expect(page.get_by_text("700 из 1000 строк")).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", "70")
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.INVALID, processed_rows=1000,
                                               summary={"errors": 2, "total": 1000},
                                               errors=[{"row": 5, "column": "Вид", "value": "вуз",
                                                        "message": "Недопустимое значение."}])
    expect(page.get_by_text("Файл не загружен: найдено 2 ошибки")).to_be_visible()
    expect(page.get_by_role("cell", name="Недопустимое значение.")).to_be_visible()
