"""Benchmark of the per-student ВПР import: a 100,000-row workbook laid out as ФИС ОКО exports it
(title «ВПР 2025 …», «Предмет:», «Дата:», per-task columns, totals under the table) over 2,000 generated
schools: the bare read of the sheet (python-calamine, and openpyxl for comparison) beside the whole import
(read, check every row, aggregate results per grade, class and task, write). Goal: the import under 15 s.

    .venv/bin/python bench/vpr_import.py [ROWS]               # temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/vpr_import.py
"""

import random
import sys
import time
from io import BytesIO, StringIO
from pathlib import Path

from _setup import setup_django

SCHOOLS = 2000


def workbook(codes: list[str], rows: int) -> bytes:
    from openpyxl import Workbook

    rnd = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Результаты")
    ws.append(["ВПР 2025. Индивидуальные результаты участников"])
    ws.append(["Предмет:", "Математика"])
    ws.append(["Дата: 15.04.2025"])
    ws.append([])
    tasks = [f"{t} ({1 + t % 2}б)" for t in range(1, 13)]
    ws.append(["№", "Код участника", "ОО", "Класс", "Вариант", *tasks, "Первичный балл", "Отметка",
               "Отметка по журналу"])
    for i in range(rows):
        code = codes[i % len(codes)]
        points = [rnd.randint(0, 1 + t % 2) for t in range(1, 13)]
        score = sum(points)
        mark = 2 if score < 7 else 3 if score < 12 else 4 if score < 15 else 5
        ws.append([i + 1, f"{code}{i:06d}", code, f"{5 + i % 4}{'АБВ'[i % 3]}", 1 + i % 2, *points, score, mark,
                   max(2, min(5, mark + rnd.choice((-1, 0, 0, 0, 1))))])
    ws.append([])
    ws.append([f"Всего участников: {rows}"])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_747
    url = setup_django()
    from django.core.management import call_command

    from core.imports.readers import _xlsx_rows
    from core.imports.services import run_import
    from schools.models import AssessmentResult, School

    print(f"База: {url.split('@')[-1]}")
    if School.objects.filter(code__startswith="9").count() < SCHOOLS:
        call_command("generate_dataset", schools=SCHOOLS, years=1, seed=1, stdout=StringIO())
    codes = list(School.objects.filter(code__startswith="9").order_by("code").values_list("code", flat=True)[:SCHOOLS])
    cached = Path(__file__).parent / "out" / f"vpr-{rows}.xlsx"  # writing it with openpyxl takes longer than the import
    start = time.perf_counter()
    if cached.exists():
        data = cached.read_bytes()
    else:
        data = workbook(codes, rows)
        cached.parent.mkdir(exist_ok=True)
        cached.write_bytes(data)
    print(f"книга: {rows} строк, {len(data) / 2**20:.1f} МБ ({time.perf_counter() - start:.1f} с)")

    start = time.perf_counter()
    sheet = list(_xlsx_rows(data))  # the reader streams rows (counted against the limits as they come)
    read = time.perf_counter() - start
    print(f"чтение листа (python-calamine): {read:.2f} с, {len(sheet)} строк")
    from openpyxl import load_workbook

    start = time.perf_counter()
    wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    print(f"чтение листа (openpyxl, для сравнения): {time.perf_counter() - start:.2f} с, {count} строк")

    AssessmentResult.objects.filter(school__code__in=codes, school_year__start_year=2024, procedure="vpr",
                                    subject__code="math").delete()
    for label, dry in (("проверка без записи (--dry-run)", True), ("загрузка", False),
                       ("повторная загрузка (без изменений)", False)):
        start = time.perf_counter()
        result = run_import(kind="vpr-individual", file=BytesIO(data), filename="vpr-2025.xlsx", dry_run=dry)
        seconds = time.perf_counter() - start
        assert result.ok, result.errors[:3]
        s = result.summary
        tasks = s.get("tasks")  # written only by the apply (a dry run plans them with the rest)
        print(f"{label}: {seconds:.2f} с (чтение — {read / seconds:.0%}); строк {s['total']}, результатов: "
              f"добавлено {s['created']}, изменено {s['updated']}, без изменений {s['unchanged']}"
              + (f"; заданий: добавлено {tasks['created']}, изменено {tasks['updated']}" if tasks else ""))
    print(f"Цель: загрузка {rows} строк быстрее 15 с.")


if __name__ == "__main__":
    main()
