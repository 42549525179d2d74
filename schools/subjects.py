"""The subject catalogue as assessment files name subjects (codes are stable; names are Russian)."""

SUBJECTS = [
    ("russian", "Русский язык"),
    ("math", "Математика"),
    ("world", "Окружающий мир"),
    ("biology", "Биология"),
    ("history", "История"),
    ("geography", "География"),
    ("social", "Обществознание"),
    ("physics", "Физика"),
    ("chemistry", "Химия"),
    ("informatics", "Информатика"),
    ("literature", "Литература"),
    ("english", "Английский язык"),
    ("german", "Немецкий язык"),
    ("french", "Французский язык"),
    ("math_profile", "Математика (профильный уровень)"),
    ("math_basic", "Математика (базовый уровень)"),
]
