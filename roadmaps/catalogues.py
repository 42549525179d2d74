"""Default catalogues: directions of work (the municipal infrastructure model, docs/domain.md) and the risk factors of
the federal "500+" project; the code of a new entry made from its Russian name."""

import re

DIRECTIONS = [
    ("management", "Организационно-управленческое"),
    ("methodical", "Информационно-методическое"),
    ("social", "Социально-педагогическое"),
    ("image", "Имиджевое"),
]

RISK_FACTORS = [
    ("equipment", "Низкий уровень оснащения школы"),
    ("staff_shortage", "Дефицит педагогических кадров"),
    ("competence", "Недостаточная предметная и методическая компетентность педагогических работников"),
    ("adaptivity", "Риски низкой адаптивности учебного процесса"),
    ("inschool_pd", "Несформированность внутришкольной системы повышения квалификации"),
    ("failure_risk", "Высокая доля обучающихся с рисками учебной неуспешности"),
    ("motivation", "Низкая учебная мотивация обучающихся"),
    ("environment", "Пониженный уровень качества школьной образовательной и воспитательной среды"),
    ("disabilities", "Высокая доля обучающихся с ОВЗ"),
    ("language", "Низкое качество преодоления языковых и культурных барьеров"),
    ("parents", "Низкий уровень вовлечённости родителей"),
]


def seed(apps, schema_editor=None) -> None:
    """Idempotent: used by the data migration and by tests that flush the database."""
    for model_name, rows in (("Direction", DIRECTIONS), ("RiskFactor", RISK_FACTORS)):
        model = apps.get_model("roadmaps", model_name)
        for i, (code, name) in enumerate(rows, start=1):
            model.objects.get_or_create(code=code, defaults={"name": name, "ordering": i * 10})


_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                   "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))


def code_from_name(name: str, taken=frozenset(), limit: int = 40) -> str:
    """A catalogue code (a Latin slug: the API and the imports use it) from a Russian name: «Трудности подвоза» →
    «trudnosti-podvoza»; a taken code gets «-2», «-3», …"""
    text = "".join(_LATIN.get(ch, ch) for ch in (name or "").lower())
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit - 3].strip("-") or "item"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code
