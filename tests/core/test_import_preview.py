"""The preview of every import lists each changed value as it was and as it will be (old → new), named by the
template's column, with an unknown value as «нет данных»; not just «изменить»."""

from io import BytesIO

import pytest
from django.urls import reverse

from core.imports import IMPORTERS, get_importer
from core.imports.services import run_import, start_job
from roadmaps.models import Direction

from ..factories import RoadmapFactory, SchoolYearDataFactory, result

RESULTS = "Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл\n"


def _csv(text):
    return BytesIO(text.encode("utf-8"))


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_every_kind_names_its_changed_fields_in_words(kind):
    importer = get_importer(kind)
    for name in importer.update_fields:
        label = importer.field_label(name)
        assert label and label != name and not label.isascii(), (kind, name, label)


def test_results_preview_shows_old_and_new(school_a1, year):
    result(school_a1, 2024, "vpr", "math", 5, 53, mark2=5, mark3=20, mark4=20, mark5=8)
    outcome = run_import(kind="results", file=_csv(RESULTS + f"{school_a1.code};2024/2025;ВПР;математика;5;48;6;20;"
                                                              "15;7;11,4\n"), filename="f.csv", dry_run=True)
    assert outcome.ok, outcome.errors
    [row] = outcome.preview
    assert row["action"] == "update"
    assert row["changes"] == [
        {"column": "Участников", "old": "53", "new": "48"}, {"column": "«2»", "old": "5", "new": "6"},
        {"column": "«4»", "old": "20", "new": "15"}, {"column": "«5»", "old": "8", "new": "7"},
        {"column": "Средний балл", "old": "нет данных", "new": "11,4"}]


def test_yearly_data_preview_and_page(client_for, methodologist_a, school_a1, year, django_capture_on_commit_callbacks):
    SchoolYearDataFactory(school=school_a1, school_year=year, students=500, teachers=40)
    header = ";".join(c.header for c in get_importer("yearly-data").columns if c.required)
    data = f"{header}\n{school_a1.code};2024/2025;520;40\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=methodologist_a, kind="yearly-data", upload=SimpleUploadedFile("y.csv", data))
    job.refresh_from_db()
    assert job.preview[0]["changes"] == [{"column": "Обучающихся", "old": "500", "new": "520"}]
    page = client_for(methodologist_a).get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Обучающихся: <del>500</del> → <ins>520</ins>" in page


def test_roadmap_preview_names_directions_not_ids(db):
    roadmap = RoadmapFactory(activities=0)
    first, second = Direction.objects.filter(is_active=True)[:2]
    data = ("№ п/п;Мероприятие;Направление;Начало;Срок исполнения;Ответственные\n"
            f"1;Семинар;{first.name};01.12.2024;05.12.2024;педагог\n")
    assert run_import(kind="roadmap", file=_csv(data), filename="p.csv", options={"roadmap": roadmap.pk}).ok
    changed = data.replace(f";{first.name};", f";{second.name};").replace("05.12.2024", "20.12.2024")
    outcome = run_import(kind="roadmap", file=_csv(changed), filename="p.csv", options={"roadmap": roadmap.pk},
                         dry_run=True)
    assert outcome.ok, outcome.errors
    changes = {c["column"]: (c["old"], c["new"]) for c in outcome.preview[0]["changes"]}
    assert changes == {"Направление": (first.name, second.name), "Срок исполнения": ("05.12.2024", "20.12.2024")}


def test_aggregated_results_preview_shows_old_and_new(school_a1, year):
    """A per-student file (ВПР of ФИС ОКО) replaces a school's stored result: the preview says what changes."""
    from ..schools.test_result_imports import vpr_xlsx

    result(school_a1, 2024, "vpr", "math", 5, 3, mark2=0, mark3=1, mark4=1, mark5=1)
    data = vpr_xlsx([(1, school_a1.code, "5А", 1, 1, 2, 12, 4, 4), (2, school_a1.code, "5А", 2, 1, 0, 5, 2, 3)])
    outcome = run_import(kind="vpr-individual", file=BytesIO(data), filename="v.xlsx", dry_run=True)
    assert outcome.ok, outcome.errors
    changes = {c["column"]: (c["old"], c["new"]) for c in outcome.preview[0]["changes"]}
    assert changes["Участников"] == ("3", "2") and changes["«2»"] == ("0", "1")
