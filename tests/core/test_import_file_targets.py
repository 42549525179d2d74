"""`manage.py import_file KIND FILE --target ID`: a targeted kind (rows into one roadmap, one event) names its target
itself (core.imports.base.Importer: target_model, target_option, target_label); the command takes the id from
--target, refuses a missing one with a message naming the kind of target, and then writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.imports import IMPORTERS
from mentoring.models import Event, Participation
from roadmaps.models import Activity, Direction, Roadmap

from ..factories import RoadmapFactory

FILES = {"roadmap": "№ п/п;Мероприятие;Направление;Начало;Срок исполнения;Ответственные\n"
                    ";Фестиваль;;01.12.2024;05.12.2024;педагог\n",
         "event-participants": "Код ОО;ФИО педагога\n231001;Петрова Анна Ивановна\n"}


def _file(tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(FILES[kind].encode("utf-8-sig"))
    return path

def test_targeted_kinds_declare_their_target():
    targeted = {kind: (i.target_model, i.target_option, str(i.target_label)) for kind, i in IMPORTERS.items()
                if i.targeted}
    assert targeted == {"roadmap": (Roadmap, "roadmap", "дорожная карта"),
                        "event-participants": (Event, "event", "мероприятие")}
    assert all(i.target_model is None for i in IMPORTERS.values() if not i.targeted)
    assert IMPORTERS["roadmap"].target_options(Roadmap(pk=7)) == {"roadmap": 7}  # what the roadmap page passes


@pytest.mark.parametrize(("kind", "label"), [("roadmap", "дорожная карта"), ("event-participants", "мероприятие")])
def test_missing_target_exits_non_zero_and_writes_nothing(db, tmp_path, kind, label):
    before = (Activity.objects.count(), Participation.objects.count())
    with pytest.raises(CommandError, match=f"«{kind}».*{label}.*--target ID") as refused:
        call_command("import_file", kind, str(_file(tmp_path, kind)), stdout=StringIO())
    assert refused.value.returncode == 1  # the exit status of manage.py
    assert (Activity.objects.count(), Participation.objects.count()) == before


@pytest.mark.parametrize(("kind", "message"), [("roadmap", "Дорожная карта для загрузки не найдена."),
                                               ("event-participants", "Мероприятие для загрузки не найдено.")])
def test_unknown_target_is_refused_and_nothing_written(db, tmp_path, kind, message):
    err = StringIO()
    with pytest.raises(CommandError, match="Файл отклонён"):
        call_command("import_file", kind, str(_file(tmp_path, kind)), "--target", "999999", stderr=err)
    assert message in err.getvalue()
    assert not Activity.objects.exists() and not Participation.objects.exists()


def test_target_loads_into_the_roadmap_and_checks_its_state(db, tmp_path):
    roadmap = RoadmapFactory(activities=0)
    direction = Direction.objects.filter(is_active=True).first()
    plan_file = tmp_path / "plan.csv"
    plan_file.write_bytes(FILES["roadmap"].replace(";;", f";{direction.name};").encode("utf-8-sig"))
    out = StringIO()
    call_command("import_file", "roadmap", str(plan_file), "--target", str(roadmap.pk), stdout=out)
    assert "добавлено 1" in out.getvalue() and list(roadmap.activities.values_list("title", flat=True)) == [
        "Фестиваль"]
    Roadmap.objects.filter(pk=roadmap.pk).update(status=Roadmap.Status.SUBMITTED)
    err = StringIO()
    with pytest.raises(CommandError, match="Файл отклонён"):
        call_command("import_file", "roadmap", str(plan_file), "--target", str(roadmap.pk), "--dry-run", stderr=err)
    assert "план меняют в черновике" in err.getvalue()


def test_target_of_a_kind_that_has_none_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="--target не нужен"):
        call_command("import_file", "schools", str(_file(tmp_path, "roadmap")), "--target", "1")


# ---- each targeted kind's own option, built from the registry of kinds ------------------------------------------

def test_the_command_offers_each_targeted_kind_its_own_option():
    from core.management.commands.import_file import Command

    parser = Command().create_parser("manage.py", "import_file")
    options = {action.option_strings[0]: action.dest for action in parser._actions if action.option_strings}
    for importer in IMPORTERS.values():
        if importer.targeted:
            assert options[f"--{importer.target_option}"] == f"target_{importer.target_option}"
    assert "--target" in options


def test_event_option_loads_participants_into_the_event(db, tmp_path, school_a1):
    from mentoring.models import EventKind

    from ..factories import TeacherFactory

    teacher = TeacherFactory(school=school_a1, full_name="Петрова Анна Ивановна")
    event = Event.objects.create(municipality=school_a1.municipality, kind=EventKind.objects.first(), topic="Семинар",
                                 date="2024-12-01")
    event.target_schools.add(school_a1)
    path = tmp_path / "participants.csv"
    path.write_bytes(f"Код ОО;ФИО педагога\n{school_a1.code};{teacher.full_name}\n".encode("utf-8-sig"))
    out = StringIO()
    call_command("import_file", "event-participants", str(path), "--event", str(event.pk), stdout=out)
    assert "добавлено 1" in out.getvalue()
    assert list(Participation.objects.values_list("event_id", "teacher_id")) == [(event.pk, teacher.pk)]


def test_roadmap_option_loads_into_the_roadmap(db, tmp_path):
    roadmap = RoadmapFactory(activities=0)
    direction = Direction.objects.filter(is_active=True).first()
    path = tmp_path / "plan.csv"
    path.write_bytes(FILES["roadmap"].replace(";;", f";{direction.name};").encode("utf-8-sig"))
    call_command("import_file", "roadmap", str(path), "--roadmap", str(roadmap.pk), stdout=StringIO())
    assert list(roadmap.activities.values_list("title", flat=True)) == ["Фестиваль"]


@pytest.mark.parametrize(("kind", "option", "message"), [
    ("roadmap", "--event", "--event не относится к виду «roadmap»: укажите --roadmap ID."),
    ("event-participants", "--roadmap", "--roadmap не относится к виду «event-participants»: укажите --event ID."),
    ("schools", "--roadmap", "--roadmap не относится к виду «schools»."),
])
def test_another_kinds_option_is_refused(db, tmp_path, kind, option, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_file", kind, str(_file(tmp_path, "roadmap")), option, "1")
    assert not Activity.objects.exists() and not Participation.objects.exists()


def test_target_and_own_option_must_agree(db, tmp_path):
    with pytest.raises(CommandError, match="называют разные объекты"):
        call_command("import_file", "roadmap", str(_file(tmp_path, "roadmap")), "--roadmap", "1", "--target", "2")
