"""Benchmark of the registry: at 2,000 generated schools the school list page and the API
list (median server time and SQL query count), and the throughput of importing a 10,000-row XLSX.

    .venv/bin/python bench/registry.py                       # temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/registry.py
"""

import time
from io import BytesIO, StringIO

from _setup import QueryCounter, describe, setup_django, timed

SCHOOLS, REPEAT = 2000, 30


def main():
    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from openpyxl import Workbook

    from accounts.models import User
    from core.imports.services import run_import
    from schools.models import Municipality, School

    print(f"База: {url.split('@')[-1]}")
    start = time.perf_counter()
    call_command("generate_dataset", schools=SCHOOLS, years=3, seed=1, stdout=StringIO())
    print(f"generate_dataset --schools {SCHOOLS} --years 3: {time.perf_counter() - start:.1f} с")

    for who in ("bench-admin@synthetic.local", "metodist-syn-001@synthetic.local"):
        client = Client()
        client.force_login(User.objects.get(email=who))
        for path in ("/schools/", "/schools/?kind=sosh&location=rural&ordering=-name&page=2", "/api/v1/schools/"):
            with QueryCounter(connection) as counter:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            samples = timed(lambda path=path, client=client: client.get(path), REPEAT)
            print(f"{who:34} {path:58} {describe(samples)}, SQL-запросов: {counter.count}")

    muni = Municipality.objects.get(code="syn-001")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Данные")
    ws.append(["Код ОО", "Муниципалитет (код)", "Краткое наименование", "Полное наименование", "ИНН", "Вид",
               "Местность", "Адрес", "Директор", "Телефон", "Электронная почта", "Сайт", "Действует"])
    for i in range(10_000):
        ws.append([f"8{i:07d}", muni.code, f"МБОУ СОШ № {i}", f"Муниципальное бюджетное общеобразовательное "
                   f"учреждение СОШ № {i}", "", "СОШ", "сельская" if i % 2 else "городская",
                   f"ул. Школьная, {i}", "Иванова Мария Петровна", "+7 (861) 000-00-00", f"s{i}@example.ru",
                   f"https://s{i}.example.ru", "да"])
    buf = BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    School.objects.filter(code__startswith="8", municipality=muni).delete()
    for label in ("первая загрузка (10 000 новых строк)", "повторная загрузка (без изменений)"):
        start = time.perf_counter()
        result = run_import(kind="schools", file=BytesIO(data), filename="bench.xlsx")
        seconds = time.perf_counter() - start
        assert result.ok, result.errors[:3]
        print(f"Импорт XLSX, {label}: {seconds:.1f} с, {10_000 / seconds:.0f} строк/с; {result.summary}")


if __name__ == "__main__":
    main()
