"""The 21 indicators of the municipal regulation (docs/indicators.md; names as the regulation words them) and the
recommendation rules, kept as data: the data migration and `seed_demo` both call `ensure_catalogue`, which adds what is
missing and changes nothing a methodologist has edited (idempotent)."""

RESULT_SOURCE = "результаты {p} (русский язык, математика{g}) из реестра портала"
# the teachers counted are the registry's (working teachers entered by name), not the yearly data's staff count
TEACHER_SOURCE = ("реестр педагогов (работающие педагоги); наставничество, диагностика, курсы и сообщества "
                  "(раздел «Методическое сопровождение»)")
REPORT_SOURCE = "отчёт о ходе выполнения программы перехода (вносит директор)"

# code, №, name (as the regulation words it), unit, direction, source, source text, method, min n, result indicator
INDICATORS = [
    ("oge_dynamics", 1, "Положительная динамика результатов ОГЭ по русскому языку и математике", "percent", "up",
     "computed", RESULT_SOURCE.format(p="ОГЭ", g=", 9 класс"),
     "Доля участников ОГЭ по русскому языку и математике, получивших отметку выше «2», %; динамика — изменение к "
     "прошлому учебному году (п. п.).", 10, True),
    ("oge_match", 2, "Соответствие результатов ОГЭ годовым оценкам", "percent", "up", "computed",
     RESULT_SOURCE.format(p="ОГЭ", g=", 9 класс"),
     "Доля участников, чья отметка за ОГЭ совпала с годовой («подтвердили»), среди участников с известной годовой "
     "отметкой, %.", 10, False),
    ("ege_dynamics", 3, "Положительная динамика результатов ЕГЭ по русскому языку и математике", "percent", "up",
     "computed", RESULT_SOURCE.format(p="ЕГЭ", g=", 11 класс"),
     "Доля участников ЕГЭ по русскому языку и математике, набравших не ниже минимального балла, %; динамика — "
     "изменение к прошлому учебному году (п. п.).", 10, True),
    ("ege_match", 4, "Соответствие результатов ЕГЭ годовым оценкам", "percent", "up", "computed",
     RESULT_SOURCE.format(p="ЕГЭ", g=", 11 класс"),
     "Доля участников, чей результат ЕГЭ подтвердил годовую отметку, среди участников с известной годовой "
     "отметкой, %.", 10, False),
    ("vpr_dynamics", 5, "Положительная динамика 4 -8 классы результатов ВПР по русскому языку и математике",
     "percent", "up", "computed", RESULT_SOURCE.format(p="ВПР", g=", 4–8 классы"),
     "Доля участников ВПР 4–8 классов по русскому языку и математике, получивших отметку выше «2», %; динамика — "
     "изменение к прошлому учебному году (п. п.).", 10, True),
    ("vpr_match", 6, "Соответствие результатов ВПР годовым оценкам", "percent", "up", "computed",
     RESULT_SOURCE.format(p="ВПР", g=", 4–8 классы"),
     "Доля участников ВПР, подтвердивших отметку по журналу, %.", 10, False),
    ("teachers_low_results", 7, "Выявление педагогов в ОО с низкими результатами обучения", "percent", "down",
     "computed", TEACHER_SOURCE, "Доля педагогов с низкими результатами обучения среди педагогов школы, %.", 5,
     False),
    ("diagnosed", 8, "Доля педагогов (из выявленных), прошедших диагностику профессиональных дефицитов, от общего "
     "числа педагогов", "percent", "up", "computed", TEACHER_SOURCE,
     "Доля педагогов с низкими результатами, прошедших диагностику профессиональных дефицитов, среди выявленных, %.",
     3, False),
    ("positive_dynamics", 9, "Доля педагогов показавших в результате диагностики положительную динамику уровня "
     "профессиональных компетенций", "percent", "up", "computed", TEACHER_SOURCE,
     "Доля педагогов с положительной динамикой среди прошедших диагностику дважды, %.", 3, False),
    ("mentoring_system", 10, "Наличие в ОО системы наставничества", "flag", "up", "computed", TEACHER_SOURCE,
     "Да, если в школе в учебном году есть хотя бы одна наставническая пара.", 0, False),
    ("low_results_mentored", 11, "Доля педагогов с низкими образовательными результатами, охваченными системой "
     "наставничества", "percent", "up", "computed", TEACHER_SOURCE,
     "Доля педагогов с низкими результатами, у которых есть наставник, %.", 3, False),
    ("young_share", 12, "Доля молодых педагогов", "percent", "none", "computed", TEACHER_SOURCE,
     "Доля молодых специалистов среди педагогов школы, %.", 5, False),
    ("young_mentored", 13, "Доля молодых педагогов, охваченных системой наставничества", "percent", "up",
     "computed", TEACHER_SOURCE, "Доля молодых специалистов, у которых есть наставник, %.", 3, False),
    ("trained_quality", 14, "Доля педагогических работников, прошедших переподготовку и повышение квалификации по "
     "актуальным вопросам качества образования обучающихся, в общей численности педагогических работников",
     "percent", "up", "computed", TEACHER_SOURCE, "Доля педагогов, прошедших курсы по качеству образования, %.", 5,
     False),
    ("in_communities", 15, "Доля педагогов, включенных в сетевые сообщества (методические объединения)", "percent",
     "up", "computed", TEACHER_SOURCE, "Доля педагогов — участников сетевых сообществ, %.", 5, False),
    ("communities", 16, "Количество методических объединений/профессиональных сообществ в ОО", "count", "up",
     "computed", TEACHER_SOURCE, "Число сообществ, в которых участвуют педагоги школы.", 0, False),
    ("inschool_control", 17, "Доля педагогов охваченных внутришкольным контролем", "percent", "up", "entered",
     REPORT_SOURCE, "Педагоги, охваченные внутришкольным контролем (вносит школа), к числу педагогов по данным "
     "школы за год (не по реестру педагогов), %.",
     5, False),
    ("lessons_visited", 18, "Количество уроков посещенных администрацией", "count", "up", "entered", REPORT_SOURCE,
     "Число уроков, посещённых администрацией за учебный год (вносит школа).", 0, False),
    ("risk_group", 19, "Наличие в ОО – группы обучающихся с риском получения неудовлетворительных результатов "
     "оценочных процедур", "count", "none", "entered", REPORT_SOURCE,
     "Число обучающихся в группе риска (вносит школа); 0 — группы нет.", 0, False),
    ("individual_routes", 20, "Наличие у этих учащихся индивидуальных и групповых траекторий занятий", "percent",
     "up", "entered", REPORT_SOURCE,
     "Доля обучающихся группы риска с индивидуальной или групповой траекторией, % (вносит школа).", 5, False),
    ("unexcused_absences", 21, "Количество пропусков уроков по неуважительной причине", "count", "down", "entered",
     REPORT_SOURCE, "Число уроков, пропущенных обучающимися без уважительной причины за учебный год (вносит школа).",
     0, False),
]

