import datetime

import pytest

from partnerships import services as partnership_services
from partnerships.models import Designation, DesignationKind
from roadmaps import services
from roadmaps.models import Activity, Direction, Level, Roadmap

D = datetime.date
PERIOD = (D(2024, 9, 1), D(2025, 8, 31))


@pytest.fixture
def directions(db):
    return {d.code: d for d in Direction.objects.all()}


def make_programme(school, year, actor, **kw) -> Roadmap:
    data = {"level": Level.SCHOOL, "school": school, "school_year": year, "title": f"Программа {school.code}",
            "goal": "Переход в эффективный режим", "period_start": PERIOD[0], "period_end": PERIOD[1]}
    data.update(kw)
    return services.save_roadmap(actor=actor, roadmap=Roadmap(), data=data)


def add_activity(roadmap, actor, direction, **kw) -> Activity:
    data = {"title": "Семинар для учителей", "direction": direction, "start": D(2024, 10, 1),
            "due": D(2024, 10, 31), "responsible_text": "заместитель директора"}
    data.update(kw)
    return services.save_activity(actor=actor, activity=Activity(roadmap=roadmap), data=data)


@pytest.fixture
def municipal_plan(muni_a, year, methodologist_head_a, directions):
    """A draft municipal roadmap of municipality A with one activity, by a methodologist who is also its head."""
    roadmap = services.save_roadmap(actor=methodologist_head_a, roadmap=Roadmap(), data={
        "level": Level.MUNICIPAL, "municipality": muni_a, "school_year": year, "title": "План муниципалитета",
        "goal": "Переход школ в эффективный режим", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    add_activity(roadmap, methodologist_head_a, directions["methodical"])
    return roadmap


@pytest.fixture
def programme(school_a1, year, director_a1, directions):
    roadmap = make_programme(school_a1, year, director_a1)
    add_activity(roadmap, director_a1, directions["methodical"])
    add_activity(roadmap, director_a1, directions["social"], title="Индивидуальные маршруты", due=D(2024, 12, 20))
    return roadmap


@pytest.fixture
def designation_a2(school_a2, methodologist_a):
    return partnership_services.save_designation(actor=methodologist_a, designation=Designation(), data={
        "school": school_a2, "kind": DesignationKind.objects.get(code="leader"), "topic": "Математика",
        "grounds": ["high_results"], "start": D(2024, 9, 1), "end": D(2026, 8, 31), "order_number": "12",
        "order_date": D(2024, 8, 20)})
