"""Activities are numbered in plan order (by direction, then within it) in tables, the timeline, PDFs and exports;
the import reads the export back, and revision changes follow the activities, not numbers."""

import re
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from core.imports.services import run_import
from roadmaps import exports, services
from roadmaps.models import RoadmapRevision

from .conftest import D, add_activity, make_programme


def _plan(roadmap):
    return list(roadmap.activities.order_by("number").values_list("number", "direction__code", "title"))


def test_numbers_follow_the_plan_whatever_order_activities_are_added(school_a1, year, director_a1, directions):
    roadmap = make_programme(school_a1, year, director_a1)
    add_activity(roadmap, director_a1, directions["image"], title="Родительский всеобуч")
    add_activity(roadmap, director_a1, directions["social"], title="Маршруты")
    add_activity(roadmap, director_a1, directions["management"], title="Самодиагностика")
    add_activity(roadmap, director_a1, directions["social"], title="Клуб")
    assert _plan(roadmap) == [(1, "management", "Самодиагностика"), (2, "social", "Маршруты"),
                              (3, "social", "Клуб"), (4, "image", "Родительский всеобуч")]
    # a number typed in is the place within the direction; the ones after it move down
    services.save_activity(actor=director_a1, activity=roadmap.activities.get(title="Клуб"), data={"number": 2})
    assert [t for _n, _d, t in _plan(roadmap)] == ["Самодиагностика", "Клуб", "Маршруты", "Родительский всеобуч"]
    # another direction: last in it, unless a place is asked for
    services.save_activity(actor=director_a1, activity=roadmap.activities.get(title="Самодиагностика"),
                           data={"direction": directions["image"]})
    assert _plan(roadmap)[-1] == (4, "image", "Самодиагностика")
    services.delete_activity(actor=director_a1, activity=roadmap.activities.get(number=1))
    assert [n for n, _d, _t in _plan(roadmap)] == [1, 2, 3]


def _numbers_in(html: str, pattern: str) -> list[int]:
    return [int(n) for n in re.findall(pattern, html)]


def test_table_timeline_pdf_and_export_count_down_the_plan(client_for, school_a1, year, director_a1, directions):
    roadmap = make_programme(school_a1, year, director_a1)
    for direction, title in (("image", "Всеобуч"), ("methodical", "Семинар"), ("management", "Педсовет"),
                              ("methodical", "Курсы")):
        add_activity(roadmap, director_a1, directions[direction], title=title)
    client = client_for(director_a1)
    table = client.get(roadmap.get_absolute_url()).content.decode()
    assert _numbers_in(table, r'data-label="№ п/п" class="num">(\d+)<') == [1, 2, 3, 4]
    timeline = client.get(reverse("roadmaps:roadmap_gantt", args=[roadmap.pk])).content.decode()
    assert _numbers_in(timeline, r'<a href="/roadmaps/activities/\d+/">(\d+)\. ') == [1, 2, 3, 4]
    pdf_html = exports.roadmap_pdf_html(roadmap)
    assert _numbers_in(pdf_html, r'<td class="num">(\d+)</td>') == [1, 2, 3, 4]
    rows = list(load_workbook(BytesIO(exports.roadmap_xlsx(roadmap))).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "№ п/п")
    assert [r[0] for r in rows[header + 1:] if isinstance(r[0], int)] == [1, 2, 3, 4]
    assert [r[1] for r in rows[header + 1:] if isinstance(r[0], int)] == ["Педсовет", "Семинар", "Курсы", "Всеобуч"]


def test_import_with_a_row_added_in_the_middle_numbers_the_plan_again(school_a1, year, director_a1, directions):
    roadmap = make_programme(school_a1, year, director_a1)
    add_activity(roadmap, director_a1, directions["methodical"], title="Семинар")
    add_activity(roadmap, director_a1, directions["image"], title="Всеобуч")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([h for h, _w in exports.COLUMNS])
    for row in (["Информационно-методическое направление"], [1, "Семинар", "01.10.2024", "31.10.2024", "завуч"],
                [None, "Курсы", "01.11.2024", "30.11.2024", "завуч"], ["Имиджевое направление"],
                [2, "Всеобуч", "01.10.2024", "31.10.2024", "завуч"]):
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = run_import(kind="roadmap", file=buf, filename="plan.xlsx", user=director_a1,
                        options={"roadmap": roadmap.pk})
    assert result.ok, result.errors
    assert [t for _n, _d, t in _plan(roadmap)] == ["Семинар", "Курсы", "Всеобуч"]
    assert [n for n, _d, _t in _plan(roadmap)] == [1, 2, 3]


def test_revision_changes_follow_the_activities_not_their_numbers(programme, director_a1, head_a, directions):
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="1", order_date=D(2024, 11, 1))
    services.open_revision(actor=director_a1, roadmap=programme)
    add_activity(programme, director_a1, directions["management"], title="Самодиагностика")  # becomes № 1
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="2", order_date=D(2024, 11, 15))
    changes = RoadmapRevision.objects.get(roadmap=programme, number=2).changes
    assert changes[0] == "Добавлено мероприятие 1 «Самодиагностика»"
    assert "Мероприятие 2 «Семинар для учителей»: № 1 → 2" in changes
    assert not any("мероприятие: «" in c for c in changes)  # no title «changed» by a shifted number
