"""python manage.py import_file KIND FILE [--dry-run] [--user EMAIL] [--target ID | --roadmap ID | --event ID]
[--confirm-uses]

A targeted kind (rows into one object: a roadmap, an event) takes its target's id from its own option, built from the
registry of kinds (`Importer.target_option`: `--roadmap ID`, `--event ID`), or from the general --target; the kind
itself says what its target is (`Importer.target_model`, `target_option`, `target_label`). Changes that approved
decisions rely on (results an approved list was computed from) are written only with --confirm-uses."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.imports import IMPORTERS
from core.imports.services import run_import


class Command(BaseCommand):
    help = "Загрузить файл (.xlsx/.csv) той же двухфазной проверкой, что и на страницах; с ошибками — ничего не пишет."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="вид: " + ", ".join(IMPORTERS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
        parser.add_argument("--user", help="e-mail пользователя, чьи права применяются (по умолчанию — все права)")
        parser.add_argument("--map", default="", help="сопоставление столбцов: «Код ОО=Код школы;Балл=Первичный балл»")
        targets = "; ".join(f"{kind} — {importer.target_label}" for kind, importer in IMPORTERS.items()
                            if importer.targeted)
        parser.add_argument("--target", type=int, metavar="ID",
                            help=f"для видов, загружаемых в один объект, — его номер (id): {targets}")
        for option, kinds in _target_options().items():  # each targeted kind's own option, from the kind itself
            labels = ", ".join(f"{kind} — {IMPORTERS[kind].target_label}" for kind in kinds)
            parser.add_argument(f"--{option}", type=int, metavar="ID", dest=f"target_{option}",
                                help=f"номер (id) объекта, в который загружается вид: {labels}")
        parser.add_argument("--confirm-uses", action="store_true",
                            help="подтвердить изменение данных, на которые опираются утверждённые решения "
                                 "(например, результатов из утверждённого списка ШНОР/ШССУ)")
        parser.add_argument("--year", help="учебный год файла, если его нет в самом файле (например, 2024/2025)")

    def handle(self, *args, kind, file, dry_run, user, map, target=None, year=None,  # noqa: A002
               confirm_uses=False, **options):
        if kind not in IMPORTERS:
            raise CommandError(f"Неизвестный вид «{kind}». Допустимые: {', '.join(IMPORTERS)}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл «{file}» не найден.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(email__iexact=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Пользователь «{user}» не найден.")
        importer = IMPORTERS[kind]
        given = {option: options.get(f"target_{option}") for option in _target_options()
                 if options.get(f"target_{option}")}
        for option in given:
            if option != importer.target_option:
                raise CommandError(f"--{option} не относится к виду «{kind}»" + (
                    f": укажите --{importer.target_option} ID." if importer.targeted else "."))
        if target and given and target != given[importer.target_option]:
            raise CommandError(f"--target и --{importer.target_option} называют разные объекты.")
        target = target or given.get(importer.target_option)
        if importer.targeted and not target:
            raise CommandError(f"Вид «{kind}» загружается в один объект ({importer.target_label}): укажите его номер "
                               f"— --{importer.target_option} ID (или --target ID).")
        if target and not importer.targeted:
            raise CommandError(f"Вид «{kind}» не загружается в отдельный объект: --target не нужен.")
        mapping = dict(pair.split("=", 1) for pair in map.split(";") if "=" in pair)
        result = run_import(kind=kind, file=path, filename=path.name, user=actor, dry_run=dry_run,
                            mapping={k.strip(): v.strip() for k, v in mapping.items()},
                            options={**({importer.target_option: target} if target else {}),
                                     **({"school_year": year} if year else {})},
                            confirm_uses=confirm_uses)
        if not result.ok:
            for e in result.errors:
                where = (f"строка {e['row']}" + (f", «{e['column']}»" if e["column"] else "")) if e["row"] else "файл"
                value = f" (значение: «{e['value']}»)" if e["value"] else ""
                self.stderr.write(f"{where}{value}: {e['message']}")
            for text in result.uses:
                self.stderr.write(f"— {text}")
            if result.uses:
                self.stderr.write("Чтобы записать эти изменения, повторите команду с --confirm-uses.")
            if importer.mappable and not result.errors[0]["row"]:
                self.stderr.write("Если заголовки файла другие, сопоставьте их: --map \"Код ОО=Столбец файла;…\"")
            raise CommandError(f"Файл отклонён: ошибок — {len(result.errors)}. Ничего не записано.")
        s = result.summary
        for text in result.uses:  # a dry run only tells what the real run will need confirmed
            self.stdout.write(f"{'Потребует подтверждения (--confirm-uses)' if dry_run else 'Подтверждено'}: {text}")
        if dry_run:
            text = (f"Проверено, ничего не записано: строк {s['total']}; будет добавлено {s['created']}, "
                    f"изменено {s['updated']}, без изменений {s['unchanged']}.")
        else:
            text = (f"Загружено: строк {s['total']}; добавлено {s['created']}, изменено {s['updated']}, "
                    f"без изменений {s['unchanged']}.")
        self.stdout.write(self.style.SUCCESS(text))


def _target_options() -> dict[str, list[str]]:
    """Each targeted kind's option (its `target_option`) → the kinds that take it."""
    out: dict[str, list[str]] = {}
    for kind, importer in IMPORTERS.items():
        if importer.targeted:
            out.setdefault(importer.target_option, []).append(kind)
    return out
