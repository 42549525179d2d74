"""Default kinds of methodical events, named as the municipal regulations name them (docs/domain.md)."""

EVENT_KINDS = [
    ("model_seminar", "Модельный семинар"),
    ("project_seminar", "Проектировочный семинар"),
    ("master_class", "Мастер-класс"),
    ("consultation_individual", "Индивидуальная консультация"),
    ("consultation_group", "Групповая консультация"),
    ("round_table", "Круглый стол"),
    ("conference", "Конференция"),
    ("webinar", "Вебинар"),
    ("open_lesson", "Открытый урок"),
    ("internship", "Стажировка"),
    ("lab_practicum", "Лабораторный практикум"),
    ("creative_lab", "Творческая лаборатория"),
    ("negotiation_platform", "Переговорная площадка"),
    ("joint_ma", "Совместное методическое объединение"),
    ("instructive_meeting", "Инструктивно-методическое совещание"),
]


def seed(apps, schema_editor=None) -> None:
    """Idempotent: used by the data migration and by tests that flush the database."""
    model = apps.get_model("mentoring", "EventKind")
    for i, (code, name) in enumerate(EVENT_KINDS, start=1):
        model.objects.get_or_create(code=code, defaults={"name": name, "ordering": i * 10})
