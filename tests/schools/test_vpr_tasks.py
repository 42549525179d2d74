"""The per-student ВПР import keeps task scores: per school × grade × task, with the task's maximum and level (from
the header cell or a row «Уровень» above the table); bad task cells are row/column errors; the same file twice
changes nothing and a corrected file replaces the unit's tasks."""

from io import BytesIO

from openpyxl import Workbook

from core.imports.services import run_import, template_csv
from schools.models import AssessmentResult, TaskResult

HEAD = ["№", "Код участника", "ОО", "Класс", "Вариант"]
TAIL = ["Первичный балл", "Отметка", "Отметка по журналу"]


def workbook(tasks, rows, *, above=()):
    wb = Workbook()
    ws = wb.active
    ws.append(["ВПР 2025. Индивидуальные результаты участников"])
    ws.append(["Предмет:", "Математика"])
    ws.append(["Дата: 15.04.2025"])
    for row in above:
        ws.append(row)
    ws.append([*HEAD, *tasks, *TAIL])
    for r in rows:
        ws.append(list(r))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_file(tasks, rows):
    lines = ["ВПР 2025. Индивидуальные результаты участников", "Предмет:;Математика", "Дата: 15.04.2025",
             ";".join([*HEAD, *tasks, *TAIL]), *(";".join("" if v is None else str(v) for v in r) for r in rows)]
    return "\r\n".join(lines).encode("utf-8")


def imp(data, name="vpr.xlsx"):
    return run_import(kind="vpr-individual", file=BytesIO(data), filename=name)


def tasks_of(school):
    return {(t.grade, t.task): (t.level, t.max_points, t.points, t.participants)
            for t in TaskResult.objects.filter(school=school)}


def pupils(code):
    # five pupils of grade 5, one of grade 6; the fourth wrote nothing (no mark): not counted in the tasks
    return [(1, "P1", code, "5А", 1, 1, 2, "X", 12, 4, 4),
            (2, "P2", code, "5А", 2, 0, 1, 1, 8, 3, 3),
            (3, "P3", code, "5Б", 1, 1, None, 2, 16, 5, 5),
            (4, "P4", code, "5Б", 2, None, None, None, None, "нет отметки", None),
            (5, "P5", code, "6А", 1, 1, 0, 0, 5, 2, 3)]


def test_tasks_are_kept_with_levels_from_the_header(school_a1):
    result = imp(workbook(["1 (1б) Б", "2 (2б, П)", "3 (2б)"], pupils(school_a1.code)))
    assert result.ok, result.errors
    assert tasks_of(school_a1) == {
        (5, "1"): ("Б", 1, 2, 3), (5, "2"): ("П", 2, 3, 2), (5, "3"): ("", 2, 3, 3),  # «X» is 0, empty no value
        (6, "1"): ("Б", 1, 1, 1), (6, "2"): ("П", 2, 0, 1), (6, "3"): ("", 2, 0, 1)}
    assert result.summary["tasks"] == {"created": 6, "updated": 0, "removed": 0}
    assert AssessmentResult.objects.get(school=school_a1, grade=5).participants == 3


def test_levels_and_maxima_from_rows_above_the_table_and_csv(school_a1):
    above = [["Максимальный балл", None, None, None, None, 1, 2, 2],
             ["Уровень сложности", None, None, None, None, "Б", "повышенный", "В"]]
    assert imp(workbook(["1", "2", "3"], pupils(school_a1.code), above=above)).ok
    stored = tasks_of(school_a1)
    assert stored[(5, "2")] == ("П", 2, 3, 2) and stored[(5, "3")] == ("В", 2, 3, 3)
    TaskResult.objects.all().delete()
    result = imp(csv_file(["1 (1б) Б", "2 (2б) П", "2.1 (2 балла) высокий"], pupils(school_a1.code)), "vpr.csv")
    assert result.ok, result.errors
    stored = tasks_of(school_a1)
    assert stored[(5, "1")] == ("Б", 1, 2, 3) and stored[(5, "2.1")] == ("В", 2, 3, 3)