# code, kind, name, audience, text ({placeholders} from the figures), params
RULES = [
    ("risk_without_activity", "risk_without_activity", "Актуальный фактор риска без мероприятия программы", "school",
     "Дополнить программу перехода мероприятиями по актуальным факторам риска: {factors}.", {}),
    ("no_partner", "no_partner", "ШНОР/ШССУ без школы-лидера или площадки", "department",
     "Закрепить за школой школу-лидера или стажировочную площадку и заключить партнёрское соглашение.", {}),
    ("overdue_activities", "overdue_activities", "Более 30 % мероприятий программы просрочены", "school",
     "Пересмотреть сроки и ответственных в программе перехода: просрочено {overdue} из {total} мероприятий "
     "({share}).", {"share": 30}),
    ("low_results_not_diagnosed", "low_results_not_diagnosed", "Педагоги с низкими результатами без диагностики",
     "methodical", "Провести диагностику профессиональных дефицитов педагогов с низкими результатами: без "
     "диагностики {missing} из {low}.", {}),
    ("young_without_mentor", "young_without_mentor", "Молодые педагоги без наставника", "school",
     "Закрепить наставников за молодыми педагогами: без наставника {missing} из {young}.", {}),
    ("results_worsened", "results_worsened", "Результаты снизились к прошлому году", "methodical",
     "Включить школу в план методических мероприятий по предметам: снизились {indicators}.", {"points": 5}),
    ("many_unsupported", "many_unsupported", "Доля ШНОР/ШССУ без партнёра выше порога", "department",
     "Скорректировать муниципальную дорожную карту: у {unsupported} из {total} ШНОР/ШССУ нет партнёра ({share}).",
     {"share": 20}),
]


def ensure_catalogue(indicator_model, rule_model) -> int:
    """Adds the regulation's indicators and the rules that are missing (by code); returns how many were added."""
    added = 0
    for code, number, name, unit, direction, source, source_text, method, min_n, is_result in INDICATORS:
        _obj, created = indicator_model.objects.get_or_create(code=code, defaults={
            "number": number, "name": name, "unit": unit, "direction": direction, "source": source,
            "source_text": source_text, "method": method, "min_n": min_n, "is_result": is_result,
            "is_builtin": True})
        added += created
    for code, kind, name, audience, text, params in RULES:
        _obj, created = rule_model.objects.get_or_create(code=code, defaults={
            "kind": kind, "name": name, "audience": audience, "text": text, "params": params})
        added += created
    return added
