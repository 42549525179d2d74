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