def test_bad_task_cells_are_refused_at_their_row_and_column(school_a1):
    rows = [(1, "P1", school_a1.code, "5А", 1, 3, 2, 0, 12, 4, 4),  # 3 above the maximum 1
            (2, "P2", school_a1.code, "5А", 1, -1, 1, 1, 8, 3, 3),
            (3, "P3", school_a1.code, "5А", 1, 1, "два", 1.5, 8, 3, 3)]
    result = imp(workbook(["1 (1б) Б", "2 (2б) П", "3 (2б)"], rows))
    assert [(e["row"], e["column"], e["message"]) for e in result.errors] == [
        (5, "1 (1б) Б", "Балл за задание больше максимального (1)."),
        (6, "1 (1б) Б", "Балл за задание не может быть отрицательным."),
        (7, "2 (2б) П", "Балл за задание — число от 0 до 2, «X» (не приступал) или пусто (нет данных)."),
        (7, "3 (2б)", "Балл за задание — целое число.")]
    assert not TaskResult.objects.exists() and not AssessmentResult.objects.exists()


def test_unreadable_task_layouts_are_file_errors(school_a1):
    rows = pupils(school_a1.code)
    result = imp(workbook(["1 (1б) Б", "1 (2б)", "3 (2б)"], rows))
    assert "Задание «1» встречается в заголовке дважды" in result.errors[0]["message"]
    above = [["Уровень", None, None, None, None, "Б", "средний", "П"]]
    result = imp(workbook(["1 (1б)", "2 (2б)", "3 (2б)"], rows, above=above))
    assert "уровень «средний» в строке «Уровень» не распознан" in result.errors[0]["message"]
    above = [["Уровень", None, None, None, None, "П", None, None]]
    result = imp(workbook(["1 (1б) Б", "2 (2б)", "3 (2б)"], rows, above=above))
    assert "в заголовке («Б») и в строке «Уровень» («П») различаются" in result.errors[0]["message"]
    assert not TaskResult.objects.exists() and not AssessmentResult.objects.exists()


def test_reimport_changes_nothing_and_a_corrected_file_replaces_the_units_tasks(school_a1, school_a2):
    data = workbook(["1 (1б) Б", "2 (2б) П", "3 (2б)"], [*pupils(school_a1.code), *[
        (10 + n, f"Q{n}", school_a2.code, "5А", 1, 1, 1, 1, 9, 3, 3) for n in range(3)]])
    assert imp(data).ok
    before = {t.pk: t.updated_at for t in TaskResult.objects.all()}
    again = imp(data)
    assert again.summary["tasks"] == {"created": 0, "updated": 0, "removed": 0}
    assert {t.pk: t.updated_at for t in TaskResult.objects.all()} == before
    # school a1's grade 5 corrected: task 3 dropped, task 2's points changed; grade 6 and school a2 not in the file
    fixed = workbook(["1 (1б) Б", "2 (2б) П"], [(1, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4),
                                                (2, "P2", school_a1.code, "5А", 2, 0, 2, 8, 3, 3)])
    result = imp(fixed)
    assert result.ok, result.errors
    assert result.summary["tasks"] == {"created": 0, "updated": 2, "removed": 1}
    stored = tasks_of(school_a1)
    assert stored[(5, "2")] == ("П", 2, 4, 2) and (5, "3") not in stored and (6, "3") in stored
    assert len(tasks_of(school_a2)) == 3
    # a file without task columns tells nothing about tasks: they stay
    bare = workbook([], [(1, "P1", school_a1.code, "5А", 1, 12, 4, 4)])
    assert imp(bare).summary["tasks"] == {"created": 0, "updated": 0, "removed": 0}
    assert len(tasks_of(school_a1)) == 5


def test_the_template_shows_task_columns():
    header = template_csv("vpr-individual").decode("utf-8-sig").splitlines()[0].split(";")
    assert "1 (1б) Б" in header and "2 (2б) П" in header
